/**
 * NX1 as the package declares it: its settings and provider config.
 */
import { platformSettings } from "../core/platformProvider";

/** How NX1 names its settings, and its provider config. */
export const settings = platformSettings("NX1", "nx1", "", {
  apiKey: "the platform key (PSK), sent as a Bearer token; read in `configure`, never stored in plaintext",
  apiUrl:
    "your platform's base URL, **required**: NX1 has no public API, and without it `pulumi preview` fails, naming both ways to set it",
});
