/**
 * examples/nx1-online as a user runs it (its own Pulumi.yaml, TypeScript through Pulumi's ts-node, the
 * packed package) against the NX1 emulator: preview without the URL fails naming it, preview writes nothing,
 * up, a preview with no change and no call, roles in place, destroy.
 */
import { createEmulator, type Emulator, type Nx1Store } from "../../emulator";
import { createExampleStack, type ExampleStack } from "../helpers/examples";

jest.setTimeout(240_000);

const API_KEY = "nx1-example-Jd8Vb4Qs6";

let emulator: Emulator<Nx1Store>;
let t: ExampleStack;
const calls = () => emulator.requests.entries.map((e) => `${e.method} ${e.path}`);
const writes = () => calls().filter((c) => !c.startsWith("GET "));

beforeAll(async () => {
  emulator = await createEmulator({
    platform: "nx1",
    apiKey: API_KEY,
    timing: { pendingMs: 100, deployMs: 100, readyMs: 100, deleteMs: 100 },
  });
  t = await createExampleStack("nx1-online", "dev", {
    "nx1:apiKey": { value: API_KEY, secret: true },
    owner: { value: "ml-team" },
  });
});

afterAll(async () => {
  await t?.remove();
  await emulator?.close();
});

test("without nx1:apiUrl, preview fails saying what to set", async () => {
  await expect(t.preview()).rejects.toThrow(/no NX1 API URL: NX1 has no public default.*nx1:apiUrl/);
  expect(calls()).toEqual([]);
});

test("a first preview plans one deployment and makes no API call", async () => {
  await t.stack.setConfig("nx1:apiUrl", { value: emulator.url });
  expect((await t.preview()).changeSummary).toEqual({ create: 2 });
  expect(calls()).toEqual([]);
});

test("up creates the deployment, active with every replica ready, and outputs its service URL", async () => {
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  const live = emulator.store.get("churn", "churn-online");
  expect(up.outputs.serviceUrl.value).toBe(live?.service_url);
  expect(up.outputs.deploymentId.value).toBe(live?.deployment_id);
  expect(up.outputs.status.value).toBe("active");
  expect(up.outputs.readyReplicas.value).toBe(2);
});

test("a second preview has no change and makes no API call", async () => {
  emulator.requests.reset();
  expect((await t.preview()).changeSummary).toEqual({ same: 2 });
  expect(calls()).toEqual([]);
});

test("new allowed roles update the same deployment in place", async () => {
  const before = emulator.store.get("churn", "churn-online")?.deployment_id;
  await t.stack.setConfig("allowedRoles", { value: '["analyst"]' });
  emulator.requests.reset();
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
  expect(writes()).toEqual(["PUT /api/models/churn/deployments/churn-online/allowed_roles"]);
  expect(up.outputs.deploymentId.value).toBe(before);
});

test("destroy deletes it, and neither output nor state ever showed the key", async () => {
  expect((await t.destroy()).summary.resourceChanges).toEqual({ delete: 2 });
  expect(emulator.store.get("churn", "churn-online")?.status).toBe("archived");
  const everything = [JSON.stringify(await t.stack.exportStack()), ...t.output].join("\n");
  expect(everything.split(API_KEY).length - 1).toBe(0);
});
