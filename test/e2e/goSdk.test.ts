/**
 * The generated Go SDK: `go vet` and `go build` of the module `sdk/go`, and a Go program that declares a
 * Roboflow deployment with it, run through the Go Automation API's inline program (no Go language host is
 * served here) against the emulator: create, a no-change preview with no API call, destroy. The program's
 * module depends on a copy of the SDK outside the repository, through a replace directive.
 *
 * Then the same program as a Go user with no Node.js runs it: a project that names no plugin, an empty
 * PULUMI_HOME and a PATH holding only the Pulumi CLI. The SDK's default resource options name the version
 * and the release page, and the engine fetches the self-contained plugin from it (a loopback server standing
 * in for the release page, through PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES), once.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { createEmulator, type Emulator } from "../../emulator";
import { engineEnv, pulumiCommand } from "../../scenarios/engine";
import {
  downloadOverride,
  installedPlugin,
  LINUX_RELEASE,
  nodeOnPath,
  pluginAsset,
  pulumiOnlyBin,
  type ReleaseServer,
  releaseAssets,
  serveRelease,
  userEnv,
  VERSION,
} from "../../scenarios/release";
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
const operation = async (name: "up" | "preview" | "destroy", only?: Record<string, string>) => {
  const given = only ?? { ...process.env, ...env };
  const { stdout } = await run(program, [name], { env: given, maxBuffer: 1 << 24 });
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

describe("installed as a user without Node.js installs it", () => {
  let server: ReleaseServer;
  let userEnvironment: Record<string, string>;

  beforeAll(async () => {
    server = await serveRelease(await releaseAssets(LINUX_RELEASE));
    userEnvironment = userEnv({
      path: await pulumiOnlyBin([]),
      home: fs.mkdtempSync(path.join(work, "home-")),
      stateDir: fs.mkdtempSync(path.join(work, "state-")),
      extra: {
        // The release tests alone let the engine fetch a plugin: from the loopback release page.
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
        PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: downloadOverride(server.url),
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        PDD_PLUGIN_DIR: "", // the project names no plugin
        ROBOFLOW_EMULATOR_URL: emulator.url,
        ROBOFLOW_TEST_KEY: API_KEY,
      },
    });
    userEnvironment.PDD_STATE_DIR = userEnvironment.PULUMI_BACKEND_URL.replace("file://", "");
  }, 600_000);
  afterAll(() => server?.close());

  test("the program's PATH has no node and its PULUMI_HOME no plugin", () => {
    expect(nodeOnPath(userEnvironment.PATH as string)).toEqual([]);
    expect(installedPlugin(userEnvironment.PULUMI_HOME as string, "roboflow")).toEqual([]);
  });

  test("up fetches the plugin the SDK names, once, creates the deployment and waits", async () => {
    const up = await operation("up", userEnvironment);
    expect(up.changes).toEqual({ create: 2 });
    expect(up.status).toBe("ready");
    expect(Object.fromEntries(server.requests)).toEqual({
      [`/download/v${VERSION}/${pluginAsset("roboflow", "linux-amd64")}`]: 1,
    });
    expect(installedPlugin(userEnvironment.PULUMI_HOME as string, "roboflow")).toEqual([
      "pulumi-resource-roboflow",
    ]);
  });

  test("a second preview shows no changes and makes no API call", async () => {
    emulator.requests.reset();
    const preview = await operation("preview", userEnvironment);
    expect(preview.changes).toEqual({ same: 2 });
    expect(emulator.requests.counts()).toEqual({});
  });

  test("destroy leaves no live deployment, and the plugin was downloaded once", async () => {
    const destroy = await operation("destroy", userEnvironment);
    expect(destroy.changes).toEqual({ delete: 2 });
    expect(emulator.store.live()).toEqual([]);
    expect([...server.requests.values()]).toEqual([1]);
  });
});
