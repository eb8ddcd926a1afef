/**
 * A source of the current time, in milliseconds since the epoch.
 *
 * The emulator derives every deployment state from timestamps read here, so a test that swaps in a
 * {@link ManualClock} moves deployments through their states without sleeping.
 */
export interface Clock {
  now(): number;
}

/** The wall clock: what the emulator uses unless told otherwise. */
export const realClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to, so tests can step through pending, ready and expiry instantly.
 *
 * It starts at the current wall-clock time (log timestamps then look plausible) unless given a start.
 */
export class ManualClock implements Clock {
  private current: number;

  constructor(startMs: number = Date.now()) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Moves the clock forward by `ms` milliseconds (negative values are refused: time does not run back). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new RangeError(`ManualClock.advance needs a non-negative number of milliseconds, got ${ms}`);
    }
    this.current += ms;
  }
}
