/**
 * The reliability scenarios that need the real engine, each returning its figures: bad inputs at preview,
 * the secret scan, 50 deployments under a rate limit, and a killed `pulumi up`. The end-to-end tests assert
 * on the figures; `npm run report:reliability` prints them. No test framework here.
 */
import { createEmulator, ManualClock } from "../emulator";
import { type BadInput, badInputs, inputsOf } from "./badInputs";
import { createTestStack } from "./engine";
import { deploymentsConfig, deploymentsProgram } from "./programs";

const KEY = "rfk-rel-Q7w2Lx9Vb4-unmistakable";
const stackConfig = (url: string) => ({
  "roboflow:apiUrl": { value: url },
  "roboflow:apiKey": { value: KEY, secret: true },
});
const spec = (name: string) => ({
  deploymentName: name,
  machineType: "dev-gpu",
  creatorEmail: "ops@example.com",
});

export interface BadInputFigures {
  total: number;
  /** What each bad input's preview said, empty when it passed. */
  errors: Array<{ what: string; property: string; error: string }>;
  refused: string[];
  apiCalls: number;
}

/** One preview per bad input (the engine stops a preview at the first refused resource). */
export async function runBadInputsAtPreview(lanes = 3): Promise<BadInputFigures> {
  const emulator = await createEmulator({ apiKey: KEY });
  // The engine stops a preview at the first refused resource, so each case is a preview of its own; the
  // cases are independent, so a few stacks preview them side by side.
  const stacks = await Promise.all(
    Array.from({ length: lanes }, (_, lane) =>
      createTestStack(`badinputs${lane}`, deploymentsProgram, {
        ...stackConfig(emulator.url),
        ...deploymentsConfig({}),
      }),
    ),
  );
  try {
    const errors: BadInputFigures["errors"] = new Array(badInputs.length);
    await Promise.all(
      stacks.map(async (t, lane) => {
        for (let i = lane; i < badInputs.length; i += lanes) {
          const bad = badInputs[i] as BadInput;
          await t.setConfig(deploymentsConfig({ bad: inputsOf(bad) }));
          const error = await t.preview().then(
            () => "",
            (e: unknown) => String(e instanceof Error ? e.message : e),
          );
          errors[i] = { what: bad.what, property: bad.property, error };
        }
      }),
    );
    const refused = errors
      .filter((e) => new RegExp(`resource 'bad': property ${e.property} `).test(e.error))
      .map((e) => e.what);
    const apiCalls = Object.values(emulator.requests.counts()).reduce((a, b) => a + b, 0);
    return { total: badInputs.length, errors, refused, apiCalls };
  } finally {
    for (const t of stacks) await t.remove();
    await emulator.close();
  }
}

export interface SecretFigures {
  scannedCharacters: number;
  occurrences: number;
  /** Whether redaction visibly happened (the faults quote the key). */
  masked: boolean;
  failedAsExpected: boolean;
}

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

/** The lifecycle with the key in config, in an input, and quoted by failing answers; scans everything. */
export async function runSecretScan(): Promise<SecretFigures> {
  const emulator = await createEmulator({
    apiKey: KEY,
    timing: { pendingMs: 300, resumeMs: 200, deleteMs: 200 },
  });
  const t = await createTestStack("secrets", secretsProgram, {
    ...stackConfig(emulator.url),
    "secrets:inputKey": { value: KEY, secret: true },
  });
  try {
    // Answers that quote the key pass through retries, progress lines and errors.
    emulator.faults.add({
      endpoint: "GET /get",
      kind: "status",
      status: 502,
      body: `said api_key=${KEY}`,
      count: 3,
    });
    await t.up();
    const stateWithDeployments = await t.exportState();
    emulator.faults.add({
      endpoint: "POST /pause",
      kind: "status",
      status: 500,
      body: `boom ${KEY}`,
      count: 50,
    });
    await t.setConfig({ "secrets:paused": { value: "true" } });
    const failure = await t.up().then(
      () => "",
      (e: unknown) => String(e),
    );
    emulator.faults.clear();
    await t.runCli(["stack", "export"]);
    await t.destroy();
    const everything = [stateWithDeployments, await t.exportState(), ...t.output].join("\n");
    return {
      scannedCharacters: everything.length,
      occurrences: everything.split(KEY).length - 1,
      masked: everything.includes("***") && stateWithDeployments.includes("sec-input"),
      failedAsExpected: /roboflow API POST \/pause failed with status 500/.test(failure),
    };
  } finally {
    await t.remove();
    await emulator.close();
  }
}

export interface ConcurrencyFigures {
  deployments: number;
  upSeconds: number;
  destroySeconds: number;
  requests: number;
  rateLimited: number;
  ready: number;
  duplicates: number;
  created: number;
  leftLive: number;
}

