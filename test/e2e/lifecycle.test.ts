/**
 * The DedicatedDeployment lifecycle under the real Pulumi engine (CLI, language host, dynamic provider
 * host), driven through the Automation API against the emulator, on a program that consumes the packed
 * package. Each step builds on the state the previous one left.
 */
import { createEmulator, type Emulator } from "../../emulator";
import { createTestStack, resourcesOfType, type TestStack } from "../../scenarios/engine";
import { deploymentsConfig, deploymentsProgram, ROBOFLOW_TYPE } from "../../scenarios/programs";

jest.setTimeout(240_000);

const API_KEY = "rf-e2e-Zq8xK3vW9tLm2Pn7";
const base = { machineType: "dev-gpu", creatorEmail: "ops@example.com", duration: 2 };

let emulator: Emulator;
let t: TestStack;
let specs: Record<string, Record<string, unknown>>;

const liveNames = () =>
  emulator.store
    .live()
    .map((d) => d.deployment_name)
    .sort();

async function apply(next: Record<string, Record<string, unknown>>) {
  specs = next;
  await t.setConfig(deploymentsConfig(specs));
}

beforeAll(async () => {
  emulator = await createEmulator({
    apiKey: API_KEY,
    timing: { pendingMs: 400, resumeMs: 300, deleteMs: 300 },
  });
  specs = {
    alpha: { ...base, deploymentName: "e2e-alpha" },
    beta: { ...base, deploymentName: "e2e-beta", minReplicas: 1, maxReplicas: 2 },
  };
  t = await createTestStack("lifecycle", deploymentsProgram, {
    "roboflow:apiUrl": { value: emulator.url },
    "roboflow:apiKey": { value: API_KEY, secret: true },
    ...deploymentsConfig(specs),
  });
});

afterAll(async () => {
  await t?.remove();
  await emulator?.close();
});

test("up creates both deployments and their outputs come from the API", async () => {
  const result = await t.up();
  expect(result.summary.resourceChanges?.create).toBe(3); // the stack and two deployments
  expect(liveNames()).toEqual(["e2e-alpha", "e2e-beta"]);
  const alpha = result.outputs.alpha.value;
  expect(alpha.status).toBe("ready");
  expect(alpha.url).toBe(`https://${emulator.store.get("e2e-alpha")?.domain}`);
  expect(alpha.deploymentId).toBe(emulator.store.get("e2e-alpha")?.deployment_id);
  expect(alpha.inferenceVersion).toBe("latest");
  expect(alpha.resolvedInferenceVersion).toMatch(/^\d+\.\d+\.\d+$/);
  expect(alpha.numReplicas).toBe(1);
  expect(emulator.requests.counts()["POST /add"]).toBe(2);
});

test("a second preview shows no changes and makes no API call", async () => {
  emulator.requests.reset();
  const preview = await t.preview();
  expect(preview.changeSummary).toEqual({ same: 3 });
  expect(emulator.requests.counts()).toEqual({});
});

test("the serialized provider in state is small and captures no secret", async () => {
  const state = await t.exportState();
  const sizes = resourcesOfType(state, ROBOFLOW_TYPE).map((r) => String(r.outputs?.__provider ?? "").length);
  console.log(`serialized provider per resource in state: ${sizes.join(", ")} bytes`);
  expect(sizes).toHaveLength(2);
  for (const size of sizes) {
    expect(size).toBeGreaterThan(0);
    expect(size).toBeLessThanOrEqual(1024);
  }
  expect(state).not.toContain(API_KEY);
});

test("paused: true is one in-place update, and false resumes the deployment", async () => {
  await apply({ ...specs, alpha: { ...specs.alpha, paused: true } });
  emulator.requests.reset();
  const paused = await t.up();
  expect(paused.summary.resourceChanges).toEqual({ same: 2, update: 1 });
  expect(emulator.store.get("e2e-alpha")?.status).toBe("paused");
  expect(emulator.requests.counts()["POST /pause"]).toBe(1);
  expect(emulator.requests.counts()["POST /add"]).toBeUndefined();
  expect(paused.outputs.alpha.value.paused).toBe(true);

  await apply({ ...specs, alpha: { ...specs.alpha, paused: false } });
  const resumed = await t.up();
  expect(resumed.summary.resourceChanges).toEqual({ same: 2, update: 1 });
  expect(emulator.store.get("e2e-alpha")?.status).toBe("ready");
  expect(resumed.outputs.alpha.value.status).toBe("ready");
});

