/**
 * Which failed calls are tried again, and after how long. The rules are read in one order: attempt
 * limit, then whether the call may be repeated, then the failure's kind.
 */
import { type ApiError, isApiError, isHttpStatusError } from "./errors";
import { type RetryPolicy, resolvePolicy, statusMayHaveBeenProcessed } from "./retryPolicy";

export { defaultRetryPolicy, type RetryPolicy } from "./retryPolicy";

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
  const rules = resolvePolicy(policy);
  const limit = isHttpStatusError(error, 429)
    ? Math.max(rules.attempts, rules.rateLimitedAttempts)
    : rules.attempts;
  if (attempt >= limit) {
    return false;
  }
  if (!isApiError(error)) {
    return false;
  }
  if (isHttpStatusError(error)) {
    return (repeatable ? rules.statusCodes : rules.notProcessedStatusCodes).includes(error.status);
  }
  // Network failures and unreadable answers: the call may have been carried out.
  return repeatable;
}

/**
 * Whether the call that failed with `error` may have been carried out by the API: no answer, an unreadable
 * one, or a status that does not say it did nothing. Such a create is resolved by a lookup, never resent blindly.
 */
export function mayHaveBeenCarriedOut(error: unknown, policy?: RetryPolicy): boolean {
  if (isHttpStatusError(error)) {
    return statusMayHaveBeenProcessed(error.status, policy);
  }
  return isApiError(error) && error.ambiguous;
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
