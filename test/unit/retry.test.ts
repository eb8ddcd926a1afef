import { HttpStatusError, NetworkError, ResponseFormatError } from "../../provider/core/errors";
import {
  defaultRetryPolicy,
  parseRetryAfter,
  type RetryPolicy,
  retryDelay,
  shouldRetry,
} from "../../provider/core/retry";

const call = { platform: "roboflow", method: "GET", path: "/get" };
const status = (code: number, retryAfter?: number) => new HttpStatusError(call, code, "detail", retryAfter);
const policy: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxRetryAfterMs: 5_000,
  rateLimitedAttempts: 6,
};

describe("shouldRetry", () => {
  test.each([408, 429, 500, 502, 503, 504])("retries status %d on a repeatable call", (code) => {
    expect(shouldRetry(status(code), 1, true, policy)).toBe(true);
  });

  test.each([400, 401, 403, 404, 409, 422, 501])("does not retry status %d", (code) => {
    expect(shouldRetry(status(code), 1, true, policy)).toBe(false);
    expect(shouldRetry(status(code), 1, false, policy)).toBe(false);
  });

  test.each([429, 503])("retries %d on a non-repeatable call: the API did not carry it out", (code) => {
    expect(shouldRetry(status(code), 1, false, policy)).toBe(true);
  });

  test.each([408, 500, 502, 504])(
    "does not retry %d on a non-repeatable call, which may have happened",
    (code) => {
      expect(shouldRetry(status(code), 1, false, policy)).toBe(false);
    },
  );

  test("retries network failures and unreadable answers only on repeatable calls", () => {
    const network = new NetworkError(call, "ECONNRESET", false);
    const format = new ResponseFormatError(call, "not JSON");
    expect(shouldRetry(network, 1, true, policy)).toBe(true);
    expect(shouldRetry(format, 1, true, policy)).toBe(true);
    expect(shouldRetry(network, 1, false, policy)).toBe(false);
    expect(shouldRetry(format, 1, false, policy)).toBe(false);
  });

  test("stops at the attempt limit, the first attempt included", () => {
    expect(shouldRetry(status(503), policy.attempts - 1, true, policy)).toBe(true);
    expect(shouldRetry(status(503), policy.attempts, true, policy)).toBe(false);
  });

  test("never retries an error that is not an API error", () => {
    expect(shouldRetry(new Error("boom"), 1, true, policy)).toBe(false);
    expect(shouldRetry("boom", 1, true, policy)).toBe(false);
  });

  test("recognises an API error from another module copy by its name", () => {
    const foreign = Object.assign(new Error("x"), { name: "HttpStatusError", status: 503 });
    expect(shouldRetry(foreign, 1, true, policy)).toBe(true);
  });

  test("has a default policy of a handful of attempts", () => {
    expect(defaultRetryPolicy.attempts).toBeGreaterThan(1);
    expect(defaultRetryPolicy.maxDelayMs).toBeLessThanOrEqual(defaultRetryPolicy.maxRetryAfterMs);
  });
});

describe("retryDelay", () => {
  test("honours Retry-After, adding up to a second of jitter so clients told alike spread out", () => {
    expect(retryDelay(status(429, 3), 1, policy, () => 0)).toBe(3_000);
    expect(retryDelay(status(429, 3), 1, policy, () => 0.5)).toBe(3_500);
    expect(retryDelay(status(429, 3), 1, policy, () => 1)).toBe(4_000);
    expect(retryDelay(status(429, 0.2), 1, policy, () => 1)).toBe(400);
    expect(retryDelay(status(503, 0), 2, policy, () => 0.5)).toBe(0);
  });

  test("keeps retrying 429 past the ordinary attempt limit, up to its own", () => {
    expect(shouldRetry(status(429), policy.attempts, true, policy)).toBe(true);
    expect(shouldRetry(status(429), policy.rateLimitedAttempts - 1, false, policy)).toBe(true);
    expect(shouldRetry(status(429), policy.rateLimitedAttempts, true, policy)).toBe(false);
    expect(shouldRetry(status(503), policy.attempts, true, policy)).toBe(false);
  });

  test("caps Retry-After", () => {
    expect(retryDelay(status(429, 3_600), 1, policy)).toBe(policy.maxRetryAfterMs);
  });

  test("doubles the step on each attempt up to the cap", () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(status(503), n, policy, top))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  test("keeps jitter between half the step and the full step", () => {
    for (const attempt of [1, 2, 3, 4, 8]) {
      const step = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
      expect(retryDelay(status(503), attempt, policy, () => 0)).toBe(step / 2);
      expect(retryDelay(status(503), attempt, policy, () => 0.999999)).toBe(step);
      const middle = retryDelay(status(503), attempt, policy, () => 0.5);
      expect(middle).toBeGreaterThanOrEqual(step / 2);
      expect(middle).toBeLessThanOrEqual(step);
    }
  });

  test("stays within bounds for Math.random", () => {
    for (let i = 0; i < 200; i++) {
      const delay = retryDelay(new NetworkError(call, "reset", false), 3, policy);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });
});

describe("parseRetryAfter", () => {
  test("reads seconds", () => {
    expect(parseRetryAfter("5")).toBe(5);
    expect(parseRetryAfter("0")).toBe(0);
    expect(parseRetryAfter("1.5")).toBe(1.5);
  });

  test("reads an HTTP date relative to now", () => {
    const now = Date.parse("2025-01-22T13:00:00Z");
    expect(parseRetryAfter("Wed, 22 Jan 2025 13:00:30 GMT", now)).toBe(30);
  });

  test("never returns a negative wait for a date in the past", () => {
    const now = Date.parse("2025-01-22T13:00:00Z");
    expect(parseRetryAfter("Wed, 22 Jan 2025 12:00:00 GMT", now)).toBe(0);
  });

  test.each([null, "", "soon", "in a minute"])("ignores %j", (header) => {
    expect(parseRetryAfter(header)).toBeUndefined();
  });
});
