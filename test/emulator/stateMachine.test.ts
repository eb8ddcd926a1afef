import { createEmulator, type DeploymentStatus, type Emulator, ManualClock } from "../../emulator";
import { addBody, call } from "./http";

const HOUR = 3_600_000;
let emulator: Emulator;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  emulator = await createEmulator({ clock, timing: { pendingMs: 1000, resumeMs: 500, deleteMs: 200 } });
});
afterEach(() => emulator.close());

async function create(name: string, overrides: Record<string, unknown> = {}) {
  const answer = await call(emulator, "POST /add", { body: addBody(name, overrides) });
  expect(answer.status).toBe(200);
}
async function get(name: string) {
  return call(emulator, "GET /get", { query: { deployment_name: name } });
}
async function statusOf(name: string): Promise<string> {
  const answer = await get(name);
  return answer.status === 200 ? (answer.json as { status: string }).status : `http ${answer.status}`;
}
async function logs(name: string, query: Record<string, string> = {}) {
  const answer = await call(emulator, "GET /get_log", { query: { deployment_name: name, ...query } });
  expect(answer.status).toBe(200);
  return answer.json as Array<{ insert_id: string; payload: string; severity: string; timestamp: string }>;
}

/** Brings a fresh deployment named `dev-testing` into the given status. */
async function bringTo(status: DeploymentStatus): Promise<void> {
  await create("dev-testing");
  const steps: Record<DeploymentStatus, () => void | Promise<void>> = {
    pending: () => {},
    ready: () => clock.advance(1000),
    paused: async () => {
      clock.advance(1000);
      await call(emulator, "POST /pause", { body: { deployment_name: "dev-testing" } });
    },
    failed: () => emulator.store.fail("dev-testing"),
    deleting: async () => {
      await call(emulator, "POST /delete", { body: { deployment_name: "dev-testing" } });
    },
    expired: () => emulator.store.expire("dev-testing"),
    deleted: () => emulator.store.deleteOutOfBand("dev-testing"),
  };
  await steps[status]();
  expect(await statusOf("dev-testing")).toBe(status === "deleted" ? "http 404" : status);
}

test("a new deployment is pending with no replicas, then ready with min_replicas after pendingMs", async () => {
  await create("dev-testing", { min_replicas: 2, max_replicas: 3, machine_type: "prod-gpu" });
  expect((await get("dev-testing")).json).toMatchObject({ status: "pending", num_replicas: 0 });
  clock.advance(999);
  expect(await statusOf("dev-testing")).toBe("pending");
  clock.advance(1);
  expect((await get("dev-testing")).json).toMatchObject({ status: "ready", num_replicas: 2 });
});

test("pause, then resume goes back through pending for resumeMs", async () => {
  await bringTo("paused");
  expect((await get("dev-testing")).json).toMatchObject({ status: "paused", num_replicas: 0 });
  await call(emulator, "POST /resume", { body: { deployment_name: "dev-testing" } });
  expect(await statusOf("dev-testing")).toBe("pending");
  clock.advance(500);
  expect(await statusOf("dev-testing")).toBe("ready");
});

test("delete shows deleting for deleteMs, then the deployment is gone and its name is free", async () => {
  await bringTo("ready");
  await call(emulator, "POST /delete", { body: { deployment_name: "dev-testing" } });
  expect(await statusOf("dev-testing")).toBe("deleting");
  const again = await call(emulator, "POST /add", { body: addBody("dev-testing") });
  expect([again.status, again.text]).toEqual([409, "deployment dev-testing already exists"]);
  clock.advance(200);
  expect(await statusOf("dev-testing")).toBe("http 404");
  expect(emulator.store.live()).toEqual([]);
  const deleted = (await call(emulator, "GET /list", { query: { show_deleted: "true" } })).json;
  expect(deleted).toEqual([expect.objectContaining({ deployment_name: "dev-testing", status: "deleted" })]);
  await create("dev-testing");
  expect(await statusOf("dev-testing")).toBe("pending");
});

