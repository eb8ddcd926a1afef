/**
 * The generated Go SDK: `go vet` and `go build` of the module `sdk/go`, and a Go program that declares a
 * Roboflow deployment with it, run through the Go Automation API's inline program (no Go language host is
 * served here) against the emulator: create, a no-change preview with no API call, destroy. The program's
 * module depends on a copy of the SDK outside the repository, through a replace directive.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { createEmulator, type Emulator } from "../../emulator";
import { engineEnv, pulumiCommand } from "../../scenarios/engine";
import { packedWorkspace, ROOT } from "../../scenarios/workspace";

jest.setTimeout(600_000);

const run = promisify(execFile);
const SDK_MODULE = "github.com/pulumi-dedicated-deployments/pulumi-dedicated-deployments/sdk/go";
const API_KEY = "rf-go-Mz6Wq3Nt8Kv2";

let emulator: Emulator;
let work: string;
let program: string;
let env: Record<string, string>;

const go = (cwd: string, ...args: string[]) =>
  run("go", args, { cwd, env: { ...process.env, GOFLAGS: "-mod=mod" }, maxBuffer: 1 << 24 });
/** Runs one operation of the Go program; it prints the operation's change summary as JSON. */
const operation = async (name: "up" | "preview" | "destroy") => {
  const { stdout } = await run(program, [name], { env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as {
    changes: Record<string, number>;
    status?: string;
  };
};

beforeAll(async () => {
  emulator = await createEmulator({ apiKey: API_KEY, timing: { pendingMs: 500, deleteMs: 200 } });
  await pulumiCommand(); // fails the test when the engine is missing
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-go-"));
  const sdk = path.join(work, "sdk");
  fs.cpSync(path.join(ROOT, "sdk", "go"), sdk, { recursive: true });
  const source = path.join(work, "program");
  fs.cpSync(path.join(ROOT, "scenarios", "goProgram"), source, { recursive: true });
  await go(source, "mod", "edit", `-replace=${SDK_MODULE}=${sdk}`);
  program = path.join(work, "goprogram");
  await go(source, "build", "-o", program, ".");
  const stateDir = fs.mkdtempSync(path.join(work, "state-"));
  env = {
    ...engineEnv(stateDir),
    PULUMI_HOME: fs.mkdtempSync(path.join(work, "home-")),
    PDD_STATE_DIR: stateDir,
    PDD_PLUGIN_DIR: path.join(await packedWorkspace(), "node_modules", ".bin"),
    ROBOFLOW_EMULATOR_URL: emulator.url,
    ROBOFLOW_TEST_KEY: API_KEY,
  };
});

afterAll(async () => {
  await emulator?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the generated Go SDK passes go vet and builds", async () => {
  const dir = path.join(work, "vet");
  fs.cpSync(path.join(ROOT, "sdk", "go"), dir, { recursive: true });
  await expect(go(dir, "vet", "./...")).resolves.toBeDefined();
  await expect(go(dir, "build", "./...")).resolves.toBeDefined();
});

test("a Go program creates the deployment through the Automation API and waits until it is ready", async () => {
  const up = await operation("up");
  expect(up.changes).toEqual({ create: 2 });
  expect(up.status).toBe("ready");
  expect(emulator.store.get("go-main")?.status).toBe("ready");
});

test("a second preview of the Go program shows no changes and makes no API call", async () => {
  emulator.requests.reset();
  const preview = await operation("preview");
  expect(preview.changes).toEqual({ same: 2 });
  expect(emulator.requests.counts()).toEqual({});
});

test("destroy from the Go program leaves no live deployment", async () => {
  const destroy = await operation("destroy");
  expect(destroy.changes).toEqual({ delete: 2 });
  expect(emulator.store.live()).toEqual([]);
});
