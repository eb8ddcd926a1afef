/**
 * The NX1 ModelDeployment lifecycle under the real Pulumi engine (CLI, language host, dynamic provider
 * host), driven through the Automation API against the emulator, on a program that consumes the packed
 * package. Each step builds on the state the previous one left. The engine missing fails the suite.
 */
import { createEmulator, type Emulator, type Nx1Store } from "../../emulator";
import { createTestStack, resourcesOfType, type TestStack } from "../../scenarios/engine";
import { deploymentsConfig } from "../../scenarios/programs";

jest.setTimeout(240_000);

const TYPE = "pulumi-nodejs:dynamic/nx1:ModelDeployment";
const API_KEY = "nx1-e2e-Wq7Rt3Yp9Zk2Lm5";

const program = `
const pulumi = require("@pulumi/pulumi");
const { nx1 } = require("pulumi-dedicated-deployments");
const specs = new pulumi.Config().requireObject("deployments");
for (const [name, args] of Object.entries(specs)) {
  const d = new nx1.ModelDeployment(name, args);
  exports[name] = { id: d.id, deploymentId: d.deploymentId, status: d.status, serviceUrl: d.serviceUrl,
    resolvedModelVersion: d.resolvedModelVersion, replicaCount: d.replicaCount, readyReplicas: d.readyReplicas,
    dagId: d.dagId, lastRun: d.lastRun, allowedRoles: d.allowedRoles };
}
`;

const common = { model: "churn", domain: "marketing", owner: "ml-team" };
const online = {
  ...common,
  name: "churn-online",
  type: "online",
  modelVersion: "3",
  allowedRoles: ["analyst"],
};
const batch = {
  ...common,
  name: "churn-nightly",
  type: "batch",
  modelAlias: "champion",
  source: { schema: "crm", table: "customers" },
  target: { schema: "scores", table: "churn" },
  entityColumns: ["customer_id"],
  schedule: "0 3 * * *",
  triggerNow: true,
};

let emulator: Emulator<Nx1Store>;
let t: TestStack;
let specs: Record<string, Record<string, unknown>>;

async function apply(next: Record<string, Record<string, unknown>>) {
  specs = next;
  await t.setConfig(deploymentsConfig(specs));
}
const live = (name: string) => emulator.store.get("churn", name);
const calls = () => emulator.requests.entries.map((e) => `${e.method} ${e.path}`);
const writes = () => calls().filter((c) => !c.startsWith("GET "));

beforeAll(async () => {
  emulator = await createEmulator({
    platform: "nx1",
    apiKey: API_KEY,
    timing: { pendingMs: 100, deployMs: 100, readyMs: 100, deleteMs: 100 },
  });
  specs = { online, batch };
  t = await createTestStack("nx1", program, {
    "nx1:apiUrl": { value: emulator.url },
    "nx1:apiKey": { value: API_KEY, secret: true },
    ...deploymentsConfig(specs),
  });
});

afterAll(async () => {
  await t?.remove();
  await emulator?.close();
});

test("up creates an online and a batch deployment, waiting until both are active", async () => {
  const result = await t.up();
  expect(result.summary.resourceChanges?.create).toBe(3); // the stack and two deployments
  const o = result.outputs.online.value;
  expect(o).toMatchObject({
    id: "churn/churn-online",
    deploymentId: live("churn-online")?.deployment_id,
    status: "active",
    serviceUrl: live("churn-online")?.service_url,
    resolvedModelVersion: "3",
    replicaCount: 2,
    readyReplicas: 2,
    allowedRoles: ["analyst"],
  });
  expect(result.outputs.batch.value).toMatchObject({
    status: "active",
    resolvedModelVersion: "3",
    dagId: live("churn-nightly")?.dag_id,
    lastRun: { rowsScored: 1000 },
    serviceUrl: null,
  });
  expect(live("churn-nightly")?.schedule).toBe("0 3 * * *");
});

test("a second preview shows no changes and makes no API call", async () => {
  emulator.requests.reset();
  const preview = await t.preview();
  expect(preview.changeSummary).toEqual({ same: 3 });
  expect(calls()).toEqual([]);
});

