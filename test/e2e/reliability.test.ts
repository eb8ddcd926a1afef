/**
 * Reliability and security under the real engine: every bad input refused at preview with no API call,
 * no secret anywhere in state or output, 50 deployments under a rate limit, and a killed `pulumi up`
 * recovered with no orphan and no duplicate.
 */
import { createEmulator, type Emulator, ManualClock } from "../../emulator";
import { badInputs, inputsOf } from "../helpers/badInputs";
import { createTestStack } from "../helpers/engine";
import { deploymentsConfig, deploymentsProgram } from "../helpers/programs";

jest.setTimeout(300_000);

const KEY = "rfk-e2e-rel-Q7w2Lx9Vb4";
let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator({ apiKey: KEY, timing: { pendingMs: 300, resumeMs: 200, deleteMs: 200 } });
});

afterAll(async () => {
  await emulator?.close();
});

test(`a preview refuses each of the ${badInputs.length} bad inputs, naming its property, with no API call`, async () => {
  const t = await createTestStack("badinputs", deploymentsProgram, {
    "roboflow:apiUrl": { value: emulator.url },
    "roboflow:apiKey": { value: KEY, secret: true },
    ...deploymentsConfig({}),
  });
  try {
    const refused: string[] = [];
    emulator.requests.reset();
    // The engine stops a preview at the first refused resource, so each bad input gets its own preview.
    for (const bad of badInputs) {
      await t.setConfig(deploymentsConfig({ bad: inputsOf(bad) }));
      const error = await t.preview().then(
        () => "",
        (e: unknown) => String(e instanceof Error ? e.message : e),
      );
      if (new RegExp(`resource 'bad': property ${bad.property} `).test(error)) {
        refused.push(bad.what);
      }
    }
    console.log(
      `bad inputs refused at preview with the property named: ${refused.length}/${badInputs.length}`,
    );
    expect(refused).toEqual(badInputs.map((b) => b.what));
    expect(emulator.requests.counts()).toEqual({});
  } finally {
    await t.remove();
  }
});

// The per-deployment key comes from secret config but is handed to the resource unwrapped, as a user
// might write it in code: the resource itself must keep it secret.
const secretsProgram = `
const pulumi = require("@pulumi/pulumi");
const { roboflow } = require("pulumi-dedicated-deployments");
const cfg = new pulumi.Config();
const paused = cfg.getBoolean("paused") || false;
const base = { machineType: "dev-gpu", creatorEmail: "ops@example.com" };
new roboflow.DedicatedDeployment("fromConfig", { ...base, deploymentName: "sec-config" });
new roboflow.DedicatedDeployment("fromInput", {
  ...base, deploymentName: "sec-input", paused, apiKey: pulumi.unsecret(cfg.requireSecret("inputKey")),
});
`;

test("with the key in config, in an input, and in failing answers, neither state nor output ever shows it", async () => {
  const t = await createTestStack("secrets", secretsProgram, {
    "roboflow:apiUrl": { value: emulator.url },
    "roboflow:apiKey": { value: KEY, secret: true },
    "secrets:inputKey": { value: KEY, secret: true },
  });
  try {
    // Answers that quote the key: retried, then failing, so it passes through retries, logs and errors.
    emulator.faults.add({
      endpoint: "GET /get",
      kind: "status",
      status: 502,
      body: `upstream said api_key=${KEY}`,
      count: 3,
    });
    await t.up();
    const stateWithDeployments = await t.exportState();
    expect(stateWithDeployments).toContain("sec-input");
    emulator.faults.add({
      endpoint: "POST /pause",
      kind: "status",
      status: 500,
      body: `boom for ${KEY}`,
      count: 50,
    });
    await t.setConfig({ "secrets:paused": { value: "true" } });
    await expect(t.up()).rejects.toThrow(/roboflow API POST \/pause failed with status 500/);
    emulator.faults.clear();
    await t.runCli(["stack", "export"]);
    await t.destroy();
    const state = await t.exportState();
    const everything = [stateWithDeployments, state, ...t.output].join("\n");
    console.log(
      `secret scan: ${everything.length} characters of state and CLI output, key found ${everything.split(KEY).length - 1} times`,
    );
    expect(everything).toContain("***");
    expect(everything.split(KEY).length - 1).toBe(0);
  } finally {
    emulator.faults.clear();
    await t.remove();
  }
});