/** `count` deployments in one `up` against an emulator that answers 429 beyond `perSecond` requests. */
export async function runConcurrency(count = 50, perSecond = 10): Promise<ConcurrencyFigures> {
  const emulator = await createEmulator({
    apiKey: KEY,
    rateLimit: { requestsPerSecond: perSecond },
    timing: { pendingMs: 1000, resumeMs: 200, deleteMs: 200 },
  });
  const names = Array.from({ length: count }, (_, i) => `par-${String(i).padStart(3, "0")}`);
  const t = await createTestStack("parallel", deploymentsProgram, {
    ...stackConfig(emulator.url),
    ...deploymentsConfig(Object.fromEntries(names.map((n) => [n, spec(n)]))),
  });
  try {
    let started = Date.now();
    const up = await t.up();
    const upSeconds = (Date.now() - started) / 1000;
    const ready = emulator.store.live().filter((d) => d.status === "ready").length;
    const records = emulator.store.list({ showExpired: true, showDeleted: true });
    started = Date.now();
    await t.destroy();
    const destroySeconds = (Date.now() - started) / 1000;
    const entries = emulator.requests.entries;
    return {
      deployments: count,
      upSeconds,
      destroySeconds,
      requests: entries.length,
      rateLimited: entries.filter((e) => e.status === 429).length,
      ready,
      duplicates: records.length - new Set(records.map((d) => d.deployment_name)).size,
      created: (up.summary.resourceChanges?.create ?? 0) - 1,
      leftLive: emulator.store.live().length,
    };
  } finally {
    await t.remove();
    await emulator.close();
  }
}

export interface KilledRunFigures {
  addsBeforeKill: number;
  inFlight: number;
  resourcesAfterKill: number;
  cancelCode: number | null;
  refreshCode: number | null;
  upCode: number | null;
  managed: string[];
  orphans: number;
  duplicates: number;
  addCalls: number;
  previewAfter: Record<string, number>;
  leftLive: number;
}

/** Kills `pulumi up` (its whole process group) while creates wait for readiness, then recovers as docs/ci.md says. */
export async function runKilledRun(
  names = ["kill-one", "kill-two", "kill-three"],
): Promise<KilledRunFigures> {
  // On a manual clock the deployments stay pending, so the run is surely killed while it waits for them.
  const clock = new ManualClock();
  const emulator = await createEmulator({
    apiKey: KEY,
    clock,
    timing: { pendingMs: 60_000, resumeMs: 0, deleteMs: 0 },
  });
  const t = await createTestStack("killed", deploymentsProgram, {
    ...stackConfig(emulator.url),
    ...deploymentsConfig(Object.fromEntries(names.map((n) => [n, spec(n)]))),
  });
  const adds = () => emulator.requests.counts()["POST /add"] ?? 0;
  try {
    const run = t.spawnCli(["up", "--yes", "--skip-preview"]);
    const closed = new Promise((resolve) => run.once("close", resolve));
    const deadline = Date.now() + 60_000;
    while (adds() < names.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const addsBeforeKill = adds();
    process.kill(-(run.pid ?? 0), "SIGKILL");
    await closed;
    const resourcesAfterKill = (JSON.parse(await t.exportState()).resources ?? []).length;
    const inFlight = emulator.store.live().filter((d) => d.status === "pending").length;

    const cancel = await t.runCli(["cancel", "--yes"]);
    const refresh = await t.runCli(["refresh", "--yes", "--clear-pending-creates"]);
    clock.advance(60_000); // ready now, so the recovering up does not wait a minute
    const up = await t.runCli(["up", "--yes", "--skip-preview"], { ROBOFLOW_ADOPT_EXISTING: "true" });
    const state = JSON.parse(await t.exportState()) as { resources?: Array<{ type: string; id?: string }> };
    const managed = (state.resources ?? [])
      .filter((r) => r.type.endsWith("DedicatedDeployment"))
      .map((r) => r.id ?? "")
      .sort();
    const records = emulator.store.list({ showExpired: true, showDeleted: true });
    const orphans = emulator.store.live().filter((d) => !managed.includes(d.deployment_name)).length;
    const addCalls = adds();
    const preview = await t.preview();
    await t.destroy();
    return {
      addsBeforeKill,
      inFlight,
      resourcesAfterKill,
      cancelCode: cancel.code,
      refreshCode: refresh.code,
      upCode: up.code,
      managed,
      orphans,
      duplicates: records.length - new Set(records.map((d) => d.deployment_name)).size,
      addCalls,
      previewAfter: preview.changeSummary as Record<string, number>,
      leftLive: emulator.store.live().length,
    };
  } finally {
    await t.remove();
    await emulator.close();
  }
}
