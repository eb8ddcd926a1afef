/**
 * Credentials for lookup functions, which run inside the program rather than in the provider: the
 * explicit option first, then the platform's stack config, then its environment variable.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlatformSettings } from "./runtime";

/** Explicit credentials for one lookup, overriding config and environment. */
export interface LookupOptions {
  apiKey?: string;
  apiUrl?: string;
}

/** The key and URL a lookup uses; throws naming the config key and variable when there is no key. */
export function lookupCredentials(
  settings: Omit<PlatformSettings, "missingKeyMessage">,
  options: LookupOptions = {},
): { apiKey: string; apiUrl: string } {
  const config = new pulumi.Config(settings.namespace);
  const apiKey = options.apiKey ?? config.get("apiKey") ?? process.env[`${settings.envPrefix}_API_KEY`];
  if (!apiKey) {
    throw new Error(
      `${settings.namespace} lookup: no API key; set \`pulumi config set --secret ${settings.namespace}:apiKey <key>\` ` +
        `or ${settings.envPrefix}_API_KEY`,
    );
  }
  return {
    apiKey,
    apiUrl:
      options.apiUrl ??
      config.get("apiUrl") ??
      process.env[`${settings.envPrefix}_API_URL`] ??
      settings.defaultApiUrl,
  };
}