test("a machineType change replaces that deployment only, deleting before creating the same name", async () => {
  const before = emulator.store.get("e2e-beta")?.deployment_id;
  const alphaBefore = emulator.store.get("e2e-alpha")?.deployment_id;
  await apply({ ...specs, beta: { ...specs.beta, machineType: "prod-gpu" } });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
  const calls = emulator.requests.entries.map((e) => `${e.method} ${e.path}`);
  expect(calls.indexOf("POST /delete")).toBeGreaterThanOrEqual(0);
  expect(calls.indexOf("POST /delete")).toBeLessThan(calls.indexOf("POST /add"));
  expect(emulator.store.get("e2e-beta")?.machine_type).toBe("prod-gpu");
  expect(emulator.store.get("e2e-beta")?.deployment_id).not.toBe(before);
  expect(emulator.store.get("e2e-alpha")?.deployment_id).toBe(alphaBefore);
});

test("refresh drops a deployment deleted out of band and up recreates it", async () => {
  emulator.store.deleteOutOfBand("e2e-alpha");
  const refresh = await t.refresh();
  expect(refresh.summary.resourceChanges?.delete).toBe(1);
  expect(resourcesOfType(await t.exportState(), ROBOFLOW_TYPE)).toHaveLength(1);
  const up = await t.up();
  expect(up.summary.resourceChanges?.create).toBe(1);
  expect(emulator.store.get("e2e-alpha")?.status).toBe("ready");
});

test("refresh keeps an expired deployment, which holds its name, and up replaces it", async () => {
  emulator.store.expire("e2e-beta");
  await t.refresh();
  const beta = resourcesOfType(await t.exportState(), ROBOFLOW_TYPE).find((r) => r.id === "e2e-beta");
  expect(beta?.outputs?.status).toBe("expired");
  const up = await t.up();
  expect(up.summary.resourceChanges?.replace).toBe(1);
  expect(liveNames()).toEqual(["e2e-alpha", "e2e-beta"]);
  expect(emulator.store.get("e2e-beta")?.status).toBe("ready");
});

test("an invalid input fails preview naming the property, with no API call", async () => {
  const good = specs;
  await apply({ ...specs, alpha: { ...specs.alpha, deploymentName: "Bad_Name" } });
  emulator.requests.reset();
  await expect(t.preview()).rejects.toThrow(/deploymentName/);
  expect(emulator.requests.counts()).toEqual({});
  await apply(good);
});

test("adopt: true brings an existing deployment under management without creating it", async () => {
  const response = await fetch(`${emulator.url}/add`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      api_key: API_KEY,
      deployment_name: "e2e-gamma",
      machine_type: "dev-cpu",
      creator_email: "ops@example.com",
      duration: 2,
      delete_on_expiration: true, // as the official client sends it; the program leaves it unset
    }),
  });
  expect(response.status).toBe(200);
  const id = emulator.store.get("e2e-gamma")?.deployment_id;
  await apply({
    ...specs,
    gamma: { ...base, machineType: "dev-cpu", deploymentName: "e2e-gamma", adopt: true },
  });
  emulator.requests.reset();
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 3, create: 1 });
  expect(emulator.requests.counts()["POST /add"]).toBeUndefined();
  expect(up.outputs.gamma.value.deploymentId).toBe(id);
  // A refresh records what the API holds (delete_on_expiration true); the program has no opinion on it.
  await t.refresh();
  const gamma = resourcesOfType(await t.exportState(), ROBOFLOW_TYPE).find((r) => r.id === "e2e-gamma");
  expect(gamma?.outputs?.deleteOnExpiration).toBe(true);
  expect((await t.preview()).changeSummary).toEqual({ same: 4 });
});

test("destroy leaves no live deployment", async () => {
  const result = await t.destroy();
  expect(result.summary.resourceChanges?.delete).toBe(4);
  expect(emulator.store.live()).toEqual([]);
});

test("neither the state nor any CLI output ever shows the API key", async () => {
  const everything = [await t.exportState(), ...t.output].join("\n");
  expect(everything.length).toBeGreaterThan(1000);
  expect(everything.split(API_KEY).length - 1).toBe(0);
});
