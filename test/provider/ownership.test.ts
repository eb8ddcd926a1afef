/**
 * A create cut off by a killed run is recognised by the next run as its own, where the API keeps env vars
 * (Shipyard, Paperspace): the deployment carries its resource's marker, so the next create continues with it instead
 * of making a second one (a server-chosen name) or refusing it (a chosen name); another stack's deployment,
 * which carries another marker or none, is never taken.
 */
import type { Emulator, PaperspaceStore, ShipyardStore } from "../../emulator";
import { OWNER_ENV, ownerMarker } from "../../provider/core/ownership";
import { DeploymentProvider } from "../../provider/shipyard/provider";
import { fakeConfig } from "./harness";
import { paperspaceProvider, startPaperspaceEmulator } from "./paperspaceHarness";
import { checked, startShipyardEmulator } from "./shipyardHarness";

const KEY = "syk-owner-4Rt7Yp-do-not-print";
const URN = "urn:pulumi:dev::shop::shipyard:index:Deployment::web";
const OTHER_STACK_URN = "urn:pulumi:prod::shop::shipyard:index:Deployment::web";

let emulator: Emulator<ShipyardStore>;
beforeEach(async () => {
  emulator = await startShipyardEmulator(KEY, {
    tier: "enterprise",
    timing: { pendingMs: 10, provisionMs: 10, deleteMs: 10 },
  });
});
afterEach(async () => {
  await emulator.close();
});

/** A provider of the resource `urn`, as the native plugin builds it for a request on that URN. */
async function providerOf(urn: string, requestTimeoutMs = 2_000): Promise<DeploymentProvider> {
  const provider = new DeploymentProvider({
    env: {},
    owner: () => urn,
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))),
    log: () => undefined,
    requestTimeoutMs,
  });
  await provider.configure({
    config: fakeConfig({ "shipyard:apiKey": KEY, "shipyard:apiUrl": emulator.url }),
  });
  return provider;
}

/** A create the API performs while its answer never reaches the provider: the run dies right there. */
async function cutOffCreate(inputs: Record<string, unknown>): Promise<void> {
  const endpoint = inputs.template ? "POST /api/deployments" : "POST /api/deployments/deploy-image";
  emulator.faults.add({ endpoint, kind: "holdAnswer" });
  const dead = await providerOf(URN, 60_000);
  const abandoned = dead.create(await checked(dead, inputs));
  abandoned.catch(() => undefined); // ends when the emulator closes
  for (let i = 0; i < 100 && emulator.store.list().length === 0; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(emulator.store.list()).toHaveLength(1);
  emulator.faults.clear();
}

test("a template deployment a killed run created is continued with, not made twice", async () => {
  await cutOffCreate({ template: "nginx" });
  const [made] = emulator.store.list();
  expect(emulator.store.getConfig(made?.name ?? "")).toEqual({ [OWNER_ENV]: ownerMarker(URN) });
  const next = await providerOf(URN);
  const result = await next.create(await checked(next, { template: "nginx" }));
  expect(result.id).toBe(made?.name);
  expect(emulator.store.list()).toHaveLength(1);
  expect(result.outs.envVars).toBeUndefined();
  expect((await next.read(result.id, result.outs)).props?.envVars).toBeUndefined();
});

test("another stack's template deployment is never taken: that stack's create makes its own", async () => {
  await cutOffCreate({ template: "nginx" });
  const other = await providerOf(OTHER_STACK_URN);
  const result = await other.create(await checked(other, { template: "nginx" }));
  expect(emulator.store.list().map((d) => d.name)).toContain(result.id);
  expect(emulator.store.list()).toHaveLength(2);
});

test("a named deployment a killed run created is continued with; another stack is still refused the name", async () => {
  await cutOffCreate({ image: "myapp:v1", name: "web-dev", envVars: { MODE: "small" } });
  const other = await providerOf(OTHER_STACK_URN);
  await expect(
    other.create(await checked(other, { image: "myapp:v1", name: "web-dev", envVars: { MODE: "small" } })),
  ).rejects.toThrow(/deployment web-dev already exists .* this stack did not create it/);
  const next = await providerOf(URN);
  const result = await next.create(
    await checked(next, { image: "myapp:v1", name: "web-dev", envVars: { MODE: "small" } }),
  );
  expect(result.id).toBe("web-dev");
  expect(result.outs.envVars).toEqual({ MODE: "small" });
  expect(emulator.store.list()).toHaveLength(1);
});

test("an update of the env vars keeps the marker, and reads show only the declared ones", async () => {
  const provider = await providerOf(URN);
  const made = await provider.create(await checked(provider, { template: "nginx", envVars: { A: "1" } }));
  const updated = await provider.update(
    made.id,
    made.outs,
    await checked(provider, { template: "nginx", envVars: { A: "2" } }),
  );
  expect(updated.outs.envVars).toEqual({ A: "2" });
  expect(emulator.store.getConfig(made.id)).toEqual({ A: "2", [OWNER_ENV]: ownerMarker(URN) });
  expect((await provider.read(made.id, updated.outs)).props?.envVars).toEqual({ A: "2" });
});

describe("Paperspace, whose spec keeps env vars", () => {
  const PKEY = "psk-owner-8Jd2Lm-do-not-print";
  const PS_URN = "urn:pulumi:dev::shop::paperspace:index:Deployment::api";
  const PS_OTHER = "urn:pulumi:prod::shop::paperspace:index:Deployment::api";
  const spec = {
    projectId: "pr1emulat",
    name: "api-dev",
    image: "paperspace/fastapi-deployment:latest",
    ports: [8000],
    resources: { machineType: "C4", replicas: 1 },
  };
  let ps: Emulator<PaperspaceStore>;
  beforeEach(async () => {
    ps = await startPaperspaceEmulator(PKEY, { applyMs: 0, readyMs: 0 });
  });
  afterEach(async () => {
    await ps.close();
  });
  const of = (urn: string, requestTimeoutMs = 2_000) =>
    paperspaceProvider(ps, {
      env: { PAPERSPACE_API_KEY: PKEY, PAPERSPACE_API_URL: ps.url },
      owner: () => urn,
      log: () => undefined,
      requestTimeoutMs,
    });

  test("a deployment a killed run created is continued with; another stack is refused its name", async () => {
    ps.faults.add({ endpoint: "POST /deployments", kind: "holdAnswer" });
    const dead = of(PS_URN, 60_000);
    dead.create(await checked(dead, spec)).catch(() => undefined);
    for (let i = 0; i < 100 && ps.store.list().length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    ps.faults.clear();
    const [made] = ps.store.list();
    expect(made).toBeDefined();
    const other = of(PS_OTHER);
    await expect(other.create(await checked(other, spec))).rejects.toThrow(/this stack did not create it/);
    const next = of(PS_URN);
    const result = await next.create(await checked(next, spec));
    expect(result.id).toBe(made?.id);
    expect(ps.store.list()).toHaveLength(1);
    expect(result.outs.env).toBeUndefined();
    expect((await next.read(result.id, result.outs)).props?.env).toBeUndefined();
  });
});
