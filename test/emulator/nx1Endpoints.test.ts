/**
 * The NX1 emulator's endpoints as a client sees them: Bearer authentication, FastAPI `{detail}` errors, the
 * create's validation, the state machine on a manual clock, roles in place, the assumed delete, the admin
 * surface for out-of-band changes, faults and the request log.
 */
import { createEmulator, type Emulator, ManualClock, type Nx1Store } from "../../emulator";
import { bearerCall } from "./http";

const KEY = "nx1-emulator-key";
let emulator: Emulator<Nx1Store>;
let clock: ManualClock;

async function start(options: { deleteAllowed?: boolean } = {}) {
  clock = new ManualClock();
  emulator = await createEmulator({
    platform: "nx1",
    apiKey: KEY,
    clock,
    timing: { pendingMs: 1000, deployMs: 2000, readyMs: 500, deleteMs: 1000 },
    ...options,
  });
}
beforeEach(() => start());
afterEach(() => emulator.close());

type Body = Record<string, unknown> & { detail?: unknown };
const call = (endpoint: string, options: { body?: unknown; key?: string | null } = {}) =>
  bearerCall<Body>(emulator, endpoint, options);

const onlineBody = (overrides: Record<string, unknown> = {}) => ({
  name: "churn-online",
  model: { model_name: "ignored", model_version: "3" },
  type: "online",
  domain: "marketing",
  owner: "ml-team",
  ...overrides,
});
const batchBody = (overrides: Record<string, unknown> = {}) => ({
  name: "churn-nightly",
  model: { model_alias: "champion" },
  type: "batch",
  domain: "marketing",
  owner: "ml-team",
  source: { schema: "crm", table: "customers" },
  target: { schema: "scores", table: "churn" },
  schedule: "0 3 * * *",
  trigger_now: true,
  ...overrides,
});
const PATH = "/api/models/churn/deployments";

const ENDPOINTS = [
  `GET ${PATH}`,
  `POST ${PATH}`,
  `GET ${PATH}/x`,
  `DELETE ${PATH}/x`,
  `PUT ${PATH}/x/allowed_roles`,
];

describe("authentication and errors", () => {
  test.each(ENDPOINTS)("%s without a bearer token answers 401 {detail}", async (endpoint) => {
    const answer = await call(endpoint, { key: null });
    expect([answer.status, answer.json]).toEqual([401, { detail: "Not authenticated" }]);
    expect(answer.contentType).toMatch(/^application\/json/);
  });

  test.each(ENDPOINTS)("%s with another key answers 401 Invalid PSK", async (endpoint) => {
    const answer = await call(endpoint, { key: "other-key" });
    expect([answer.status, answer.json]).toEqual([401, { detail: "Invalid PSK" }]);
  });

  test("an unknown path answers 404 and a wrong method 405, FastAPI's way", async () => {
    expect((await call("GET /api/nothing")).json).toEqual({ detail: "Not Found" });
    const answer = await call(`PATCH ${PATH}/x`);
    expect([answer.status, answer.json]).toEqual([405, { detail: "Method Not Allowed" }]);
  });
});