test("the serialized provider in state is small and the state holds no key", async () => {
  const state = await t.exportState();
  const stored = resourcesOfType(state, TYPE);
  expect(stored.map((r) => r.id).sort()).toEqual(["churn/churn-nightly", "churn/churn-online"]);
  for (const r of stored) expect(String(r.outputs?.__provider ?? "").length).toBeLessThan(4096);
  expect(state.split(API_KEY).length - 1).toBe(0);
});

test("new allowed roles are one PUT in place: no replacement, same deployment", async () => {
  const before = live("churn-online")?.deployment_id;
  await apply({ ...specs, online: { ...online, allowedRoles: ["analyst", "ops"] } });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 2, update: 1 });
  expect(writes()).toEqual(["PUT /api/models/churn/deployments/churn-online/allowed_roles"]);
  expect(live("churn-online")).toMatchObject({ deployment_id: before, allowed_roles: ["analyst", "ops"] });
  expect(result.outputs.online.value.allowedRoles).toEqual(["analyst", "ops"]);
});

test("a new model version replaces the deployment, deleting the old one first since the name stays", async () => {
  const before = live("churn-online")?.deployment_id;
  await apply({ ...specs, online: { ...specs.online, modelVersion: "4" } });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
  expect(writes()).toEqual([
    "DELETE /api/models/churn/deployments/churn-online",
    "POST /api/models/churn/deployments",
  ]);
  expect(live("churn-online")).toMatchObject({ status: "active", resolved_model_version: "4" });
  expect(live("churn-online")?.deployment_id).not.toBe(before);
  expect(result.outputs.online.value.resolvedModelVersion).toBe("4");
});

test("refresh shows a moved alias, then drops a deployment archived out of band; up creates it again", async () => {
  emulator.store.moveAlias("churn", "champion", "5");
  await t.refresh();
  const batchState = resourcesOfType(await t.exportState(), TYPE).find((r) => r.id === "churn/churn-nightly");
  expect(batchState?.outputs?.resolvedModelVersion).toBe("5");

  emulator.store.archiveOutOfBand("churn", "churn-nightly");
  const refresh = await t.refresh();
  expect(refresh.summary.resourceChanges?.delete).toBe(1);
  expect(resourcesOfType(await t.exportState(), TYPE).map((r) => r.id)).toEqual(["churn/churn-online"]);

  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 2, create: 1 });
  expect(live("churn-nightly")?.status).toBe("active");
});

test("a bad schedule fails preview naming the property, with no API call", async () => {
  const good = specs;
  await apply({ ...specs, batch: { ...batch, schedule: "0 25 * * *" } });
  emulator.requests.reset();
  await expect(t.preview()).rejects.toThrow(/property schedule value .* has a problem: hour field "25"/);
  expect(calls()).toEqual([]);
  await apply(good);
});

test("a deployment that fails is recorded as created but failed, and the next up replaces it", async () => {
  emulator.store.failOnCreate("churn", "churn-canary", "model signature does not match");
  const canary = { ...online, name: "churn-canary", allowedRoles: [] };
  await apply({ ...specs, canary });
  await expect(t.up()).rejects.toThrow(/it failed: model signature does not match/);
  const recorded = resourcesOfType(await t.exportState(), TYPE).find((r) => r.id === "churn/churn-canary");
  expect(recorded?.outputs).toMatchObject({
    status: "failed",
    errorMessage: "model signature does not match",
  });

  emulator.requests.reset();
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 3, replace: 1 });
  expect(writes()).toEqual([
    "DELETE /api/models/churn/deployments/churn-canary",
    "POST /api/models/churn/deployments",
  ]);
  expect(live("churn-canary")?.status).toBe("active");
});

test("destroy deletes every deployment and waits until they are archived", async () => {
  const result = await t.destroy();
  expect(result.summary.resourceChanges?.delete).toBe(4);
  expect(emulator.store.list().map((d) => d.status)).toEqual(["archived", "archived", "archived"]);
});

test("neither the state nor any CLI output ever shows the key", async () => {
  const everything = [await t.exportState(), ...t.output].join("\n");
  expect(everything.length).toBeGreaterThan(1000);
  expect(everything.split(API_KEY).length - 1).toBe(0);
});
