/**
 * What the provider tests share: an emulator on port 0 with tiny timings on a ManualClock, and a provider
 * wired to it whose sleeps move that clock, with a captured log and a fake stack config.
 *
 * The emulator's states follow from its clock only, and that clock moves only when a provider sleeps: what
 * a test observes is the same on a fast machine and on a loaded one (a deployment is still pending at the
 * first poll after its create, and a failure injected from `onSleep` lands before the state it races).
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { type Clock, createEmulator, type Emulator, type EmulatorOptions, ManualClock } from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import type { ProviderEnvironment } from "../../provider/core/runtime";
import { DedicatedDeploymentProvider } from "../../provider/roboflow/provider";

/** A key distinctive enough that finding it anywhere in a message or log line is a leak. */
export const KEY = "rfk-S3CRET-7f3a9c2e1b-do-not-print";
/** What the engine would store as the serialized provider; the provider must carry it through. */
export const PROVIDER_TEXT = "exports.handler = __f0; // serialized provider";

/** An emulator that accepts {@link KEY}, with tiny timings on its own ManualClock unless told otherwise. */
export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return createEmulator({
    apiKey: KEY,
    clock: new ManualClock(),
    timing: { pendingMs: 50, resumeMs: 50, deleteMs: 50 },
    ...options,
  });
}

/** The time a provider sees: a clock and a sleep (`ProviderEnvironment`'s `now` and `sleep`). */
export interface ProviderTime {
  now?: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** A few real milliseconds at most: what a provider sleeps against an emulator on the wall clock. */
const fastSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 5)));

/**
 * The time of a provider pointed at an emulator on `clock`: on a ManualClock, the provider reads that
 * clock and each of its sleeps moves it forward by the time asked (then yields one turn of the event loop),
 * so the emulator's deployments move exactly as far as the provider waited; on any other clock, the
 * provider's own clock and a fast sleep.
 */
export function providerTime(clock: Clock): ProviderTime {
  if (!(clock instanceof ManualClock)) return { sleep: fastSleep };
  return {
    now: () => clock.now(),
    sleep: async (ms) => {
      clock.advance(ms);
      await nextTurn();
    },
  };
}

/** A Pulumi config as `configure` receives it. */
export function fakeConfig(values: Record<string, string>) {
  return {
    get: (key: string) => values[key],
    require: (key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`missing required configuration variable '${key}'`);
      return value;
    },
  };
}

export interface TestProvider {
  provider: DedicatedDeploymentProvider;
  /** Every progress line the provider wrote. */
  logs: string[];
  /** Every sleep the provider asked for, in milliseconds. */
  sleeps: number[];
}

export interface ProviderSetup {
  /** Stack config given to `configure`; by default the emulator's key and URL. */
  config?: Record<string, string>;
  /** Environment variables; by default none but the emulator's URL. */
  env?: NodeJS.ProcessEnv;
  /** Replaces the sleep that moves the emulator's clock (see {@link providerTime}). */
  sleep?: (ms: number) => Promise<void>;
  /** Replaces the provider's clock (the emulator's, unless `sleep` is replaced). */
  now?: () => number;
  /** Called before each sleep: a hook to change the emulator's state while the provider waits. */
  onSleep?: (ms: number) => void;
}

/** A provider pointed at `emulator`, configured as the engine would configure it. */
export async function providerFor(emulator: Emulator, setup: ProviderSetup = {}): Promise<TestProvider> {
  const logs: string[] = [];
  const sleeps: number[] = [];
  const time = providerTime(emulator.clock);
  const environment: ProviderEnvironment = {
    env: setup.env ?? { ROBOFLOW_API_URL: emulator.url },
    sleep: async (ms) => {
      sleeps.push(ms);
      setup.onSleep?.(ms);
      await (setup.sleep ?? time.sleep)(ms);
    },
    // A sleep of the test's own does not move the emulator's clock: the provider keeps its own then.
    now: setup.now ?? (setup.sleep ? undefined : time.now),
    log: (line) => logs.push(line),
  };
  const provider = new DedicatedDeploymentProvider(environment);
  await provider.configure({
    config: fakeConfig(
      setup.config ?? { "roboflow:apiKey": emulator.apiKey, "roboflow:apiUrl": emulator.url },
    ),
  });
  return { provider, logs, sleeps };
}

let counter = 0;
/** A fresh valid deployment name (5–15 characters) per call, so tests in one file never collide. */
export function uniqueName(prefix = "dep"): string {
  counter += 1;
  return `${prefix}-${process.pid % 1000}-${counter}`.slice(0, 15);
}

/** Inputs as a program would give them, with the serialized provider the engine adds. */
export function inputsFor(name: string, overrides: Props = {}): Props {
  return {
    deploymentName: name,
    machineType: "dev-gpu",
    creatorEmail: "dev@example.com",
    [PROVIDER_KEY]: PROVIDER_TEXT,
    ...overrides,
  };
}

/** Runs check as the engine does and fails the test on any failure: the inputs create/update receive. */
export async function checked(
  provider: { check(olds: Props, news: Props): Promise<{ inputs?: unknown; failures?: unknown[] }> },
  news: Props,
  olds: Props = {},
): Promise<Props> {
  const result = await provider.check(olds, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Props;
}

/** The rejection of `promise`, as an Error with whatever the provider attached. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Props> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) {
    throw new Error(`expected a rejection with an Error, got ${String(outcome)}`);
  }
  return outcome as Error & Props;
}
