/**
 * A lookup, defined once: its inputs and outputs in zod, its description and what it runs with a client's
 * credentials. The same definition is served twice: as the Node functions `getX` / `getXOutput` (`lookup.ts`,
 * credentials from the program's config) and as the native invoke `<platform>:index:getX` (the plugin's
 * configured key), with the same camelCase result. This file loads no Pulumi SDK: the plugin reads it.
 */
import type { z } from "zod";
import type { RetryEvent } from "./http";

/** The credentials and client options a lookup's client takes. */
export interface Credentials {
  apiKey: string;
  apiUrl: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  onRetry?: (event: RetryEvent) => void;
}

/** One lookup of a platform's package. */
export interface LookupDefinition<
  In extends z.ZodObject = z.ZodObject,
  Out extends z.ZodObject = z.ZodObject,
> {
  /** What it returns: the Node function's and the schema's description. */
  description: string;
  inputs: In;
  outputs: Out;
  run(credentials: Credentials, args: z.output<In>): Promise<z.input<Out>>;
}

/** A lookup with its types checked against its schemas (and kept, for the Node functions' signatures). */
export function lookup<In extends z.ZodObject, Out extends z.ZodObject>(
  definition: LookupDefinition<In, Out>,
): LookupDefinition<In, Out> {
  return definition;
}
