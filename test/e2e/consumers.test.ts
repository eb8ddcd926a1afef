/**
 * The consumer matrix under the real Pulumi engine: every program shape a user writes (JavaScript CommonJS
 * and ESM with no TypeScript installed, TypeScript as Pulumi's template makes it, TypeScript ESM, Yarn
 * classic, Node.js 24), each in its own folder outside the repository, installed from the packed package,
 * goes through preview, up, a preview that must show no change, and destroy, with one Roboflow and one
 * Paperspace deployment, against one shared emulator of each API. The cases run a few at a time.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { createEmulator, type Emulator, type PaperspaceStore } from "../../emulator";
import { CONSUMER_CASES, type ConsumerCase, nodeBinFor, prepareConsumer } from "../../scenarios/consumers";
import { engineEnv, previewWithSummary, pulumiCommand } from "../../scenarios/engine";
import { ROOT } from "../../scenarios/workspace";

jest.setTimeout(600_000);

const ROBOFLOW_KEY = "rf-consumer-Hq3vN8xT2kWp";
const PAPERSPACE_KEY = "ps-consumer-Jd7sL4mR9cYb";
/** How many cases run at once: the machine has two cores, and each run is a CLI, a host and two Node processes. */
const AT_ONCE = 3;

const started = Date.now();
const timings: Array<{ name: string; seconds: number }> = [];

// Started on first use: jest starts concurrent tests before it runs beforeAll hooks.
let emulators: Promise<{ roboflowApi: Emulator; paperspaceApi: Emulator<PaperspaceStore> }> | undefined;
const apis = () => {
  emulators ??= (async () => ({
    roboflowApi: await createEmulator({
      apiKey: ROBOFLOW_KEY,
      timing: { pendingMs: 300, resumeMs: 200, deleteMs: 200 },
    }),
    paperspaceApi: await createEmulator({
      platform: "paperspace",
      apiKey: PAPERSPACE_KEY,
      timing: { applyMs: 200, readyMs: 200 },
    }),
  }))();
  return emulators;
};

afterAll(async () => {
  if (emulators) {
    const { roboflowApi, paperspaceApi } = await emulators;
    await roboflowApi.close();
    await paperspaceApi.close();
  }
  const rows = timings.map((t) => `${t.name} ${t.seconds.toFixed(1)} s`).join(", ");
  console.log(
    `consumer matrix: ${timings.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s wall, ${AT_ONCE} at once (${rows})`,
  );
});

/** Lets at most AT_ONCE cases run their engine at the same time. */
const slots = (() => {
  let free = AT_ONCE;
  const waiting: Array<() => void> = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (free === 0) await new Promise<void>((go) => waiting.push(go));
    else free--;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
})();

const projectOf = (c: ConsumerCase) => `prcons${c.name}`;

async function runCase(c: ConsumerCase) {
  const begun = Date.now();
  const { roboflowApi, paperspaceApi } = await apis();
  const liveModel = (c: ConsumerCase) => roboflowApi.store.get(`cons-${c.name}`);
  const liveApps = (c: ConsumerCase) => paperspaceApi.store.list(projectOf(c));
  const dir = await prepareConsumer(c);
  const typescriptInstalled = fs.existsSync(path.join(dir, "node_modules", "typescript"));
  expect({ case: c.name, typescriptInstalled }).toEqual({
    case: c.name,
    typescriptInstalled: !c.noTypeScript,
  });
  // The package manager installed the package just packed, not one it had cached from an earlier build.
  const shim = path.join("dist", "provider", "core", "dynamic.js");
  const installed = fs.readFileSync(
    path.join(dir, "node_modules", "pulumi-dedicated-deployments", shim),
    "utf8",
  );
  expect(installed).toBe(fs.readFileSync(path.join(ROOT, shim), "utf8"));

  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-consumer-state-"));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-consumer-home-"));
  const env = engineEnv(stateDir);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "matrix", workDir: dir },
    {
      pulumiCommand: await pulumiCommand(),
      pulumiHome: home,
      envVars: { ...env, PATH: `${nodeBinFor(c)}:${env.PATH}` },
    },
  );
  const output: string[] = [];
  const options = { onOutput: (l: string) => output.push(l), color: "never" as const };
  try {
    await stack.setAllConfig({
      suffix: { value: c.name },
      projectId: { value: projectOf(c) },
      "roboflow:apiUrl": { value: roboflowApi.url },
      "roboflow:apiKey": { value: ROBOFLOW_KEY, secret: true },
      "paperspace:apiUrl": { value: paperspaceApi.url },
      "paperspace:apiKey": { value: PAPERSPACE_KEY, secret: true },
    });

    const preview = await previewWithSummary(stack, options);
    expect({ case: c.name, plan: preview.changeSummary }).toEqual({ case: c.name, plan: { create: 3 } });
    expect(liveModel(c)).toBeUndefined();
    expect(liveApps(c)).toEqual([]);

    const up = await stack.up(options);
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(up.outputs.node?.value).toMatch(new RegExp(`^v${c.node}\\.`));
    expect(up.outputs.modelStatus?.value).toBe("ready");
    expect(up.outputs.modelUrl?.value).toBe(`https://${liveModel(c)?.domain}`);
    expect(liveApps(c).map((d) => d.id)).toEqual([up.outputs.appId?.value]);

    const again = await previewWithSummary(stack, { ...options, expectNoChanges: true });
    expect(again.changeSummary).toEqual({ same: 3 });

    const destroyed = await stack.destroy(options);
    expect(destroyed.summary.resourceChanges).toEqual({ delete: 3 });
    expect(liveModel(c)).toBeUndefined();
    expect(liveApps(c)).toEqual([]);

    const printed = output.join("\n");
    expect(printed).not.toContain(ROBOFLOW_KEY);
    expect(printed).not.toContain(PAPERSPACE_KEY);
  } catch (e) {
    // What the engine printed says why a shape failed (a serialization error, a module not found, ...).
    throw new Error(
      `${c.description}: ${e instanceof Error ? e.message : e}\n${output.join("").slice(-4000)}`,
    );
  } finally {
    await stack.workspace.removeStack("matrix", { force: true }).catch(() => undefined);
    fs.rmSync(path.join(dir, "Pulumi.matrix.yaml"), { force: true });
    for (const d of [stateDir, home]) fs.rmSync(d, { recursive: true, force: true });
    timings.push({ name: c.name, seconds: (Date.now() - begun) / 1000 });
  }
}

describe("every program shape goes through preview, up, a no-change preview and destroy", () => {
  test.concurrent.each(CONSUMER_CASES.map((c) => [c.description, c] as const))("%s", (_description, c) =>
    slots(() => runCase(c)),
  );
});
