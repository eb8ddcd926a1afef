import { createEmulator, type Emulator, ManualClock } from "../../emulator";
import { seedDeployment } from "../helpers/seedDeployment";
import { addBody, call } from "./http";

const ENDPOINTS = [
  "POST /add",
  "GET /list",
  "GET /get",
  "GET /get_log",
  "POST /pause",
  "POST /resume",
  "POST /delete",
  "GET /machine_types",
  "GET /usage_workspace",
  "GET /usage_deployment",
];

const SEED_FIELDS = [
  "deployment_id",
  "deployment_name",
  "machine_type",
  "creator_email",
  "creator_id",
  "subdomain",
  "domain",
  "duration",
  "inference_version",
  "min_replicas",
  "max_replicas",
  "num_replicas",
  "status",
  "workspace_id",
  "workspace_url",
].sort();

let emulator: Emulator;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  emulator = await createEmulator({ clock, timing: { pendingMs: 1000, resumeMs: 500, deleteMs: 200 } });
});
afterEach(() => emulator.close());

describe("authentication", () => {
  test.each(ENDPOINTS)("%s without an api_key answers 401 with a plain string", async (endpoint) => {
    const answer = await call(emulator, endpoint, {
      key: null,
      query: { deployment_name: "x" },
      body: addBody("dev-testing"),
    });
    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toBe("Unauthorized (missing api_key)");
  });

  test.each(ENDPOINTS)("%s with a wrong api_key answers 401 with a plain string", async (endpoint) => {
    const answer = await call(emulator, endpoint, {
      key: "wrong",
      query: { deployment_name: "x" },
      body: addBody("dev-testing"),
    });
    expect(answer.status).toBe(401);
    expect(answer.text).toBe("Unauthorized (invalid api_key)");
  });

  test("a custom api key is the only one accepted", async () => {
    const custom = await createEmulator({ apiKey: "s3cret" });
    try {
      expect(custom.apiKey).toBe("s3cret");
      expect((await call(custom, "GET /list")).status).toBe(200);
      expect((await call(custom, "GET /list", { key: "emulator-key" })).status).toBe(401);
    } finally {
      await custom.close();
    }
  });
});

describe("POST /add", () => {
  test("creates a pending deployment with exactly the documented fields", async () => {
    const answer = await call(emulator, "POST /add", { body: addBody("dev-testing") });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    const d = answer.json as Record<string, unknown>;
    expect(Object.keys(d).sort()).toEqual(SEED_FIELDS);
    expect(d).toMatchObject(seedDeployment);
    expect(d.deployment_id).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(typeof d.creator_id).toBe("string");
    expect(typeof d.workspace_id).toBe("string");
    expect(typeof d.workspace_url).toBe("string");
  });

  test("applies the documented defaults when only the required fields are sent", async () => {
    const body = { deployment_name: "minimal", machine_type: "dev-cpu", creator_email: "a@b.io" };
    const answer = await call(emulator, "POST /add", { body });
    expect(answer.json).toMatchObject({
      duration: 3,
      inference_version: "0.45.0",
      min_replicas: 1,
      max_replicas: 1,
    });
  });

  test("keeps an explicit inference version and accepts delete_on_expiration and null optionals", async () => {
    const body = addBody("pinned", {
      inference_version: "0.38.1",
      delete_on_expiration: true,
      duration: null,
    });
    const answer = await call(emulator, "POST /add", { body });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ inference_version: "0.38.1", duration: 3 });
  });

  test.each([
    ["deployment_name missing", { deployment_name: undefined }, "deployment_name is required"],
    ["machine_type missing", { machine_type: undefined }, "machine_type is required"],
    ["creator_email missing", { creator_email: undefined }, "creator_email is required"],
    ["name too short", { deployment_name: "abc" }, "deployment_name must be 5-15 characters"],
    ["name with capitals", { deployment_name: "Dev-Testing" }, "deployment_name must be 5-15 characters"],
    [
      "name starting with a digit",
      { deployment_name: "1devtest" },
      "deployment_name must be 5-15 characters",
    ],
    ["name too long", { deployment_name: "a-very-long-name1" }, "deployment_name must be 5-15 characters"],
    ["bad email", { creator_email: "not-an-email" }, "creator_email must be a valid email address"],
    ["zero duration", { duration: 0 }, "duration must be greater than 0 hours"],
    ["string duration", { duration: "3" }, "duration must be a number of hours"],
    [
      "bad inference version",
      { inference_version: "v1" },
      "inference_version must be latest or a version like 0.45.0",
    ],
    ["fractional replicas", { min_replicas: 1.5 }, "min_replicas must be an integer"],
    ["zero replicas", { max_replicas: 0 }, "max_replicas must be at least 1"],
    [
      "min above max",
      { min_replicas: 3, max_replicas: 2 },
      "min_replicas (3) must not be greater than max_replicas (2)",
    ],
    [
      "unknown machine type",
      { machine_type: "huge-tpu" },
      "invalid machine_type huge-tpu, valid machine types are: dev-cpu, dev-gpu, prod-cpu, prod-gpu",
    ],
  ])("rejects %s with 400 and a plain string", async (_, overrides, message) => {
    const answer = await call(emulator, "POST /add", { body: addBody("dev-testing", overrides) });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toContain(message);
  });

  test("rejects a second deployment with the same name with 409", async () => {
    await call(emulator, "POST /add", { body: addBody("dev-testing") });
    const answer = await call(emulator, "POST /add", { body: addBody("dev-testing") });
    expect(answer.status).toBe(409);
    expect(answer.text).toBe("deployment dev-testing already exists");
  });

  test.each([
    ["malformed JSON", "{not json"],
    ["a JSON array", "[]"],
    ["an empty body", ""],
  ])("answers 400 to %s", async (_, raw) => {
    const answer = await call(emulator, "POST /add", { raw });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^text\/plain/);
  });
});

