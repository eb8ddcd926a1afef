/**
 * Which failed calls are tried again, and after how long. The rules are read in one order: attempt
 * limit, then whether the call may be repeated, then the failure's kind.
 */
import { type ApiError, isApiError, isHttpStatusError } from "./errors";

/** How hard to retry: attempts in all (the first included), exponential backoff with full jitter. */
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
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  rateLimitedAttempts: 15,
};

const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);
// Statuses that say the request was not carried out, so even a non-repeatable call may be sent again.
const notProcessedStatuses = new Set([429, 503]);

/**
 * Whether a call that failed with `error` on attempt `attempt` (1-based) is tried again. `repeatable`
 * says whether sending the call twice is harmless; a call that is not (a create) is only retried when
 * the API said it did nothing, and its caller resolves the ambiguous failures itself.
 */
export function shouldRetry(
  error: unknown,
  attempt: number,
  repeatable: boolean,
  policy: RetryPolicy,
): boolean {
  const limit = isHttpStatusError(error, 429)
    ? Math.max(policy.attempts, policy.rateLimitedAttempts)
    : policy.attempts;
  if (attempt >= limit) {
    return false;
  }
  if (!isApiError(error)) {
    return false;
  }
  if (isHttpStatusError(error)) {
    return repeatable ? retryableStatuses.has(error.status) : notProcessedStatuses.has(error.status);
  }
  // Network failures and unreadable answers: the call may have been carried out.
  return repeatable;
}

/** Milliseconds to wait before attempt `attempt + 1`, honouring Retry-After when the API gave one. */
export function retryDelay(
  error: ApiError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  if (isHttpStatusError(error) && error.retryAfterSeconds !== undefined) {
    // Up to a second more than asked, so clients told the same Retry-After do not all return at once.
    const asked = error.retryAfterSeconds * 1000;
    return Math.min(Math.round(asked + random() * Math.min(asked, 1000)), policy.maxRetryAfterMs);
  }
  const ceiling = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  // Full jitter, but never less than half the step, so a burst of retries still spreads out in time.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses a Retry-After header (seconds or an HTTP date) into seconds, or undefined. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return seconds;
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
