/**
 * Readiness latency on a virtual clock: how long after the emulator flips a deployment to `ready` the
 * provider's create returns, and how many `GET /get` polls it spent, next to what a fixed 30-second poll
 * (the official CLI's `deployment create --wait`) costs on the same emulator and pending time.
 *
 * The emulator runs on a ManualClock and the provider's `sleep` advances that clock, so a 300 s wait
 * takes milliseconds and every figure is exact: HTTP calls take no virtual time.
 */
import { createEmulator, type Emulator, ManualClock } from "../emulator";
import { PROVIDER_KEY, type Props } from "../provider/core/dynamic";
import { DedicatedDeploymentProvider } from "../provider/roboflow/provider";

/** The pending times the issue asks about, in seconds. */
export const PENDING_SECONDS = [1, 10, 60, 300] as const;
/** The official CLI sleeps this long between polls while a deployment is pending. */
export const FIXED_POLL_MS = 30_000;

/** One wait, measured: latency after the flip to ready, and polls of `GET /get` used. */
export interface WaitFigures {
  latencyMs: number;
  polls: number;
}

/** Both strategies on one pending time. */
export interface ReadinessRow {
  pendingMs: number;
  provider: WaitFigures;
  fixed30s: WaitFigures;
  /** The goal for the provider: latency ≤ max(1 s, 20 % of the pending time). */
  latencyGoalMs: number;
}

/** Mean and worst latency over many pending times, for both strategies. */
export interface SweepFigures {
  pendingSeconds: { from: number; to: number; step: number; runs: number };
  provider: SweepSummary;
  fixed30s: SweepSummary;
}

/** Latency over a sweep: in milliseconds, and as a share of the pending time (0.2 = 20 %). */
export interface SweepSummary {
  meanLatencyMs: number;
  maxLatencyMs: number;
  meanLatencyShare: number;
  maxLatencyShare: number;
  meanPolls: number;
}

export interface ReadinessFigures {
  rows: ReadinessRow[];
  sweep: SweepFigures;
}

const API_KEY = "bench-readiness-key";
const config = { "roboflow:apiKey": API_KEY };

/** A provider whose clock is the emulator's and whose sleep moves that clock. */
async function virtualProvider(emulator: Emulator, clock: ManualClock) {
  const provider = new DedicatedDeploymentProvider({
    env: { ROBOFLOW_API_URL: emulator.url },
    now: () => clock.now(),
    sleep: async (ms) => clock.advance(ms),
    log: () => undefined,
  });
  await provider.configure({
    config: {
      get: (key: string) => (key === "roboflow:apiUrl" ? emulator.url : config[key as keyof typeof config]),
      require: (key: string) => {
        const value = key === "roboflow:apiUrl" ? emulator.url : config[key as keyof typeof config];
        if (value === undefined) throw new Error(`missing required configuration variable '${key}'`);
        return value;
      },
    },
  });
  return provider;
}

let counter = 0;
const nextName = () => `bench-wait-${++counter}`.slice(0, 15);

/** The provider's create, as the engine calls it (check first), timed against the flip to ready. */
async function providerWait(emulator: Emulator, clock: ManualClock, pendingMs: number): Promise<WaitFigures> {
  const provider = await virtualProvider(emulator, clock);
  const news: Props = {
    deploymentName: nextName(),
    machineType: "dev-gpu",
    creatorEmail: "bench@example.com",
    [PROVIDER_KEY]: "exports.handler = __f0;",
  };
  const checked = await provider.check({}, news);
  if ((checked.failures ?? []).length > 0) {
    throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  }
  emulator.requests.reset();
  const added = clock.now(); // /add happens now: HTTP calls take no virtual time
  const result = await provider.create(checked.inputs as Props);
  if (result.outs?.status !== "ready") {
    throw new Error(`create returned status ${String(result.outs?.status)}, expected ready`);
  }
  return { latencyMs: clock.now() - (added + pendingMs), polls: getPolls(emulator) };
}

/** What `roboflow deployment create --wait` does: /add, then /get until not pending, sleeping 30 s. */
async function fixedPollWait(
  emulator: Emulator,
  clock: ManualClock,
  pendingMs: number,
): Promise<WaitFigures> {
  const name = nextName();
  emulator.requests.reset();
  const added = clock.now();
  const add = await fetch(`${emulator.url}/add`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      api_key: API_KEY,
      deployment_name: name,
      machine_type: "dev-gpu",
      creator_email: "bench@example.com",
      duration: 3,
    }),
  });
  if (add.status !== 200) throw new Error(`/add answered ${add.status}: ${await add.text()}`);
  for (;;) {
    const query = new URLSearchParams({ api_key: API_KEY, deployment_name: name });
    const get = await fetch(`${emulator.url}/get?${query}`);
    const body = (await get.json()) as { status: string };
    if (body.status !== "pending") break;
    clock.advance(FIXED_POLL_MS);
  }
  return { latencyMs: clock.now() - (added + pendingMs), polls: getPolls(emulator) };
}

function getPolls(emulator: Emulator): number {
  return emulator.requests.counts()["GET /get"] ?? 0;
}

/** Both strategies on an emulator whose deployments stay pending for `pendingMs`. */
async function measure(pendingMs: number): Promise<{ provider: WaitFigures; fixed30s: WaitFigures }> {
  const clock = new ManualClock();
  const emulator = await createEmulator({ apiKey: API_KEY, clock, timing: { pendingMs } });
  try {
    return {
      provider: await providerWait(emulator, clock, pendingMs),
      fixed30s: await fixedPollWait(emulator, clock, pendingMs),
    };
  } finally {
    await emulator.close();
  }
}

function summarize(runs: Array<{ pendingMs: number; figures: WaitFigures }>): SweepSummary {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const shares = runs.map((r) => r.figures.latencyMs / r.pendingMs);
  const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
  return {
    meanLatencyMs: Math.round(mean(runs.map((r) => r.figures.latencyMs))),
    maxLatencyMs: Math.max(...runs.map((r) => r.figures.latencyMs)),
    meanLatencyShare: round(mean(shares), 3),
    maxLatencyShare: round(Math.max(...shares), 3),
    meanPolls: round(mean(runs.map((r) => r.figures.polls)), 1),
  };
}

/**
 * The four pending times of the issue, then a sweep over 1–300 s: a fixed poll happens to see a
 * transition at once when the pending time is a multiple of 30 s (60 s, 300 s), which the sweep averages out.
 */
export async function measureReadiness(sweepStepSeconds = 1): Promise<ReadinessFigures> {
  const rows: ReadinessRow[] = [];
  for (const seconds of PENDING_SECONDS) {
    const pendingMs = seconds * 1000;
    rows.push({ pendingMs, ...(await measure(pendingMs)), latencyGoalMs: Math.max(1000, pendingMs * 0.2) });
  }
  const providerRuns: Array<{ pendingMs: number; figures: WaitFigures }> = [];
  const fixedRuns: Array<{ pendingMs: number; figures: WaitFigures }> = [];
  for (let seconds = 1; seconds <= 300; seconds += sweepStepSeconds) {
    const pendingMs = seconds * 1000;
    const both = await measure(pendingMs);
    providerRuns.push({ pendingMs, figures: both.provider });
    fixedRuns.push({ pendingMs, figures: both.fixed30s });
  }
  return {
    rows,
    sweep: {
      pendingSeconds: { from: 1, to: 300, step: sweepStepSeconds, runs: providerRuns.length },
      provider: summarize(providerRuns),
      fixed30s: summarize(fixedRuns),
    },
  };
}
