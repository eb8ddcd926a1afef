/**
 * The kill-point sweep: a program of two deployments on each platform (one emulator per API), run under the
 * real engine on either path (a JavaScript program: the dynamic provider host; a YAML program: the native
 * plugins), killed as a cancelled CI job is (SIGKILL of the CLI's process group) at a chosen instant of an
 * `up`, a `destroy` or a replacing update; then the one recovery command (`pulumi cancel` where the lock
 * remains, then `pulumi up --refresh`), then counts: converged, orphans (in an API, not in state),
 * duplicates, pending operations left, provider processes left, and whether `destroy` empties the APIs.
 *
 * Roboflow and NX1 deployments keep nothing free-form that could mark whose they are, so their recovery
 * command adopts (`ROBOFLOW_ADOPT_EXISTING=true NX1_ADOPT_EXISTING=true pulumi up --refresh`); Shipyard and
 * Paperspace deployments carry their resource's marker and need no such setting. The negative control runs
 * the recovery without the adopt settings: Roboflow's and NX1's cut-off creates then stay orphans, which
 * proves the counts can fail. No test framework here: the e2e test asserts, the report prints.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as nodePath from "node:path";
import type { Nx1Store, PaperspaceStore, RoboflowStore, ShipyardStore } from "../emulator";
import { createEmulator, type Emulator, ManualClock } from "../emulator";
import { dynamicProgram } from "./cancelledRun";
import { createTestStack, resourcesOfType, type TestStack } from "./engine";
import { type ProviderPath, providerProcesses } from "./killedEngine";
import { createYamlStack, type YamlResource, yamlProgram } from "./native";

/** How many deployments of each platform the program declares. */
const PER_PLATFORM = 2;

/** A logged request: its method and path, and whether it was answered. */
interface Logged {
  method: string;
  path: string;
  status: number;
}

/** One platform of the sweep's program. */
interface SweepPlatform {
  namespace: "roboflow" | "paperspace" | "nx1" | "shipyard";
  type: string;
  /** The i-th deployment's properties; `replaced` gives those of a replacing update. */
  properties(tag: string, i: number, replaced: boolean): Record<string, unknown>;
  start(clock: ManualClock, apiKey: string): Promise<Emulator<unknown>>;
  isCreate(r: Logged): boolean;
  isDelete(r: Logged): boolean;
  /** The ids of the deployments the API holds, live. */
  live(emulator: Emulator<unknown>): string[];
  ready(outputs: Record<string, unknown>): boolean;
  /** The env of the recovery command, when the API keeps no marker (adoption). */
  recoveryEnv: Record<string, string>;
}

const post = (path: string) => (r: Logged) => r.method === "POST" && r.path.split("?")[0] === path;

