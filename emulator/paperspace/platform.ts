/**
 * The Paperspace emulator as the registry knows it: its options and their defaults, its command-line
 * flags, and how its store and routes are built.
 */
import { type EmulatedPlatform, timingFlag, withoutUndefined } from "../platform";
import { createPaperspaceRoutes } from "./routes";
import type { PaperspaceTiming } from "./shapes";
import { PaperspaceStore } from "./store";

/** The Paperspace emulator's own options, besides the common ones. */
export interface PaperspaceEmulatorOptions {
  /** Milliseconds from an upsert to the spec being applied, then to it being healthy (defaults 2000 / 3000). */
  timing?: Partial<PaperspaceTiming>;
  /** The only project IDs that exist; any other answers 404 (default: every project exists). */
  projects?: string[];
}

export const paperspaceDefaults: { timing: PaperspaceTiming } = { timing: { applyMs: 2000, readyMs: 3000 } };

export const paperspacePlatform: EmulatedPlatform<PaperspaceEmulatorOptions, PaperspaceStore> = {
  name: "paperspace",
  flags: [
    timingFlag(
      paperspaceDefaults.timing,
      "apply-ms",
      "applyMs",
      "how long until an upserted spec is applied",
    ),
    timingFlag(paperspaceDefaults.timing, "ready-ms", "readyMs", "how long from applied to healthy"),
  ],
  create(options, { apiKey, clock }) {
    const store = new PaperspaceStore({
      clock,
      timing: { ...paperspaceDefaults.timing, ...withoutUndefined(options.timing) },
      projects: options.projects,
    });
    return { store, routes: createPaperspaceRoutes(store, { apiKey }) };
  },
};
