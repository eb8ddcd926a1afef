/**
 * A platform's provider config as one typed schema, built from the keys every platform shares: `apiKey`
 * (secret), `apiUrl` and `adoptExisting`, each with its environment fallback and its description. The
 * runtime, the lookups, the package schema's `config` section and the README's configuration tables all
 * read it; nothing else names a config key.
 */
import { z } from "zod";
import type { CheckFailure } from "./dynamic";
import { markdownTable } from "./fields";

/** What a config key is, beyond its type: for the package schema, the docs and the messages. */
export interface ConfigKeyMeta {
  /** What it is: the schema's description and the README table's meaning. */
  description: string;
  /** The package schema's type of the key. */
  type: "string" | "boolean";
  /** Never shown in plaintext: in state, output or the schema's SDKs. */
  secret?: boolean;
  /** The environment variable read, at call time, when the stack config does not set the key. */
  env: string;
}

/** The facts of every config key, registered on the key's schema. */
export const configFacts = z.registry<ConfigKeyMeta>();

/** How a platform names its config: `<namespace>:apiKey` in stack config, `<ENVPREFIX>_API_KEY` in the env. */
export interface ConfigNames {
  namespace: string;
  envPrefix: string;
}

/** What each shared key means on one platform, in its own words. */
export interface ConfigTexts {
  apiKey: string;
  apiUrl: string;
}

/** Loopback hosts, to which `http` is allowed: the emulator, a tunnel, a local proxy. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Why `value` may not be an API's base URL, if it may not: it must be absolute, and `https`, or `http` only
 * to a loopback host, so that a key is never sent in clear text over a network.
 */
export function apiUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL, such as https://api.example.com";
  }
  if (url.protocol === "https:") {
    return undefined;
  }
  if (url.protocol === "http:") {
    return isLoopback(url.hostname)
      ? undefined
      : `must use https: http is allowed only to a loopback host (127.0.0.1, localhost, [::1]) so the API key never travels in clear text, and ${url.host} is not one`;
  }
  return `must be an https URL, not ${url.protocol.replace(/:$/, "")}`;
}

/** `"true"` and `"false"` as stack config and the environment give them, or a boolean from a typed SDK. */
const Flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")], {
  error: "must be true or false",
});

/** A platform's provider config schema from the shared keys, described in the platform's words. */
export function providerConfig(names: ConfigNames, texts: ConfigTexts) {
  const { envPrefix } = names;
  return z.object({
    apiKey: z
      .string()
      .optional()
      .register(configFacts, {
        description: texts.apiKey,
        type: "string",
        secret: true,
        env: `${envPrefix}_API_KEY`,
      }),
    apiUrl: z
      .string()
      .superRefine((value, ctx) => {
        const problem = apiUrlProblem(value);
        if (problem) {
          ctx.addIssue({ code: "custom", message: problem });
        }
      })
      .optional()
      .register(configFacts, {
        description: `${texts.apiUrl}; \`https\`, or \`http\` to a loopback host only`,
        type: "string",
        env: `${envPrefix}_API_URL`,
      }),
    adoptExisting: Flag.optional().register(configFacts, {
      description:
        "whether every create adopts a matching existing deployment, as the `adopt` input does: set it for one run " +
        `(\`${envPrefix}_ADOPT_EXISTING=true pulumi up\`) to recover deployments whose create a killed run cut off`,
      type: "boolean",
      env: `${envPrefix}_ADOPT_EXISTING`,
    }),
  });
}

/** A platform's provider config schema. */
export type ProviderConfig = ReturnType<typeof providerConfig>;
/** A platform's provider config as parsed. */
export type ProviderConfigValues = z.output<ProviderConfig>;

/** The keys of a config schema with their facts, in declaration order. */
export function configKeys(schema: ProviderConfig): Array<[string, ConfigKeyMeta]> {
  return Object.entries(schema.shape).map(([key, field]) => {
    const meta = configFacts.get(field);
    if (!meta) {
      throw new Error(`config key ${key} is declared without its facts: register it on configFacts`);
    }
    return [key, meta];
  });
}

/**
 * The config from `get` (the stack config, or a lookup's options), each key falling back to its environment
 * variable; the failures name the key (`roboflow:apiUrl`) and its variable, and never show a secret.
 */
export function resolveConfig(
  schema: ProviderConfig,
  names: ConfigNames,
  get: (key: string) => unknown,
  env: NodeJS.ProcessEnv,
): { values: ProviderConfigValues; failures: CheckFailure[] } {
  const keys = configKeys(schema);
  // An empty value counts as unset, as an empty variable always has.
  const given = (value: unknown) => (value === "" ? undefined : value);
  const raw = Object.fromEntries(keys.map(([key, meta]) => [key, given(get(key)) ?? given(env[meta.env])]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) {
    return { values: parsed.data, failures: [] };
  }
  const facts = new Map(keys);
  const failures = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "");
    const meta = facts.get(key);
    const shown = meta?.secret ? "" : ` (given ${JSON.stringify(raw[key])})`;
    return {
      property: key,
      reason: `${names.namespace}:${key}${meta ? ` (or ${meta.env})` : ""} ${issue.message}${key === "apiUrl" ? "" : shown}`,
    };
  });
  return { values: {}, failures };
}

/** The README's configuration table of a platform: key, environment fallback, meaning. */
export function configTable(schema: ProviderConfig, names: ConfigNames): string {
  const rows = configKeys(schema).map(([key, meta]) => [
    `\`${names.namespace}:${key}\`${meta.secret ? " (secret)" : ""}`,
    `\`${meta.env}\``,
    meta.description,
  ]);
  return markdownTable(["key", "env fallback", "meaning"], rows);
}
