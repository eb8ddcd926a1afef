/**
 * The NX1 emulator as the registry knows it: its options and their defaults, its command-line flags, and
 * how its store and routes are built.
 */
import { type EmulatedPlatform, timingFlag, withoutUndefined } from "../platform";
import { createNx1Routes } from "./routes";
import type { Nx1Timing, RegisteredModel } from "./shapes";
import { Nx1Store } from "./store";

/** The NX1 emulator's own options, besides the common ones (Bearer key, FastAPI `{detail}` errors). */
export interface Nx1EmulatorOptions {
  /**
   * Milliseconds pending, deploying, until the last online replica is ready, and tearing down after a
   * delete (defaults 1000 / 2000 / 1000 / 1000).
   */
  timing?: Partial<Nx1Timing>;
  /** Replicas of every online deployment (default 2). */
  replicas?: number;
  /**
   * The only registered models, with versions and aliases (default: any model, versions 1-9, aliases
   * `champion` → 3 and `challenger` → 4).
   */
  models?: Record<string, RegisteredModel>;
  /** False makes `DELETE` answer 405, as an NX1 without the assumed delete endpoint would (default true). */
  deleteAllowed?: boolean;
}

export const nx1Defaults: { timing: Nx1Timing } = {
  timing: { pendingMs: 1000, deployMs: 2000, readyMs: 1000, deleteMs: 1000 },
};

const timing = (name: string, key: keyof Nx1Timing, what: string) =>
  timingFlag(nx1Defaults.timing, name, key, what);

export const nx1Platform: EmulatedPlatform<Nx1EmulatorOptions, Nx1Store> = {
  name: "nx1",
  flags: [
    timing("pending-ms", "pendingMs", "how long a new deployment stays pending"),
    timing("deploy-ms", "deployMs", "how long a deployment stays deploying after pending"),
    timing("ready-ms", "readyMs", "how long the last online replica takes after active"),
    timing("delete-ms", "deleteMs", "how long a deleted deployment takes to be archived"),
    {
      name: "no-delete",
      switch: true,
      help: "DELETE answers 405, as an NX1 without the assumed delete endpoint",
      apply: (options) => {
        options.deleteAllowed = false;
      },
    },
  ],
  create(options, { apiKey, clock }) {
    const store = new Nx1Store({
      clock,
      timing: { ...nx1Defaults.timing, ...withoutUndefined(options.timing) },
      replicas: options.replicas,
      models: options.models,
      deleteAllowed: options.deleteAllowed,
    });
    return { store, routes: createNx1Routes(store, { apiKey }) };
  },
};
