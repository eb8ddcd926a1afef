/**
 * The Roboflow provider tests' harness: a Roboflow emulator on port 0 with tiny timings on a ManualClock,
 * and a DedicatedDeploymentProvider wired to it whose sleeps move that clock, with a captured log and a fake
 * stack config (the shared parts in `harness.ts`).
 */
import { createEmulator, type Emulator, type EmulatorOptions, ManualClock } from "../../emulator";
import { PROVIDER_KEY, type Props } from "../../provider/core/dynamic";
import type { ProviderEnvironment } from "../../provider/core/runtime";
import { DedicatedDeploymentProvider } from "../../provider/roboflow/provider";
import { fakeConfig, PROVIDER_TEXT, providerTime } from "./harness";

/** A key distinctive enough that finding it anywhere in a message or log line is a leak. */
export const KEY = "rfk-S3CRET-7f3a9c2e1b-do-not-print";

/** An emulator that accepts {@link KEY}, with tiny timings on its own ManualClock unless told otherwise. */
export function startRoboflowEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return createEmulator({
    apiKey: KEY,
    clock: new ManualClock(),
    timing: { pendingMs: 50, resumeMs: 50, deleteMs: 50 },
    ...options,
  });
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
export async function roboflowProvider(emulator: Emulator, setup: ProviderSetup = {}): Promise<TestProvider> {
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
