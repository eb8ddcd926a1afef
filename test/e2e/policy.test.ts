/**
 * The policy pack under the real engine, from programs outside the repository that install the packed
 * package: a JavaScript program (dynamic resources) and a YAML program (native plugins), each run with
 * `--policy-pack` given the launcher the package's `bin` installs. Mandatory violations stop `preview` and
 * `up` before any API call, with their messages; advisory ones warn and the update goes on; a config file
 * changes the limits; the stack budget fails only over its sum; `pulumi policy analyze` reads a state file.
 * Several policies are batched per run to keep it short. The runs' figures are printed at the end.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createEmulator, type Emulator, type PaperspaceStore } from "../../emulator";
import { createTestStack, resourcesOfType, type TestStack } from "../../scenarios/engine";
import { createYamlStack } from "../../scenarios/native";
import {
  analyzeStateFile,
  type PolicyRun,
  policiesAt,
  runSummary,
  runWithPolicy,
} from "../../scenarios/policy";
import { deploymentsConfig, ROBOFLOW_TYPE } from "../../scenarios/programs";

jest.setTimeout(240_000);

const ROBOFLOW_KEY = "rf-policy-Zt8q2LmW-do-not-print";
const PAPERSPACE_KEY = "ps-policy-Vd3n7KcR-do-not-print";
const creatorEmail = "ops@example.com";

/** Limits every mandatory policy breaks with the violating programs (stack "test" counts as ephemeral). */
const TIGHT = {
  "max-replicas": { limit: 4 },
  "max-duration-hours": { limit: 8 },
  "require-delete-on-expiration": { stacks: "^test$" },
  "name-prefix": { enforcementLevel: "mandatory", prefix: "{stack}-" },
  "allowed-machine-types": { roboflow: ["dev-gpu"], paperspace: ["C4"] },
  "stack-replica-budget": { maxReplicas: 6 },
};
/** Limits the same violating program keeps within. */
const LOOSE = { "max-replicas": { limit: 50 }, "max-duration-hours": { limit: 72 } };

/** Every mandatory policy: the violating programs break each one, the stack budget included. */
const MANDATORY = [
  "max-duration-hours",
  "max-replicas",
  "name-prefix",
  "require-delete-on-expiration",
  "stack-replica-budget",
];

const runs: PolicyRun[] = [];
const record = (run: PolicyRun) => {
  runs.push(run);
  return run;
};
const messagesOf = (run: PolicyRun, policy: string) =>
  run.violations.filter((v) => v.policy === policy).map((v) => v.message);

afterAll(() => {
  console.log(`policy pack under the engine:\n${runs.map(runSummary).join("\n")}`);
});

/**
 * One DedicatedDeployment per entry of the stack config `deployments`; an entry with `inlineKey` sets the
 * resource's `apiKey` input in the program (from secret config), which no-inline-api-key flags.
 */
const inlineKeyProgram = `
const pulumi = require("@pulumi/pulumi");
const { roboflow } = require("pulumi-dedicated-deployments");
const config = new pulumi.Config();
for (const [name, { inlineKey, ...args }] of Object.entries(config.requireObject("deployments"))) {
  new roboflow.DedicatedDeployment(name, inlineKey ? { ...args, apiKey: config.requireSecret("inlineKey") } : args);
}
`;