export const sweepPlatforms: SweepPlatform[] = [
  {
    namespace: "roboflow",
    type: "DedicatedDeployment",
    properties: (tag, i, replaced) => ({
      deploymentName: `crash-${tag}-${i}`,
      machineType: replaced ? "prod-gpu" : "dev-gpu",
      creatorEmail: "ops@example.com",
      duration: 48,
    }),
    start: (clock, apiKey) =>
      createEmulator({
        apiKey,
        clock,
        timing: { pendingMs: 20_000, resumeMs: 0, deleteMs: 20_000 },
      }) as Promise<Emulator<unknown>>,
    isCreate: post("/add"),
    isDelete: post("/delete"),
    live: (e) => (e.store as RoboflowStore).live().map((d) => d.deployment_name),
    ready: (o) => o.status === "ready",
    recoveryEnv: { ROBOFLOW_ADOPT_EXISTING: "true" },
  },
  {
    namespace: "paperspace",
    type: "Deployment",
    properties: (tag, i, replaced) => ({
      projectId: replaced ? "pr2emulat" : "pr1emulat",
      name: `crash-ps-${tag}-${i}`,
      image: "paperspace/fastapi-deployment:latest",
      ports: [8000],
      resources: { machineType: "C4", replicas: 1 },
    }),
    start: (clock, apiKey) =>
      createEmulator({
        platform: "paperspace",
        apiKey,
        clock,
        timing: { applyMs: 10_000, readyMs: 10_000 },
      }) as Promise<Emulator<unknown>>,
    isCreate: (r) => post("/deployments")(r),
    isDelete: (r) => r.method === "DELETE" && r.path.startsWith("/deployments/"),
    live: (e) => (e.store as PaperspaceStore).list().map((d) => d.id),
    ready: (o) => typeof o.dtHealthy === "string",
    recoveryEnv: {},
  },
  {
    namespace: "nx1",
    type: "ModelDeployment",
    properties: (tag, i, replaced) => ({
      model: "churn",
      name: `crash-nx-${tag}-${i}`,
      modelVersion: replaced ? "4" : "3",
      type: "online",
      domain: "marketing",
      owner: "ml-team",
    }),
    start: (clock, apiKey) =>
      createEmulator({
        platform: "nx1",
        apiKey,
        clock,
        timing: { pendingMs: 6_000, deployMs: 6_000, readyMs: 6_000, deleteMs: 20_000 },
      }) as Promise<Emulator<unknown>>,
    isCreate: post("/api/models/churn/deployments"),
    isDelete: (r) => r.method === "DELETE" && r.path.startsWith("/api/models/churn/deployments/"),
    live: (e) =>
      (e.store as Nx1Store)
        .list()
        .filter((d) => d.status !== "archived")
        .map((d) => `${d.model.model_name}/${d.name}`),
    ready: (o) => o.status === "active",
    recoveryEnv: { NX1_ADOPT_EXISTING: "true" },
  },
  {
    namespace: "shipyard",
    type: "Deployment",
    // A template deployment: the server picks its name, so no lookup by name can find a cut-off create.
    properties: (_tag, _i, replaced) => ({ template: replaced ? "redis" : "nginx" }),
    start: (clock, apiKey) =>
      createEmulator({
        platform: "shipyard",
        apiKey,
        clock,
        tier: "enterprise",
        timing: { pendingMs: 10_000, provisionMs: 10_000, deleteMs: 20_000 },
      }) as Promise<Emulator<unknown>>,
    isCreate: post("/api/deployments"),
    isDelete: post("/api/deployments/delete"),
    live: (e) =>
      (e.store as ShipyardStore)
        .list()
        .filter((d) => d.status !== "Deleting")
        .map((d) => d.name),
    ready: (o) => o.status === "Ready",
    recoveryEnv: {},
  },
];

/** The operation a kill cuts, and at which instant. */
export type KillOperation = "up" | "destroy" | "replace";

export interface KillPoint {
  name: string;
  operation: KillOperation;
  /** Faults armed on each emulator before the killed run: how many creates to stall, and how. */
  stall?: "hang" | "holdAnswer";
  /** Whether the emulators' time runs during the killed run (readiness and deletions progress). */
  clockRuns: boolean;
  /** When to kill, given the requests each emulator logged during the killed run. */
  when(logs: Logged[][], platforms: SweepPlatform[], sinceMs: number): boolean;
  /** Kill with GitHub's cancel sequence (SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that). */
  github?: boolean;
}

const every = (logs: Logged[][], test: (log: Logged[], i: number) => boolean) =>
  logs.every((log, i) => test(log, i));

/** The deterministic kill points. */
export const killPoints: KillPoint[] = [
  {
    name: "up: before the create request is carried out",
    operation: "up",
    stall: "hang",
    clockRuns: false,
    when: (logs, ps) => every(logs, (log, i) => log.filter((r) => ps[i]?.isCreate(r)).length >= PER_PLATFORM),
  },
  {
    name: "up: accepted by the API, answer held back",
    operation: "up",
    stall: "holdAnswer",
    clockRuns: false,
    when: (logs, ps) => every(logs, (log, i) => log.filter((r) => ps[i]?.isCreate(r)).length >= PER_PLATFORM),
  },
  {
    name: "up: answered, before the checkpoint",
    operation: "up",
    clockRuns: false,
    when: (logs, ps) =>
      every(logs, (log, i) => log.filter((r) => ps[i]?.isCreate(r) && r.status > 0).length >= PER_PLATFORM),
  },
  {
    name: "up: mid-wait",
    operation: "up",
    clockRuns: false,
    when: (logs, ps, since) =>
      since > 1_500 &&
      every(logs, (log, i) => log.filter((r) => ps[i]?.isCreate(r) && r.status > 0).length >= PER_PLATFORM),
  },
  {
    name: "destroy: mid-delete",
    operation: "destroy",
    clockRuns: false,
    when: (logs, ps) => every(logs, (log, i) => log.some((r) => ps[i]?.isDelete(r) && r.status > 0)),
  },
  {
    name: "replace: mid-replacement",
    operation: "replace",
    clockRuns: false,
    when: (logs, ps, since) =>
      since > 1_000 &&
      every(logs, (log, i) => log.some((r) => (ps[i]?.isCreate(r) || ps[i]?.isDelete(r)) && r.status > 0)),
  },
  {
    name: "up: GitHub's cancel sequence mid-wait",
    operation: "up",
    clockRuns: false,
    github: true,
    when: (logs, ps) =>
      every(logs, (log, i) => log.filter((r) => ps[i]?.isCreate(r) && r.status > 0).length >= PER_PLATFORM),
  },
];

