/**
 * The Paperspace Deployment lifecycle under the real Pulumi engine (CLI, language host, dynamic provider
 * host), driven through the Automation API against the emulator, on a program that consumes the packed
 * package. Each step builds on the state the previous one left. The engine missing fails the suite.
 */
import { createEmulator, type Emulator, type PaperspaceStore } from "../../emulator";
import { createTestStack, resourcesOfType, type TestStack } from "../../scenarios/engine";

jest.setTimeout(240_000);

const TYPE = "pulumi-nodejs:dynamic/paperspace:Deployment";
const API_KEY = "ps-e2e-Lk4wQ9zR2vXm7Tb3";
const ENV_SECRET = "ps-e2e-env-Yh5Nc8Jq1";
const BASIC_AUTH = "ps-e2e-basic-Pf6Ws2Gd9";

// Secrets come from secret stack config, as a user's would: "$apiToken" and "$basicAuthKey" in the plain
// \`deployments\` config stand for them.
const program = `
const pulumi = require("@pulumi/pulumi");
const { paperspace } = require("pulumi-dedicated-deployments");
const config = new pulumi.Config();
const secrets = { $apiToken: config.requireSecret("apiToken"), $basicAuthKey: config.requireSecret("basicAuthKey") };
const resolve = (v) => secrets[v] ?? v;
const specs = config.requireObject("deployments");
for (const [name, args] of Object.entries(specs)) {
  const env = args.env && Object.fromEntries(Object.entries(args.env).map(([k, v]) => [k, resolve(v)]));
  const d = new paperspace.Deployment(name, { ...args, env, basicAuthKey: args.basicAuthKey && resolve(args.basicAuthKey) });
  exports[name] = { id: d.id, deploymentId: d.deploymentId, url: d.url, endpoint: d.endpoint,
    latestSpecHash: d.latestSpecHash, dtHealthy: d.dtHealthy, replicas: d.replicas,
    readyReplicas: d.readyReplicas };
}
`;

const base = {
  projectId: "pre2ealpha",
  image: "paperspace/fastapi-deployment:1.0",
  port: 8000,
  resources: { machineType: "C4", replicas: 1 },
  env: { MODEL: "small", API_TOKEN: "$apiToken" },
};

let emulator: Emulator<PaperspaceStore>;
let t: TestStack;
let specs: Record<string, Record<string, unknown>>;

const config = (next: Record<string, Record<string, unknown>>) => ({
  deployments: { value: JSON.stringify(next) },
});
async function apply(next: Record<string, Record<string, unknown>>) {
  specs = next;
  await t.setConfig(config(specs));
}
const live = (name: string) => emulator.store.list().filter((d) => d.name === name);
const calls = () => emulator.requests.entries.map((e) => `${e.method} ${e.path.split("?")[0]}`);

beforeAll(async () => {
  emulator = await createEmulator({
    platform: "paperspace",
    apiKey: API_KEY,
    timing: { applyMs: 150, readyMs: 150 },
  });
  specs = {
    alpha: { ...base, name: "e2e-alpha" },
    beta: { ...base, name: "e2e-beta", basicAuthKey: "$basicAuthKey" },
  };
  t = await createTestStack("paperspace", program, {
    "paperspace:apiUrl": { value: emulator.url },
    "paperspace:apiKey": { value: API_KEY, secret: true },
    apiToken: { value: ENV_SECRET, secret: true },
    basicAuthKey: { value: BASIC_AUTH, secret: true },
    ...config(specs),
  });
});

afterAll(async () => {
  await t?.remove();
  await emulator?.close();
});

test("up creates both deployments, waiting until they are applied and healthy", async () => {
  const result = await t.up();
  expect(result.summary.resourceChanges?.create).toBe(3); // the stack and two deployments
  const [alpha] = live("e2e-alpha");
  const out = result.outputs.alpha.value;
  expect(out.id).toBe(alpha?.id);
  expect(out.deploymentId).toBe(alpha?.id);
  expect(out.url).toBe(`https://${alpha?.endpoint}`);
  expect(out.latestSpecHash).toBe(alpha?.latestSpecHash);
  expect(out.dtHealthy).toBe(alpha?.latestSpec?.dtHealthy);
  expect(out.dtHealthy).toEqual(expect.any(String));
  expect([out.replicas, out.readyReplicas]).toEqual([1, 1]);
  expect(live("e2e-beta")).toHaveLength(1);
});