describe("GET /list", () => {
  test("returns a bare array of deployments", async () => {
    expect((await call(emulator, "GET /list")).json).toEqual([]);
    await call(emulator, "POST /add", { body: addBody("first-one") });
    await call(emulator, "POST /add", { body: addBody("second-one") });
    const answer = await call(emulator, "GET /list");
    expect(Array.isArray(answer.json)).toBe(true);
    expect((answer.json as Array<{ deployment_name: string }>).map((d) => d.deployment_name)).toEqual([
      "first-one",
      "second-one",
    ]);
  });

  test("shows expired and deleted deployments only when asked", async () => {
    await call(emulator, "POST /add", { body: addBody("expiring") });
    await call(emulator, "POST /add", { body: addBody("deleted-one") });
    await call(emulator, "POST /add", { body: addBody("staying") });
    emulator.store.expire("expiring");
    emulator.store.deleteOutOfBand("deleted-one");
    const names = async (query: Record<string, string>) =>
      (
        (await call(emulator, "GET /list", { query })).json as Array<{
          deployment_name: string;
          status: string;
        }>
      ).map((d) => `${d.deployment_name}:${d.status}`);
    expect(await names({})).toEqual(["staying:pending"]);
    expect(await names({ show_expired: "true" })).toEqual(["expiring:expired", "staying:pending"]);
    expect(await names({ show_deleted: "true", show_expired: "false" })).toEqual([
      "deleted-one:deleted",
      "staying:pending",
    ]);
    expect(await names({ show_deleted: "true", show_expired: "true" })).toHaveLength(3);
  });

  test("rejects a show_deleted that is neither true nor false", async () => {
    const answer = await call(emulator, "GET /list", { query: { show_deleted: "maybe" } });
    expect(answer.status).toBe(400);
    expect(answer.text).toBe("show_deleted must be true or false");
  });
});

describe("GET /get", () => {
  test("returns the deployment by name", async () => {
    const created = (await call(emulator, "POST /add", { body: addBody("dev-testing") })).json;
    const answer = await call(emulator, "GET /get", { query: { deployment_name: "dev-testing" } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(created);
  });

  test("answers 404 with a plain string for an unknown deployment", async () => {
    const answer = await call(emulator, "GET /get", { query: { deployment_name: "nobody-here" } });
    expect(answer.status).toBe(404);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.text).toBe("deployment nobody-here not found");
  });

  test("answers 400 without a deployment_name", async () => {
    const answer = await call(emulator, "GET /get");
    expect(answer.status).toBe(400);
    expect(answer.text).toBe("deployment_name is required");
  });
});

describe("POST /pause, /resume and /delete", () => {
  test.each(["POST /pause", "POST /resume", "POST /delete", "GET /get_log"])(
    "%s answers 404 for an unknown deployment",
    async (endpoint) => {
      const answer = await call(emulator, endpoint, {
        body: { deployment_name: "ghost-one" },
        query: { deployment_name: "ghost-one" },
      });
      expect(answer.status).toBe(404);
      expect(answer.text).toBe("deployment ghost-one not found");
    },
  );

  test.each(["POST /pause", "POST /resume", "POST /delete"])(
    "%s answers 400 without a deployment_name",
    async (endpoint) => {
      const answer = await call(emulator, endpoint, { body: {} });
      expect(answer.status).toBe(400);
      expect(answer.text).toBe("deployment_name is required");
    },
  );

  test("answers {message: OK} on success", async () => {
    await call(emulator, "POST /add", { body: addBody("dev-testing") });
    clock.advance(1000);
    for (const endpoint of ["POST /pause", "POST /resume", "POST /delete"]) {
      const answer = await call(emulator, endpoint, { body: { deployment_name: "dev-testing" } });
      expect([endpoint, answer.status, answer.json]).toEqual([endpoint, 200, { message: "OK" }]);
    }
  });
});

describe("GET /machine_types", () => {
  test("lists the machine types as {machine_types: [{name, description}]}", async () => {
    const answer = await call(emulator, "GET /machine_types");
    expect(answer.status).toBe(200);
    const body = answer.json as { machine_types: Array<{ name: string; description: string }> };
    expect(body.machine_types.map((m) => m.name)).toEqual(["dev-cpu", "dev-gpu", "prod-cpu", "prod-gpu"]);
    for (const m of body.machine_types) expect(m.description.length).toBeGreaterThan(0);
  });

  test("lists the machine types the emulator was given, and accepts only those", async () => {
    const custom = await createEmulator({ machineTypes: ["gpu-small"] });
    try {
      const list = (await call(custom, "GET /machine_types")).json as {
        machine_types: Array<{ name: string }>;
      };
      expect(list.machine_types.map((m) => m.name)).toEqual(["gpu-small"]);
      expect(
        (await call(custom, "POST /add", { body: addBody("small-one", { machine_type: "gpu-small" }) }))
          .status,
      ).toBe(200);
      expect((await call(custom, "POST /add", { body: addBody("other-one") })).status).toBe(400);
    } finally {
      await custom.close();
    }
  });
});

describe("unknown routes", () => {
  test.each([
    ["GET /nowhere", 404, "Not Found"],
    ["GET /add", 405, "Method Not Allowed"],
    ["POST /list", 405, "Method Not Allowed"],
  ])("%s answers %i with a plain string", async (endpoint, status, text) => {
    const answer = await call(emulator, endpoint);
    expect([answer.status, answer.text]).toEqual([status, text]);
    expect(answer.contentType).toMatch(/^text\/plain/);
  });
});