test("a deployment expires duration hours after creation and /get still returns it", async () => {
  await create("dev-testing", { duration: 0.5 });
  clock.advance(HOUR / 2 - 1);
  expect(await statusOf("dev-testing")).toBe("ready");
  clock.advance(1);
  expect((await get("dev-testing")).json).toMatchObject({ status: "expired", num_replicas: 0 });
  expect(await call(emulator, "GET /list").then((a) => a.json)).toEqual([]);
});

test("a deployment created with delete_on_expiration is gone once it expires", async () => {
  await create("dev-testing", { duration: 1, delete_on_expiration: true });
  clock.advance(HOUR);
  expect(await statusOf("dev-testing")).toBe("http 404");
  expect((await call(emulator, "GET /list", { query: { show_expired: "true" } })).json).toEqual([]);
});

describe.each<[DeploymentStatus, { pause: number; resume: number; delete: number }]>([
  ["pending", { pause: 409, resume: 409, delete: 200 }],
  ["ready", { pause: 200, resume: 409, delete: 200 }],
  ["paused", { pause: 409, resume: 200, delete: 200 }],
  ["failed", { pause: 409, resume: 409, delete: 200 }],
  ["deleting", { pause: 409, resume: 409, delete: 200 }],
  ["expired", { pause: 409, resume: 409, delete: 200 }],
  ["deleted", { pause: 404, resume: 404, delete: 404 }],
])("a %s deployment", (status, expected) => {
  test.each(["pause", "resume", "delete"] as const)(
    `answers /%s with the expected status`,
    async (action) => {
      await bringTo(status);
      const answer = await call(emulator, `POST /${action}`, { body: { deployment_name: "dev-testing" } });
      expect(answer.status).toBe(expected[action]);
      if (answer.status === 409) {
        expect(answer.text).toBe(
          action === "pause"
            ? `deployment dev-testing is ${status}, only a ready deployment can be paused`
            : `deployment dev-testing is ${status}, only a paused deployment can be resumed`,
        );
      }
    },
  );
});