test("a second preview shows no changes and makes no API call", async () => {
  emulator.requests.reset();
  const preview = await t.preview();
  expect(preview.changeSummary).toEqual({ same: 3 });
  expect(calls()).toEqual([]);
});

test("the serialized provider in state is small and the state holds no secret in plaintext", async () => {
  const state = await t.exportState();
  const sizes = resourcesOfType(state, TYPE).map((r) => String(r.outputs?.__provider ?? "").length);
  expect(sizes).toHaveLength(2);
  for (const size of sizes) expect(size).toBeLessThan(4096);
  for (const secret of [API_KEY, ENV_SECRET, BASIC_AUTH]) expect(state.split(secret).length - 1).toBe(0);
});

test("image, env and replicas change in place: one upsert with the id, no replacement", async () => {
  const before = live("e2e-alpha")[0];
  await apply({
    ...specs,
    alpha: {
      ...specs.alpha,
      image: "paperspace/fastapi-deployment:2.0",
      env: { MODEL: "large", API_TOKEN: "$apiToken" },
      resources: { machineType: "C4", replicas: 2 },
    },
  });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 2, update: 1 });
  const after = live("e2e-alpha")[0];
  expect(after?.id).toBe(before?.id);
  expect(after?.latestSpec?.data).toMatchObject({
    image: "paperspace/fastapi-deployment:2.0",
    resources: { replicas: 2 },
  });
  // The engine hands maps over sorted by key; the resource's ownership marker rides along (core/ownership.ts).
  expect(after?.latestSpec?.data.env).toEqual([
    { name: "API_TOKEN", value: ENV_SECRET },
    { name: "MODEL", value: "large" },
    { name: "PULUMI_DEPLOYMENT_OWNER", value: expect.stringMatching(/^urn-sha256-[0-9a-f]{32}$/) },
  ]);
  expect(calls().filter((c) => c === "POST /deployments")).toHaveLength(1);
  expect(calls().some((c) => c.startsWith("DELETE"))).toBe(false);
  expect(result.outputs.alpha.value).toMatchObject({ replicas: 2, readyReplicas: 2 });
  expect(result.outputs.alpha.value.latestSpecHash).toBe(after?.latestSpecHash);
});

test("a projectId change replaces that deployment only, creating the new one first", async () => {
  const before = live("e2e-beta")[0];
  await apply({ ...specs, beta: { ...specs.beta, projectId: "pre2ebeta" } });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
  const beta = live("e2e-beta");
  expect(beta.map((d) => d.projectId)).toEqual(["pre2ebeta"]);
  expect(beta[0]?.id).not.toBe(before?.id);
  const order = calls();
  expect(order.indexOf("POST /deployments")).toBeLessThan(order.indexOf(`DELETE /deployments/${before?.id}`));
});

test("refresh records an unhealthy deployment and drops one deleted out of band; up recreates it", async () => {
  const alpha = live("e2e-alpha")[0]?.id as string;
  emulator.store.markUnhealthy(alpha);
  emulator.store.deleteOutOfBand(live("e2e-beta")[0]?.id as string);
  const refresh = await t.refresh();
  expect(refresh.summary.resourceChanges?.delete).toBe(1);
  const stored = resourcesOfType(await t.exportState(), TYPE);
  expect(stored.map((r) => r.id)).toEqual([alpha]);
  expect(stored[0]?.outputs).toMatchObject({ dtHealthy: null, readyReplicas: 0 });

  emulator.store.markHealthy(alpha);
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 2, create: 1 });
  expect(live("e2e-beta")).toHaveLength(1);
});

test("a bad env value fails preview naming the property, never showing a value, with no API call", async () => {
  const good = specs;
  await apply({ ...specs, alpha: { ...specs.alpha, env: { API_TOKEN: "$apiToken", BAD: 42 } } });
  emulator.requests.reset();
  await expect(t.preview()).rejects.toThrow(/env\.BAD: must be a string/);
  expect(calls()).toEqual([]);
  await apply(good);
});

test("destroy deletes every deployment", async () => {
  const result = await t.destroy();
  expect(result.summary.resourceChanges?.delete).toBe(3);
  expect(emulator.store.list()).toEqual([]);
});

test("neither the state nor any CLI output ever shows the key, an env value or the basic auth key", async () => {
  const everything = [await t.exportState(), ...t.output].join("\n");
  expect(everything.length).toBeGreaterThan(1000);
  for (const secret of [API_KEY, ENV_SECRET, BASIC_AUTH]) {
    expect(everything.split(secret).length - 1).toBe(0);
  }
});
