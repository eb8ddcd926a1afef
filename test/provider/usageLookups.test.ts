/**
 * The usage lookups against the emulator: the figures follow from a ManualClock-driven history, the window is
 * always sent, errors read like every other call's, and the key stays out of messages and logs.
 */
import { type Emulator, ManualClock } from "../../emulator";
import { roboflow } from "../../provider";
import { addBody, call } from "../emulator/http";
import { KEY, startRoboflowEmulator } from "./roboflowHarness";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let emulator: Emulator;
let t0: number;
let lines: string[];

/** Credentials as a program would pass them explicitly. */
const creds = () => ({ apiKey: KEY, apiUrl: emulator.url });

beforeEach(async () => {
  // Five hours ago, so the lookups' default window (the 24 hours before the real now) holds the history.
  t0 = Math.floor((Date.now() - 5 * HOUR) / MINUTE) * MINUTE;
  lines = [];
  const clock = new ManualClock(t0);
  emulator = await startRoboflowEmulator({
    clock,
    timing: { pendingMs: 6 * MINUTE, resumeMs: 6 * MINUTE, deleteMs: MINUTE },
    log: (line) => lines.push(line),
  });
  const post = async (endpoint: string, body: Record<string, unknown>) => {
    expect((await call(emulator, endpoint, { body })).status).toBe(200);
  };
  // dev-testing ready 2 h (after 0.1 h pending), paused 1 h, resumed 30 min (0.1 h pending): billable 2.6 h.
  await post("POST /add", addBody("dev-testing", { duration: 24 }));
  clock.advance(6 * MINUTE + 2 * HOUR);
  await post("POST /pause", { deployment_name: "dev-testing" });
  clock.advance(HOUR);
  await post("POST /resume", { deployment_name: "dev-testing" });
  clock.advance(30 * MINUTE);
});
afterEach(() => emulator.close());

test("getDeploymentUsage returns the hours the deployment's history implies", async () => {
  const usage = await roboflow.getDeploymentUsage({ deploymentName: "dev-testing", ...creds() });
  expect(usage).toMatchObject({
    deploymentName: "dev-testing",
    status: "ready",
    replicas: 1,
    hoursByStatus: { pending: 0.2, ready: 2.4, paused: 1 },
    billableHours: 2.6,
    machineHours: 2.6,
  });
});

test("getWorkspaceUsage returns the totals and each deployment", async () => {
  const usage = await roboflow.getWorkspaceUsage(creds());
  expect(usage).toMatchObject({
    billableHours: 2.6,
    machineHours: 2.6,
    workspaceUrl: "emulator-workspace",
  });
  expect(usage.deployments?.map((d) => [d.deploymentName, d.billableHours])).toEqual([["dev-testing", 2.6]]);
});

test("a window given as Dates or ISO 8601 strings (any offset) is sent as is and bounds the figures", async () => {
  const fromDate = new Date(t0 + HOUR);
  const byDate = await roboflow.getDeploymentUsage({
    deploymentName: "dev-testing",
    from: fromDate,
    to: new Date(t0 + 150 * MINUTE),
    ...creds(),
  });
  expect(byDate).toMatchObject({ hoursByStatus: { ready: 1.1, paused: 0.4 }, billableHours: 1.1 });
  const plusTwo = `${new Date(t0 + 2 * HOUR + HOUR).toISOString().slice(0, 19)}+02:00`; // t0 + 1 h
  const byString = await roboflow.getWorkspaceUsage({
    from: plusTwo,
    to: new Date(t0 + 150 * MINUTE),
    ...creds(),
  });
  expect(byString).toMatchObject({
    fromTimestamp: fromDate.toISOString().replace("Z", "000+00:00"),
    billableHours: 1.1,
  });
});

test("without a window, both bounds are sent: the 24 hours before now, as the official CLI asks", async () => {
  const before = Date.now();
  const usage = await roboflow.getDeploymentUsage({ deploymentName: "dev-testing", ...creds() });
  const from = Date.parse(String(usage.fromTimestamp));
  const to = Date.parse(String(usage.toTimestamp));
  expect(to - from).toBe(24 * HOUR);
  expect(to).toBeGreaterThanOrEqual(before - 1);
  expect(lines.find((l) => l.includes("/usage_deployment"))).toMatch(/from_timestamp=.+&to_timestamp=/);
  const onlyTo = await roboflow.getWorkspaceUsage({ to: new Date(t0 + 3 * HOUR), ...creds() });
  expect(Date.parse(String(onlyTo.fromTimestamp))).toBe(t0 - 21 * HOUR);
});

test("an unknown deployment fails with the API's 404, naming the call, without the key", async () => {
  const failure = roboflow.getDeploymentUsage({ deploymentName: "no-such-one", ...creds() });
  await expect(failure).rejects.toThrow(
    "roboflow API GET /usage_deployment failed with status 404: deployment no-such-one not found",
  );
  const message = await failure.catch((e: Error) => `${e.message} ${e.stack} ${JSON.stringify(e)}`);
  expect(message).not.toContain(KEY);
  expect(lines.join("\n")).not.toContain(KEY);
});

test("a timestamp that is not one fails naming the field, before any call", async () => {
  await expect(roboflow.getWorkspaceUsage({ from: "last tuesday", ...creds() })).rejects.toThrow(
    "[from] must be an ISO 8601 timestamp",
  );
  await expect(
    roboflow.getDeploymentUsage({ deploymentName: "dev-testing", to: new Date(Number.NaN), ...creds() }),
  ).rejects.toThrow("[to] must be an ISO 8601 timestamp");
  expect(emulator.requests.entries.filter((e) => e.path.startsWith("/usage_"))).toEqual([]);
});

test("a window the API refuses fails with its 400", async () => {
  await expect(
    roboflow.getWorkspaceUsage({ from: new Date(t0 + HOUR), to: new Date(t0), ...creds() }),
  ).rejects.toThrow("failed with status 400: from_timestamp must be earlier than to_timestamp");
});

test("a 503 is retried like every call, then answered", async () => {
  emulator.faults.add({
    endpoint: "GET /usage_workspace",
    kind: "status",
    status: 503,
    retryAfterSeconds: 0,
  });
  expect(await roboflow.getWorkspaceUsage(creds())).toMatchObject({ billableHours: 2.6 });
  expect(emulator.requests.counts()["GET /usage_workspace"]).toBe(2);
});

test("credentials come from ROBOFLOW_API_KEY and ROBOFLOW_API_URL like the other lookups", async () => {
  const saved = { key: process.env.ROBOFLOW_API_KEY, url: process.env.ROBOFLOW_API_URL };
  process.env.ROBOFLOW_API_KEY = KEY;
  process.env.ROBOFLOW_API_URL = emulator.url;
  try {
    expect(await roboflow.getDeploymentUsage({ deploymentName: "dev-testing" })).toMatchObject({
      billableHours: 2.6,
    });
    process.env.ROBOFLOW_API_KEY = "not-the-key";
    await expect(roboflow.getWorkspaceUsage()).rejects.toThrow("failed with status 401");
  } finally {
    for (const [name, value] of [
      ["ROBOFLOW_API_KEY", saved.key],
      ["ROBOFLOW_API_URL", saved.url],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
