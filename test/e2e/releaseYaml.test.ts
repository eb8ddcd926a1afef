/**
 * A YAML user with no Node.js installs each platform's released plugin as any provider's,
 * `pulumi plugin install resource <platform> <V> --file <tarball>`, into an empty PULUMI_HOME, and runs a
 * program outside the repository whose Pulumi.yaml names no plugin: one resource of each of the four
 * platforms is created, a preview shows no change, destroy removes them, against the four emulators (which
 * answer from this test's own Node.js, outside the program's PATH).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  createEmulator,
  type Nx1Store,
  type PaperspaceStore,
  type RoboflowStore,
  type ShipyardStore,
} from "../../emulator";
import { platformNames } from "../../provider/platforms";
import {
  installedPlugin,
  LINUX_RELEASE,
  nodeOnPath,
  pluginAsset,
  pulumiOnlyBin,
  releaseAssets,
  runPulumi,
  userEnv,
  VERSION,
} from "../../scenarios/release";

jest.setTimeout(300_000);

/** Per platform: its emulator, one resource, and how many of its deployments are live. */
const PLATFORMS = {
  roboflow: {
    emulator: { platform: "roboflow", timing: { pendingMs: 600, deleteMs: 200 } },
    type: "roboflow:index:DedicatedDeployment",
    properties: { deploymentName: "yaml-release", machineType: "dev-gpu", creatorEmail: "ops@example.com" },
    live: (store: unknown) => (store as RoboflowStore).live().length,
  },
  paperspace: {
    emulator: { platform: "paperspace", timing: { applyMs: 200, readyMs: 400 } },
    type: "paperspace:index:Deployment",
    properties: {
      projectId: "pr1emulat",
      name: "yaml-release",
      image: "paperspace/fastapi-deployment:latest",
      ports: [8000],
      resources: { machineType: "C4", replicas: 1 },
    },
    live: (store: unknown) => (store as PaperspaceStore).list().length,
  },
  nx1: {
    emulator: { platform: "nx1", timing: { pendingMs: 200, deployMs: 200, readyMs: 200, deleteMs: 200 } },
    type: "nx1:index:ModelDeployment",
    properties: {
      model: "churn",
      name: "yaml-release",
      modelVersion: "3",
      type: "online",
      domain: "marketing",
      owner: "ml-team",
      allowedRoles: ["analyst"],
    },
    live: (store: unknown) => (store as Nx1Store).list().filter((d) => d.status !== "archived").length,
  },
  shipyard: {
    emulator: {
      platform: "shipyard",
      tier: "enterprise",
      timing: { pendingMs: 200, provisionMs: 400, deleteMs: 200 },
    },
    type: "shipyard:index:Deployment",
    properties: { image: "myapp:v1.0.0", name: "yaml-release" },
    live: (store: unknown) => (store as ShipyardStore).list().length,
  },
} as const;
type Platform = keyof typeof PLATFORMS;
const platforms = Object.keys(PLATFORMS) as Platform[];

let release: string;
let work: string;
let project: string;
let env: Record<string, string>;
const emulators = {} as Record<Platform, Awaited<ReturnType<typeof createEmulator>>>;
const keyOf = (platform: string) => `${platform}-release-yaml-8Jq2-do-not-print`;
const liveCounts = () => Object.fromEntries(platforms.map((p) => [p, PLATFORMS[p].live(emulators[p].store)]));

beforeAll(async () => {
  release = await releaseAssets(LINUX_RELEASE);
  for (const platform of platforms) {
    emulators[platform] = await createEmulator({
      ...(PLATFORMS[platform].emulator as object),
      apiKey: keyOf(platform),
    } as Parameters<typeof createEmulator>[0]);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-release-yaml-"));
  project = path.join(work, "project");
  fs.mkdirSync(project);
  const resources = Object.fromEntries(
    platforms.map((p) => [p, { type: PLATFORMS[p].type, properties: PLATFORMS[p].properties }]),
  );
  fs.writeFileSync(
    path.join(project, "Pulumi.yaml"),
    `${JSON.stringify({ name: "released", runtime: "yaml", resources }, null, 2)}\n`,
  );
  env = userEnv({
    path: await pulumiOnlyBin(["pulumi-language-yaml"]),
    home: path.join(work, "pulumi-home"),
    stateDir: fs.mkdtempSync(path.join(work, "state-")),
  });
  fs.mkdirSync(env.PULUMI_HOME as string);
  expect((await runPulumi(project, env, ["stack", "init", "test"])).code).toBe(0);
  for (const platform of platforms) {
    for (const args of [
      ["config", "set", `${platform}:apiUrl`, emulators[platform].url],
      ["config", "set", "--secret", `${platform}:apiKey`, keyOf(platform)],
    ]) {
      expect((await runPulumi(project, env, args)).code).toBe(0);
    }
  }
}, 600_000);

afterAll(async () => {
  for (const emulator of Object.values(emulators)) await emulator.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("the table covers every platform, and the program's PATH has no node", () => {
  expect([...platforms].sort()).toEqual([...platformNames()].sort());
  expect(nodeOnPath(env.PATH as string)).toEqual([]);
  expect(fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8")).not.toContain("plugins");
});

test.each(platforms)("pulumi plugin install --file installs the %s release tarball", async (platform) => {
  const tarball = path.join(release, pluginAsset(platform, "linux-amd64"));
  const install = await runPulumi(project, env, [
    "plugin",
    "install",
    "resource",
    platform,
    VERSION,
    "--file",
    tarball,
  ]);
  expect({ code: install.code, text: install.text }).toEqual({ code: 0, text: expect.any(String) });
  expect(installedPlugin(env.PULUMI_HOME as string, platform)).toEqual([`pulumi-resource-${platform}`]);
});

test("up creates one deployment on each platform through the installed plugins", async () => {
  const up = await runPulumi(project, env, ["up", "--yes", "--skip-preview"]);
  expect({ code: up.code, text: up.text }).toEqual({ code: 0, text: expect.not.stringMatching(/error:/) });
  expect(liveCounts()).toEqual({ roboflow: 1, paperspace: 1, nx1: 1, shipyard: 1 });
});

test("a second preview shows no changes and makes no API call", async () => {
  for (const emulator of Object.values(emulators)) emulator.requests.reset();
  const preview = await runPulumi(project, env, ["preview", "--expect-no-changes"]);
  expect({ code: preview.code, text: preview.text }).toEqual({ code: 0, text: expect.any(String) });
  expect(platforms.map((p) => emulators[p].requests.counts())).toEqual(platforms.map(() => ({})));
});

test("destroy removes every deployment", async () => {
  const destroy = await runPulumi(project, env, ["destroy", "--yes", "--skip-preview"]);
  expect({ code: destroy.code, text: destroy.text }).toEqual({ code: 0, text: expect.any(String) });
  expect(liveCounts()).toEqual({ roboflow: 0, paperspace: 0, nx1: 0, shipyard: 0 });
});
