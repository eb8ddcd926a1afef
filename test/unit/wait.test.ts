import { isWaitError, WaitError } from "../../provider/core/errors";
import { nextPollInterval, type PollOutcome, waitUntil } from "../../provider/core/wait";

/** A clock that only moves when the code under test sleeps, and a record of those sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const pending: PollOutcome<string> = { done: false, progress: "status pending" };

describe("nextPollInterval", () => {
  test("is a fifth of the time waited, between 1 s and 40 s", () => {
    expect(nextPollInterval(0)).toBe(1_000);
    expect(nextPollInterval(4_000)).toBe(1_000);
    expect(nextPollInterval(10_000)).toBe(2_000);
    expect(nextPollInterval(100_000)).toBe(20_000);
    expect(nextPollInterval(150_000)).toBe(30_000);
    expect(nextPollInterval(200_000)).toBe(40_000);
    expect(nextPollInterval(3_600_000)).toBe(40_000);
  });

  test("takes other bounds", () => {
    expect(nextPollInterval(0, 10, 50)).toBe(10);
    expect(nextPollInterval(1_000, 10, 50)).toBe(50);
  });
});

describe("waitUntil", () => {
  test("returns the value as soon as a poll is done, without sleeping", async () => {
    const time = fakeTime();
    const value = await waitUntil(async () => ({ done: true, value: "ready" }), {
      what: "x",
      timeoutMs: 1_000,
      ...time,
    });
    expect(value).toBe("ready");
    expect(time.sleeps).toEqual([]);
  });

  test("sleeps a fifth of the elapsed time, between 1 s and 40 s", async () => {
    const time = fakeTime();
    let polls = 0;
    await waitUntil(async () => (++polls < 40 ? pending : { done: true, value: "ok" }), {
      what: "x",
      timeoutMs: 3_600_000,
      ...time,
    });
    let elapsed = 0;
    for (const ms of time.sleeps) {
      expect(ms).toBe(Math.min(40_000, Math.max(1_000, Math.round(elapsed / 5))));
      elapsed += ms;
    }
    expect(time.sleeps.slice(0, 3)).toEqual([1_000, 1_000, 1_000]);
    expect(Math.max(...time.sleeps)).toBe(40_000);
  });

  test("sees every transition from 1 s to 300 s within max(1 s, a fifth of its time), in at most 29 polls", async () => {
    for (let seconds = 1; seconds <= 300; seconds++) {
      const time = fakeTime();
      const readyAt = seconds * 1_000;
      let polls = 0;
      await waitUntil(
        async () => {
          polls++;
          return time.now() >= readyAt ? { done: true as const, value: polls } : pending;
        },
        { what: "x", timeoutMs: 1_200_000, ...time },
      );
      expect(time.now() - readyAt).toBeLessThanOrEqual(Math.max(1_000, readyAt / 5));
      expect(polls).toBeLessThanOrEqual(29);
    }
  });

  test("makes at most 29 polls in a 300 s wait that times out", async () => {
    const time = fakeTime();
    let polls = 0;
    await expect(
      waitUntil(
        async () => {
          polls++;
          return pending;
        },
        { what: "deployment dev-testing to be ready", timeoutMs: 300_000, ...time },
      ),
    ).rejects.toThrow(WaitError);
    expect(polls).toBeLessThanOrEqual(29);
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBe(300_000);
  });

  test("does not sleep past the deadline", async () => {
    const time = fakeTime();
    await expect(waitUntil(async () => pending, { what: "x", timeoutMs: 2_500, ...time })).rejects.toThrow();
    expect(time.sleeps).toEqual([1_000, 1_000, 500]);
  });

  test("times out with a WaitError naming what it waited for and the last state seen", async () => {
    const time = fakeTime();
    const error = await waitUntil(async () => pending, {
      what: "deployment dev-testing to be ready",
      timeoutMs: 60_000,
      ...time,
    }).catch((e: unknown) => e);
    expect(isWaitError(error)).toBe(true);
    expect((error as WaitError).timedOut).toBe(true);
    expect((error as Error).message).toBe(
      "timed out after 60 s waiting for deployment dev-testing to be ready; last seen: status pending",
    );
  });

  test("fails with a WaitError when a poll reports failure, without waiting further", async () => {
    const time = fakeTime();
    let polls = 0;
    const error = await waitUntil<string>(
      async () => (++polls < 3 ? pending : { failed: "deployment dev-testing failed" }),
      { what: "deployment dev-testing to be ready", timeoutMs: 60_000, ...time },
    ).catch((e: unknown) => e);
    expect(isWaitError(error)).toBe(true);
    expect((error as WaitError).timedOut).toBe(false);
    expect((error as Error).message).toBe(
      "gave up waiting for deployment dev-testing to be ready: deployment dev-testing failed",
    );
    expect(polls).toBe(3);
  });

  test("reports progress after each unfinished poll", async () => {
    const time = fakeTime();
    const progress: string[] = [];
    let polls = 0;
    await waitUntil(async () => (++polls < 3 ? pending : { done: true, value: 1 }), {
      what: "deployment dev-testing to be ready",
      timeoutMs: 60_000,
      onProgress: (message) => progress.push(message),
      ...time,
    });
    expect(progress).toEqual([
      "waiting for deployment dev-testing to be ready: status pending (0 s)",
      "waiting for deployment dev-testing to be ready: status pending (1 s)",
    ]);
  });

  test("lets an error thrown by a poll through", async () => {
    const time = fakeTime();
    await expect(
      waitUntil(
        async () => {
          throw new Error("network down");
        },
        { what: "x", timeoutMs: 1_000, ...time },
      ),
    ).rejects.toThrow("network down");
  });
});

describe("isWaitError", () => {
  test("recognises a WaitError from another module copy by its name", () => {
    expect(isWaitError(Object.assign(new Error("x"), { name: "WaitError" }))).toBe(true);
    expect(isWaitError(new Error("x"))).toBe(false);
  });
});
