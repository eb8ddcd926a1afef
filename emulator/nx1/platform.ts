/**
 * The NX1 model deployment emulator as the shared server plugs it in (`createEmulator({platform: "nx1"})`,
 * `--platform nx1`): its options, and the store and routes built from them.
 */
import type { EmulatorOptions } from "../app";
import type { Clock } from "../clock";
import type { PlatformModule } from "../routing";
import { createNx1Routes } from "./routes";
import type { Nx1Timing, RegisteredModel } from "./shapes";
import { Nx1Store } from "./store";

/** How to start an emulator of NX1's model deployment API (Bearer key, FastAPI `{detail}` errors). */
export interface Nx1EmulatorOptions
  extends Omit<EmulatorOptions, "platform" | "timing" | "takenSubdomains" | "machineTypes"> {
  platform: "nx1";
  /** Milliseconds pending, deploying, until the last online replica is ready, and tearing down after a
   * delete (defaults 1000 / 2000 / 1000 / 1000). */
  timing?: Partial<Nx1Timing>;
  /** Replicas of every online deployment (default 2). */
  replicas?: number;
  /** The only registered models, with versions and aliases (default: any model, versions 1-9, aliases
   * `champion` → 3 and `challenger` → 4). */
  models?: Record<string, RegisteredModel>;
  /** False makes `DELETE` answer 405, as an NX1 without the assumed delete endpoint would (default true). */
  deleteAllowed?: boolean;
}

export const DEFAULT_NX1_TIMING: Nx1Timing = {
  pendingMs: 1000,
  deployMs: 2000,
  readyMs: 1000,
  deleteMs: 1000,
};

/** The store and routes of an NX1 emulator. */
export function createNx1Platform(
  options: Nx1EmulatorOptions,
  apiKey: string,
  clock: Clock,
): { store: Nx1Store; platform: PlatformModule } {
  // An option left undefined (a flag not given) keeps its default.
  const given = Object.entries(options.timing ?? {}).filter(([, ms]) => ms !== undefined);
  const store = new Nx1Store({
    clock,
    timing: { ...DEFAULT_NX1_TIMING, ...Object.fromEntries(given) },
    replicas: options.replicas,
    models: options.models,
    deleteAllowed: options.deleteAllowed,
  });
  return { store, platform: createNx1Routes(store, { apiKey }) };
}

export { createNx1Routes } from "./routes";
export {
  type Issue as Nx1Issue,
  type Nx1DeploymentRecord,
  Nx1Failure,
  type Nx1Status,
  type Nx1Timing,
  type RegisteredModel,
  type RunRecord as Nx1RunRecord,
} from "./shapes";
export { Nx1Store, type Nx1StoreOptions } from "./store";
