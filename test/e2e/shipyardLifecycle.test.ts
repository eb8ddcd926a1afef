/**
 * The Shipyard Deployment lifecycle under the real Pulumi engine (CLI, language host, dynamic provider host),
 * driven through the Automation API against the emulator, on a program that consumes the packed package.
 * Each step builds on the state the previous one left. The engine missing fails the suite.
 */
import { createEmulator, type Emulator, type ShipyardStore } from "../../emulator";
import { createTestStack, resourcesOfType, type TestStack } from "../../scenarios/engine";

/** The ownership marker every deployment a resource creates carries in its env vars. */
const owned = { PULUMI_DEPLOYMENT_OWNER: expect.stringMatching(/^urn-sha256-[0-9a-f]{32}$/) };

jest.setTimeout(240_000);

const TYPE = "pulumi-nodejs:dynamic/shipyard:Deployment";
const API_KEY = "sy-e2e-Nv6Tq2Hx9Lm4";
const ENV_SECRET = "sy-e2e-env-Rb8Kd3Wz5";

// The secret env value comes from secret stack config, as a user's would: "$token" in the plain
// `deployments` config stands for it.
const program = `
const pulumi = require("@pulumi/pulumi");
const { shipyard } = require("pulumi-dedicated-deployments");
const config = new pulumi.Config();
const token = config.requireSecret("token");
const specs = config.requireObject("deployments");
for (const [name, args] of Object.entries(specs)) {
  const envVars = args.envVars && Object.fromEntries(Object.entries(args.envVars).map(([k, v]) => [k, v === "$token" ? token : v]));
  const d = new shipyard.Deployment(name, { ...args, envVars });
  exports[name] = { id: d.id, name: d.name, status: d.status, ready: d.ready, url: d.url,
    template: d.template, image: d.image };
}
`;

let emulator: Emulator<ShipyardStore>;
let t: TestStack;
let specs: Record<string, Record<string, unknown>>;
/** A deployment of the account that the stack does not manage. */
let outsider: string;

const config = (next: Record<string, Record<string, unknown>>) => ({
  deployments: { value: JSON.stringify(next) },
});
async function apply(next: Record<string, Record<string, unknown>>) {
  specs = next;
  await t.setConfig(config(specs));
}
const calls = () => emulator.requests.entries.map((e) => `${e.method} ${e.path.split("?")[0]}`);
const writes = () => calls().filter((c) => !c.startsWith("GET"));
const ofTemplate = (template: string) =>
  emulator.store.names().filter((n) => emulator.store.get(n)?.template === template);

beforeAll(async () => {
  emulator = await createEmulator({
    platform: "shipyard",
    apiKey: API_KEY,
    timing: { pendingMs: 100, provisionMs: 150, deleteMs: 100 },
  });
  specs = {
    web: { template: "nginx", envVars: { MODE: "small", TOKEN: "$token" } },
    api: { image: "myapp:v1.0.0", name: "e2e-api", containerPort: 3000, restartTrigger: "build-1" },
  };
  t = await createTestStack("shipyard", program, {
    "shipyard:apiUrl": { value: emulator.url },
    "shipyard:apiKey": { value: API_KEY, secret: true },
    token: { value: ENV_SECRET, secret: true },
    ...config(specs),
  });
});

afterAll(async () => {
  await t?.remove();
  await emulator?.close();
});

test("up creates a template and an image deployment, each Ready with its URL", async () => {
  const result = await t.up();
  expect(result.summary.resourceChanges?.create).toBe(3); // the stack and two deployments
  const [web] = ofTemplate("nginx");
  expect(result.outputs.web.value).toMatchObject({
    id: web,
    name: web,
    status: "Ready",
    ready: true,
    url: `https://${web}.apps.shipyard.test`,
    template: "nginx",
  });
  expect(result.outputs.api.value).toMatchObject({ id: "e2e-api", name: "e2e-api", image: "myapp:v1.0.0" });
  // With the resource's ownership marker (core/ownership.ts), which the outputs leave out.
  expect(emulator.store.get(web as string)?.envVars).toEqual({ MODE: "small", TOKEN: ENV_SECRET, ...owned });
  expect(emulator.store.get("e2e-api")).toMatchObject({ status: "Ready", port: 3000 });
});

test("a second preview shows no changes and makes no API call", async () => {
  emulator.requests.reset();
  expect((await t.preview()).changeSummary).toEqual({ same: 3 });
  expect(calls()).toEqual([]);
});

