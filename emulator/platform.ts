import type { Clock } from "./clock";

/** An API request as a platform route module sees it: the body is already read and parsed. */
export interface PlatformRequest {
  method: string;
  /** The path without the query, e.g. `/add`. */
  path: string;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when there was none or it did not parse (see `bodyError`). */
  body: unknown;
  /** Set when a body was sent but is not valid JSON. */
  bodyError?: string;
  /** The request headers, lower-cased names (for APIs that authenticate by header). */
  headers?: Record<string, string | string[] | undefined>;
}

/** A complete answer, ready to be written. */
export interface PlatformResponse {
  status: number;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

/**
 * One emulated API, plugged into the shared server (`server.ts`), which owns listening, faults, the rate
 * limit, the request log and the admin surface. A module owns its routes, its authentication and the
 * shape of its errors, so faults and rate limits answer the way that API would.
 */
export interface PlatformModule {
  readonly name: string;
  /** Answers an API request (synchronously: state changes happen before the answer is written). */
  handle(request: PlatformRequest): PlatformResponse;
  /** An error answer in this API's format (Roboflow: a plain string). */
  error(status: number, message: string): PlatformResponse;
  /** The answer to a failure the store or the routes raised in this API's terms; undefined for any other error. */
  failure(error: unknown): PlatformResponse | undefined;
  /**
   * Out-of-band changes by action, for `POST /__emulator/deployments/{id}/{action}`: each receives the
   * deployment's key, the JSON body's fields and its `message` when it is a string.
   */
  readonly outOfBand: Readonly<
    Record<string, (id: string, fields: Record<string, unknown>, message?: string) => void>
  >;
  /** The deployment as the API shows it now, or undefined; the admin surface answers with it. */
  view(id: string): unknown;
  /** Forgets all state. */
  reset(): void;
}

/** A 200 (or other) answer with a JSON body. */
export function jsonResponse(status: number, value: unknown): PlatformResponse {
  return { status, body: JSON.stringify(value), contentType: "application/json" };
}

/** An answer whose body is a plain string. */
export function textResponse(status: number, message: string): PlatformResponse {
  return { status, body: message, contentType: "text/plain; charset=utf-8" };
}

/** The options every emulator takes, whatever API it emulates. */
export interface CommonEmulatorOptions {
  /** The only API key accepted (default `"emulator-key"`); any other answers 401. */
  apiKey?: string;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Port to listen on (default 0: an ephemeral port, see `url`). */
  port?: number;
  /** Source of time for the state machine and the rate limit (default: the wall clock). */
  clock?: Clock;
  /** Answer 429 with `Retry-After` beyond this many API requests per second (emulator clock). */
  rateLimit?: { requestsPerSecond: number };
  /** Receives one line per request, API key redacted. */
  log?: (line: string) => void;
}

/**
 * A command-line flag of one platform, written into its options: a non-negative whole number
 * (`--pending-ms <n>`), or a switch that takes no value (`--no-delete`).
 */
export type PlatformFlag<Options> = {
  /** `pending-ms`, used as `--pending-ms <n>`. */
  name: string;
  /** The usage line's text, its default included. */
  help: string;
} & (
  | { switch?: false; apply(options: Options, value: number): void }
  | { switch: true; apply(options: Options): void }
);

/**
 * One emulated API as the server, the registry and the bin see it: its own options and their defaults,
 * its command-line flags, and how it builds its store and routes. The server knows nothing more of it.
 */
export interface EmulatedPlatform<Options, Store> {
  readonly name: string;
  readonly flags: ReadonlyArray<PlatformFlag<Options>>;
  create(
    options: Options,
    context: { apiKey: () => string; clock: Clock },
  ): { store: Store; routes: PlatformModule };
}

/** A flag that sets one of a platform's timings, its default named in the usage line. */
export function timingFlag<T extends { [K in keyof T]: number }>(
  defaults: T,
  name: string,
  key: keyof T & string,
  what: string,
): PlatformFlag<{ timing?: Partial<T> }> {
  return {
    name,
    help: `${what} (default ${defaults[key]})`,
    apply: (options, value) => {
      options.timing = { ...options.timing, [key]: value } as Partial<T>;
    },
  };
}

/** `value` without the keys set to undefined, so they do not hide a default when spread. */
export function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