describe("a JavaScript program with the dynamic resources", () => {
  let roboflow: Emulator;
  let t: TestStack;

  const violating = {
    big: {
      deploymentName: "main-big",
      machineType: "prod-gpu",
      creatorEmail,
      maxReplicas: 40,
      duration: 48,
      inlineKey: true,
    },
  };
  const compliant = {
    a: { deploymentName: "test-a", machineType: "dev-gpu", creatorEmail, maxReplicas: 3, duration: 2 },
    b: { deploymentName: "test-b", machineType: "dev-cpu", creatorEmail, maxReplicas: 3, duration: 2 },
  };
  for (const spec of Object.values(compliant)) Object.assign(spec, { deleteOnExpiration: true });
  Object.assign(compliant.a, { inlineKey: true });

  beforeAll(async () => {
    roboflow = await createEmulator({ apiKey: ROBOFLOW_KEY, timing: { pendingMs: 300, deleteMs: 100 } });
    t = await createTestStack("policyjs", inlineKeyProgram, {
      "roboflow:apiUrl": { value: roboflow.url },
      "roboflow:apiKey": { value: ROBOFLOW_KEY, secret: true },
      inlineKey: { value: ROBOFLOW_KEY, secret: true },
      ...deploymentsConfig(violating),
    });
  });
  afterAll(async () => {
    await t?.remove();
    await roboflow?.close();
  });

  test("preview stops on every mandatory violation before any API call, naming policy, resource, property and limit", async () => {
    const run = record(
      await runWithPolicy(t, [roboflow], "JavaScript preview, violating", ["preview"], TIGHT),
    );
    expect(run.code).not.toBe(0);
    expect(run.calls).toBe(0);
    expect(policiesAt(run, "mandatory")).toEqual(MANDATORY);
    expect(policiesAt(run, "advisory")).toEqual(["allowed-machine-types", "no-inline-api-key"]);
    expect(messagesOf(run, "max-replicas")).toEqual([
      'max-replicas: roboflow.DedicatedDeployment "big" asks for maxReplicas 40, above the limit of 4 (max-replicas.limit in the policy pack config).',
    ]);
    expect(messagesOf(run, "max-duration-hours")[0]).toContain(
      "duration 48 hours, above the limit of 8 hours",
    );
    expect(messagesOf(run, "require-delete-on-expiration")[0]).toContain(
      'in stack "test" must set deleteOnExpiration',
    );
    expect(messagesOf(run, "name-prefix")[0]).toContain('"main-big", which does not start with "test-"');
    const resourceLevel = run.violations.filter((v) => v.policy !== "stack-replica-budget");
    expect(resourceLevel.every((v) => v.resource === `${ROBOFLOW_TYPE}: big`)).toBe(true);
    expect(messagesOf(run, "stack-replica-budget")[0]).toContain("ask for 40 replicas in all");
    expect(run.text).not.toContain(ROBOFLOW_KEY);
  });

  test("up stops the same way, creating nothing", async () => {
    const run = record(
      await runWithPolicy(t, [roboflow], "JavaScript up, violating", ["up", "--yes"], TIGHT),
    );
    expect(run.code).not.toBe(0);
    expect(run.calls).toBe(0);
    expect(policiesAt(run, "mandatory")).toEqual(MANDATORY);
    expect(roboflow.store.live()).toHaveLength(0);
    expect(run.text).not.toContain(ROBOFLOW_KEY);
  });

  test.each(MANDATORY)("%s alone stops the preview, with no API call", async (policy) => {
    const config = { [policy]: TIGHT[policy as keyof typeof TIGHT] };
    const run = record(
      await runWithPolicy(t, [roboflow], `JavaScript preview, ${policy} only`, ["preview"], config),
    );
    expect(run.code).not.toBe(0);
    expect(run.calls).toBe(0);
    expect(policiesAt(run, "mandatory")).toEqual([policy]);
  });

  test("a policy pack config with higher limits lets the same program through", async () => {
    const run = record(
      await runWithPolicy(t, [roboflow], "JavaScript preview, loose config", ["preview"], LOOSE),
    );
    expect(run.code).toBe(0);
    expect(policiesAt(run, "mandatory")).toEqual([]);
    expect(run.calls).toBe(0);
  });

  test("a compliant program goes up, with the advisory policies' warnings shown", async () => {
    await t.setConfig(deploymentsConfig(compliant));
    const run = record(
      await runWithPolicy(t, [roboflow], "JavaScript up, compliant", ["up", "--yes"], TIGHT),
    );
    expect(run.code).toBe(0);
    expect(policiesAt(run, "mandatory")).toEqual([]);
    expect(policiesAt(run, "advisory")).toEqual(["allowed-machine-types", "no-inline-api-key"]);
    expect(messagesOf(run, "allowed-machine-types")).toContain(
      'allowed-machine-types: roboflow.DedicatedDeployment "b" uses machineType "dev-cpu", which is not one of the allowed [dev-gpu] (allowed-machine-types.roboflow in the policy pack config).',
    );
    expect(resourcesOfType(await t.exportState(), ROBOFLOW_TYPE)).toHaveLength(2);
    expect(roboflow.store.live()).toHaveLength(2);
    expect(run.text).not.toContain(ROBOFLOW_KEY);
  });

  test("the stack budget fails only when the sum of replicas exceeds it", async () => {
    const run = record(
      await runWithPolicy(t, [roboflow], "JavaScript preview, budget 5 < 6", ["preview"], {
        ...TIGHT,
        "stack-replica-budget": { maxReplicas: 5 },
      }),
    );
    expect(run.code).not.toBe(0);
    expect(run.calls).toBe(0);
    expect(policiesAt(run, "mandatory")).toEqual(["stack-replica-budget"]);
    expect(messagesOf(run, "stack-replica-budget")).toEqual([
      'stack-replica-budget: the deployments of stack "test" ask for 6 replicas in all (roboflow.DedicatedDeployment "a" 3, roboflow.DedicatedDeployment "b" 3), above the budget of 5 (stack-replica-budget.maxReplicas in the policy pack config).',
    ]);
  });

  test("pulumi policy analyze reports the same violations on the state file, with no API call", async () => {
    const stateFile = path.join(t.dir, "state.json");
    const exported = await t.runCli(["stack", "export", "--file", stateFile]);
    expect(exported.code).toBe(0);
    const run = record(
      await analyzeStateFile(t, [roboflow], "policy analyze --file, tighter", stateFile, {
        "max-replicas": { limit: 2 },
        "stack-replica-budget": { maxReplicas: 5 },
      }),
    );
    expect(run.code).not.toBe(0);
    expect(run.calls).toBe(0);
    expect(run.text).toContain("one or more mandatory policy violations were found");
    expect(messagesOf(run, "max-replicas").sort()).toEqual([
      'max-replicas: roboflow.DedicatedDeployment "a" asks for maxReplicas 3, above the limit of 2 (max-replicas.limit in the policy pack config).',
      'max-replicas: roboflow.DedicatedDeployment "b" asks for maxReplicas 3, above the limit of 2 (max-replicas.limit in the policy pack config).',
    ]);
    expect(messagesOf(run, "stack-replica-budget")[0]).toContain("ask for 6 replicas in all");
    expect(fs.readFileSync(stateFile, "utf8")).not.toContain(ROBOFLOW_KEY);
  });
});

