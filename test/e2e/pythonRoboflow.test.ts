/**
 * A Python program with the generated typed SDK (`import pulumi_roboflow as roboflow`) under the real engine
 * and the Python language host, driven through the Automation API's LocalWorkspace on the project folder:
 * create, a no-change preview with no API call, in-place and replacing changes, a lookup, `pulumi import`,
 * a bad input refused at preview, refresh, destroy, and no key or secret anywhere in state or output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createEmulator, type Emulator } from "../../emulator";
import { resourcesOfType } from "../../scenarios/engine";
import { createPythonStack, type PythonStack } from "../../scenarios/python";

jest.setTimeout(300_000);

const TYPE = "roboflow:index:DedicatedDeployment";
const API_KEY = "rf-python-Vb8nQ2xL5kTw9Zr4";
const writes = ["POST /add", "POST /pause", "POST /resume", "POST /delete"];
const PROGRAM = fs.readFileSync(path.join(__dirname, "../../scenarios/pythonPrograms/roboflow.py"), "utf8");

type Spec = Record<string, unknown> & { deployment_name: string };
let emulator: Emulator;
let t: PythonStack;
let deployments: Record<string, Spec>;

const apply = (next: Record<string, Spec>, lookups?: string) => {
  deployments = next;
  t.write("program.json", JSON.stringify({ deployments, ...(lookups ? { lookups } : {}) }));
};
const writeCalls = () => writes.reduce((n, call) => n + (emulator.requests.counts()[call] ?? 0), 0);
const idsInState = async () =>
  resourcesOfType(await t.exportState(), TYPE)
    .map((r) => r.id)
    .sort();

beforeAll(async () => {
  emulator = await createEmulator({
    apiKey: API_KEY,
    timing: { pendingMs: 800, resumeMs: 200, deleteMs: 200 },
    // The API keeps delete_on_expiration true for a deployment added without it (the YAML test: false).
    deleteOnExpiration: true,
  });
  t = await createPythonStack(
    "pyroboflow",
    { "__main__.py": PROGRAM, "program.json": "{}" },
    { "roboflow:apiUrl": { value: emulator.url }, "roboflow:apiKey": { value: API_KEY, secret: true } },
  );
  apply({ main: { deployment_name: "py-main" } });
});

afterAll(async () => {
  await t?.remove();
  await emulator?.close();
});

test("up creates the deployment and waits until it is ready", async () => {
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ create: 2 });
  expect(emulator.store.get("py-main")?.status).toBe("ready");
  expect(up.outputs.main_status?.value).toBe("ready");
  expect(up.outputs.main_url?.value).toBe(`https://${emulator.store.get("py-main")?.domain}`);
});

test("a second preview shows no changes and makes no API call", async () => {
  emulator.requests.reset();
  const preview = await t.preview();
  expect(preview.changeSummary).toEqual({ same: 2 });
  expect(emulator.requests.counts()).toEqual({});
});

test("paused=True is one in-place update", async () => {
  apply({ main: { deployment_name: "py-main", paused: true } });
  emulator.requests.reset();
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
  expect(emulator.requests.counts()["POST /pause"]).toBe(1);
  expect(emulator.requests.counts()["POST /add"]).toBeUndefined();
  expect(emulator.store.get("py-main")?.status).toBe("paused");
});

test("a new max_replicas replaces the deployment", async () => {
  const before = emulator.store.get("py-main")?.deployment_id;
  apply({ main: { deployment_name: "py-main", max_replicas: 2 } });
  const up = await t.up();
  expect(up.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
  expect(emulator.store.get("py-main")?.deployment_id).not.toBe(before);
  expect(emulator.store.get("py-main")?.max_replicas).toBe(2);
});

test("a lookup from Python reads the deployment through the plugin's invoke", async () => {
  apply(deployments, "py-main");
  const up = await t.up();
  expect(up.outputs.looked_up_status?.value).toBe("ready");
  expect(up.outputs.looked_up_id?.value).toBe(emulator.store.get("py-main")?.deployment_id);
  expect(up.outputs.machine_types?.value).toContain("dev-gpu");
  apply(deployments);
});

test("pulumi import brings a deployment made elsewhere under management with no write and no diff", async () => {
  const body = {
    api_key: API_KEY,
    deployment_name: "py-other",
    machine_type: "dev-gpu",
    creator_email: "ops@example.com",
    duration: 2,
  };
  const added = await fetch(`${emulator.url}/add`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(added.status).toBe(200);
  emulator.requests.reset();
  // The v3.68 Python host predates GenerateProgram: with code generation on, the import is recorded and then
  // the CLI fails with "method GenerateProgram not implemented". The program declares the resource itself.
  const imported = await t.runCli([
    "import",
    TYPE,
    "other",
    "py-other",
    "--yes",
    "--protect=false",
    "--generate-code=false",
  ]);
  expect(imported.text).not.toMatch(/error/i);
  expect(imported.code).toBe(0);
  expect(writeCalls()).toBe(0);
  expect(await idsInState()).toEqual(["py-main", "py-other"]);
  const other = resourcesOfType(await t.exportState(), TYPE).find((r) => r.id === "py-other");
  expect(other?.outputs?.deleteOnExpiration).toBe(true);
  expect(other?.inputs).not.toHaveProperty("deleteOnExpiration");
  // Declared without delete_on_expiration, which the API holds as true: no opinion, so no change.
  apply({ ...deployments, other: { deployment_name: "py-other" } });
  const preview = await t.preview();
  expect(preview.changeSummary).toEqual({ same: 3 });
  expect(writeCalls()).toBe(0);
});

test("a bad input is refused at preview, naming the property as the Python program spells it", async () => {
  apply({ ...deployments, bad: { deployment_name: "Not_A_Name" } });
  emulator.requests.reset();
  await expect(t.preview()).rejects.toThrow(/deployment_name/);
  expect(emulator.requests.counts()).toEqual({});
  const { bad: _bad, ...rest } = deployments;
  apply(rest);
});

test("refresh drops a deployment deleted out of band", async () => {
  emulator.store.deleteOutOfBand("py-other");
  const refresh = await t.refresh();
  expect(refresh.summary.resourceChanges?.delete).toBe(1);
  expect(await idsInState()).toEqual(["py-main"]);
  const { other: _other, ...rest } = deployments;
  apply(rest);
});

test("destroy leaves no live deployment", async () => {
  const destroy = await t.destroy();
  expect(destroy.summary.resourceChanges?.delete).toBe(2);
  expect(emulator.store.live()).toEqual([]);
});

test("neither the state nor any CLI output ever shows the API key", async () => {
  const everything = [await t.exportState(), ...t.output].join("\n");
  expect(everything.length).toBeGreaterThan(1000);
  expect(everything.split(API_KEY).length - 1).toBe(0);
});
