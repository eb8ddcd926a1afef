/**
 * How Shipyard names its settings, shared by the provider and the lookups: `shipyard:apiKey` /
 * `SHIPYARD_API_KEY` and `shipyard:apiUrl` / `SHIPYARD_API_URL`. The URL has no default: every
 * installation of Shipyard has its own.
 */
import type { PlatformSettings } from "../core/runtime";

export const MISSING_KEY =
  "no Shipyard API key: set one with `pulumi config set --secret shipyard:apiKey <key>`, " +
  "the SHIPYARD_API_KEY environment variable, or the apiKey input";

export const MISSING_URL =
  "no Shipyard API URL: Shipyard has no public default, set your installation's with " +
  "`pulumi config set shipyard:apiUrl https://shipyard.example.com` or the SHIPYARD_API_URL environment variable";

export const settings: PlatformSettings = {
  namespace: "shipyard",
  envPrefix: "SHIPYARD",
  defaultApiUrl: "",
  missingKeyMessage: MISSING_KEY,
};
