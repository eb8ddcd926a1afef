/**
 * Shipyard as the package declares it: its settings and provider config.
 */
import { platformSettings } from "../core/platformProvider";
import { DEFAULT_API_URL } from "./client";

/** How Shipyard names its settings, and its provider config. */
export const settings = platformSettings("Shipyard", "shipyard", DEFAULT_API_URL, {
  apiKey: "the API key (scopes `deployments:read`, `deployments:write`), sent as a Bearer token",
  apiUrl:
    "**required**, your installation's URL: Shipyard has no public API, and without it `preview` fails naming `shipyard:apiUrl`",
});
