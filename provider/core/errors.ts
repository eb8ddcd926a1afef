/**
 * The error family raised by every platform client. Errors are recognised by `name` as well as by class,
 * because the provider is loaded again from serialized text in the provider host, where `instanceof`
 * can fail across module copies.
 */
import { statusMayHaveBeenProcessed } from "./retryPolicy";

/** Where a failed call was going: the platform, the HTTP method and the path (never the query). */
export interface CallSite {
  platform: string;
  method: string;
  path: string;
}

/** Any failure of a call to a platform API. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly platform: string;
  readonly method: string;
  readonly path: string;
  /** True when the request may or may not have been carried out (no answer, or an unreadable one). */
  readonly ambiguous: boolean;

  constructor(call: CallSite, message: string, options: { cause?: unknown; ambiguous?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.platform = call.platform;
    this.method = call.method;
    this.path = call.path;
    this.ambiguous = options.ambiguous ?? false;
  }
}

/** The API answered with a non-success status. */
export class HttpStatusError extends ApiError {
  override name = "HttpStatusError";
  readonly status: number;
  /** The error text the API gave, already redacted. */
  readonly detail: string;
  /** Seconds the API asked us to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(call: CallSite, status: number, detail: string, retryAfterSeconds?: number) {
    super(call, `${call.platform} API ${call.method} ${call.path} failed with status ${status}: ${detail}`, {
      ambiguous: statusMayHaveBeenProcessed(status),
    });
    this.status = status;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** No usable answer arrived: connection refused or reset, or the request timed out. */
export class NetworkError extends ApiError {
  override name = "NetworkError";
  readonly timedOut: boolean;

  constructor(call: CallSite, reason: string, timedOut: boolean, cause?: unknown) {
    super(call, `${call.platform} API ${call.method} ${call.path} failed: ${reason}`, {
      cause,
      ambiguous: true,
    });
    this.timedOut = timedOut;
  }
}

/** The API answered 200 with a body that is not the documented shape (not JSON, or JSON of another form). */
export class ResponseFormatError extends ApiError {
  override name = "ResponseFormatError";

  constructor(call: CallSite, reason: string, cause?: unknown) {
    super(
      call,
      `${call.platform} API ${call.method} ${call.path} returned an unreadable response: ${reason}`,
      {
        cause,
        ambiguous: true,
      },
    );
  }
}

/** Waiting for a deployment to reach a state ran past its deadline or ended in a failure state. */
export class WaitError extends Error {
  override name = "WaitError";
  readonly timedOut: boolean;

  constructor(message: string, timedOut: boolean) {
    super(message);
    this.timedOut = timedOut;
  }
}

const apiErrorNames = new Set(["ApiError", "HttpStatusError", "NetworkError", "ResponseFormatError"]);

/** Whether `e` is an {@link ApiError}, across module copies. */
export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError || (e instanceof Error && apiErrorNames.has(e.name));
}

/** Whether `e` is an {@link HttpStatusError}, optionally with one of the given statuses. */
export function isHttpStatusError(e: unknown, ...statuses: number[]): e is HttpStatusError {
  const matches = e instanceof HttpStatusError || (e instanceof Error && e.name === "HttpStatusError");
  return matches && (statuses.length === 0 || statuses.includes((e as HttpStatusError).status));
}

/** Whether `e` is a {@link WaitError}, across module copies. */
export function isWaitError(e: unknown): e is WaitError {
  return e instanceof WaitError || (e instanceof Error && e.name === "WaitError");
}
