/**
 * The scale scenarios: many branch stacks of `examples/ephemeral` brought up and destroyed by concurrent
 * runners against one shared state backend and one API account whose rate limit they share. Each returns
 * its figures; test/e2e/scale.test.ts asserts on them, `npm run report:scale` prints them. No test framework.
 */
import { createEmulator, type Emulator } from "../emulator";
import { type BranchStack, bringUp, createRunners, onRunners, type Runner, tearDown } from "./runners";
import { fileBackend, postgresBackend, type StateBackend } from "./stateBackends";

export const SCALE_KEY = "rfk-scale-Hq4s8Zt2Wm-unmistakable";

/** The emulated API of a scale scenario: one account, a shared rate limit, provisioning that takes time. */
export interface ScaleApiOptions {
  requestsPerSecond: number;
  pendingMs: number;
  deleteMs: number;
}

export function scaleEmulator(api: ScaleApiOptions): Promise<Emulator> {
  return createEmulator({
    apiKey: SCALE_KEY,
    rateLimit: { requestsPerSecond: api.requestsPerSecond },
    timing: { pendingMs: api.pendingMs, resumeMs: api.pendingMs, deleteMs: api.deleteMs },
  });
}

export function openBackend(kind: StateBackend["kind"]): Promise<StateBackend> {
  return kind === "postgres" ? postgresBackend() : fileBackend();
}

/**
 * The first command on a new PostgreSQL backend creates its table. Pulumi 3.259 does that with `CREATE TABLE
 * IF NOT EXISTS`, which fails when several runners do it at once on a fresh database; so one command runs
 * first, as a team's setup job would.
 */
export async function initializeBackend(runners: Runner[]): Promise<void> {
  const result = await runners[0]?.cli(["stack", "ls"]);
  if (result && result.code !== 0) throw new Error(`pulumi stack ls failed: ${result.text}`);
}

/** What the API holds against what the stacks record. */
export interface Reconciliation {
  /** Live deployments that no stack records. */
  orphans: number;
  /** Names the API ever held twice (deleted records included). */
  duplicates: number;
  /** Deployments recorded by more than one stack. */
  sharedRecords: number;
  /** Stacks whose successful `up` is not in their state (or records a deployment the API does not hold). */
  lostUpdates: number;
}

export async function reconcile(
  emulator: Emulator,
  backend: StateBackend,
  succeeded: BranchStack[] = [],
): Promise<Reconciliation> {
  const stacks = await backend.stacks();
  const recorded = [...stacks.values()].flatMap((s) => s.deployments);
  const live = emulator.store.live().map((d) => d.deployment_name);
  const all = emulator.store.list({ showExpired: true, showDeleted: true }).map((d) => d.deployment_name);
  const lost = succeeded.filter((env) => {
    const deployments = stacks.get(env.stack)?.deployments ?? [];
    return deployments.length !== 1 || !deployments.every((d) => live.includes(d));
  });
  return {
    orphans: live.filter((name) => !recorded.includes(name)).length,
    duplicates: all.length - new Set(all).size,
    sharedRecords: recorded.length - new Set(recorded).size,
    lostUpdates: lost.length,
  };
}

/** Figures of a fleet: `stacks` branch stacks up, then destroyed, by `runners` runners. */
export interface FleetFigures {
  backend: StateBackend["kind"];
  stacks: number;
  runners: number;
  upSeconds: number;
  destroySeconds: number;
  /** Seconds from a runner taking each stack to its `up` finishing (stack init, config, up). */
  stackSeconds: number[];
  destroyStackSeconds: number[];
  failedUps: Array<{ stack: string; error: string }>;
  failedDestroys: Array<{ stack: string; error: string }>;
  /** Ups that failed on 429 answers (the provider gave up retrying). */
  gaveUpOn429: number;
  apiCalls: number;
  rateLimited: number;
  afterUp: Reconciliation;
  ready: number;
  /** Deployments and stacks left after the destroys. */
  leftLive: number;
  leftStacks: number;
}

const lastLines = (text: string) => text.trim().split("\n").slice(-6).join(" | ");

export async function runFleet(
  kind: StateBackend["kind"],
  envs: BranchStack[],
  runnerCount: number,
  api: ScaleApiOptions,
): Promise<FleetFigures> {
  const emulator = await scaleEmulator(api);
  const backend = await openBackend(kind);
  const runners = await createRunners(runnerCount, backend.env, SCALE_KEY);
  try {
    await initializeBackend(runners);
    let started = Date.now();
    const ups = await onRunners(runners, envs, (runner, env) => bringUp(runner, env, emulator.url));
    const upSeconds = (Date.now() - started) / 1000;
    const succeeded = ups.filter((u) => u.result.code === 0).map((u) => u.item);
    const afterUp = await reconcile(emulator, backend, succeeded);
    const ready = emulator.store.live().filter((d) => d.status === "ready").length;
    // Any runner destroys any stack: the stack's encryption salt is in its state, its config is not needed.
    started = Date.now();
    const destroys = await onRunners(runners, envs, tearDown);
    const destroySeconds = (Date.now() - started) / 1000;
    const entries = emulator.requests.entries;
    const failedUps = ups
      .filter((u) => u.result.code !== 0)
      .map((u) => ({ stack: u.item.stack, error: lastLines(u.result.text) }));
    return {
      backend: kind,
      stacks: envs.length,
      runners: runnerCount,
      upSeconds,
      destroySeconds,
      stackSeconds: ups.map((u) => u.result.ms / 1000),
      destroyStackSeconds: destroys.map((d) => d.result.ms / 1000),
      failedUps,
      failedDestroys: destroys
        .filter((d) => d.result.code !== 0)
        .map((d) => ({ stack: d.item.stack, error: lastLines(d.result.text) })),
      gaveUpOn429: ups.filter((u) => u.result.code !== 0 && /status 429/.test(u.result.text)).length,
      apiCalls: entries.length,
      rateLimited: entries.filter((e) => e.status === 429).length,
      afterUp,
      ready,
      leftLive: emulator.store.live().length,
      leftStacks: (await backend.stacks()).size,
    };
  } finally {
    for (const runner of runners) runner.remove();
    await backend.close();
    await emulator.close();
  }
}