describe("POST /api/models/{model}/deployments", () => {
  test("creates an online deployment, pending, the path's model winning over the body's", async () => {
    const answer = await call(`POST ${PATH}`, { body: onlineBody() });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({
      name: "churn-online",
      type: "online",
      status: "pending",
      model: { model_name: "churn", model_version: "3", model_alias: null },
      resolved_model_version: "3",
      service_url: expect.stringContaining("churn-online"),
      replica_count: 2,
      ready_replicas: 0,
      dag_id: null,
      allowed_roles: null,
      error_message: null,
      stopped_at: null,
    });
    expect(answer.json.deployment_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("answers exactly the documented fields", async () => {
    const answer = await call(`POST ${PATH}`, { body: batchBody() });
    expect(Object.keys(answer.json).sort()).toEqual(
      [
        "deployment_id",
        "name",
        "type",
        "status",
        "domain",
        "owner",
        "model",
        "created_at",
        "updated_at",
        "resolved_model_version",
        "dag_id",
        "dag_s3_uri",
        "schedule",
        "last_run",
        "service_url",
        "replica_count",
        "ready_replicas",
        "allowed_roles",
        "error_message",
        "stopped_at",
      ].sort(),
    );
  });

  test.each([
    ["a name that is not a DNS label", { name: "Churn_Online" }, ["body", "name"]],
    [
      "both a version and an alias",
      { model: { model_version: "3", model_alias: "champion" } },
      ["body", "model"],
    ],
    ["neither a version nor an alias", { model: {} }, ["body", "model"]],
    ["an unknown type", { type: "stream" }, ["body", "type"]],
    ["no owner", { owner: undefined }, ["body", "owner"]],
  ])("refuses %s with 422 and its location", async (_why, overrides, loc) => {
    const answer = await call(`POST ${PATH}`, { body: onlineBody(overrides) });
    expect(answer.status).toBe(422);
    expect(answer.json.detail).toEqual([expect.objectContaining({ loc })]);
  });

  test.each([
    ["without a target", { target: undefined }, ["body", "target"]],
    ["with a schedule that is not cron", { schedule: "every night" }, ["body", "schedule"]],
  ])("refuses a batch deployment %s", async (_why, overrides, loc) => {
    const answer = await call(`POST ${PATH}`, { body: batchBody(overrides) });
    expect(answer.status).toBe(422);
    expect(answer.json.detail).toEqual([expect.objectContaining({ loc })]);
  });

  test("a second deployment of the name answers 409; another model may use it", async () => {
    await call(`POST ${PATH}`, { body: onlineBody() });
    const again = await call(`POST ${PATH}`, { body: onlineBody() });
    expect([again.status, again.json]).toEqual([
      409,
      { detail: "Deployment 'churn-online' already exists for model 'churn'" },
    ]);
    expect((await call("POST /api/models/fraud/deployments", { body: onlineBody() })).status).toBe(201);
  });

  test("an unregistered version or alias answers 404", async () => {
    const version = await call(`POST ${PATH}`, { body: onlineBody({ model: { model_version: "99" } }) });
    expect([version.status, version.json.detail]).toEqual([404, "Model version 99 of 'churn' not found"]);
    const alias = await call(`POST ${PATH}`, { body: onlineBody({ model: { model_alias: "nope" } }) });
    expect([alias.status, alias.json.detail]).toEqual([404, "Alias 'nope' of model 'churn' not found"]);
  });
});

describe("the state machine", () => {
  const status = async (name: string) => (await call(`GET ${PATH}/${name}`)).json;

  test("online: pending, deploying, active with one replica short, then every replica ready", async () => {
    await call(`POST ${PATH}`, { body: onlineBody() });
    const seen = [];
    for (const step of [999, 1, 2000, 499, 1]) {
      clock.advance(step);
      const d = await status("churn-online");
      seen.push(`${d.status} ${d.ready_replicas}/${d.replica_count}`);
    }
    expect(seen).toEqual(["pending 0/2", "deploying 0/2", "active 1/2", "active 1/2", "active 2/2"]);
  });

  test("batch: the alias resolved, a DAG with its schedule, and the triggered run once active", async () => {
    await call(`POST ${PATH}`, { body: batchBody() });
    expect(await status("churn-nightly")).toMatchObject({
      status: "pending",
      resolved_model_version: "3",
      dag_id: "score_churn_churn_nightly",
      dag_s3_uri: "s3://nx1-airflow-dags/score_churn_churn_nightly.py",
      schedule: "0 3 * * *",
      last_run: null,
      service_url: null,
      replica_count: null,
    });
    clock.advance(3000);
    expect(await status("churn-nightly")).toMatchObject({
      status: "active",
      last_run: { rows_scored: 1000, airflow_run_id: expect.stringMatching(/^manual__/) },
    });
  });

  test("a moved alias is followed at once; a pinned version is not", async () => {
    await call(`POST ${PATH}`, { body: batchBody() });
    await call(`POST ${PATH}`, { body: onlineBody() });
    emulator.store.moveAlias("churn", "champion", "5");
    expect((await status("churn-nightly")).resolved_model_version).toBe("5");
    expect((await status("churn-online")).resolved_model_version).toBe("3");
  });

  test("failOnCreate makes the deployment fail when it would have become active", async () => {
    emulator.store.failOnCreate("churn", "churn-online", "image pull failed");
    await call(`POST ${PATH}`, { body: onlineBody() });
    clock.advance(2999);
    expect((await status("churn-online")).status).toBe("deploying");
    clock.advance(1);
    expect(await status("churn-online")).toMatchObject({
      status: "failed",
      error_message: "image pull failed",
    });
  });
});

describe("roles and delete", () => {
  test("PUT allowed_roles replaces the roles in place and answers the deployment", async () => {
    const created = await call(`POST ${PATH}`, { body: onlineBody({ allowed_roles: ["a"] }) });
    const answer = await call(`PUT ${PATH}/churn-online/allowed_roles`, {
      body: { allowed_roles: ["b", "c"] },
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      deployment_id: created.json.deployment_id,
      allowed_roles: ["b", "c"],
    });
    expect((await call(`PUT ${PATH}/nothing/allowed_roles`, { body: { allowed_roles: [] } })).status).toBe(
      404,
    );
  });

  test("DELETE stops at once, archives after deleteMs, then frees the name", async () => {
    await call(`POST ${PATH}`, { body: onlineBody() });
    clock.advance(5000);
    const answer = await call(`DELETE ${PATH}/churn-online`);
    expect([answer.status, answer.json.status]).toEqual([202, "stopped"]);
    clock.advance(1000);
    expect((await call(`GET ${PATH}/churn-online`)).json.status).toBe("archived");
    expect((await call(`DELETE ${PATH}/churn-online`)).status).toBe(404);
    expect((await call(`POST ${PATH}`, { body: onlineBody() })).status).toBe(201);
  });

  test("an emulator without the assumed delete answers 405", async () => {
    await emulator.close();
    await start({ deleteAllowed: false });
    await call(`POST ${PATH}`, { body: onlineBody() });
    const answer = await call(`DELETE ${PATH}/churn-online`);
    expect([answer.status, answer.json]).toEqual([405, { detail: "Method Not Allowed" }]);
  });
});

describe("the admin surface, faults and the request log", () => {
  const admin = (path: string, body?: unknown) =>
    fetch(
      new URL(`/__emulator/deployments/${encodeURIComponent("churn/churn-online")}/${path}`, emulator.url),
      {
        method: "POST",
        body: body === undefined ? undefined : JSON.stringify(body),
      },
    );

  test.each([
    ["stop", {}, { status: "stopped" }],
    ["archive", {}, { status: "archived" }],
    ["fail", { message: "driver lost" }, { status: "failed", error_message: "driver lost" }],
  ])("%s changes the deployment out of band", async (action, body, expected) => {
    await call(`POST ${PATH}`, { body: onlineBody() });
    expect((await admin(action, body)).status).toBe(200);
    expect((await call(`GET ${PATH}/churn-online`)).json).toMatchObject(expected);
  });

  test("delete removes it (404) and moveAlias moves the alias it follows", async () => {
    await call(`POST ${PATH}`, { body: onlineBody({ model: { model_alias: "challenger" } }) });
    await admin("moveAlias", { version: "7" });
    expect((await call(`GET ${PATH}/churn-online`)).json.resolved_model_version).toBe("7");
    await admin("delete");
    expect((await call(`GET ${PATH}/churn-online`)).status).toBe(404);
  });

  test("an unknown action answers 404 naming the known ones", async () => {
    const answer = await admin("explode");
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { detail: string }).detail).toMatch(/stop, archive, delete, fail/);
  });

  test("a status fault answers in NX1's error format, and the request log counts every call", async () => {
    emulator.faults.add({ endpoint: `POST ${PATH}`, kind: "status", status: 503 });
    const faulted = await call(`POST ${PATH}`, { body: onlineBody() });
    expect([faulted.status, faulted.json]).toEqual([503, { detail: "Service Unavailable" }]);
    await call(`POST ${PATH}`, { body: onlineBody() });
    expect(emulator.requests.counts()).toEqual({ [`POST ${PATH}`]: 2 });
    expect(JSON.stringify(emulator.requests.entries)).not.toContain(KEY);
  });
});
