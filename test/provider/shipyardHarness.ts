/**
 * What the Shipyard provider tests share, as harness.ts is for Roboflow: an emulator on port 0 with tiny
 * timings, and a provider with fast sleeps, a captured log and the emulator's key and URL in its config.
 */
import {
  createEmulator,
  type Emulator,
  type ShipyardEmulatorOptions,
  type ShipyardStore,
} from "../../emulator";
import { DeploymentProvider } from "../../provider/shipyard/provider";
import { fakeConfig } from "./harness";

export { checked, rejection } from "./harness";

/** An emulator of the Shipyard API that accepts `apiKey`, with the given tier and timings. */
export function startShipyardEmulator(
  apiKey: string,
  options: Omit<ShipyardEmulatorOptions, "platform" | "apiKey"> = {},
): Promise<Emulator<ShipyardStore>> {
  return createEmulator({ platform: "shipyard", apiKey, ...options });
}

export interface ShipyardSetup {
  /** Called before each sleep: a hook to change the emulator's state while the provider waits. */
  onSleep?: (ms: number) => void;
  /** Stack config given to `configure`; by default the emulator's key and URL. */
  config?: Record<string, string>;
  /** Receives every progress line. */
  log?: (line: string) => void;
}

/** A provider pointed at `emulator` with short sleeps and requests, configured as the engine would. */
export async function shipyardProvider(
  emulator: Emulator<ShipyardStore>,
  setup: ShipyardSetup = {},
): Promise<DeploymentProvider> {
  const provider = new DeploymentProvider({
    env: {},
    sleep: async (ms) => {
      setup.onSleep?.(ms);
      await new Promise((r) => setTimeout(r, Math.min(ms, 5)));
    },
    log: setup.log,
    requestTimeoutMs: 500,
  });
  await provider.configure({
    config: fakeConfig(
      setup.config ?? { "shipyard:apiKey": emulator.apiKey, "shipyard:apiUrl": emulator.url },
    ),
  });
  return provider;
}
