/**
 * The Shipyard emulator over HTTP, as the seed documents the API: Bearer key, `{error}` answers, generated
 * names, tier limits, the state machine on a manual clock, and config / restart / auto-update effects visible
 * in status, history and events.
 */
import { createEmulator, type Emulator, ManualClock, type ShipyardStore } from "../../emulator";

const KEY = "sy-emulator-key-Qm4Zt8";
let clock: ManualClock;
let emulator: Emulator<ShipyardStore>;

beforeEach(async () => {
  clock = new ManualClock(Date.parse("2026-03-05T10:00:00Z"));
  emulator = await createEmulator({
    platform: "shipyard",
    apiKey: KEY,
    clock,
    tier: "business",
    timing: { pendingMs: 1000, provisionMs: 2000, deleteMs: 500 },
  });
});
afterEach(() => emulator.close());

async function api(endpoint: string, body?: unknown, key: string | null = KEY) {
  const [method, path] = endpoint.split(" ");
  const response = await fetch(new URL(path as string, emulator.url), {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

const status = async (name: string) => (await api(`GET /api/deployments/status?name=${name}`)).json;

test("a template create answers 201 with a generated ten-character name, Pending", async () => {
  const created = await api("POST /api/deployments", { template: "nginx", envVars: { PORT: "8080" } });
  expect(created.status).toBe(201);
  expect(created.json).toEqual({
    name: expect.stringMatching(/^[a-z][a-z0-9]{9}$/),
    status: "Pending",
    template: "nginx",
    visibility: "public",
  });
});

test("status goes Pending, Provisioning, then Ready with ingresses, on the emulator's clock", async () => {
  const { name } = (await api("POST /api/deployments", { template: "nginx" })).json;
  expect(await status(name)).toMatchObject({ status: "Pending", deploymentReady: false, allowDelete: true });
  expect((await status(name)).ingresses).toBeUndefined();
  clock.advance(1000);
  expect((await status(name)).status).toBe("Provisioning");
  clock.advance(2000);
  expect(await status(name)).toEqual({
    status: "Ready",
    deploymentReady: true,
    allowDelete: true,
    allowRequest: true,
    ingresses: [
      {
        id: "nginx",
        name: "nginx",
        host: `${name}.apps.shipyard.test`,
        url: `https://${name}.apps.shipyard.test`,
      },
    ],
  });
});

test("deploy-image takes a custom name and defaults the port to 8080; a taken name answers 409", async () => {
  const created = await api("POST /api/deployments/deploy-image", { image: "myapp:v1.0.0", name: "my-app" });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ name: "my-app", image: "myapp:v1.0.0", containerPort: 8080 });
  const again = await api("POST /api/deployments/deploy-image", { image: "myapp:v2", name: "my-app" });
  expect(again).toMatchObject({ status: 409, json: { error: "Deployment name already exists: my-app" } });
  const list = (await api("GET /api/deployments")).json;
  expect(list).toEqual([
    expect.objectContaining({ name: "my-app", template: null, image: "myapp:v1.0.0", canDelete: true }),
  ]);
});

test("invalid requests answer 400 with {error}, an unknown key 401, an unknown name 404", async () => {
  expect(await api("POST /api/deployments", { template: "nope" })).toMatchObject({
    status: 400,
    json: { error: "Unknown template: nope" },
  });
  expect((await api("POST /api/deployments/deploy-image", { image: "x", name: "Bad_Name" })).status).toBe(
    400,
  );
  expect((await api("POST /api/deployments", { template: "nginx", visibility: "secret" })).status).toBe(400);
  expect((await api("GET /api/deployments/status")).json).toEqual({
    error: "Missing required query parameter: name",
  });
  expect((await api("GET /api/deployments", undefined, "wrong")).status).toBe(401);
  expect(await api("GET /api/deployments/status?name=ghost")).toMatchObject({
    status: 404,
    json: { error: "Deployment not found: ghost" },
  });
});

test("the free tier allows one deployment: the second create answers 403 naming the limit", async () => {
  await emulator.close();
  emulator = await createEmulator({ platform: "shipyard", apiKey: KEY, clock, tier: "free" });
  expect((await api("POST /api/deployments", { template: "nginx" })).status).toBe(201);
  expect(await api("POST /api/deployments", { template: "redis" })).toMatchObject({
    status: 403,
    json: { error: "Deployment limit reached: the free tier allows 1 deployment" },
  });
  expect(emulator.store.names()).toHaveLength(1);
});

test("another user's deployment answers 403 by name and is not listed", async () => {
  emulator.store.addForeign("theirs");
  expect(await api("GET /api/deployments/status?name=theirs")).toMatchObject({
    status: 403,
    json: { error: "Ownership verification failed for deployment theirs" },
  });
  expect((await api("POST /api/deployments/delete", { deployment_name: "theirs" })).status).toBe(403);
  expect((await api("GET /api/deployments")).json).toEqual([]);
});

test("delete goes through Deleting, then 404; a repeat during Deleting is harmless", async () => {
  const { name } = (await api("POST /api/deployments", { template: "redis" })).json;
  expect((await api("POST /api/deployments/delete", { deployment_name: name })).json).toMatchObject({
    success: true,
  });
  expect(await status(name)).toMatchObject({ status: "Deleting", allowDelete: false });
  expect((await api("POST /api/deployments/delete", { deployment_name: name })).status).toBe(200);
  clock.advance(500);
  expect((await api(`GET /api/deployments/status?name=${name}`)).status).toBe(404);
});

test("a form POST to delete is redirected and deletes nothing: clients must send JSON", async () => {
  const { name } = (await api("POST /api/deployments", { template: "redis" })).json;
  const form = await api("POST /api/deployments/delete", `deployment_name=${name}`);
  expect(form.status).toBe(302);
  expect(form.headers.get("location")).toBe("/deployments");
  expect(emulator.store.get(name)?.status).toBe("Pending");
});

test("a protected deployment lists canDelete false and refuses deletion with 409", async () => {
  const { name } = (await api("POST /api/deployments", { template: "redis" })).json;
  emulator.store.protect(name);
  expect((await api("GET /api/deployments")).json[0].canDelete).toBe(false);
  expect((await status(name)).allowDelete).toBe(false);
  expect((await api("POST /api/deployments/delete", { deployment_name: name })).status).toBe(409);
});

test("a config change replaces the env vars whole and restarts the pods, seen in status and history", async () => {
  const { name } = (await api("POST /api/deployments", { template: "nginx", envVars: { A: "1", B: "2" } }))
    .json;
  clock.advance(3000);
  const put = await api("PUT /api/deployments/config", { deployment_name: name, configData: { C: "3" } });
  expect(put.status).toBe(200);
  expect((await api(`GET /api/deployments/config?name=${name}`)).json).toEqual({ configData: { C: "3" } });
  expect((await status(name)).status).toBe("Provisioning");
  clock.advance(2000);
  expect((await status(name)).status).toBe("Ready");
  const history = (await api(`GET /api/deployments/${name}/history`)).json.revisions;
  expect(history.map((r: { type: string }) => r.type)).toEqual(["create", "config"]);
});

test("restart and auto-update show in status, history and events", async () => {
  const { name } = (await api("POST /api/deployments", { template: "nginx" })).json;
  clock.advance(3000);
  expect((await api("POST /api/deployments/restart", { deployment_name: name })).status).toBe(200);
  expect((await status(name)).status).toBe("Provisioning");
  const put = await api("PUT /api/deployments/auto-update", {
    deployment_name: name,
    enabled: true,
    strategy: "recreate",
  });
  expect(put.status).toBe(200);
  expect((await api(`GET /api/deployments/auto-update?name=${name}`)).json).toEqual({
    enabled: true,
    strategy: "recreate",
  });
  expect(
    (await api("PUT /api/deployments/auto-update", { deployment_name: name, strategy: "blue" })).status,
  ).toBe(400);
  clock.advance(2000);
  const revisions = (await api(`GET /api/deployments/${name}/history`)).json.revisions;
  expect(revisions.map((r: { type: string }) => r.type)).toEqual(["create", "restart", "auto-update"]);
  const events = (await api(`GET /api/deployments/${name}/events`)).json.events;
  expect(events.filter((e: { reason: string }) => e.reason === "Started")).toHaveLength(2);
  expect(events[0]).toMatchObject({ type: "Normal", involvedObject: { kind: "UserDeployment", name } });
});

test("logs honour tail and service, never show env values; metrics are zero until Ready", async () => {
  const { name } = (
    await api("POST /api/deployments", { template: "wordpress", envVars: { DB_PASSWORD: "pw-Secret-77" } })
  ).json;
  expect((await api(`GET /api/deployments/${name}/metrics`)).json).toMatchObject({ cpuUsage: "0m" });
  clock.advance(3000);
  const all = (await api(`GET /api/deployments/${name}/logs`)).json.logs as string;
  expect(all.split("\n")).toHaveLength(3);
  expect(all).toContain("[wordpress] Listening on 0.0.0.0:80");
  expect(all).not.toContain("pw-Secret-77");
  const one = (await api(`GET /api/deployments/${name}/logs?tail=1&service=mysql`)).json.logs;
  expect(one).toMatch(/\[mysql\] Listening/);
  expect((await api(`GET /api/deployments/${name}/logs?service=nope`)).status).toBe(404);
  expect((await api(`GET /api/deployments/${name}/logs?tail=-1`)).status).toBe(400);
  expect((await api(`GET /api/deployments/${name}/metrics`)).json).toEqual({
    cpuUsage: "150m",
    memoryUsage: "256Mi",
    timestamp: "2026-03-05T10:00:03.000Z",
  });
});

test("an unpullable image ends in Error with lastError in the list and statusMessage in status", async () => {
  await api("POST /api/deployments/deploy-image", { image: "ghcr.io/x/app:missing", name: "broken" });
  clock.advance(1000);
  const message = 'Failed to pull image "ghcr.io/x/app:missing": manifest unknown';
  expect(await status("broken")).toMatchObject({ status: "Error", statusMessage: message });
  expect((await api("GET /api/deployments")).json[0]).toMatchObject({ status: "Error", lastError: message });
});

test("faults and the request log work for Shipyard as for the other platforms", async () => {
  emulator.faults.add({ endpoint: "GET /api/deployments", kind: "status", status: 503 });
  expect(await api("GET /api/deployments")).toMatchObject({
    status: 503,
    json: { error: "Service Unavailable" },
  });
  expect((await api("GET /api/deployments")).status).toBe(200);
  expect(emulator.requests.counts()).toEqual({ "GET /api/deployments": 2 });
  expect(JSON.stringify(emulator.requests.entries)).not.toContain(KEY);
});

test("team_id filters the list to the emulator's team", async () => {
  await api("POST /api/deployments", { template: "nginx" });
  expect((await api("GET /api/deployments?team_id=team-emulator")).json).toHaveLength(1);
  expect((await api("GET /api/deployments?team_id=other")).json).toEqual([]);
});

test("out-of-band admin actions fail, recover and delete a deployment", async () => {
  const { name } = (await api("POST /api/deployments", { template: "nginx" })).json;
  clock.advance(3000);
  const admin = (action: string, body?: unknown) =>
    fetch(`${emulator.url}/__emulator/deployments/${name}/${action}`, {
      method: "POST",
      body: JSON.stringify(body ?? {}),
    });
  expect((await admin("fail", { message: "OOMKilled" })).status).toBe(200);
  expect(await status(name)).toMatchObject({ status: "Error", statusMessage: "OOMKilled" });
  await admin("recover");
  expect((await status(name)).status).toBe("Provisioning");
  expect((await admin("nope")).status).toBe(404);
  await admin("delete");
  expect(emulator.store.get(name)).toBeUndefined();
});
