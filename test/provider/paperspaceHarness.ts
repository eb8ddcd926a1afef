/**
 * What the Paperspace provider tests share, as harness.ts is for Roboflow: an emulator on port 0 with tiny
 * timings, a provider with fast sleeps and a captured log, and check as the engine runs it.
 */
import { createEmulator, type Emulator, type PaperspaceStore } from "../../emulator";
import type { Props } from "../../provider/core/dynamic";
import { DeploymentProvider, type ProviderEnvironment } from "../../provider/paperspace/provider";

export { rejection } from "./harness";

/** An emulator of the Paperspace API that accepts `apiKey`, with the given spec timings. */
export function startPaperspaceEmulator(
  apiKey: string,
  timing: { applyMs: number; readyMs: number },
): Promise<Emulator<PaperspaceStore>> {
  return createEmulator({ platform: "paperspace", apiKey, timing });
}

export interface PaperspaceSetup extends Omit<ProviderEnvironment, "sleep"> {
  /** Called before each sleep: a hook to change the emulator's state while the provider waits. */
  onSleep?: (ms: number) => void;
  /** Replaces the fast sleep (a few real milliseconds at most). */
  sleep?: (ms: number) => Promise<void>;
}

/** A provider whose sleeps are short and which calls `onSleep` before each. */
export function paperspaceProvider(setup: PaperspaceSetup = {}): DeploymentProvider {
  const { onSleep, sleep, ...environment } = setup;
  return new DeploymentProvider({
    ...environment,
    sleep: async (ms) => {
      onSleep?.(ms);
      await (sleep ?? ((n: number) => new Promise<void>((r) => setTimeout(r, Math.min(n, 5)))))(ms);
    },
  });
}

/** Runs check as the engine does and fails the test on any failure: the inputs create/update receive. */
export async function checked(p: DeploymentProvider, news: Props): Promise<Props> {
  const result = await p.check({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Props;
}
