/**
 * The examples under examples/ run as a user runs them: their own Pulumi.yaml, TypeScript through Pulumi's
 * ts-node, the packed package from their package.json, the real engine, the emulator in place of the API.
 * Every preview must make zero API writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createEmulator, type Emulator } from "../../emulator";
import { launcherOf } from "../../scenarios/policy";
import { ROBOFLOW_TYPE } from "../../scenarios/programs";
import {
  copyExample,
  createExampleStack,
  EXAMPLES,
  type ExampleStack,
  runExampleScript,
} from "../helpers/examples";

jest.setTimeout(300_000);

const API_KEY = "rf-examples-Hq4wN8yT2vKp";

let emulator: Emulator;

beforeAll(async () => {
  emulator = await createEmulator({
    apiKey: API_KEY,
    timing: { pendingMs: 300, resumeMs: 200, deleteMs: 200 },
  });
});

afterAll(async () => {
  await emulator?.close();
});

/** The API calls that change something (every write is a POST), with their counts. */
const writes = () => Object.entries(emulator.requests.counts()).filter(([call]) => call.startsWith("POST "));

const live = () => emulator.store.live().map((d) => d.deployment_name);

const emulatorConfig = () => ({
  "roboflow:apiUrl": { value: emulator.url },
  "roboflow:apiKey": { value: API_KEY, secret: true },
});

describe("examples/basic", () => {
  let t: ExampleStack;

  beforeAll(async () => {
    t = await createExampleStack("basic", "dev", {
      ...emulatorConfig(),
      creatorEmail: { value: "ops@example.com" },
    });
  });

  afterAll(async () => {
    await t?.remove();
  });

  test("a first preview plans one deployment and makes no API write", async () => {
    emulator.requests.reset();
    const preview = await t.preview();
    expect(preview.changeSummary).toEqual({ create: 2 });
    expect(writes()).toEqual([]);
    expect(live()).toEqual([]);
  });

  test("up creates the deployment and outputs its URL", async () => {
    emulator.requests.reset();
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(live()).toEqual(["basic-infer"]);
    const deployment = emulator.store.get("basic-infer");
    expect(up.outputs.url.value).toBe(`https://${deployment?.domain}`);
    expect(up.outputs.status.value).toBe("ready");
    expect(up.outputs.deploymentId.value).toBe(deployment?.deployment_id);
    expect(emulator.requests.counts()["POST /add"]).toBe(1);
  });

  test("a preview after up shows no changes and makes no API write", async () => {
    emulator.requests.reset();
    const preview = await t.preview();
    expect(preview.changeSummary).toEqual({ same: 2 });
    expect(writes()).toEqual([]);
  });

  test("destroy deletes the deployment", async () => {
    const destroy = await t.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
    expect(live()).toEqual([]);
    expect(await t.resources()).toEqual([]);
  });

  test("the API key shows nowhere in the CLI's output", () => {
    expect(t.output.join("\n")).not.toContain(API_KEY);
  });
});

describe("examples/ephemeral", () => {
  const branch = "Feature/JIRA-1234_Add-the-Login-Page-with-a-very-long-branch-name";
  let t: ExampleStack;
  let name: string;

  beforeAll(async () => {
    // As the workflows do: the stack is named after the branch by the example's own script.
    const scratch = await copyExample("ephemeral");
    name = runExampleScript(scratch, "names.ts", [branch]);
    fs.rmSync(scratch, { recursive: true, force: true });
    t = await createExampleStack("ephemeral", name, {
      ...emulatorConfig(),
      branch: { value: branch },
      creatorEmail: { value: "ops@example.com" },
    });
  });

  afterAll(async () => {
    await t?.remove();
  });

  test("the stack and deployment name derived from the branch is a valid deployment name", () => {
    expect(name).toMatch(/^[a-z][a-z0-9-]{4,14}$/);
    expect(name).toMatch(/^jira-123-[a-z0-9]{6}$/);
  });

  test("a preview makes no API write", async () => {
    emulator.requests.reset();
    const preview = await t.preview();
    expect(preview.changeSummary).toEqual({ create: 2 });
    expect(writes()).toEqual([]);
  });

  test("a preview with the policy pack and the pull request's config passes, as the workflow runs it", async () => {
    emulator.requests.reset();
    const preview = await t.stack.preview({
      policyPacks: [launcherOf(t)],
      policyPackConfigs: [path.join(EXAMPLES, "ephemeral", "policy-config", "pull-request.json")],
      onOutput: (line) => t.output.push(line),
    });
    expect(preview.stdout).toMatch(/Policies:\s+✅ pulumi-dedicated-deployments@v/);
    expect(preview.changeSummary).toEqual({ create: 2 });
    expect(writes()).toEqual([]);
  });

  test("up creates the branch's deployment with the short TTL, deleted by the API at expiry", async () => {
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(up.outputs.name.value).toBe(name);
    expect(up.outputs.branch.value).toBe(branch);
    expect(up.outputs.status.value).toBe("ready");
    expect(live()).toEqual([name]);
    expect(emulator.store.get(name)?.duration).toBe(1);
  });

  test("after expiry, refresh drops the deployment from the stack and up recreates it", async () => {
    const first = emulator.store.get(name)?.deployment_id;
    emulator.store.expire(name);
    expect(live()).toEqual([]);

    // Until Pulumi looks, the stack still holds the deployment: without refresh, nothing changes.
    emulator.requests.reset();
    expect((await t.preview()).changeSummary).toEqual({ same: 2 });
    expect(writes()).toEqual([]);

    const refresh = await t.refresh();
    expect(refresh.summary.resourceChanges?.delete).toBe(1);
    expect((await t.resources()).filter((r) => r.type === ROBOFLOW_TYPE)).toEqual([]);

    emulator.requests.reset();
    const up = await t.up();
    expect(up.summary.resourceChanges).toEqual({ same: 1, create: 1 });
    expect(emulator.requests.counts()["POST /add"]).toBe(1);
    expect(live()).toEqual([name]);
    expect(emulator.store.get(name)?.deployment_id).not.toBe(first);
  });

  test("destroy then stack rm, as when the pull request closes, leave nothing behind", async () => {
    const destroy = await t.destroy();
    expect(destroy.summary.resourceChanges).toEqual({ delete: 2 });
    expect(live()).toEqual([]);
    await t.stack.workspace.removeStack(name);
    expect((await t.stack.workspace.listStacks()).map((s) => s.name)).not.toContain(name);
  });
});
