/**
 * The Shipyard emulator as a platform of the shared server: its options, and the store and routes that
 * `createEmulator({platform: "shipyard"})` plugs in.
 */
import type { EmulatorOptions } from "../app";
import type { Clock } from "../clock";
import type { PlatformModule } from "../routing";
import { createShipyardRoutes } from "./routes";
import type { ShipyardTiming, TemplateSpec, Tier } from "./shapes";
import { ShipyardStore } from "./store";

/** How to start an emulator of the Shipyard deployments API (Bearer key, `{error}` answers). */
export interface ShipyardEmulatorOptions
  extends Omit<EmulatorOptions, "platform" | "timing" | "takenSubdomains" | "machineTypes"> {
  platform: "shipyard";
  /** Milliseconds Pending, Provisioning (after a create, config change or restart) and Deleting last (defaults 2000 / 3000 / 1000). */
  timing?: Partial<ShipyardTiming>;
  /** The billing tier whose deployment limit applies (default `business`: 10). */
  tier?: Tier;
  /** The templates offered (default nginx, postgres, redis, wordpress). */
  templates?: Record<string, TemplateSpec>;
}

/** The store and routes of a Shipyard emulator. */
export function createShipyardPlatform(
  options: ShipyardEmulatorOptions,
  apiKey: () => string,
  clock: Clock,
): { store: ShipyardStore; platform: PlatformModule } {
  const store = new ShipyardStore({
    clock,
    timing: {
      pendingMs: options.timing?.pendingMs ?? 2000,
      provisionMs: options.timing?.provisionMs ?? 3000,
      deleteMs: options.timing?.deleteMs ?? 1000,
    },
    tier: options.tier,
    templates: options.templates,
  });
  return { store, platform: createShipyardRoutes(store, { apiKey }) };
}

export { createShipyardRoutes } from "./routes";
export {
  DEFAULT_TEMPLATES,
  type EventRecord as ShipyardEventRecord,
  type IngressRecord,
  type ListRecord as ShipyardListRecord,
  type RevisionRecord,
  ShipyardFailure,
  type ShipyardStatus,
  type ShipyardTiming,
  type StatusRecord as ShipyardStatusRecord,
  type TemplateSpec,
  TIER_LIMITS,
  type Tier,
} from "./shapes";
export {
  type AutoUpdate,
  type CreateInput,
  type DeploymentView,
  ShipyardStore,
  type ShipyardStoreOptions,
} from "./store";
