/**
 * The Node side of lookups, which run inside the program rather than in the provider: each lookup's
 * definition (`lookupDefinition.ts`) served as `getX` and `getXOutput`, with credentials from the explicit
 * option first, then the platform's stack config, then its environment variable, read and validated
 * through the platform's one provider config schema.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { resolveConfig } from "./config";
import type { LookupDefinition } from "./lookupDefinition";
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
  const given: Record<string, string | undefined> = { ...options };
  const { values, failures } = resolveConfig(
    settings.config,
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
  const apiUrl = values.apiUrl ?? settings.defaultApiUrl;
  if (!apiUrl && settings.missingUrlMessage) {
    throw new Error(`${settings.namespace} lookup: ${settings.missingUrlMessage}`);
  }
  return { apiKey: values.apiKey, apiUrl };
}

/** A window bound (`from`, `to`) may be given to a Node lookup as a Date: it is sent as ISO 8601. */
type NodeArgs<A> = { [K in keyof A]: K extends "from" | "to" ? A[K] | Date : A[K] };

/** The Node pair of one lookup: `getX(args, opts)` and `getXOutput(args, opts)`. */
export type LookupFunction<D> =
  D extends LookupDefinition<infer In, infer Out>
    ? (args?: NodeArgs<z.input<In>> & LookupOptions, opts?: pulumi.InvokeOptions) => Promise<z.output<Out>>
    : never;
export type LookupOutputFunction<D> =
  D extends LookupDefinition<infer In, infer Out>
    ? (
        args?: pulumi.Inputs & {
          [K in keyof NodeArgs<z.input<In>> & LookupOptions]: pulumi.Input<
            (NodeArgs<z.input<In>> & LookupOptions)[K]
          >;
        },
        opts?: pulumi.InvokeOptions,
      ) => pulumi.Output<z.output<Out>>
    : never;

/** The Node functions of a platform's lookups: each `name` and `nameOutput`. */
export type NodeLookups<Defs> = { [K in keyof Defs & string]: LookupFunction<Defs[K]> } & {
  [K in keyof Defs & string as `${K}Output`]: LookupOutputFunction<Defs[K]>;
};

/**
 * The Node functions of `definitions`, which run in the program: the key and URL from the arguments, the
 * platform's stack config or its environment; the arguments checked by the lookup's schema before any
 * request; the result the same camelCase object the native invoke returns. `opts` (the SDK's invoke
 * options) are accepted for the shape Pulumi's functions have; no engine call is made.
 */
export function nodeLookups<Defs extends Record<string, LookupDefinition>>(
  settings: Omit<PlatformSettings, "missingKeyMessage">,
  definitions: Defs,
): NodeLookups<Defs> {
  const functions: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const run = async (given: Record<string, unknown> = {}) => {
      const { apiKey, apiUrl, ...rest } = given;
      const args = Object.fromEntries(
        Object.entries(rest).map(([key, value]) => [
          key,
          value instanceof Date ? isoOrInvalid(value) : value,
        ]),
      );
      const parsed = definition.inputs.safeParse(args);
      if (!parsed.success) {
        const [issue] = parsed.error.issues;
        throw new Error(`${settings.namespace} lookup: [${issue?.path.join(".")}] ${issue?.message}`);
      }
      const credentials = lookupCredentials(settings, {
        apiKey: apiKey as string | undefined,
        apiUrl: apiUrl as string | undefined,
      });
      return definition.outputs.parse(await definition.run(credentials, parsed.data));
    };
    functions[name] = (args?: Record<string, unknown>, _opts?: pulumi.InvokeOptions) => run(args);
    functions[`${name}Output`] = (args?: pulumi.Inputs, _opts?: pulumi.InvokeOptions) =>
      pulumi.output(args ?? {}).apply((plain) => run(plain as Record<string, unknown>));
  }
  return functions as NodeLookups<Defs>;
}

/** A Date as ISO 8601; an invalid one as its text, which the lookup's schema then refuses naming the field. */
function isoOrInvalid(value: Date): string {
  return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
}
