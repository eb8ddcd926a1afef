/**
 * The Roboflow emulator as the registry knows it: its options and their defaults, its command-line flags,
 * and how its store and routes are built.
 */
import { type EmulatedPlatform, timingFlag, withoutUndefined } from "../platform";
import { createRoboflowRoutes } from "./routes";
import type { RoboflowTiming } from "./shapes";
import { RoboflowStore } from "./store";

/** The Roboflow emulator's own options, besides the common ones. */
export interface RoboflowEmulatorOptions {
  /** Durations of the transient states, in milliseconds (defaults 3000 / 2000 / 1000). */
  timing?: Partial<RoboflowTiming>;
  /** Subdomains taken elsewhere: creating a deployment with such a name gets a short random suffix. */
  takenSubdomains?: string[];
  /** Machine types offered (default dev-cpu, dev-gpu, prod-cpu, prod-gpu). */
  machineTypes?: string[];
  /**
   * What the API keeps, and reports, for a deployment added without `delete_on_expiration`. Unset: false,
   * not reported (the seed's answer). The API's own choice is not documented: tests run either way.
   */
  deleteOnExpiration?: boolean;
}

export const roboflowDefaults: { timing: RoboflowTiming } = {
  timing: { pendingMs: 3000, resumeMs: 2000, deleteMs: 1000 },
};

export const roboflowPlatform: EmulatedPlatform<RoboflowEmulatorOptions, RoboflowStore> = {
  name: "roboflow",
  flags: [
    timingFlag(roboflowDefaults.timing, "pending-ms", "pendingMs", "how long a new deployment stays pending"),
    timingFlag(
      roboflowDefaults.timing,
      "resume-ms",
      "resumeMs",
      "how long a resumed deployment stays pending",
    ),
    timingFlag(
      roboflowDefaults.timing,
      "delete-ms",
      "deleteMs",
      "how long a deleted deployment stays deleting",
    ),
  ],
  create(options, { apiKey, clock }) {
    const store = new RoboflowStore({
      clock,
      timing: { ...roboflowDefaults.timing, ...withoutUndefined(options.timing) },
      machineTypes: options.machineTypes,
      takenSubdomains: options.takenSubdomains,
    });
    return {
      store,
      routes: createRoboflowRoutes(store, { apiKey, clock, deleteOnExpiration: options.deleteOnExpiration }),
    };
  },
};
