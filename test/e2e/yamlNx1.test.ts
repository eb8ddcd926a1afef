/** The NX1 plugin `pulumi-resource-nx1` end to end from a YAML program (see test/helpers/yamlSuite.ts). */

import { createEmulator, type Emulator, type Nx1Store } from "../../emulator";
import { ModelDeploymentProvider } from "../../provider/nx1/provider";
import { createYamlStack } from "../../scenarios/native";
import { type OutOfBandProvider, yamlPlatformSuite } from "../helpers/yamlSuite";

jest.setTimeout(180_000);

yamlPlatformSuite({
  namespace: "nx1",
  type: "nx1:index:ModelDeployment",
  apiKey: "nx1k-yaml-5Tw8Lp-do-not-print",
  // Active 1.2 s after a create: quick, and still longer than the 1 s customTimeouts test.
  emulator: { platform: "nx1", timing: { pendingMs: 200, deployMs: 600, readyMs: 400, deleteMs: 200 } },
  properties: (name, variant) => ({
    model: "churn",
    name,
    modelVersion: variant === "replacing" ? "4" : "3",
    type: "online",
    domain: "marketing",
    owner: "ml-team",
    allowedRoles: variant === "inPlace" || variant === "replacing" ? ["analyst", "ops"] : ["analyst"],
  }),
  outOfBand: () => new ModelDeploymentProvider({ env: {} }) as unknown as OutOfBandProvider,
  lookup: () => ({
    function: "nx1:index:getModelDeployment",
    arguments: { model: "churn", name: "yaml-one" },
    return: "status",
  }),
  secrets: [],
  live: (store) => (store as Nx1Store).list().filter((d) => d.status !== "archived").length,
});

describe("a batch deployment", () => {
  const apiKey = "nx1k-yaml-batch-6Gm2Rt-do-not-print";
  let emulator: Emulator<Nx1Store>;
  let t: Awaited<ReturnType<typeof createYamlStack>>;
  beforeAll(async () => {
    emulator = await createEmulator({
      platform: "nx1",
      apiKey,
      timing: { pendingMs: 50, deployMs: 50, readyMs: 50, deleteMs: 50 },
    });
    t = await createYamlStack(
      "yamlnx1batch",
      {},
      {
        "nx1:apiUrl": { value: emulator.url },
        "nx1:apiKey": { value: apiKey, secret: true },
      },
    );
  });
  afterAll(async () => {
    await t?.remove();
    await emulator?.close();
  });

  test("pulumi import refuses it at once, in one sentence saying why and what to declare, writing nothing", async () => {
    const provider = new ModelDeploymentProvider({ env: {} });
    provider.configureFrom((key) => ({ "nx1:apiUrl": emulator.url, "nx1:apiKey": apiKey })[key]);
    const batch = {
      model: "churn",
      name: "nightly",
      modelAlias: "champion",
      type: "batch",
      domain: "marketing",
      owner: "ml-team",
      source: { schema: "crm", table: "customers" },
      target: { schema: "scores", table: "churn" },
      schedule: "0 3 * * *",
    };
    const made = await provider.create((await provider.check({}, batch)).inputs as never);
    emulator.requests.reset();
    const imported = await t.runCli(["import", "nx1:index:ModelDeployment", "nightly", made.id, "--yes"]);
    expect(imported.code).not.toBe(0);
    expect(imported.text).toMatch(
      /cannot be imported, because the NX1 API does not return a batch deployment's source/,
    );
    expect(imported.text).toMatch(/adopt: true/);
    expect(Object.keys(emulator.requests.counts()).filter((call) => !call.startsWith("GET "))).toEqual([]);
    expect(emulator.store.list().map((d) => d.name)).toEqual(["nightly"]);
  });
});
