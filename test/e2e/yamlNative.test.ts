/**
 * The native plugin `pulumi-resource-roboflow` under the real engine, from a Pulumi YAML program that finds it
 * in the packed package installed outside the repository: create, no-change preview with no API call, pause in
 * place, `pulumi import` and the `import` option with no write, progress on the resource's own row,
 * `customTimeouts`, refresh, destroy, and no key anywhere in state or output.
 */
import { createEmulator, type Emulator } from "../../emulator";
import { resourcesOfType, type TestStack } from "../../scenarios/engine";
import { createYamlStack, stateBytesPerResource, type YamlResource } from "../../scenarios/native";

jest.setTimeout(300_000);

const TYPE = "roboflow:index:DedicatedDeployment";
const API_KEY = "rf-yaml-Hq4wZ8vN2kLp7Tx3";
const base = { machineType: "dev-gpu", creatorEmail: "ops@example.com", duration: 2 };
const writes = ["POST /add", "POST /pause", "POST /resume", "POST /delete"];

let emulator: Emulator;
let t: TestStack & { write(next: Record<string, YamlResource>): void };
let program: Record<string, YamlResource>;

const deployment = (
  deploymentName: string,
  extra: Record<string, unknown> = {},
  options?: Record<string, unknown>,
): YamlResource => ({
  type: TYPE,
  properties: { ...base, deploymentName, ...extra },
  ...(options ? { options } : {}),
});
const apply = (next: Record<string, YamlResource>) => {
  program = next;
  t.write(program);
};
const writeCalls = () => writes.reduce((n, call) => n + (emulator.requests.counts()[call] ?? 0), 0);
const addOutOfBand = async (name: string, extra: Record<string, unknown> = {}) => {
  const body = {
    api_key: API_KEY,
    deployment_name: name,
    ...base,
    machine_type: base.machineType,
    creator_email: base.creatorEmail,
    ...extra,
  };
  const response = await fetch(`${emulator.url}/add`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
};

beforeAll(async () => {
  emulator = await createEmulator({
    apiKey: API_KEY,
    timing: { pendingMs: 1500, resumeMs: 300, deleteMs: 300 },
  });
  program = { alpha: deployment("y-alpha"), beta: deployment("y-beta", { maxReplicas: 2 }) };
  t = await createYamlStack(
    "yamlnative",
    program,
    { "roboflow:apiUrl": { value: emulator.url }, "roboflow:apiKey": { value: API_KEY, secret: true } },
    // Pulumi YAML interpolation, not a template string.
    { alphaUrl: ["$", "{alpha.url}"].join(""), alphaStatus: ["$", "{alpha.status}"].join("") },
  );
});

afterAll(async () => {
  await t?.remove();
  await emulator?.close();
});

test("up creates both deployments through the plugin, with progress on each deployment's own row", async () => {
  const up = await t.runCli(["up", "--yes", "--skip-preview"]);
  expect(up.code).toBe(0);
  expect(emulator.store.get("y-alpha")?.status).toBe("ready");
  expect(emulator.store.get("y-beta")?.status).toBe("ready");
  // Diagnostics are grouped by resource: the waits are under each deployment, none under the stack.
  const rows = up.text.split(/\n(?= {2}\S)/);
  const alphaRow = rows.find((r) => r.startsWith(`  ${TYPE} (alpha):`)) ?? "";
  expect(alphaRow).toMatch(/waiting for deployment y-alpha to be ready/);
  const stackRow = rows.find((r) => r.startsWith("  pulumi:pulumi:Stack")) ?? "";
  expect(stackRow).not.toMatch(/waiting for/);
  const state = await t.exportState();
  const alpha = resourcesOfType(state, TYPE).find((r) => r.id === "y-alpha");
  expect(alpha?.outputs?.url).toBe(`https://${emulator.store.get("y-alpha")?.domain}`);
  expect(state).not.toContain("__provider");
  console.log(`native state per resource: ${stateBytesPerResource(state, TYPE).join(", ")} bytes`);
});

test("a second preview shows no changes and makes no API call", async () => {
  emulator.requests.reset();
  const preview = await t.preview();
  expect(preview.changeSummary).toEqual({ same: 3 }); // the stack and two deployments
  expect(emulator.requests.counts()).toEqual({});
});

test("paused: true is one in-place update", async () => {
  apply({ ...program, alpha: deployment("y-alpha", { paused: true }) });
  emulator.requests.reset();
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 2, update: 1 });
  expect(emulator.requests.counts()["POST /pause"]).toBe(1);
  expect(emulator.requests.counts()["POST /add"]).toBeUndefined();
  expect(emulator.store.get("y-alpha")?.status).toBe("paused");
});

test("pulumi import brings a deployment made elsewhere under management with no write", async () => {
  // Made as the official client makes it: delete_on_expiration sent, true (this emulator's default is false).
  await addOutOfBand("y-gamma", { delete_on_expiration: true });
  emulator.requests.reset();
  const imported = await t.runCli(["import", TYPE, "gamma", "y-gamma", "--yes", "--protect=false"]);
  expect(imported.text).not.toMatch(/error/i);
  expect(imported.code).toBe(0);
  expect(writeCalls()).toBe(0);
  const gamma = resourcesOfType(await t.exportState(), TYPE).find((r) => r.id === "y-gamma");
  expect(gamma?.outputs?.deploymentId).toBe(emulator.store.get("y-gamma")?.deployment_id);
  expect(gamma?.outputs?.deleteOnExpiration).toBe(true);
  // Declared in the program with the inputs the user chose (deleteOnExpiration unset), nothing changes.
  apply({ ...program, gamma: deployment("y-gamma") });
  const preview = await t.preview();
  expect(preview.changeSummary).toEqual({ same: 4 });
});

test("the import option adopts a deployment made elsewhere with no write", async () => {
  await addOutOfBand("y-delta", { delete_on_expiration: true });
  emulator.requests.reset();
  apply({ ...program, delta: deployment("y-delta", {}, { import: "y-delta" }) });
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 4, import: 1 });
  expect(writeCalls()).toBe(0);
});

test("refresh drops a deployment deleted out of band", async () => {
  emulator.store.deleteOutOfBand("y-beta");
  const refresh = await t.refresh();
  expect(refresh.summary.resourceChanges?.delete).toBe(1);
  expect(
    resourcesOfType(await t.exportState(), TYPE)
      .map((r) => r.id)
      .sort(),
  ).toEqual(["y-alpha", "y-delta", "y-gamma"]);
  const { beta: _dropped, ...rest } = program;
  apply(rest);
});

test("customTimeouts.create bounds the wait, and the deployment is kept as created but not ready", async () => {
  apply({ ...program, slow: deployment("y-slow", {}, { customTimeouts: { create: "1s" } }) });
  const up = await t.runCli(["up", "--yes", "--skip-preview"]);
  expect(up.code).not.toBe(0);
  expect(up.text).toMatch(/timed out after 1 s waiting for deployment y-slow to be ready/);
  expect(resourcesOfType(await t.exportState(), TYPE).map((r) => r.id)).toContain("y-slow");
});

test("destroy leaves no live deployment", async () => {
  const destroy = await t.destroy();
  expect(destroy.summary.resourceChanges?.delete).toBeGreaterThanOrEqual(4);
  expect(emulator.store.live()).toEqual([]);
});

test("neither the state nor any CLI output ever shows the API key", async () => {
  const everything = [await t.exportState(), ...t.output].join("\n");
  expect(everything.length).toBeGreaterThan(1000);
  expect(everything.split(API_KEY).length - 1).toBe(0);
});
