/**
 * Paperspace as the package declares it: its settings and provider config.
 */
import { platformSettings } from "../core/platformProvider";
import { DEFAULT_API_URL } from "./client";

/** How Paperspace names its settings, and its provider config. */
export const settings = platformSettings("Paperspace", "paperspace", DEFAULT_API_URL, {
  apiKey: "the team's API key, sent as a Bearer token; read in `configure`, never stored in plaintext",
  apiUrl:
    "the API's base URL, default `https://api.paperspace.com/v1`; point it at the emulator to work offline",
});
