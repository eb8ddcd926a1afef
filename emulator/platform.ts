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

/** One route of a table: a path pattern, its first group passed to the handler, and a handler per method. */
export interface Route<Handler> {
  pattern: RegExp;
  methods: Readonly<Record<string, Handler>>;
}

/**
 * The one way every emulated API routes: the handler of `request` in `routes`, the path's decoded first
 * group (`param`) and all its groups (`params`); `fail` makes the API's 405 (a known path, another method)
 * or 404 (no such path), thrown before any authentication.
 */
export function findRoute<Handler>(
  routes: ReadonlyArray<Route<Handler>>,
  request: PlatformRequest,
  fail: (status: number, message: string) => Error,
): { handler: Handler; param: string; params: string[] } {
  for (const route of routes) {
    const match = route.pattern.exec(request.path);
    if (!match) continue;
    const handler = route.methods[request.method];
    if (!handler) throw fail(405, `Method ${request.method} not allowed on ${request.path}`);
    const params = match.slice(1).map((group) => decodeURIComponent(group ?? ""));
    return { handler, param: params[0] ?? "", params };
  }
  throw fail(404, `No route for ${request.method} ${request.path}`);
}

/** A table of fixed paths written `"METHOD /path": handler`, as routes {@link findRoute} reads. */
export function fixedRoutes<Handler>(table: Readonly<Record<string, Handler>>): Array<Route<Handler>> {
  const byPath = new Map<string, Record<string, Handler>>();
  for (const [key, handler] of Object.entries(table)) {
    const [method = "", path = ""] = key.split(" ");
    byPath.set(path, { ...byPath.get(path), [method]: handler });
  }
  return [...byPath].map(([path, methods]) => ({
    pattern: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`),
    methods,
  }));
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(request: PlatformRequest): string | undefined {
  const header = request.headers?.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  return /^Bearer\s+(.+)$/i.exec(value ?? "")?.[1];
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
 * (`--pending-ms <n>`), a switch that takes no value (`--no-delete`), or one of a few words (`--tier free`).
 */
export type PlatformFlag<Options> = {
  /** `pending-ms`, used as `--pending-ms <n>`. */
  name: string;
  /** The usage line's text, its default included. */
  help: string;
} & (
  | { switch?: false; choices?: undefined; apply(options: Options, value: number): void }
  | { switch: true; apply(options: Options): void }
  | { switch?: false; choices: readonly string[]; apply(options: Options, value: string): void }
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
    apply: (options: { timing?: Partial<T> }, value: number) => {
      options.timing = { ...options.timing, [key]: value } as Partial<T>;
    },
  };
}

/** A flag that sets option `key` to one of `choices` (`--tier free`); the bin refuses any other word. */
export function choiceFlag<K extends string, C extends string>(
  name: string,
  key: K,
  choices: readonly C[],
  help: string,
): PlatformFlag<{ [P in K]?: C }> {
  return {
    name,
    help,
    choices,
    apply: (options, value) => {
      (options as Record<K, C>)[key] = value as C;
    },
  };
}

/** `value` without the keys set to undefined, so they do not hide a default when spread. */
export function withoutUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
