/**
 * `/usage_workspace` and `/usage_deployment`: usage follows from the emulator's own state history and
 * clock, so a ManualClock-driven history gives exact hours.
 */
import { createEmulator, type Emulator, ManualClock } from "../../emulator";
import { addBody, call } from "./http";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Six minutes: 0.1 h of pending after a create and after a resume. */
const PENDING = 6 * MINUTE;

let emulator: Emulator;
let clock: ManualClock;
let start: number;

beforeEach(async () => {
  start = Date.UTC(2025, 5, 1, 8, 0, 0);
  clock = new ManualClock(start);
  emulator = await createEmulator({
    clock,
    timing: { pendingMs: PENDING, resumeMs: PENDING, deleteMs: MINUTE },
  });
});
afterEach(() => emulator.close());

const iso = (ms: number) => new Date(ms).toISOString();
const post = async (endpoint: string, name: string) => {
  const answer = await call(emulator, endpoint, { body: { deployment_name: name } });
  expect(answer.status).toBe(200);
};
const add = async (name: string, overrides: Record<string, unknown> = {}) => {
  const answer = await call(emulator, "POST /add", { body: addBody(name, { duration: 24, ...overrides }) });
  expect(answer.status).toBe(200);
};

/** `dev-testing`: pending 0.1 h, ready 2 h, paused 1 h, resumed (pending 0.1 h) and ready 0.4 h more. */
async function readyPausedResumed(): Promise<void> {
  await add("dev-testing");
  clock.advance(PENDING + 2 * HOUR);
  await post("POST /pause", "dev-testing");
  clock.advance(HOUR);
  await post("POST /resume", "dev-testing");
  clock.advance(30 * MINUTE);
}

