/**
 * examples/paperspace-basic as a user runs it (its own Pulumi.yaml, TypeScript through Pulumi's ts-node, the
 * packed package) against the Paperspace emulator: preview writes nothing, up, an in-place update, destroy.
 */
import { createEmulator, type Emulator, type PaperspaceStore } from "../../emulator";
import { createExampleStack, type ExampleStack } from "../helpers/examples";

jest.setTimeout(240_000);

const API_KEY = "ps-example-Rt5Kw8Vn2";
const TOKEN = "ps-example-token-Zc3Mx7";

let emulator: Emulator<PaperspaceStore>;
let t: ExampleStack;
const writes = () => emulator.requests.entries.filter((e) => e.method !== "GET");

beforeAll(async () => {
  emulator = await createEmulator({
    platform: "paperspace",
    apiKey: API_KEY,
    timing: { applyMs: 100, readyMs: 100 },
  });
  t = await createExampleStack("paperspace-basic", "dev", {
    "paperspace:apiUrl": { value: emulator.url },
    "paperspace:apiKey": { value: API_KEY, secret: true },
    projectId: { value: "pr-example" },
    apiToken: { value: TOKEN, secret: true },
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

test("up creates the deployment, healthy, and outputs its URL", async () => {
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  const [deployment] = emulator.store.list("pr-example");
  expect(up.outputs.url.value).toBe(`https://${deployment?.endpoint}`);
  expect(up.outputs.deploymentId.value).toBe(deployment?.id);
  expect(up.outputs.readyReplicas.value).toBe(1);
});

test("more replicas is one in-place update of the same deployment", async () => {
  const before = emulator.store.list("pr-example")[0]?.id;
  await t.stack.setConfig("replicas", { value: "2" });
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
  expect(up.outputs.deploymentId.value).toBe(before);
  expect(up.outputs.readyReplicas.value).toBe(2);
});

test("destroy deletes it, and neither output nor state ever showed a secret", async () => {
  expect((await t.destroy()).summary.resourceChanges).toEqual({ delete: 2 });
  expect(emulator.store.list()).toEqual([]);
  const everything = [JSON.stringify(await t.stack.exportStack()), ...t.output].join("\n");
  for (const secret of [API_KEY, TOKEN]) expect(everything.split(secret).length - 1).toBe(0);
});
