/**
 * State written by 0.1.0 keeps working with this package: a checkpoint exported after a real `pulumi up` of
 * 0.1.0 (test/e2e/fixtures/state-0.1.0.json, whose resource carries 0.1.0's 2.8 KB serialized provider) is
 * imported, then refreshed, updated and destroyed under the real engine by a program on the packed package.
 * `refresh` and a `destroy` of the imported state run 0.1.0's serialized text, which requires the
 * implementation at its old subpath; an `update` writes this package's serialized provider in its place.
 *
 * The fixture was made with the package built and packed at commit f19bc49 (0.1.0), installed with
 * @pulumi/pulumi 3.259.0 beside a one-resource JavaScript program (project `state-010`, stack `test`, the
 * `legacy` DedicatedDeployment `legacy-010`), `pulumi up` against the emulator (API key `state-010-key`),
 * then `pulumi stack export`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createEmulator, type Emulator } from "../../emulator";
import { createTestStack, resourcesOfType, type TestStack } from "../../scenarios/engine";
import { ROBOFLOW_TYPE } from "../../scenarios/programs";

jest.setTimeout(180_000);

const API_KEY = "state-010-key";
const NAME = "legacy-010";
const FIXTURE = path.join(__dirname, "fixtures", "state-0.1.0.json");

/** The program of the fixture, unchanged but for `paused`, which the update step sets. */
const program = `
const pulumi = require("@pulumi/pulumi");
const { roboflow } = require("pulumi-dedicated-deployments");
new roboflow.DedicatedDeployment("legacy", {
  deploymentName: "${NAME}",
  machineType: "dev-gpu",
  creatorEmail: "dev@example.com",
  paused: new pulumi.Config().getBoolean("paused") ?? false,
});
`;

interface Checkpoint {
  deployment: {
    resources: Array<{ type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }>;
  };
}

let emulator: Emulator;
const stacks: TestStack[] = [];

/**
 * A stack of project `state-010` holding the fixture's state, its default provider pointed at this run's
 * emulator (refresh and destroy configure it from state), and the deployment live in the emulator.
 */
async function stackFromFixture(): Promise<TestStack> {
  const t = await createTestStack("state-010", program, {
    "roboflow:apiUrl": { value: emulator.url },
    "roboflow:apiKey": { value: API_KEY, secret: true },
  });
  stacks.push(t);
  fs.writeFileSync(path.join(t.dir, "Pulumi.yaml"), "name: state-010\nruntime: nodejs\nmain: index.js\n");
  const checkpoint = JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as Checkpoint;
  for (const resource of checkpoint.deployment.resources) {
    if (resource.type === "pulumi:providers:pulumi-nodejs") {
      for (const props of [resource.inputs, resource.outputs]) {
        if (props) props["roboflow:apiUrl"] = emulator.url;
      }
    }
  }
  await t.stack.importStack(checkpoint as never);
  const added = await fetch(`${emulator.url}/add`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      api_key: API_KEY,
      deployment_name: NAME,
      machine_type: "dev-gpu",
      creator_email: "dev@example.com",
      duration: 3,
    }),
  });
  expect(added.status).toBe(200);
  return t;
}

const providerText = (state: string) => String(resourcesOfType(state, ROBOFLOW_TYPE)[0]?.outputs?.__provider);

beforeAll(async () => {
  emulator = await createEmulator({ apiKey: API_KEY, timing: { pendingMs: 0, resumeMs: 0, deleteMs: 0 } });
});

afterAll(async () => {
  for (const t of stacks) await t.remove();
  await emulator?.close();
});

test("the fixture holds 0.1.0's serialized provider", () => {
  const text = providerText(JSON.stringify(JSON.parse(fs.readFileSync(FIXTURE, "utf8")).deployment));
  expect(text).toContain('target: "pulumi-dedicated-deployments/dist/provider/roboflow/provider"');
  expect(text).not.toContain("core/forward");
});

describe("a 0.1.0 state", () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await stackFromFixture();
  });

  test("refreshes with 0.1.0's serialized provider, reading the live deployment", async () => {
    const before = emulator.requests.counts()["GET /get"] ?? 0;
    const result = await t.refresh();
    expect(result.summary.result).toBe("succeeded");
    expect((emulator.requests.counts()["GET /get"] ?? 0) - before).toBeGreaterThan(0);
    const [deployment] = resourcesOfType(await t.exportState(), ROBOFLOW_TYPE);
    expect(deployment?.outputs?.deploymentId).toBe(emulator.store.get(NAME)?.deployment_id);
    expect(providerText(await t.exportState())).toContain("target: ");
  });

  test("updates in place and then carries this package's serialized provider", async () => {
    await t.setConfig({ paused: { value: "true" } });
    const result = await t.up();
    expect(result.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(emulator.store.get(NAME)?.status).toBe("paused");
    const text = providerText(await t.exportState());
    expect(text).toContain("core/forward");
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
  });

  test("destroys with the provider the update wrote", async () => {
    await t.destroy();
    expect(emulator.store.live().map((d) => d.deployment_name)).not.toContain(NAME);
  });
});

test("a 0.1.0 state destroys with 0.1.0's serialized provider", async () => {
  const t = await stackFromFixture();
  expect(emulator.store.live().map((d) => d.deployment_name)).toContain(NAME);
  await t.destroy();
  expect(emulator.store.live().map((d) => d.deployment_name)).not.toContain(NAME);
  expect(resourcesOfType(await t.exportState(), ROBOFLOW_TYPE)).toEqual([]);
});