test("the serialized provider in state is small and the state holds no secret in plaintext", async () => {
  const state = await t.exportState();
  const sizes = resourcesOfType(state, TYPE).map((r) => String(r.outputs?.__provider ?? "").length);
  expect(sizes).toHaveLength(2);
  for (const size of sizes) expect(size).toBeLessThan(4096);
  for (const secret of [API_KEY, ENV_SECRET]) expect(state.split(secret).length - 1).toBe(0);
});

test("an env change updates in place: one config PUT, same deployment, no replacement", async () => {
  const [web] = ofTemplate("nginx");
  await apply({ ...specs, web: { ...specs.web, envVars: { MODE: "large", TOKEN: "$token" } } });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 2, update: 1 });
  expect(ofTemplate("nginx")).toEqual([web]);
  expect(emulator.store.get(web as string)?.envVars).toEqual({ MODE: "large", TOKEN: ENV_SECRET, ...owned });
  expect(writes()).toEqual(["PUT /api/deployments/config"]);
  expect(result.outputs.web.value.status).toBe("Ready");
});

test("a new restartTrigger restarts the pods in place", async () => {
  await apply({ ...specs, api: { ...specs.api, restartTrigger: "build-2" } });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 2, update: 1 });
  expect(writes()).toEqual(["POST /api/deployments/restart"]);
  expect(emulator.store.get("e2e-api")).toMatchObject({ restarts: 1, status: "Ready" });
});

test("an image change replaces the deployment, deleting the old one first since the name is kept", async () => {
  await apply({ ...specs, api: { ...specs.api, image: "myapp:v2.0.0" } });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 2, replace: 1 });
  expect(emulator.store.get("e2e-api")).toMatchObject({ image: "myapp:v2.0.0", restarts: 0 });
  const order = writes();
  expect(order.indexOf("POST /api/deployments/delete")).toBeLessThan(
    order.indexOf("POST /api/deployments/deploy-image"),
  );
});

test("a template create whose answer is lost makes exactly one deployment", async () => {
  outsider = emulator.store.create({ template: "redis", envVars: {}, visibility: "public" }).name; // not the stack's
  await apply({ ...specs, cache: { template: "redis" } });
  emulator.faults.add({ endpoint: "POST /api/deployments", kind: "loseResponse" });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 3, create: 1 });
  expect(ofTemplate("redis")).toHaveLength(2);
  expect(emulator.requests.counts()["POST /api/deployments"]).toBe(1);
  expect(ofTemplate("redis")).toContain(result.outputs.cache.value.name);
  expect(result.outputs.cache.value.name).not.toBe(outsider);
  expect(t.output.join("\n")).toContain("was created despite the lost answer");
});

test("adopt takes a deployment the API holds as internal; declared without visibility, it plans no change", async () => {
  emulator.store.create({
    image: "myapp:v1.0.0",
    name: "e2e-internal",
    containerPort: 8080,
    envVars: {},
    visibility: "internal",
  });
  const before = specs;
  await apply({ ...specs, inner: { image: "myapp:v1.0.0", name: "e2e-internal", adopt: true } });
  emulator.requests.reset();
  const result = await t.up();
  expect(result.summary.resourceChanges).toEqual({ same: 4, create: 1 });
  expect(writes()).not.toContain("POST /api/deployments/deploy-image");
  // Unset is no opinion: the deployment stays internal, before and after a refresh.
  expect(emulator.store.get("e2e-internal")?.visibility).toBe("internal");
  expect((await t.preview()).changeSummary).toEqual({ same: 5 });
  await t.refresh();
  emulator.requests.reset();
  expect((await t.preview()).changeSummary).toEqual({ same: 5 });
  expect(writes()).toEqual([]);
  await apply(before);
  expect((await t.up()).summary.resourceChanges).toEqual({ same: 4, delete: 1 });
});

test("destroy deletes every deployment of the stack and leaves the other one", async () => {
  const result = await t.destroy();
  expect(result.summary.resourceChanges?.delete).toBe(4);
  expect(emulator.store.names()).toEqual([outsider]);
});

test("neither the state nor any CLI output ever shows the key or a secret env value", async () => {
  const everything = [await t.exportState(), ...t.output].join("\n");
  expect(everything.length).toBeGreaterThan(1000);
  for (const secret of [API_KEY, ENV_SECRET]) expect(everything.split(secret).length - 1).toBe(0);
});
