import { createEmulator, type Emulator, ManualClock, redact } from "../../emulator";
import { addBody, call } from "./http";

const KEY = "rf_Sup3rSecretKey";

describe("the request log", () => {
  let emulator: Emulator;
  const lines: string[] = [];

  beforeEach(async () => {
    lines.length = 0;
    emulator = await createEmulator({ apiKey: KEY, log: (line) => lines.push(line) });
  });
  afterEach(() => emulator.close());

  test("records method, redacted path, status and time of every request", async () => {
    const before = Date.now();
    await call(emulator, "GET /get", { query: { deployment_name: "ghost-one" } });
    await call(emulator, "POST /add", { body: addBody("dev-testing") });
    expect(emulator.requests.entries).toEqual([
      {
        method: "GET",
        path: "/get?api_key=***&deployment_name=ghost-one",
        status: 404,
        at: expect.any(Number),
      },
      { method: "POST", path: "/add", status: 200, at: expect.any(Number) },
    ]);
    expect(emulator.requests.entries[0].at).toBeGreaterThanOrEqual(before);
  });

  test("counts requests per endpoint and forgets them on reset()", async () => {
    await call(emulator, "GET /list");
    await call(emulator, "GET /list", { query: { show_deleted: "true" } });
    await call(emulator, "POST /delete", { body: { deployment_name: "ghost-one" } });
    expect(emulator.requests.counts()).toEqual({ "GET /list": 2, "POST /delete": 1 });
    emulator.requests.reset();
    expect(emulator.requests.counts()).toEqual({});
  });

  test("never holds or logs the API key, the right one or a wrong one", async () => {
    await call(emulator, "GET /list");
    await call(emulator, "GET /list", { key: "wrong-key-123" });
    await call(emulator, "POST /add", { body: addBody("dev-testing") });
    const everything = JSON.stringify(emulator.requests.entries) + lines.join("\n");
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain("wrong-key-123");
    expect(lines).toEqual([
      "GET /list?api_key=*** -> 200",
      "GET /list?api_key=*** -> 401",
      "POST /add -> 200",
    ]);
  });
});

test("redact() removes keys from queries, JSON bodies and literal occurrences", () => {
  expect(redact("/get?api_key=abc&deployment_name=x")).toBe("/get?api_key=***&deployment_name=x");
  expect(redact('{"api_key": "abc", "deployment_name": "x"}')).toBe(
    '{"api_key": "***", "deployment_name": "x"}',
  );
  expect(redact("failed with key abc123", "abc123")).toBe("failed with key ***");
});

describe("the rate limit", () => {
  test("answers 429 with Retry-After and a plain string beyond the limit, until the second has passed", async () => {
    const clock = new ManualClock();
    const emulator = await createEmulator({ clock, rateLimit: { requestsPerSecond: 2 } });
    try {
      expect((await call(emulator, "GET /list")).status).toBe(200);
      clock.advance(400);
      expect((await call(emulator, "GET /list")).status).toBe(200);
      const limited = await call(emulator, "GET /list");
      expect(limited.status).toBe(429);
      expect(limited.contentType).toMatch(/^text\/plain/);
      expect(limited.text).toBe("Too Many Requests: rate limit exceeded");
      expect(limited.headers.get("retry-after")).toBe("1");
      clock.advance(600);
      expect((await call(emulator, "GET /list")).status).toBe(200);
      expect(emulator.requests.entries.map((e) => e.status)).toEqual([200, 200, 429, 200]);
    } finally {
      await emulator.close();
    }
  });
});

test("the emulator listens on 127.0.0.1 on an ephemeral port by default", async () => {
  const emulator = await createEmulator();
  try {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.apiKey).toBe("emulator-key");
  } finally {
    await emulator.close();
  }
});
