/**
 * The Shipyard emulator as the registry knows it: its options and their defaults, its command-line flags
 * (`--provision-ms`, `--tier` and the shared `--pending-ms` / `--delete-ms`), and how its store and routes
 * are built.
 */
import { choiceFlag, type EmulatedPlatform, timingFlag, withoutUndefined } from "../platform";
import { createShipyardRoutes } from "./routes";
import { type ShipyardTiming, type TemplateSpec, TIER_LIMITS, type Tier } from "./shapes";
import { ShipyardStore } from "./store";

/** The Shipyard emulator's own options, besides the common ones. */
export interface ShipyardEmulatorOptions {
  /** Milliseconds Pending, Provisioning (after a create, config change or restart) and Deleting last (defaults 2000 / 3000 / 1000). */
  timing?: Partial<ShipyardTiming>;
  /** The billing tier whose deployment limit applies (default `business`: 10). */
  tier?: Tier;
  /** The templates offered (default nginx, postgres, redis, wordpress). */
  templates?: Record<string, TemplateSpec>;
}

export const shipyardDefaults: { timing: ShipyardTiming; tier: Tier } = {
  timing: { pendingMs: 2000, provisionMs: 3000, deleteMs: 1000 },
  tier: "business",
};

export const shipyardPlatform: EmulatedPlatform<ShipyardEmulatorOptions, ShipyardStore> = {
  name: "shipyard",
  flags: [
    timingFlag(shipyardDefaults.timing, "pending-ms", "pendingMs", "how long a new deployment stays Pending"),
    timingFlag(shipyardDefaults.timing, "provision-ms", "provisionMs", "how long pods take to start"),
    timingFlag(shipyardDefaults.timing, "delete-ms", "deleteMs", "how long a deletion stays Deleting"),
    choiceFlag(
      "tier",
      "tier",
      Object.keys(TIER_LIMITS) as Tier[],
      "free (1 deployment), business (10, default) or enterprise (unlimited)",
    ),
  ],
  create(options, { apiKey, clock }) {
    const store = new ShipyardStore({
      clock,
      timing: { ...shipyardDefaults.timing, ...withoutUndefined(options.timing) },
      tier: options.tier ?? shipyardDefaults.tier,
      templates: options.templates,
    });
    return { store, routes: createShipyardRoutes(store, { apiKey }) };
  },
};