/** A kill at a seeded random instant (0.3 to 9 s into the run) of a seeded random operation, time running. */
export function randomKillPoint(seed: number): KillPoint {
  const random = mulberry32(seed);
  const operation = (["up", "destroy", "replace"] as const)[Math.floor(random() * 3)] ?? "up";
  const atMs = Math.round(300 + random() * 8_700);
  return {
    name: `random #${seed}: ${operation} at ${atMs} ms`,
    operation,
    clockRuns: true,
    when: (_logs, _ps, since) => since >= atMs,
  };
}

/** A small seeded PRNG (mulberry32), so a sweep's random instants are the same at every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What one kill and its recovery came to, per platform. */
export interface KillOutcome {
  point: string;
  path: ProviderPath;
  /** Whether the killed run was still running when killed (false: it had ended before the instant). */
  cut: boolean;
  /** Whether `pulumi cancel` was needed (the backend kept the dead run's lock). */
  locked: boolean;
  recoveryCode: number | null;
  /** Pending operations the state still holds after the recovery's `up` (the engine keeps pending creates). */
  pendingLeft: number;
  /**
   * Pending operations after `pulumi refresh --clear-pending-creates`, run once the `up` converged (the
   * records are stale then: what they describe is in state); and whether the APIs still match state after it.
   */
  pendingAfterClear: number;
  stillConvergedAfterClear: boolean;
  providersLeft: number;
  platforms: Record<
    string,
    { converged: boolean; orphans: number; duplicates: number; emptyAfterDestroy: boolean }
  >;
  /** What the recovery printed, for a failure to show. */
  recoveryText: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keyOf = (namespace: string) => `${namespace}-sweep-Vb6Nq3-do-not-print`;

function stateType(path: ProviderPath, p: SweepPlatform): string {
  return path === "dynamic"
    ? `pulumi-nodejs:dynamic/${p.namespace}:${p.type}`
    : `${p.namespace}:index:${p.type}`;
}

/** The program's resources: PER_PLATFORM of each platform. */
function declared(path: ProviderPath, tag: string, replaced: boolean) {
  return sweepPlatforms.flatMap((p) =>
    Array.from({ length: PER_PLATFORM }, (_, i) => ({
      platform: p,
      name: `${p.namespace}-${i}`,
      properties: p.properties(tag, i, replaced),
      type: stateType(path, p),
    })),
  );
}

/** A stack of the sweep's program on `path`; `write(replaced)` switches it to the replacing inputs. */
async function sweepStack(
  path: ProviderPath,
  tag: string,
  config: Record<string, { value: string; secret?: boolean }>,
) {
  const program = (replaced: boolean) => declared(path, tag, replaced);
  if (path === "dynamic") {
    const resources = (replaced: boolean) =>
      JSON.stringify(
        Object.fromEntries(
          program(replaced).map((r) => [
            r.name,
            { namespace: r.platform.namespace, type: r.platform.type, properties: r.properties },
          ]),
        ),
      );
    const t = await createTestStack(`sweep${tag}`, dynamicProgram, {
      ...config,
      resources: { value: resources(false) },
    });
    return { t, write: (replaced: boolean) => t.setConfig({ resources: { value: resources(replaced) } }) };
  }
  const resources = (replaced: boolean): Record<string, YamlResource> =>
    Object.fromEntries(program(replaced).map((r) => [r.name, { type: r.type, properties: r.properties }]));
  const t = await createYamlStack(`sweepyaml${tag}`, resources(false), config);
  return {
    t: t as TestStack,
    write: async (replaced: boolean) =>
      fs.writeFileSync(
        nodePath.join(t.dir, "Pulumi.yaml"),
        yamlProgram(`sweepyaml${tag}`, resources(replaced)),
      ),
  };
}

/** Whether the file backend under `stateDir` holds a lock. */
function locked(stateDir: string): boolean {
  const locks = nodePath.join(stateDir, ".pulumi", "locks");
  return (
    fs.existsSync(locks) &&
    fs.readdirSync(locks, { recursive: true, encoding: "utf8" }).some((f) => f.endsWith(".json"))
  );
}

/**
 * One kill at `point` on `path`, the recovery (`recover: false` for the negative control: no adopt
 * settings), and the counts. Every process of the run is killed and every folder removed at the end.
 */
export async function runKill(path: ProviderPath, point: KillPoint, recover = true): Promise<KillOutcome> {
  const clock = new ManualClock();
  const emulators = await Promise.all(sweepPlatforms.map((p) => p.start(clock, keyOf(p.namespace))));
  const ticker = { on: false };
  const timer = setInterval(() => {
    if (ticker.on) clock.advance(2_000);
  }, 100);
  const config = Object.fromEntries(
    sweepPlatforms.flatMap((p, i) => [
      [`${p.namespace}:apiUrl`, { value: emulators[i]?.url ?? "" }],
      [`${p.namespace}:apiKey`, { value: keyOf(p.namespace), secret: true }],
    ]),
  );
  const tag = randomBytes(3).toString("hex");
  const { t, write } = await sweepStack(path, tag, config);
  const marker = `PDD_SWEEP_RUN=${randomBytes(8).toString("hex")}`;
  const [markerKey, markerValue] = marker.split("=") as [string, string];
  try {
    if (point.operation !== "up") {
      ticker.on = true;
      const setup = await t.runCli(["up", "--yes", "--skip-preview"]);
      if (setup.code !== 0) throw new Error(`the sweep's setup up failed:\n${setup.text}`);
      if (point.operation === "replace") await write(true);
    }
    ticker.on = point.clockRuns;
    for (const e of emulators) e.requests.reset();
    if (point.stall) {
      sweepPlatforms.forEach((p, i) => {
        const endpoint =
          p.namespace === "roboflow"
            ? "POST /add"
            : p.namespace === "nx1"
              ? "POST /api/models/churn/deployments"
              : p.namespace === "shipyard"
                ? "POST /api/deployments"
                : "POST /deployments";
        emulators[i]?.faults.add({ endpoint, kind: point.stall as "hang", count: PER_PLATFORM });
      });
    }
    const args =
      point.operation === "destroy"
        ? ["destroy", "--yes", "--skip-preview"]
        : ["up", "--yes", "--skip-preview"];
    const run = t.spawnCli(args, { [markerKey]: markerValue });
    run.stdout?.resume();
    run.stderr?.resume();
    let ended = false;
    const closed = new Promise<void>((resolve) =>
      run.once("close", () => {
        ended = true;
        resolve();
      }),
    );
    const started = Date.now();
    const logs = () => emulators.map((e) => e.requests.entries as Logged[]);
    while (
      !ended &&
      !point.when(logs(), sweepPlatforms, Date.now() - started) &&
      Date.now() - started < 90_000
    ) {
      await sleep(50);
    }
    const cut = !ended;
    if (cut && point.github) {
      process.kill(run.pid ?? 0, "SIGINT");
      await Promise.race([closed, sleep(7_500)]);
      if (!ended) process.kill(run.pid ?? 0, "SIGTERM");
      await Promise.race([closed, sleep(2_500)]);
      if (!ended) process.kill(-(run.pid ?? 0), "SIGKILL");
    } else if (cut) {
      process.kill(-(run.pid ?? 0), "SIGKILL");
    }
    await closed;
    for (const e of emulators) e.faults.clear();
    await sleep(3_000); // a provider process finishing a request it had started, then noticing its engine died
    const providersLeft = providerProcesses(marker).length;

    // The recovery: `pulumi cancel` where the lock remains, then one `pulumi up --refresh`, once the APIs
    // finished the deletions they had accepted: NX1 shows a deployment being deleted as `stopped`, which no
    // `up` restarts until it is archived (docs/nx1.md; Roboflow replaces one still `deleting`).
    if (point.operation === "destroy") clock.advance(60_000);
    ticker.on = true;
    if (point.operation === "replace") await write(true);
    const wasLocked = locked(t.stateDir);
    if (wasLocked) await t.runCli(["cancel", "--yes"]);
    const env = recover ? Object.assign({}, ...sweepPlatforms.map((p) => p.recoveryEnv)) : {};
    const recovery = await t.runCli(["up", "--refresh", "--yes", "--skip-preview"], env);
    const state = await t.exportState();
    const pendingLeft =
      (JSON.parse(state) as { pending_operations?: unknown[] }).pending_operations?.length ?? 0;
    const counts = sweepPlatforms.map((p, i) => {
      const inState = resourcesOfType(state, stateType(path, p)).filter((r) => r.id);
      const ids = new Set(inState.map((r) => String(r.id)));
      const live = p.live(emulators[i] as Emulator<unknown>);
      const orphans = live.filter((id) => !ids.has(id)).length;
      const converged =
        recovery.code === 0 &&
        inState.length === PER_PLATFORM &&
        inState.every((r) => r.outputs && p.ready(r.outputs)) &&
        live.length === PER_PLATFORM &&
        orphans === 0;
      return { converged, orphans, duplicates: Math.max(0, live.length - PER_PLATFORM) };
    });
    // The engine keeps pending creates until a person resolves them: the stale records are dropped, and
    // the APIs must still hold exactly what state does.
    await t.runCli(["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
    const cleared = await t.exportState();
    const pendingAfterClear =
      (JSON.parse(cleared) as { pending_operations?: unknown[] }).pending_operations?.length ?? 0;
    const stillConvergedAfterClear = sweepPlatforms.every((p, i) => {
      const ids = new Set(resourcesOfType(cleared, stateType(path, p)).map((r) => String(r.id)));
      const live = p.live(emulators[i] as Emulator<unknown>);
      return live.length === PER_PLATFORM && live.every((id) => ids.has(id));
    });
    await t.runCli(["destroy", "--yes", "--skip-preview"]);
    // Deletions the API finishes on its own (a cancelled run's) are given the emulators' time to end.
    for (
      let i = 0;
      i < 20 && sweepPlatforms.some((p, j) => p.live(emulators[j] as Emulator<unknown>).length > 0);
      i++
    ) {
      await sleep(100);
    }
    const platforms = Object.fromEntries(
      sweepPlatforms.map((p, i) => [
        p.namespace,
        {
          ...(counts[i] ?? { converged: false, orphans: 0, duplicates: 0 }),
          emptyAfterDestroy: p.live(emulators[i] as Emulator<unknown>).length === 0,
        },
      ]),
    );
    return {
      point: point.name,
      path,
      cut,
      locked: wasLocked,
      recoveryCode: recovery.code,
      pendingLeft,
      pendingAfterClear,
      stillConvergedAfterClear,
      providersLeft,
      platforms,
      recoveryText: recovery.text,
    };
  } finally {
    clearInterval(timer);
    for (const p of providerProcesses(marker)) process.kill(p.pid, "SIGKILL");
    // Whatever a killed run left in the API is removed with the emulators; the stack goes with its folders.
    await t.remove();
    await Promise.all(emulators.map((e) => e.close()));
  }
}

/** One table per platform and path, and a total line, of `outcomes`. */
export function sweepTables(outcomes: KillOutcome[]): string {
  const lines: string[] = [];
  const total = {
    kills: 0,
    converged: 0,
    orphans: 0,
    duplicates: 0,
    pending: 0,
    pendingAfterClear: 0,
    providers: 0,
    notEmpty: 0,
  };
  for (const path of ["dynamic", "native"] as const) {
    for (const p of sweepPlatforms) {
      const rows = outcomes.filter((o) => o.path === path);
      if (rows.length === 0) continue;
      lines.push(`\n${p.namespace}, ${path === "dynamic" ? "JavaScript (dynamic)" : "YAML (native)"}`);
      lines.push(
        "| kill point | cut | converged | orphans | duplicates | pending after up | after clear | providers left | destroy empties |",
      );
      lines.push("|---|---|---|---|---|---|---|---|---|");
      for (const o of rows) {
        const c = o.platforms[p.namespace];
        if (!c) continue;
        lines.push(
          `| ${o.point} | ${o.cut ? "yes" : "ended before"} | ${c.converged ? "yes" : "NO"} | ${c.orphans} | ${c.duplicates} | ${o.pendingLeft} | ${o.pendingAfterClear}${o.stillConvergedAfterClear ? "" : " (API changed!)"} | ${o.providersLeft} | ${c.emptyAfterDestroy ? "yes" : "NO"} |`,
        );
        total.kills++;
        total.converged += c.converged ? 1 : 0;
        total.orphans += c.orphans;
        total.duplicates += c.duplicates;

        total.notEmpty += c.emptyAfterDestroy ? 0 : 1;
      }
    }
  }
  // Pending operations and provider processes belong to a run, not to a platform: counted once per run.
  for (const o of outcomes) {
    total.pending += o.pendingLeft;
    total.pendingAfterClear += o.pendingAfterClear;
    total.providers += o.providersLeft;
  }
  lines.push(
    `\ntotal: ${total.kills} platform kills on ${outcomes.length} runs, ${total.converged} converged with one ` +
      `command, ${total.orphans} orphans, ${total.duplicates} duplicates, ${total.pending} pending operations ` +
      `left after it (${total.pendingAfterClear} after \`refresh --clear-pending-creates\`), ${total.providers} provider processes left, destroy left the API non-empty ${total.notEmpty} times`,
  );
  return lines.join("\n");
}
