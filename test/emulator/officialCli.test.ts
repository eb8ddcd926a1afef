/**
 * Fidelity check: the official `roboflow` CLI (an independent client) drives the emulator through a
 * whole deployment lifecycle. Install it with scripts/install-roboflow-cli.sh; without it these tests
 * fail (never skip), so CI cannot pass silently without the check.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createEmulator, type Emulator, ManualClock } from "../../emulator";
import { addBody, call } from "./http";

jest.setTimeout(60_000);

const VENV = path.resolve(__dirname, "../../.tools/roboflow-venv");
const CLI = path.join(VENV, "bin", "roboflow");
/** A loopback port nothing listens on: any call the CLI makes to another Roboflow service fails fast. */
const NOWHERE = "http://127.0.0.1:9";

let emulator: Emulator;
let home: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `roboflow --api-key <key> deployment <args>` against the emulator (`target`), offline. */
function roboflow(args: string[], key?: string, target: Emulator = emulator): Promise<Run> {
  if (!existsSync(CLI)) {
    throw new Error(
      `the official roboflow CLI is not installed at ${CLI}: run scripts/install-roboflow-cli.sh` +
        (process.env.CI === "true" ? " (required in CI)" : ""),
    );
  }
  const env = {
    PATH: `${path.join(VENV, "bin")}:/usr/bin:/bin`,
    HOME: home,
    ROBOFLOW_CONFIG_DIR: path.join(home, "roboflow-config.json"),
    DEDICATED_DEPLOYMENT_URL: target.url,
    API_URL: NOWHERE,
    APP_URL: NOWHERE,
    UNIVERSE_URL: NOWHERE,
    HTTP_PROXY: NOWHERE,
    HTTPS_PROXY: NOWHERE,
    NO_PROXY: "127.0.0.1,localhost",
    PYTHONDONTWRITEBYTECODE: "1",
  };
  return new Promise((resolve) => {
    // Asynchronous on purpose: the emulator answers from this very process.
    execFile(
      CLI,
      ["--api-key", key ?? target.apiKey, "deployment", ...args],
      { env, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The JSON the CLI printed after an optional first line of prose. */
function printedJson(stdout: string): unknown {
  return JSON.parse(stdout.slice(stdout.search(/^[[{]/m)));
}

/** Waits (a few seconds at most) until the deployment reaches `status`, or is gone when undefined. */
async function waitFor(name: string, status: string | undefined): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (emulator.store.get(name)?.status !== status) {
    if (Date.now() > deadline) throw new Error(`${name} never became ${status ?? "gone"}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), "roboflow-cli-home-"));
  // Resuming stays pending far longer than one CLI run takes, even on a loaded machine, so that the test
  // sees the pending state the CLI's call caused and not a race with Python's start-up.
  emulator = await createEmulator({ timing: { pendingMs: 300, resumeMs: 6000, deleteMs: 300 } });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(home, { recursive: true, force: true });
});

test("the official CLI is installed (run scripts/install-roboflow-cli.sh otherwise)", () => {
  expect(existsSync(CLI)).toBe(true);
});

test("`deployment machine-type` prints the machine types", async () => {
  const run = await roboflow(["machine-type"]);
  expect(run.code).toBe(0);
  const body = printedJson(run.stdout) as { machine_types: Array<{ name: string }> };
  expect(body.machine_types.map((m) => m.name)).toEqual(
    expect.arrayContaining(["dev-cpu", "dev-gpu", "prod-gpu"]),
  );
});

test("`deployment create` creates a pending deployment", async () => {
  const run = await roboflow([
    "create",
    "dev-testing",
    "-m",
    "dev-gpu",
    "-e",
    "dev@example.com",
    "--duration",
    "2",
  ]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("Deployment dev-testing created successfully");
  expect(printedJson(run.stdout)).toMatchObject({
    deployment_name: "dev-testing",
    status: "pending",
    duration: 2,
    inference_version: "0.45.0",
    domain: "dev-testing.roboflow.cloud",
  });
});

test("`deployment create` with a name in use fails with the service's 409 message", async () => {
  const run = await roboflow(["create", "dev-testing", "-m", "dev-gpu", "-e", "dev@example.com"]);
  expect(run.code).not.toBe(0);
  expect(run.stdout + run.stderr).toContain("409: deployment dev-testing already exists");
});

test("`deployment create` with an unknown machine type fails with the valid ones listed", async () => {
  const run = await roboflow(["create", "other-one", "-m", "huge-tpu", "-e", "dev@example.com"]);
  expect(run.code).not.toBe(0);
  expect(run.stdout + run.stderr).toContain(
    "400: invalid machine_type huge-tpu, valid machine types are: dev-cpu",
  );
});

test("`deployment get` shows the deployment once ready", async () => {
  await waitFor("dev-testing", "ready");
  const run = await roboflow(["get", "dev-testing"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toMatchObject({
    deployment_name: "dev-testing",
    status: "ready",
    num_replicas: 1,
  });
});

test("`deployment list` prints the workspace's deployments", async () => {
  const run = await roboflow(["list"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toEqual([
    expect.objectContaining({ deployment_name: "dev-testing", status: "ready" }),
  ]);
});

test("`deployment pause` pauses it", async () => {
  const run = await roboflow(["pause", "dev-testing"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toEqual({ message: "OK" });
  expect(emulator.store.get("dev-testing")?.status).toBe("paused");
});

test("`deployment resume` resumes it through pending", async () => {
  const run = await roboflow(["resume", "dev-testing"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toEqual({ message: "OK" });
  expect(emulator.store.get("dev-testing")?.status).toBe("pending");
  await waitFor("dev-testing", "ready");
});

test("`deployment log` prints the deployment's log lines, oldest first", async () => {
  const run = await roboflow(["log", "dev-testing", "--tail", "50"]);
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split("\n");
  expect(lines[0]).toMatch(
    /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\] Scheduling deployment dev-testing/,
  );
  expect(run.stdout).toContain("Uvicorn running on");
  expect(run.stdout).toContain("Deployment paused");
  expect(lines.at(-1)).toMatch(/"GET \/info HTTP\/1\.1" 200 OK$/);
});

test("`deployment delete` deletes it, after which `get` reports 404", async () => {
  const run = await roboflow(["delete", "dev-testing"]);
  expect(run.code).toBe(0);
  expect(printedJson(run.stdout)).toEqual({ message: "OK" });
  await waitFor("dev-testing", undefined);
  const get = await roboflow(["get", "dev-testing"]);
  expect(get.code).not.toBe(0);
  expect(get.stdout + get.stderr).toContain("404: deployment dev-testing not found");
});

test("a wrong API key fails with 401", async () => {
  const run = await roboflow(["list"], "not-the-key");
  expect(run.code).not.toBe(0);
  expect(run.stdout + run.stderr).toContain("401: Unauthorized (invalid api_key)");
});

test("the CLI only ever called the documented endpoints, with the key in the documented place", () => {
  const counts = emulator.requests.counts();
  expect(Object.keys(counts).sort()).toEqual(
    [
      "GET /get",
      "GET /get_log",
      "GET /list",
      "GET /machine_types",
      "POST /add",
      "POST /delete",
      "POST /pause",
      "POST /resume",
    ].sort(),
  );
  for (const entry of emulator.requests.entries) {
    if (entry.method === "GET") expect(entry.path).toContain("api_key=***");
    else expect(entry.path).not.toContain("?");
  }
});

describe("`deployment usage` prints the figures the emulator's state history implies", () => {
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  let usage: Emulator;
  /** When the history starts: six hours ago on a whole minute, so the CLI's last-24-hours window holds it. */
  let t0: number;

  const post = async (endpoint: string, body: Record<string, unknown>) => {
    const answer = await call(usage, endpoint, { body });
    if (answer.status !== 200) throw new Error(`${endpoint}: ${answer.status} ${answer.text}`);
  };
  /** A time as the CLI's --from/--to take it, in another offset than UTC (sent URL-encoded as %2B02:00). */
  const plusTwo = (ms: number) => `${new Date(ms + 2 * HOUR).toISOString().slice(0, 19)}+02:00`;

  beforeAll(async () => {
    t0 = Math.floor((Date.now() - 6 * HOUR) / MINUTE) * MINUTE;
    const clock = new ManualClock(t0);
    usage = await createEmulator({
      clock,
      timing: { pendingMs: 6 * MINUTE, resumeMs: 6 * MINUTE, deleteMs: MINUTE },
    });
    // dev-testing: pending 0.1 h, ready 2 h, paused 1 h, resumed (pending 0.1 h), ready 0.4 h: billable 2.6 h.
    // prod-infer (2 replicas): pending 0.1 h, ready 1 h, deleted: billable 1.1 h, 2.2 machine hours.
    await post("POST /add", addBody("dev-testing", { duration: 24 }));
    await post(
      "POST /add",
      addBody("prod-infer", { machine_type: "prod-gpu", min_replicas: 2, max_replicas: 2 }),
    );
    clock.advance(66 * MINUTE);
    await post("POST /delete", { deployment_name: "prod-infer" });
    clock.advance(HOUR);
    await post("POST /pause", { deployment_name: "dev-testing" });
    clock.advance(HOUR);
    await post("POST /resume", { deployment_name: "dev-testing" });
    clock.advance(30 * MINUTE);
  });
  afterAll(() => usage?.close());

  test("`deployment usage` prints the workspace's usage over the last 24 hours", async () => {
    const run = await roboflow(["usage"], undefined, usage);
    expect(run.code).toBe(0);
    expect(printedJson(run.stdout)).toEqual({
      workspace_id: expect.any(String),
      workspace_url: "emulator-workspace",
      from_timestamp: expect.any(String),
      to_timestamp: expect.any(String),
      billable_hours: 3.7,
      machine_hours: 4.8,
      deployments: [
        expect.objectContaining({
          deployment_name: "dev-testing",
          status: "ready",
          hours_by_status: { pending: 0.2, ready: 2.4, paused: 1, failed: 0, deleting: 0, expired: 0 },
          billable_hours: 2.6,
          machine_hours: 2.6,
        }),
        expect.objectContaining({
          deployment_name: "prod-infer",
          status: "deleted",
          replicas: 2,
          billable_hours: 1.1,
          machine_hours: 2.2,
        }),
      ],
    });
  });

  test("`deployment usage NAME` prints one deployment's usage", async () => {
    const run = await roboflow(["usage", "dev-testing"], undefined, usage);
    expect(run.code).toBe(0);
    const printed = printedJson(run.stdout) as { from_timestamp: string; to_timestamp: string };
    expect(printed).toMatchObject({
      deployment_name: "dev-testing",
      machine_type: "dev-gpu",
      replicas: 1,
      hours_by_status: { pending: 0.2, ready: 2.4, paused: 1 },
      billable_hours: 2.6,
      machine_hours: 2.6,
    });
    // The CLI asks for the last 24 hours by its own (real) clock.
    const askedFor = Date.parse(printed.to_timestamp) - Date.parse(printed.from_timestamp);
    expect(askedFor).toBe(24 * HOUR);
  });

  test("`deployment usage NAME --from --to` counts only that window, offsets and all", async () => {
    const run = await roboflow(
      ["usage", "dev-testing", "--from", plusTwo(t0 + HOUR), "--to", plusTwo(t0 + 150 * MINUTE)],
      undefined,
      usage,
    );
    expect(run.code).toBe(0);
    expect(printedJson(run.stdout)).toMatchObject({
      from_timestamp: new Date(t0 + HOUR).toISOString().replace("Z", "000+00:00"),
      to_timestamp: new Date(t0 + 150 * MINUTE).toISOString().replace("Z", "000+00:00"),
      hours_by_status: { pending: 0, ready: 1.1, paused: 0.4 },
      billable_hours: 1.1,
    });
  });

  test("`deployment usage` of an unknown deployment fails with the service's 404", async () => {
    const run = await roboflow(["usage", "no-such-one"], undefined, usage);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain("404: deployment no-such-one not found");
  });

  test("the CLI sent both timestamps to the usage endpoints, with the key redacted in the log", () => {
    const counts = usage.requests.counts();
    expect([counts["GET /usage_workspace"], counts["GET /usage_deployment"]]).toEqual([1, 3]);
    const usageCalls = usage.requests.entries.filter((e) => e.path.startsWith("/usage_"));
    for (const entry of usageCalls) {
      expect(entry.path).toContain("api_key=***");
      expect(entry.path).toMatch(/from_timestamp=.+&to_timestamp=/);
      expect(entry.path).not.toContain(usage.apiKey);
    }
  });
});
