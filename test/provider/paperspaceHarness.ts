/**
 * What the Paperspace provider tests share, as harness.ts is for Roboflow: an emulator on port 0 with tiny
 * timings on a ManualClock, a provider whose sleeps move that clock and which calls `onSleep` before each,
 * and check as the engine runs it.
 */
import { createEmulator, type Emulator, ManualClock, type PaperspaceStore } from "../../emulator";
import type { ProviderEnvironment } from "../../provider/core/runtime";
import { DeploymentProvider } from "../../provider/paperspace/provider";
import { providerTime } from "./harness";

export { checked, rejection } from "./harness";

/** An emulator of the Paperspace API that accepts `apiKey`, with the given spec timings on a ManualClock. */
export function startPaperspaceEmulator(
  apiKey: string,
  timing: { applyMs: number; readyMs: number },
): Promise<Emulator<PaperspaceStore>> {
  return createEmulator({ platform: "paperspace", apiKey, timing, clock: new ManualClock() });
}

export interface PaperspaceSetup extends Omit<ProviderEnvironment, "sleep"> {
  /** Called before each sleep: a hook to change the emulator's state while the provider waits. */
  onSleep?: (ms: number) => void;
  /** Replaces the sleep that moves the emulator's clock (see `providerTime` in harness.ts). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A provider for `emulator` whose sleeps move the emulator's clock and which calls `onSleep` before each;
 * it reads the emulator's clock unless given `now` or a sleep of its own.
 */
export function paperspaceProvider(
  emulator: Emulator<PaperspaceStore>,
  setup: PaperspaceSetup = {},
): DeploymentProvider {
  const { onSleep, sleep, ...environment } = setup;
  const time = providerTime(emulator.clock);
  return new DeploymentProvider({
    ...environment,
    now: environment.now ?? (sleep ? undefined : time.now),
    sleep: async (ms) => {
      onSleep?.(ms);
      await (sleep ?? time.sleep)(ms);
    },
  });
}