describe("GET /get_log", () => {
  test("shows start-up lines as the clock reaches them, newest first, in the documented shape", async () => {
    await create("dev-testing");
    const early = await logs("dev-testing");
    expect(early.map((l) => l.payload)).toEqual(["Scheduling deployment dev-testing on a dev-gpu machine"]);
    clock.advance(1001);
    const later = await logs("dev-testing");
    expect(later[0].payload).toMatch(/"GET \/info HTTP\/1\.1" 200 OK$/);
    expect(later.some((l) => l.payload.includes("Uvicorn running"))).toBe(true);
    expect(later.some((l) => l.payload.includes("Pulling image"))).toBe(true);
    for (const entry of later) {
      expect(Object.keys(entry).sort()).toEqual(["insert_id", "payload", "severity", "timestamp"]);
      expect(entry.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    }
    const times = later.map((l) => Date.parse(l.timestamp.replace(/(\.\d{3})\d+/, "$1")));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  test("limits the answer to max_entries, default 50", async () => {
    await create("dev-testing");
    clock.advance(1001);
    expect(await logs("dev-testing", { max_entries: "2" })).toHaveLength(2);
    for (let i = 0; i < 30; i++) {
      await call(emulator, "POST /pause", { body: { deployment_name: "dev-testing" } });
      await call(emulator, "POST /resume", { body: { deployment_name: "dev-testing" } });
      clock.advance(501);
    }
    expect(await logs("dev-testing")).toHaveLength(50);
  });

  test("keeps only the last hour by default, and filters by from_timestamp and to_timestamp", async () => {
    const start = clock.now();
    await create("dev-testing");
    clock.advance(2 * HOUR);
    expect(await logs("dev-testing")).toEqual([]);
    const iso = (ms: number) => new Date(ms).toISOString();
    const window = await logs("dev-testing", { from_timestamp: iso(start), to_timestamp: iso(start + 500) });
    expect(window.map((l) => l.payload)).toEqual([
      expect.stringContaining("Pulling image"),
      "Scheduling deployment dev-testing on a dev-gpu machine",
    ]);
    const offset = new Date(start - 1).toISOString().replace("Z", "123+00:00");
    expect((await logs("dev-testing", { from_timestamp: offset })).length).toBeGreaterThan(2);
  });

  test.each([
    [{ max_entries: "0" }, "max_entries must be a positive integer"],
    [{ max_entries: "ten" }, "max_entries must be a positive integer"],
    [{ from_timestamp: "yesterday" }, "from_timestamp must be an ISO 8601 timestamp"],
    [{ to_timestamp: "2025-13-45T99:00:00" }, "to_timestamp must be an ISO 8601 timestamp"],
    [
      { from_timestamp: "2025-01-02T00:00:00Z", to_timestamp: "2025-01-01T00:00:00Z" },
      "from_timestamp must be earlier",
    ],
  ])("rejects %j with 400", async (query, message) => {
    await create("dev-testing");
    const answer = await call(emulator, "GET /get_log", {
      query: { deployment_name: "dev-testing", ...query },
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(message);
  });

  test("a failed deployment logs an ERROR entry with the message", async () => {
    await create("dev-testing");
    emulator.store.fail("dev-testing", "CUDA out of memory");
    const [latest] = await logs("dev-testing");
    expect(latest).toMatchObject({ severity: "ERROR", payload: "ERROR: CUDA out of memory" });
    clock.advance(5000);
    expect(await statusOf("dev-testing")).toBe("failed");
    expect((await logs("dev-testing"))[0].severity).toBe("ERROR");
  });
});

describe("out-of-band changes through the store", () => {
  test("deleteOutOfBand makes the deployment disappear at once", async () => {
    await bringTo("ready");
    emulator.store.deleteOutOfBand("dev-testing");
    expect(emulator.store.get("dev-testing")).toBeUndefined();
    expect(emulator.store.live()).toEqual([]);
  });

  test("pauseOutOfBand pauses a ready deployment, and resume brings it back", async () => {
    await bringTo("ready");
    emulator.store.pauseOutOfBand("dev-testing");
    expect(emulator.store.get("dev-testing")?.status).toBe("paused");
    expect((await call(emulator, "POST /resume", { body: { deployment_name: "dev-testing" } })).status).toBe(
      200,
    );
  });

  test("expire and fail change the status seen through the API", async () => {
    await create("first-one");
    await create("second-one");
    emulator.store.expire("first-one");
    emulator.store.fail("second-one");
    expect(await statusOf("first-one")).toBe("expired");
    expect(await statusOf("second-one")).toBe("failed");
  });

  test("an out-of-band change to an unknown deployment throws a not-found error", () => {
    expect(() => emulator.store.expire("ghost-one")).toThrow("deployment ghost-one not found");
  });

  test("a taken subdomain gets a short random suffix while the name stays", async () => {
    const other = await createEmulator({ takenSubdomains: ["dev-testing"] });
    try {
      const d = (await call(other, "POST /add", { body: addBody("dev-testing") })).json as Record<
        string,
        string
      >;
      expect(d.deployment_name).toBe("dev-testing");
      expect(d.subdomain).toMatch(/^dev-testing-[a-z0-9]{4}$/);
      expect(d.domain).toBe(`${d.subdomain}.roboflow.cloud`);
    } finally {
      await other.close();
    }
  });
});

test("ManualClock refuses to move backwards", () => {
  expect(() => clock.advance(-1)).toThrow(RangeError);
  const before = clock.now();
  clock.advance(10);
  expect(clock.now()).toBe(before + 10);
});

test("with the real clock and tiny timings, a deployment becomes ready on its own", async () => {
  const real = await createEmulator({ timing: { pendingMs: 20 } });
  try {
    await call(real, "POST /add", { body: addBody("dev-testing") });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(real.store.get("dev-testing")?.status).toBe("ready");
  } finally {
    await real.close();
  }
});
