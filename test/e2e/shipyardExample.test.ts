/**
 * examples/shipyard-image as a user runs it (its own Pulumi.yaml, TypeScript through Pulumi's ts-node, the
 * packed package) against the Shipyard emulator: preview writes nothing, up, an in-place env update, destroy.
 */
import { createEmulator, type Emulator, type ShipyardStore } from "../../emulator";
import { createExampleStack, type ExampleStack } from "../helpers/examples";

jest.setTimeout(240_000);

const API_KEY = "sy-example-Jw4Pd9Xe";
const PASSWORD = "sy-example-db-Tc6Ln2";

let emulator: Emulator<ShipyardStore>;
let t: ExampleStack;
const writes = () => emulator.requests.entries.filter((e) => e.method !== "GET");

beforeAll(async () => {
  emulator = await createEmulator({
    platform: "shipyard",
    apiKey: API_KEY,
    timing: { pendingMs: 100, provisionMs: 100, deleteMs: 100 },
  });
  t = await createExampleStack("shipyard-image", "dev", {
    "shipyard:apiUrl": { value: emulator.url },
    "shipyard:apiKey": { value: API_KEY, secret: true },
    databasePassword: { value: PASSWORD, secret: true },
  });
});

afterAll(async () => {
  await t?.remove();
  await emulator?.close();
});

test("a first preview plans one deployment and makes no API write", async () => {
  emulator.requests.reset();
  expect((await t.preview()).changeSummary).toEqual({ create: 2 });
  expect(writes()).toEqual([]);
});

test("up creates the deployment, Ready, with auto-update on, and outputs its URL", async () => {
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  expect(up.outputs.name.value).toBe("image-app");
  expect(up.outputs.url.value).toBe("https://image-app.apps.shipyard.test");
  expect(up.outputs.status.value).toBe("Ready");
  expect(emulator.store.get("image-app")).toMatchObject({
    port: 3000,
    autoUpdate: { enabled: true, strategy: "rolling" },
    envVars: { NODE_ENV: "production", LOG_LEVEL: "info", DATABASE_PASSWORD: PASSWORD },
  });
});

test("a new log level is one in-place update of the same deployment", async () => {
  await t.stack.setConfig("logLevel", { value: "debug" });
  emulator.requests.reset();
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
  expect(writes().map((e) => `${e.method} ${e.path}`)).toEqual(["PUT /api/deployments/config"]);
  expect(emulator.store.get("image-app")?.envVars.LOG_LEVEL).toBe("debug");
});

test("destroy deletes it, and neither output nor state ever showed a secret", async () => {
  expect((await t.destroy()).summary.resourceChanges).toEqual({ delete: 2 });
  expect(emulator.store.names()).toEqual([]);
  const everything = [JSON.stringify(await t.stack.exportStack()), ...t.output].join("\n");
  for (const secret of [API_KEY, PASSWORD]) expect(everything.split(secret).length - 1).toBe(0);
});
