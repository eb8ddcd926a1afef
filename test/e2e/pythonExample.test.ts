/**
 * examples/python as a user runs it: its own Pulumi.yaml (the plugin from `node_modules/.bin` of the packed
 * package) and `__main__.py` with the typed SDK, under the real engine and the Python host, against the
 * emulator: a preview with no API write, up, `paused` in place, destroy.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createEmulator, type Emulator } from "../../emulator";
import { createPythonStack, type PythonStack } from "../../scenarios/python";
import { packedWorkspace, ROOT } from "../../scenarios/workspace";

jest.setTimeout(300_000);

const EXAMPLE = path.join(ROOT, "examples", "python");
const API_KEY = "rf-pyexample-Tw5Nq8Lz3Kv7";

let emulator: Emulator;
let t: PythonStack;
const writes = () => Object.entries(emulator.requests.counts()).filter(([call]) => call.startsWith("POST "));

beforeAll(async () => {
  emulator = await createEmulator({
    apiKey: API_KEY,
    timing: { pendingMs: 300, resumeMs: 200, deleteMs: 200 },
  });
  const files = Object.fromEntries(
    ["Pulumi.yaml", "__main__.py"].map((file) => [file, fs.readFileSync(path.join(EXAMPLE, file), "utf8")]),
  );
  t = await createPythonStack("pyexample", files, {
    "roboflow:apiUrl": { value: emulator.url },
    "roboflow:apiKey": { value: API_KEY, secret: true },
    creatorEmail: { value: "ops@example.com" },
  });
  // `npm install` in the example's folder: here, the packed package's workspace one folder up.
  fs.symlinkSync(path.join(await packedWorkspace(), "node_modules"), path.join(t.dir, "node_modules"));
});

afterAll(async () => {
  await t?.remove();
  await emulator?.close();
});

test("a first preview plans the deployment and makes no API write", async () => {
  const preview = await t.preview();
  expect(preview.changeSummary).toEqual({ create: 2 });
  expect(writes()).toEqual([]);
});

test("up creates the deployment and outputs its URL", async () => {
  const up = await t.up();
  expect(up.outputs.url?.value).toBe(`https://${emulator.store.get("py-infer")?.domain}`);
  expect(up.outputs.status?.value).toBe("ready");
});

test("paused: true in config pauses it in place, and destroy deletes it", async () => {
  await t.setConfig({ paused: { value: "true" } });
  expect((await t.up()).summary.resourceChanges).toEqual({ same: 1, update: 1 });
  expect(emulator.store.get("py-infer")?.status).toBe("paused");
  await t.destroy();
  expect(emulator.store.live()).toEqual([]);
});