test("50 deployments in one up against a limit of 10 requests a second: all ready, none duplicated", async () => {
  const limited = await createEmulator({
    apiKey: KEY,
    rateLimit: { requestsPerSecond: 10 },
    timing: { pendingMs: 1000, resumeMs: 200, deleteMs: 200 },
  });
  const names = Array.from({ length: 50 }, (_, i) => `par-${String(i).padStart(2, "0")}`);
  const t = await createTestStack("parallel", deploymentsProgram, {
    "roboflow:apiUrl": { value: limited.url },
    "roboflow:apiKey": { value: KEY, secret: true },
    ...deploymentsConfig(
      Object.fromEntries(
        names.map((n) => [n, { deploymentName: n, machineType: "dev-gpu", creatorEmail: "o@example.com" }]),
      ),
    ),
  });
  try {
    const started = Date.now();
    const up = await t.up();
    const upSeconds = (Date.now() - started) / 1000;
    const entries = limited.requests.entries;
    const limitedAnswers = entries.filter((e) => e.status === 429).length;
    const ready = limited.store.live().filter((d) => d.status === "ready").length;
    const records = limited.store.list({ showExpired: true, showDeleted: true });
    const duplicates = records.length - new Set(records.map((d) => d.deployment_name)).size;
    console.log(
      `50 deployments at 10 req/s: up ${upSeconds.toFixed(1)} s, ${entries.length} requests, ` +
        `${limitedAnswers} answered 429 and retried, ${ready}/50 ready, ${duplicates} duplicates`,
    );
    expect(up.summary.resourceChanges?.create).toBe(51);
    expect(ready).toBe(50);
    expect(duplicates).toBe(0);
    expect(limitedAnswers).toBeGreaterThan(0);
    await t.destroy();
    expect(limited.store.live()).toEqual([]);
  } finally {
    await t.remove();
    await limited.close();
  }
});

test("a killed up is recovered by cancel, refresh --clear-pending-creates and one adopting up", async () => {
  // On a manual clock the deployments stay pending, so the run is surely killed while it waits for them.
  const clock = new ManualClock();
  const slow = await createEmulator({
    apiKey: KEY,
    clock,
    timing: { pendingMs: 60_000, resumeMs: 0, deleteMs: 0 },
  });
  const names = ["kill-one", "kill-two", "kill-three"];
  const t = await createTestStack("killed", deploymentsProgram, {
    "roboflow:apiUrl": { value: slow.url },
    "roboflow:apiKey": { value: KEY, secret: true },
    ...deploymentsConfig(
      Object.fromEntries(
        names.map((n) => [n, { deploymentName: n, machineType: "dev-gpu", creatorEmail: "o@example.com" }]),
      ),
    ),
  });
  try {
    const run = t.spawnCli(["up", "--yes", "--skip-preview"]);
    const deadline = Date.now() + 60_000;
    while ((slow.requests.counts()["POST /add"] ?? 0) < names.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(slow.requests.counts()["POST /add"]).toBe(names.length);
    // Killed while waiting for readiness: the engine, the program and the provider host all die at once.
    process.kill(-(run.pid ?? 0), "SIGKILL");
    await new Promise((resolve) => run.once("close", resolve));
    expect(JSON.parse(await t.exportState()).resources ?? []).toHaveLength(2); // the stack and its provider
    const inFlight = slow.store.live().filter((d) => d.status === "pending").length;

    const cancel = await t.runCli(["cancel", "--yes"]);
    expect(cancel.code).toBe(0);
    const refresh = await t.runCli(["refresh", "--yes", "--clear-pending-creates"]);
    expect(refresh.code).toBe(0);
    clock.advance(60_000); // ready now, so the recovering up does not wait a minute
    const up = await t.runCli(["up", "--yes", "--skip-preview"], { ROBOFLOW_ADOPT_EXISTING: "true" });
    expect(up.code).toBe(0);
    const state = JSON.parse(await t.exportState());
    const managed = (state.resources ?? []).filter((r: { type: string }) =>
      r.type.endsWith("DedicatedDeployment"),
    );
    const records = slow.store.list({ showExpired: true, showDeleted: true });
    const orphans = slow.store
      .live()
      .filter((d) => !managed.some((r: { id: string }) => r.id === d.deployment_name));
    console.log(
      `killed up: ${inFlight} deployments in flight, after recovery ${managed.length} managed, ` +
        `${orphans.length} orphans, ${records.length - names.length} duplicates, ${slow.requests.counts()["POST /add"]} /add calls`,
    );
    expect(managed.map((r: { id: string }) => r.id).sort()).toEqual([...names].sort());
    expect(orphans).toEqual([]);
    expect(records).toHaveLength(names.length);
    expect(slow.requests.counts()["POST /add"]).toBe(names.length);
    const again = await t.preview();
    expect(again.changeSummary).toEqual({ same: 4 });
    await t.destroy();
    expect(slow.store.live()).toEqual([]);
  } finally {
    await t.remove();
    await slow.close();
  }
});
