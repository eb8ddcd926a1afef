/**
 * Polling until a remote object reaches a state. The interval grows with the time already waited (a
 * fifth of it, between a floor and a cap), so a quick transition is seen within about a second and a
 * slow one costs few polls, and the delay between the state change and its detection stays under a fifth
 * of the wait. A fifth is the most that keeps that bound, so the cap sets the count of a long wait: at 40 s
 * a five-minute wait takes 29 polls (with a create's lookup before its request, 30 calls), where the 30 s
 * of the official CLI would take 30; a higher cap saves no poll there and makes long waits later.
 */
import { setTimeout as delay } from "node:timers/promises";
import { CancelledError, sleepUnlessAborted } from "./cancellation";
import { WaitError } from "./errors";

/** What one poll concluded: keep waiting, done with a value, or failed for good. */
export type PollOutcome<T> =
  | { done: true; value: T }
  | { done: false; progress: string }
  | { failed: string };

export interface WaitOptions {
  /** What is being waited for, for messages: "deployment dev-testing to be ready". */
  what: string;
  /** Give up after this many milliseconds. */
  timeoutMs: number;
  /** Shortest interval between polls, in milliseconds. Default 1 000. */
  minIntervalMs?: number;
  /** Longest interval between polls, in milliseconds. Default 40 000. */
  maxIntervalMs?: number;
  /** Called after each poll that did not finish, with the elapsed time. */
  onProgress?: (message: string, elapsedMs: number) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The run's cancellation: once aborted, the wait ends after its current poll with a CancelledError (the
   * state it saw last is the one recorded), and a pause between polls ends at once.
   */
  signal?: AbortSignal;
}

/** The interval before the next poll, given the time already waited. */
export function nextPollInterval(elapsedMs: number, minIntervalMs = 1_000, maxIntervalMs = 40_000): number {
  return Math.min(maxIntervalMs, Math.max(minIntervalMs, Math.round(elapsedMs / 5)));
}

/**
 * Polls until `poll` reports done (returning its value), failed, or the timeout passes (both throw
 * WaitError); a cancelled run ends it after the current poll (CancelledError, a WaitError too).
 */
export async function waitUntil<T>(poll: () => Promise<PollOutcome<T>>, options: WaitOptions): Promise<T> {
  const now = options.now ?? Date.now;
  // The default pause is cleared when the run is cancelled, so no timer outlives the wait.
  const sleep =
    options.sleep ??
    ((ms: number) => delay(ms, undefined, { signal: options.signal }).catch(() => undefined));
  const started = now();
  let last = "no answer yet";
  for (;;) {
    const outcome = await poll();
    if ("failed" in outcome) {
      throw new WaitError(`gave up waiting for ${options.what}: ${outcome.failed}`, false);
    }
    if (outcome.done) {
      return outcome.value;
    }
    last = outcome.progress;
    if (options.signal?.aborted) {
      throw new CancelledError(options.what, last);
    }
    const elapsed = now() - started;
    options.onProgress?.(`waiting for ${options.what}: ${last} (${Math.round(elapsed / 1000)} s)`, elapsed);
    const remaining = options.timeoutMs - elapsed;
    if (remaining <= 0) {
      throw new WaitError(
        `timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${options.what}; last seen: ${last}`,
        true,
      );
    }
    const pause = Math.min(
      remaining,
      nextPollInterval(elapsed, options.minIntervalMs, options.maxIntervalMs),
    );
    await sleepUnlessAborted(sleep, pause, options.signal);
  }
}

/** A number of minutes from state as milliseconds, or the fallback when state holds none. */
export function minutesToMs(value: unknown, fallbackMinutes: number): number {
  return (typeof value === "number" && value > 0 ? value : fallbackMinutes) * 60_000;
}
