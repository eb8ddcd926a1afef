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
 * One emulated API, plugged into the shared server (`app.ts`), which owns listening, faults, the rate
 * limit, the request log and the admin surface. A module owns its routes, its authentication and the
 * shape of its errors, so faults and rate limits answer the way that API would.
 */
export interface PlatformModule {
  readonly name: string;
  /** Answers an API request (synchronously: state changes happen before the answer is written). */
  handle(request: PlatformRequest): PlatformResponse;
  /** An error answer in this API's format (Roboflow: a plain string). */
  error(status: number, message: string): PlatformResponse;
  /** An out-of-band change from `POST /__emulator/deployments/{name}/{action}`. */
  outOfBand(name: string, action: string, body: unknown): PlatformResponse;
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
