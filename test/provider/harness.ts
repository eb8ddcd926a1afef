/**
 * What the provider tests of every platform share: the time a provider sees against an emulator on a
 * ManualClock, a fake stack config, the serialized provider's stand-in, unique names, check as the engine
 * runs it, and a rejection's error. Each platform's own harness (`roboflowHarness.ts`, `paperspaceHarness.ts`,
 * `nx1Harness.ts`, `shipyardHarness.ts`) starts its emulator and provider.
 *
 * The emulator's states follow from its clock only, and that clock moves only when a provider sleeps: what
 * a test observes is the same on a fast machine and on a loaded one (a deployment is still pending at the
 * first poll after its create, and a failure injected from `onSleep` lands before the state it races).
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { type Clock, ManualClock } from "../../emulator";
import type { Props } from "../../provider/core/dynamic";

/** What the engine would store as the serialized provider; the provider must carry it through. */
export const PROVIDER_TEXT = "exports.handler = __f0; // serialized provider";

/** The time a provider sees: a clock and a sleep (`ProviderEnvironment`'s `now` and `sleep`). */
export interface ProviderTime {
  now?: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** A few real milliseconds at most: what a provider sleeps against an emulator on the wall clock. */
const fastSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 5)));

/**
 * The time of a provider pointed at an emulator on `clock`: on a ManualClock, the provider reads that
 * clock and each of its sleeps moves it forward by the time asked (then yields one turn of the event loop),
 * so the emulator's deployments move exactly as far as the provider waited; on any other clock, the
 * provider's own clock and a fast sleep.
 */
export function providerTime(clock: Clock): ProviderTime {
  if (!(clock instanceof ManualClock)) return { sleep: fastSleep };
  return {
    now: () => clock.now(),
    sleep: async (ms) => {
      clock.advance(ms);
      await nextTurn();
    },
  };
}

/** A Pulumi config as `configure` receives it. */
export function fakeConfig(values: Record<string, string>) {
  return {
    get: (key: string) => values[key],
    require: (key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`missing required configuration variable '${key}'`);
      return value;
    },
  };
}

let counter = 0;
/** A fresh valid deployment name (5–15 characters) per call, so tests in one file never collide. */
export function uniqueName(prefix = "dep"): string {
  counter += 1;
  return `${prefix}-${process.pid % 1000}-${counter}`.slice(0, 15);
}

/** Runs check as the engine does and fails the test on any failure: the inputs create/update receive. */
export async function checked(
  provider: { check(olds: Props, news: Props): Promise<{ inputs?: unknown; failures?: unknown[] }> },
  news: Props,
  olds: Props = {},
): Promise<Props> {
  const result = await provider.check(olds, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Props;
}

/** The rejection of `promise`, as an Error with whatever the provider attached. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Props> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) {
    throw new Error(`expected a rejection with an Error, got ${String(outcome)}`);
  }
  return outcome as Error & Props;
}
