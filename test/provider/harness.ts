/**
 * What the provider tests share: an emulator on port 0 with tiny timings, and a provider wired to it
 * with fast sleeps, a captured log and a fake stack config.
 */
import { createEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import { DedicatedDeploymentProvider, type ProviderEnvironment } from "../../provider/roboflow/provider";

/** A key distinctive enough that finding it anywhere in a message or log line is a leak. */
export const KEY = "rfk-S3CRET-7f3a9c2e1b-do-not-print";
/** What the engine would store as the serialized provider; the provider must carry it through. */
export const PROVIDER_TEXT = "exports.handler = __f0; // serialized provider";

export function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return createEmulator({ apiKey: KEY, timing: { pendingMs: 50, resumeMs: 50, deleteMs: 50 }, ...options });
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
  /** Replaces the fast sleep (a few real milliseconds at most). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Called before each sleep: a hook to change the emulator's state while the provider waits. */
  onSleep?: (ms: number) => void;
}

/** A provider pointed at `emulator`, configured as the engine would configure it. */
export async function providerFor(emulator: Emulator, setup: ProviderSetup = {}): Promise<TestProvider> {
  const logs: string[] = [];
  const sleeps: number[] = [];
  const environment: ProviderEnvironment = {
    env: setup.env ?? { ROBOFLOW_API_URL: emulator.url },
    sleep: async (ms) => {
      sleeps.push(ms);
      setup.onSleep?.(ms);
      await (setup.sleep ?? ((n: number) => new Promise<void>((r) => setTimeout(r, Math.min(n, 5)))))(ms);
    },
    now: setup.now,
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