describe("a YAML program with the native plugins", () => {
  let roboflow: Emulator;
  let paperspace: Emulator<PaperspaceStore>;
  let t: Awaited<ReturnType<typeof createYamlStack>>;

  const roboflowDeployment = (properties: Record<string, unknown>) => ({
    type: "roboflow:index:DedicatedDeployment",
    properties: { creatorEmail, ...properties },
  });
  const paperspaceDeployment = (name: string, resources: Record<string, unknown>) => ({
    type: "paperspace:index:Deployment",
    properties: {
      projectId: "pr1emulat",
      name,
      image: "paperspace/fastapi-deployment:latest",
      ports: [8000],
      resources,
    },
  });

  beforeAll(async () => {
    roboflow = await createEmulator({ apiKey: ROBOFLOW_KEY });
    paperspace = await createEmulator({ platform: "paperspace", apiKey: PAPERSPACE_KEY });
    t = await createYamlStack(
      "policyyaml",
      {
        big: roboflowDeployment({
          deploymentName: "main-big",
          machineType: "prod-gpu",
          maxReplicas: 40,
          duration: 48,
        }),
        gpu: paperspaceDeployment("main-gpu", {
          machineType: "A100",
          replicas: 10,
          autoscaling: { enabled: true, maxReplicas: 12, metrics: [{ metric: "cpu", target: 80 }] },
        }),
      },
      {
        "roboflow:apiUrl": { value: roboflow.url },
        "roboflow:apiKey": { value: ROBOFLOW_KEY, secret: true },
        "paperspace:apiUrl": { value: paperspace.url },
        "paperspace:apiKey": { value: PAPERSPACE_KEY, secret: true },
      },
    );
  });
  afterAll(async () => {
    await t?.remove();
    await roboflow?.close();
    await paperspace?.close();
  });

  test("preview stops on every mandatory violation of both platforms before any API call", async () => {
    const run = record(
      await runWithPolicy(t, [roboflow, paperspace], "YAML preview, violating", ["preview"], TIGHT),
    );
    expect(run.code).not.toBe(0);
    expect(run.calls).toBe(0);
    expect(policiesAt(run, "mandatory")).toEqual(MANDATORY);
    expect(policiesAt(run, "advisory")).toEqual(["allowed-machine-types"]);
    expect(messagesOf(run, "max-replicas").sort()).toEqual([
      'max-replicas: paperspace.Deployment "gpu" asks for resources.autoscaling.maxReplicas 12, above the limit of 4 (max-replicas.limit in the policy pack config).',
      'max-replicas: paperspace.Deployment "gpu" asks for resources.replicas 10, above the limit of 4 (max-replicas.limit in the policy pack config).',
      'max-replicas: roboflow.DedicatedDeployment "big" asks for maxReplicas 40, above the limit of 4 (max-replicas.limit in the policy pack config).',
    ]);
    expect(run.violations.map((v) => v.resource)).toContain("roboflow:index:DedicatedDeployment: big");
    expect(run.violations.map((v) => v.resource)).toContain("paperspace:index:Deployment: gpu");
  });

  test("up stops the same way, creating nothing", async () => {
    const run = record(
      await runWithPolicy(t, [roboflow, paperspace], "YAML up, violating", ["up", "--yes"], TIGHT),
    );
    expect(run.code).not.toBe(0);
    expect(run.calls).toBe(0);
    expect(policiesAt(run, "mandatory")).toEqual(MANDATORY);
    expect(run.text).not.toContain(ROBOFLOW_KEY);
    expect(run.text).not.toContain(PAPERSPACE_KEY);
  });

  test("a compliant program passes the preview", async () => {
    t.write({
      api: roboflowDeployment({
        deploymentName: "test-api",
        machineType: "dev-gpu",
        maxReplicas: 2,
        duration: 2,
        deleteOnExpiration: true,
      }),
      web: paperspaceDeployment("test-web", { machineType: "C4", replicas: 2 }),
    });
    const run = record(
      await runWithPolicy(t, [roboflow, paperspace], "YAML preview, compliant", ["preview"], TIGHT),
    );
    expect(run.code).toBe(0);
    expect(run.violations).toEqual([]);
    expect(run.calls).toBe(0);
  });
});
