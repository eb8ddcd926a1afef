/**
 * Credentials for lookup functions, which run inside the program rather than in the provider: the
 * explicit option first, then the platform's stack config, then its environment variable, read and
 * validated through the platform's one provider config schema.
 */
import * as pulumi from "@pulumi/pulumi";
import { providerConfig, resolveConfig } from "./config";
import type { PlatformSettings } from "./runtime";

/** Explicit credentials for one lookup, overriding config and environment. */
export interface LookupOptions {
  apiKey?: string;
  apiUrl?: string;
}

/**
 * The key and URL a lookup uses; throws naming the config key and variable when there is no key, or when a
 * key is invalid (an `http://` URL to another machine), before any request.
 */
export function lookupCredentials(
  settings: Omit<PlatformSettings, "missingKeyMessage">,
  options: LookupOptions = {},
): { apiKey: string; apiUrl: string } {
  const config = new pulumi.Config(settings.namespace);
  const schema =
    settings.config ?? providerConfig(settings, { apiKey: "the API key", apiUrl: "the API's base URL" });
  const given: Record<string, string | undefined> = { ...options };
  const { values, failures } = resolveConfig(
    schema,
    settings,
    (key) => given[key] ?? config.get(key),
    process.env,
  );
  if (failures[0]) {
    throw new Error(`${settings.namespace} lookup: ${failures[0].reason}`);
  }
  if (!values.apiKey) {
    throw new Error(
      `${settings.namespace} lookup: no API key; set \`pulumi config set --secret ${settings.namespace}:apiKey <key>\` ` +
        `or ${settings.envPrefix}_API_KEY`,
    );
  }
  return { apiKey: values.apiKey, apiUrl: values.apiUrl ?? settings.defaultApiUrl };
}
