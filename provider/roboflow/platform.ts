/**
 * Roboflow as the package declares it: its settings and provider config.
 */
import { platformSettings } from "../core/platformProvider";
import { DEFAULT_API_URL } from "./client";

/** How Roboflow names its settings, and its provider config. */
export const settings = platformSettings("Roboflow", "roboflow", DEFAULT_API_URL, {
  apiKey: "the workspace API key; read by the provider in `configure`, never stored in plaintext",
  apiUrl:
    "the API's base URL, default `https://roboflow.cloud` (`https://eu.roboflow.cloud` for EU workspaces); point it at the emulator to work offline",
});
