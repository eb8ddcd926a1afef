import { createEmulator, type Emulator, ManualClock, type PaperspaceStore } from "../../emulator";
import { bearerCall } from "./http";

const KEY = "ps-emulator-key";
let emulator: Emulator<PaperspaceStore>;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  emulator = await createEmulator({
    platform: "paperspace",
    apiKey: KEY,
    clock,
    timing: { applyMs: 1000, readyMs: 2000 },
  });
});
afterEach(() => emulator.close());

type Body = Record<string, unknown> & { items?: Array<Record<string, unknown>> };
const call = (endpoint: string, options: { body?: unknown; key?: string | null } = {}) =>
  bearerCall<Body>(emulator, endpoint, options);

function config(name: string, overrides: Record<string, unknown> = {}) {
  return {
    apiVersion: "v0alpha0",
    name,
    image: "nginx:1.27",
    resources: { machineType: "C4", ports: [80], replicas: 2 },
    ...overrides,
  };
}

async function create(name: string, projectId = "pr1") {
  const answer = await call("POST /deployments", { body: { projectId, config: config(name) } });
  expect(answer.status).toBe(200);
  return answer.json.deploymentId as string;
}

const ENDPOINTS = [
  "GET /deployments",
  "POST /deployments",
  "GET /deployments/x",
  "DELETE /deployments/x",
  "GET /deployments/x/history",
  "GET /deployments/x/logs",
  "GET /deployments/x/metrics?metric=cpu",
  "GET /deployments/x/runs",
  "GET /projects/pr1/deployments",
];

describe("authentication and errors", () => {
  test.each(ENDPOINTS)("%s without a bearer token answers 401 {code, message}", async (endpoint) => {
    const answer = await call(endpoint, { key: null, body: endpoint.startsWith("POST") ? {} : undefined });
    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.json).toEqual({
      code: "UNAUTHORIZED",
      message: "Missing bearer token in the Authorization header",
    });
  });

  test.each(ENDPOINTS)("%s with a wrong key answers 401", async (endpoint) => {
    const answer = await call(endpoint, { key: "wrong" });
    expect(answer.json).toEqual({ code: "UNAUTHORIZED", message: "Invalid API key" });
  });

  test("an invalid upsert answers 400 with issues naming the fields, and no other key", async () => {
    const answer = await call("POST /deployments", {
      body: { projectId: "pr1", config: { apiVersion: "v0alpha0", name: "x", resources: { replicas: -1 } } },
    });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.json).sort()).toEqual(["code", "issues", "message"]);
    expect(answer.json.code).toBe("BAD_REQUEST");
    const paths = (answer.json.issues as Array<{ path: string[] }>).map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["config.image", "config.resources.replicas"]));
  });

  test("an unknown deployment answers 404 and an unknown route 404, a wrong method 405", async () => {
    expect((await call("GET /deployments/nope")).json).toEqual({
      code: "NOT_FOUND",
      message: "Deployment not found: nope",
    });
    expect((await call("GET /nothing")).status).toBe(404);
    expect((await call("PUT /deployments")).json.code).toBe("METHOD_NOT_SUPPORTED");
  });

  test("a status fault answers in the API's error format", async () => {
    emulator.faults.add({ endpoint: "GET /deployments", kind: "status", status: 503 });
    const answer = await call("GET /deployments");
    expect(answer).toMatchObject({
      status: 503,
      json: { code: "SERVICE_UNAVAILABLE", message: "Service Unavailable" },
    });
    expect((await call("GET /deployments")).status).toBe(200);
  });

  test("a restricted emulator knows only its projects", async () => {
    const restricted = await createEmulator({ platform: "paperspace", apiKey: KEY, projects: ["pr1"] });
    try {
      const answer = await fetch(`${restricted.url}/projects/pr2/deployments`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(answer.status).toBe(404);
    } finally {
      await restricted.close();
    }
  });
});

