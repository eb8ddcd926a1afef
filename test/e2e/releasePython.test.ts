/**
 * A Python user with the released wheel and no Node.js: a virtualenv holding only `pulumi` and the
 * `pulumi_roboflow` wheel of the release, a project folder outside the repository whose Pulumi.yaml names
 * no plugin, an empty PULUMI_HOME and a PATH with no `node`. `pulumi up` fetches the self-contained plugin
 * itself, from the release page the SDK names (redirected to a loopback server with
 * PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES), creates the deployment and waits for it; a preview shows no
 * change; destroy removes it. The emulator answers from this test's own Node.js, outside that PATH.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createEmulator, type Emulator, type RoboflowStore } from "../../emulator";
import {
  downloadOverride,
  installedPlugin,
  LINUX_RELEASE,
  nodeOnPath,
  pluginAsset,
  pulumiOnlyBin,
  type ReleaseServer,
  releaseAssets,
  runPulumi,
  serveRelease,
  userEnv,
  VERSION,
} from "../../scenarios/release";
import { E2E_HOME, installOnce, PULUMI_VERSION } from "../../scenarios/workspace";

jest.setTimeout(300_000);

const API_KEY = "rf-release-py-4Gt7Yc-do-not-print";
const PROGRAM = `import pulumi
import pulumi_roboflow as roboflow

dev = roboflow.DedicatedDeployment(
    "dev",
    deployment_name="py-release",
    machine_type="dev-gpu",
    creator_email="ops@example.com",
    duration=2,
)
pulumi.export("status", dev.status)
`;

let emulator: Emulator;
let server: ReleaseServer;
let work: string;
let env: Record<string, string>;
const live = () => (emulator.store as RoboflowStore).live();

/** A virtualenv with `pulumi` from PyPI and the release's wheel, and nothing of this repository. */
async function virtualenv(wheel: string): Promise<string> {
  const hash = createHash("sha256").update(fs.readFileSync(wheel)).update(PULUMI_VERSION).digest("hex");
  const dir = path.join(E2E_HOME, `release-venv-${hash.slice(0, 12)}`);
  await installOnce(dir, (folder) => {
    execFileSync("python3", ["-m", "venv", folder], { stdio: "ignore" });
    execFileSync(
      path.join(folder, "bin", "python"),
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `pulumi==${PULUMI_VERSION}`, wheel],
      { stdio: ["ignore", "ignore", "inherit"] },
    );
  });
  return dir;
}

beforeAll(async () => {
  const release = await releaseAssets(LINUX_RELEASE);
  const wheel = path.join(release, `pulumi_roboflow-${VERSION}-py3-none-any.whl`);
  const venv = await virtualenv(wheel);
  emulator = await createEmulator({ apiKey: API_KEY, timing: { pendingMs: 800, deleteMs: 200 } });
  server = await serveRelease(release);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-release-py-"));
  const project = path.join(work, "project");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: released\nruntime: python\n");
  fs.writeFileSync(path.join(project, "__main__.py"), PROGRAM);
  const bin = await pulumiOnlyBin(["pulumi-language-python", "pulumi-language-python-exec"]);
  env = userEnv({
    path: [path.join(venv, "bin"), bin].join(path.delimiter),
    home: path.join(work, "pulumi-home"),
    stateDir: fs.mkdtempSync(path.join(work, "state-")),
    extra: {
      // This test alone lets the engine fetch a plugin: from the loopback release page.
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false",
      PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: downloadOverride(server.url),
      PYTHONDONTWRITEBYTECODE: "1",
    },
  });
  fs.mkdirSync(env.PULUMI_HOME as string);
  const init = await runPulumi(project, env, ["stack", "init", "test"]);
  expect(init.text).toBe(init.code === 0 ? init.text : "stack init succeeds");
  for (const args of [
    ["config", "set", "roboflow:apiUrl", emulator.url],
    ["config", "set", "--secret", "roboflow:apiKey", API_KEY],
  ]) {
    expect((await runPulumi(project, env, args)).code).toBe(0);
  }
}, 600_000);

afterAll(async () => {
  await server?.close();
  await emulator?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const project = () => path.join(work, "project");

test("the program's PATH has no node, its PULUMI_HOME no plugin, its Pulumi.yaml no plugins section", () => {
  expect(nodeOnPath(env.PATH as string)).toEqual([]);
  expect(installedPlugin(env.PULUMI_HOME as string, "roboflow")).toEqual([]);
  expect(fs.readFileSync(path.join(project(), "Pulumi.yaml"), "utf8")).not.toContain("plugins");
});

test("up downloads the self-contained plugin once from the release page, creates and waits", async () => {
  const up = await runPulumi(project(), env, ["up", "--yes", "--skip-preview"]);
  expect({ code: up.code, text: up.text }).toEqual({ code: 0, text: expect.not.stringMatching(/error:/) });
  expect(Object.fromEntries(server.requests)).toEqual({
    [`/download/v${VERSION}/${pluginAsset("roboflow", "linux-amd64")}`]: 1,
  });
  expect(installedPlugin(env.PULUMI_HOME as string, "roboflow")).toEqual(["pulumi-resource-roboflow"]);
  expect(live().map((d) => [d.deployment_name, d.status])).toEqual([["py-release", "ready"]]);
  const status = await runPulumi(project(), env, ["stack", "output", "status"]);
  expect(status.text.trim()).toBe("ready");
  expect(up.text).not.toContain(API_KEY);
});

test("a second preview shows no changes, with no second download", async () => {
  emulator.requests.reset();
  const preview = await runPulumi(project(), env, ["preview", "--expect-no-changes"]);
  expect({ code: preview.code, text: preview.text }).toEqual({ code: 0, text: expect.any(String) });
  expect(emulator.requests.counts()).toEqual({});
  expect([...server.requests.values()]).toEqual([1]);
});

test("destroy deletes the deployment", async () => {
  const destroy = await runPulumi(project(), env, ["destroy", "--yes", "--skip-preview"]);
  expect({ code: destroy.code, text: destroy.text }).toEqual({ code: 0, text: expect.any(String) });
  expect(live()).toEqual([]);
  expect([...server.requests.values()]).toEqual([1]);
});
