/**
 * The one statement of "did the API do it, and may the call be sent again", as data every caller reads:
 * the request path's retries, the error family's `ambiguous` flag and `createOnce` all take it from here.
 */

/** How hard to retry, and which answers say what about whether the call was carried out. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the first retry, in milliseconds; it doubles on each retry. */
  baseDelayMs: number;
  /** Largest delay between two attempts, in milliseconds. */
  maxDelayMs: number;
  /** Largest Retry-After honoured, in milliseconds; a longer one is cut to this. */
  maxRetryAfterMs: number;
  /** Attempts in all when the API keeps answering 429: it said it did nothing, so waiting longer is safe. */
  rateLimitedAttempts: number;
  /**
   * Statuses retried when sending the call twice is harmless.
   * @default [408, 429, 500, 502, 503, 504]
   */
  statusCodes?: readonly number[];
  /**
   * Statuses that say the API did not carry the call out, so even a create may be sent again. Any other
   * 5xx leaves it open whether it did.
   * @default [429, 503]
   */
  notProcessedStatusCodes?: readonly number[];
  /**
   * Attempts of a create (`createOnce`) whose failures leave it open whether the API created anything.
   * @default 4
   */
  createAttempts?: number;
  /**
   * After the n-th ambiguous create found nothing, wait n times this many milliseconds before the next.
   * @default 1000
   */
  createBackoffMs?: number;
}

export const defaultRetryPolicy: Required<RetryPolicy> = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  rateLimitedAttempts: 15,
  statusCodes: [408, 429, 500, 502, 503, 504],
  notProcessedStatusCodes: [429, 503],
  createAttempts: 4,
  createBackoffMs: 1000,
};

/** `policy` with every optional rule filled in from the defaults. */
export function resolvePolicy(policy: RetryPolicy = defaultRetryPolicy): Required<RetryPolicy> {
  return { ...defaultRetryPolicy, ...stripUndefined(policy) };
}

/** Whether an answer with `status` leaves it open that the API carried the call out: a 5xx that does not say it did nothing. */
export function statusMayHaveBeenProcessed(status: number, policy?: RetryPolicy): boolean {
  return status >= 500 && !resolvePolicy(policy).notProcessedStatusCodes.includes(status);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