describe("the spec state machine", () => {
  test("an upsert is applied after applyMs and healthy with every replica ready after readyMs more", async () => {
    const id = await create("web");
    const at = async () => {
      const d = (await call(`GET /deployments/${id}`)).json as { latestSpec: Record<string, unknown> };
      const runs = (await call(`GET /deployments/${id}/runs`)).json as unknown as Array<
        Record<string, number>
      >;
      return [
        d.latestSpec.externalApplied !== null,
        d.latestSpec.dtHealthy !== null,
        runs[0]?.readyReplicas ?? null,
      ];
    };
    expect(await at()).toEqual([false, false, null]);
    clock.advance(1000);
    expect(await at()).toEqual([true, false, 0]);
    clock.advance(2000);
    expect(await at()).toEqual([true, true, 2]);
  });

  test("the upsert with an id updates in place; without one, an existing name is taken over", async () => {
    const id = await create("web");
    const update = await call("POST /deployments", {
      body: { projectId: "pr1", deploymentId: id, config: config("web", { image: "nginx:2" }) },
    });
    expect(update.json).toEqual({ deploymentId: id });
    const takeover = await call("POST /deployments", {
      body: { projectId: "pr1", config: config("web", { image: "nginx:3" }) },
    });
    expect(takeover.json).toEqual({ deploymentId: id });
    const history = (await call(`GET /deployments/${id}/history?order=asc`)).json.items ?? [];
    expect(history.map((h) => (h.data as { image: string }).image)).toEqual([
      "nginx:1.27",
      "nginx:2",
      "nginx:3",
    ]);
  });

  test("renaming onto another deployment's name answers 409", async () => {
    await create("one");
    const two = await create("two");
    const answer = await call("POST /deployments", {
      body: { projectId: "pr1", deploymentId: two, config: config("one") },
    });
    expect(answer.json).toEqual({
      code: "CONFLICT",
      message: "A deployment named one already exists in this project",
    });
  });

  test("out-of-band changes show as error, unhealthy and failed instances, and delete is at once", async () => {
    const id = await create("web");
    clock.advance(3000);
    emulator.store.failInstance(id, "OOMKilled");
    const runs = (await call(`GET /deployments/${id}/runs`)).json as unknown as Array<{
      readyReplicas: number;
      instances: Array<{ state: string; message: string | null }>;
    }>;
    expect(runs[0]?.readyReplicas).toBe(1);
    expect(runs[0]?.instances[0]).toMatchObject({ state: "failed", message: "OOMKilled" });
    emulator.store.setError(id, "bad spec");
    expect((await call(`GET /deployments/${id}`)).json.latestSpec).toMatchObject({
      error: "bad spec",
      externalApplied: null,
    });
    const admin = await fetch(`${emulator.url}/__emulator/deployments/${id}/delete`, { method: "POST" });
    expect(admin.status).toBe(200);
    expect((await call(`DELETE /deployments/${id}`)).status).toBe(404);
  });
});

describe("lists", () => {
  test("pages with after / limit, newest first, until hasMore is false", async () => {
    for (const name of ["a", "b", "c", "d", "e"]) {
      await create(name);
      clock.advance(10);
    }
    const names: string[] = [];
    let after = "";
    for (;;) {
      const page = (await call(`GET /deployments?limit=2${after ? `&after=${after}` : ""}`)).json;
      names.push(...(page.items ?? []).map((d) => d.name as string));
      if (!page.hasMore) {
        expect(page.nextPage).toBeNull();
        break;
      }
      after = page.nextPage as string;
    }
    expect(names).toEqual(["e", "d", "c", "b", "a"]);
  });

  test.each(["0", "121", "x"])("refuses limit=%s with a 400 naming limit", async (limit) => {
    const answer = await call(`GET /deployments?limit=${limit}`);
    expect(answer.status).toBe(400);
    expect((answer.json.issues as Array<{ path: string[] }>)[0]?.path).toEqual(["limit"]);
  });

  test("a project's list filters by name; logs filter by instance; metrics need a known metric", async () => {
    const id = await create("web-api");
    await create("worker");
    await create("web-api", "pr2");
    const project = (await call("GET /projects/pr1/deployments?name=web")).json.items ?? [];
    expect(project.map((d) => d.name)).toEqual(["web-api"]);
    clock.advance(3000);
    const logs = (await call(`GET /deployments/${id}/logs?order=asc&limit=120`)).json.items ?? [];
    expect(logs.length).toBeGreaterThan(3);
    const instanceId = logs.find((l) => l.instanceId)?.instanceId as string;
    const mine =
      (await call(`GET /deployments/${id}/logs?instanceId=${instanceId}&limit=120`)).json.items ?? [];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((l) => l.instanceId === instanceId)).toBe(true);
    expect((await call(`GET /deployments/${id}/metrics?metric=cpu`)).json).toEqual({
      timestamp: expect.any(String),
      value: "25",
    });
    expect((await call(`GET /deployments/${id}/metrics?metric=nope`)).status).toBe(400);
  });

  test("the request log counts every API call by endpoint", async () => {
    await create("web");
    await call("GET /deployments");
    expect(emulator.requests.counts()).toEqual({ "POST /deployments": 1, "GET /deployments": 1 });
  });
});