describe("GET /usage_deployment", () => {
  test("counts pending and ready time as billable, paused time not: ready 2 h, paused 1 h, resumed 30 min", async () => {
    await readyPausedResumed();
    const answer = await call(emulator, "GET /usage_deployment", {
      query: {
        deployment_name: "dev-testing",
        from_timestamp: iso(start),
        to_timestamp: iso(start + 24 * HOUR),
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      deployment_id: expect.any(String),
      deployment_name: "dev-testing",
      machine_type: "dev-gpu",
      status: "ready",
      replicas: 1,
      hours_by_status: { pending: 0.2, ready: 2.4, paused: 1, failed: 0, deleting: 0, expired: 0 },
      billable_hours: 2.6,
      machine_hours: 2.6,
      from_timestamp: "2025-06-01T08:00:00.000000+00:00",
      to_timestamp: "2025-06-02T08:00:00.000000+00:00",
    });
  });

  test("counts only the part of the history inside the window", async () => {
    await readyPausedResumed();
    // From 08:00: pending to 08:06, ready to 10:06 (paused), paused to 11:06, pending to 11:12, ready to 11:36.
    const answer = await call(emulator, "GET /usage_deployment", {
      query: {
        deployment_name: "dev-testing",
        from_timestamp: "2025-06-01T10:00:00+01:00", // 09:00 UTC
        to_timestamp: "2025-06-01 10:42:00", // no offset: UTC
      },
    });
    expect(answer.status).toBe(200);
    // 09:00-10:06 ready, 10:06-10:42 paused.
    expect(answer.json).toMatchObject({
      hours_by_status: { pending: 0, ready: 1.1, paused: 0.6 },
      billable_hours: 1.1,
    });
  });

  test("multiplies billable hours by the replicas for machine hours", async () => {
    await add("prod-infer", { machine_type: "prod-gpu", min_replicas: 3, max_replicas: 4 });
    clock.advance(PENDING + 50 * MINUTE);
    const answer = await call(emulator, "GET /usage_deployment", {
      query: { deployment_name: "prod-infer" },
    });
    expect(answer.json).toMatchObject({ replicas: 3, billable_hours: 0.933333, machine_hours: 2.8 });
  });

  test("stops billing at expiry and counts the expired time apart", async () => {
    await add("dev-testing", { duration: 1 });
    clock.advance(3 * HOUR);
    const answer = await call(emulator, "GET /usage_deployment", {
      query: { deployment_name: "dev-testing" },
    });
    expect(answer.json).toMatchObject({
      status: "expired",
      hours_by_status: { pending: 0.1, ready: 0.9, expired: 2 },
      billable_hours: 1,
    });
  });

  test("does not bill a failed deployment", async () => {
    await add("dev-testing");
    clock.advance(HOUR);
    emulator.store.fail("dev-testing");
    clock.advance(HOUR);
    const answer = await call(emulator, "GET /usage_deployment", {
      query: { deployment_name: "dev-testing" },
    });
    expect(answer.json).toMatchObject({ hours_by_status: { ready: 0.9, failed: 1 }, billable_hours: 1 });
  });

  test("defaults to the last 24 hours and never counts past now", async () => {
    await add("dev-testing");
    clock.advance(30 * HOUR);
    const answer = await call(emulator, "GET /usage_deployment", {
      query: { deployment_name: "dev-testing" },
    });
    expect(answer.json).toMatchObject({
      from_timestamp: "2025-06-01T14:00:00.000000+00:00",
      to_timestamp: "2025-06-02T14:00:00.000000+00:00",
      hours_by_status: { ready: 18, expired: 6 },
      billable_hours: 18,
    });
    const future = await call(emulator, "GET /usage_deployment", {
      query: { deployment_name: "dev-testing", to_timestamp: iso(clock.now() + 100 * HOUR) },
    });
    expect(future.json).toMatchObject({ billable_hours: 0 });
  });

  test.each([
    [{ deployment_name: "no-such-one" }, 404, "deployment no-such-one not found"],
    [{}, 400, "deployment_name is required"],
    [
      { deployment_name: "dev-testing", from_timestamp: "yesterday" },
      400,
      "from_timestamp must be an ISO 8601 timestamp",
    ],
    [
      { deployment_name: "dev-testing", to_timestamp: "1" },
      400,
      "to_timestamp must be an ISO 8601 timestamp",
    ],
    [
      {
        deployment_name: "dev-testing",
        from_timestamp: "2025-06-02T00:00:00Z",
        to_timestamp: "2025-06-01T00:00:00Z",
      },
      400,
      "from_timestamp must be earlier than to_timestamp",
    ],
  ])("answers %j with %i and a plain-string error", async (query, status, message) => {
    await add("dev-testing");
    const answer = await call(emulator, "GET /usage_deployment", { query });
    expect([answer.status, answer.text]).toEqual([status, message]);
    expect(answer.contentType).toMatch(/^text\/plain/);
  });

  test("a deleted deployment is unknown, like everywhere else", async () => {
    await add("dev-testing");
    await post("POST /delete", "dev-testing");
    clock.advance(MINUTE);
    const answer = await call(emulator, "GET /usage_deployment", {
      query: { deployment_name: "dev-testing" },
    });
    expect(answer.status).toBe(404);
  });
});

describe("GET /usage_workspace", () => {
  test("lists every deployment that existed in the window, deleted ones included, with the totals", async () => {
    await readyPausedResumed(); // ends at 11:36
    await add("prod-infer", { machine_type: "prod-gpu", min_replicas: 2, max_replicas: 2 });
    clock.advance(PENDING + HOUR);
    await post("POST /delete", "prod-infer");
    clock.advance(2 * HOUR); // 14:42: dev-testing ready 3.1 h more
    const answer = await call(emulator, "GET /usage_workspace", {
      query: { from_timestamp: iso(start), to_timestamp: iso(start + 24 * HOUR) },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      workspace_id: expect.any(String),
      workspace_url: "emulator-workspace",
      from_timestamp: "2025-06-01T08:00:00.000000+00:00",
      to_timestamp: "2025-06-02T08:00:00.000000+00:00",
      billable_hours: 6.8,
      machine_hours: 7.9,
      deployments: [
        expect.objectContaining({
          deployment_name: "dev-testing",
          status: "ready",
          billable_hours: 5.7,
          machine_hours: 5.7,
        }),
        expect.objectContaining({
          deployment_name: "prod-infer",
          status: "deleted",
          replicas: 2,
          hours_by_status: { pending: 0.1, ready: 1, paused: 0, failed: 0, deleting: 0.016667, expired: 0 },
          billable_hours: 1.1,
          machine_hours: 2.2,
        }),
      ],
    });
  });

  test("leaves out deployments gone before the window and those created after it", async () => {
    await add("early-one");
    clock.advance(HOUR);
    await post("POST /delete", "early-one");
    clock.advance(2 * HOUR);
    const windowStart = clock.now();
    await add("dev-testing");
    clock.advance(HOUR);
    const windowEnd = clock.now();
    clock.advance(HOUR);
    await add("late-one");
    const answer = await call(emulator, "GET /usage_workspace", {
      query: { from_timestamp: iso(windowStart), to_timestamp: iso(windowEnd) },
    });
    expect(answer.json).toMatchObject({
      billable_hours: 1,
      deployments: [expect.objectContaining({ deployment_name: "dev-testing", billable_hours: 1 })],
    });
    expect((answer.json as { deployments: unknown[] }).deployments).toHaveLength(1);
  });

  test("answers zero hours and no deployments for an empty workspace", async () => {
    const answer = await call(emulator, "GET /usage_workspace");
    expect(answer.json).toMatchObject({ billable_hours: 0, machine_hours: 0, deployments: [] });
  });

  test.each([
    [{ from_timestamp: "not-a-date" }, "from_timestamp must be an ISO 8601 timestamp"],
    [{ to_timestamp: "2025-13-45T99:00:00" }, "to_timestamp must be an ISO 8601 timestamp"],
    [
      { from_timestamp: "2025-06-02T00:00:00Z", to_timestamp: "2025-06-01T00:00:00Z" },
      "from_timestamp must be earlier",
    ],
  ])("rejects %j with 400", async (query, message) => {
    const answer = await call(emulator, "GET /usage_workspace", { query });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(message);
  });

  test("answers a wrong method with 405, and faults like every endpoint", async () => {
    expect((await call(emulator, "POST /usage_workspace", { body: {} })).status).toBe(405);
    emulator.faults.add({
      endpoint: "GET /usage_workspace",
      kind: "status",
      status: 503,
      retryAfterSeconds: 1,
    });
    const faulted = await call(emulator, "GET /usage_workspace");
    expect([faulted.status, faulted.headers.get("retry-after")]).toEqual([503, "1"]);
    expect((await call(emulator, "GET /usage_workspace")).status).toBe(200);
  });
});
