/**
 * Every policy of the pack called on crafted resources, as the engine hands them over (dynamic and native
 * tokens, checked inputs, a URN naming the stack): every branch, and the message a developer reads.
 */
import type {
  PolicyResource,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
} from "@pulumi/policy";
import {
  allowedMachineTypes,
  maxDurationHours,
  maxReplicas,
  namePrefix,
  noInlineApiKey,
  POLICY_NAMES,
  policies,
  prefixFor,
  requireDeleteOnExpiration,
  stackOf,
  stackReplicaBudget,
} from "../../policy/policies";

const ROBOFLOW = "pulumi-nodejs:dynamic/roboflow:DedicatedDeployment";
const ROBOFLOW_NATIVE = "roboflow:index:DedicatedDeployment";
const PAPERSPACE = "paperspace:index:Deployment";
const NX1 = "pulumi-nodejs:dynamic/nx1:ModelDeployment";
const SHIPYARD = "shipyard:index:Deployment";

/** Checked Roboflow inputs, with the defaults `check` applies. */
const roboflowProps = (more: Record<string, unknown> = {}) => ({
  __provider: "exports.handler = ...",
  deploymentName: "dev-testing",
  machineType: "dev-gpu",
  creatorEmail: "me@example.com",
  duration: 3,
  inferenceVersion: "latest",
  minReplicas: 1,
  maxReplicas: 1,
  paused: false,
  waitForReady: true,
  readyTimeoutMinutes: 20,
  adopt: false,
  ...more,
});
const paperspaceProps = (resources: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  projectId: "pr1a2b3c4d",
  name: "my-api",
  image: "paperspace/deployment-fixture:latest",
  resources: { machineType: "C4", replicas: 1, ...resources },
  ...more,
});

const urnOf = (type: string, name: string, stack: string) =>
  `urn:pulumi:${stack}::inference::${type}::${name}`;

/** A resource as `validateResource` gets it. */
function resource(
  type: string,
  props: Record<string, unknown>,
  config: object = {},
  { name = "dev", stack = "dev" } = {},
): ResourceValidationArgs {
  return {
    type,
    props,
    urn: urnOf(type, name, stack),
    name,
    opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: {}, additionalSecretOutputs: [] },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T>() => config as T,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as unknown as ResourceValidationArgs;
}

/** The violations a resource policy reports for one resource. */
function violations(policy: ResourceValidationPolicy, args: ResourceValidationArgs): string[] {
  const found: string[] = [];
  (policy.validateResource as ResourceValidation)(args, (message) => found.push(message));
  return found;
}

/** The violations of the stack policy for a stack of `resources` ([type, name, props]). */
function stackViolations(
  resources: Array<[string, string, Record<string, unknown>]>,
  config: object,
): string[] {
  const found: string[] = [];
  const args = {
    resources: resources.map(([type, name, props]) => ({
      type,
      name,
      props,
      urn: urnOf(type, name, "pr-7"),
    })),
    stackTags: new Map(),
    getConfig: <T>() => config as T,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  } as unknown as StackValidationArgs & { resources: PolicyResource[] };
  stackReplicaBudget.validateStack(args, (message) => found.push(message));
  return found;
}

describe("the policy pack", () => {
  test("has the seven policies under their stable names", () => {
    expect(policies.map((p) => p.name)).toEqual([...POLICY_NAMES]);
    expect(POLICY_NAMES).toEqual([
      "allowed-machine-types",
      "max-replicas",
      "max-duration-hours",
      "require-delete-on-expiration",
      "stack-replica-budget",
      "name-prefix",
      "no-inline-api-key",
    ]);
  });

  test("gives each policy a description and its enforcement level", () => {
    expect(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel]))).toEqual({
      "allowed-machine-types": "advisory",
      "max-replicas": "mandatory",
      "max-duration-hours": "mandatory",
      "require-delete-on-expiration": "mandatory",
      "stack-replica-budget": "mandatory",
      "name-prefix": "disabled",
      "no-inline-api-key": "advisory",
    });
    for (const p of policies) expect(p.description.length).toBeGreaterThan(40);
  });

  test("gives each configurable policy a JSON schema of its keys", () => {
    const keys = Object.fromEntries(
      policies.map((p) => [p.name, Object.keys(p.configSchema?.properties ?? {})]),
    );
    expect(keys).toEqual({
      "allowed-machine-types": ["roboflow", "paperspace"],
      "max-replicas": ["limit", "roboflow", "paperspace"],
      "max-duration-hours": ["limit"],
      "require-delete-on-expiration": ["stacks"],
      "stack-replica-budget": ["maxReplicas", "maxMachineHours"],
      "name-prefix": ["prefix"],
      "no-inline-api-key": [],
    });
    expect(namePrefix.configSchema?.properties.prefix).toMatchObject({ type: "string", default: "{stack}" });
  });

  test("reads the stack and project from a URN", () => {
    expect(stackOf("urn:pulumi:pr-7::inference::roboflow:index:DedicatedDeployment::dev")).toEqual({
      stack: "pr-7",
      project: "inference",
    });
  });
});

describe("allowed-machine-types", () => {
  const config = { roboflow: ["dev-gpu", "dev-cpu"], paperspace: ["C4"] };

  test("allows every type when the platform has no list", () => {
    expect(
      violations(allowedMachineTypes, resource(ROBOFLOW, roboflowProps({ machineType: "prod-gpu" }))),
    ).toEqual([]);
    expect(
      violations(allowedMachineTypes, resource(ROBOFLOW, roboflowProps(), { paperspace: ["C4"] })),
    ).toEqual([]);
  });

  test("allows a listed type", () => {
    expect(violations(allowedMachineTypes, resource(ROBOFLOW, roboflowProps(), config))).toEqual([]);
    expect(violations(allowedMachineTypes, resource(PAPERSPACE, paperspaceProps({}), config))).toEqual([]);
  });

  test("flags a type not listed, on either path, naming the property and where the list is set", () => {
    expect(
      violations(allowedMachineTypes, resource(ROBOFLOW, roboflowProps({ machineType: "prod-gpu" }), config)),
    ).toEqual([
      'allowed-machine-types: roboflow.DedicatedDeployment "dev" uses machineType "prod-gpu", which is not one of the allowed [dev-gpu, dev-cpu] (allowed-machine-types.roboflow in the policy pack config).',
    ]);
    expect(
      violations(allowedMachineTypes, resource(PAPERSPACE, paperspaceProps({ machineType: "A100" }), config)),
    ).toEqual([
      'allowed-machine-types: paperspace.Deployment "dev" uses resources.machineType "A100", which is not one of the allowed [C4] (allowed-machine-types.paperspace in the policy pack config).',
    ]);
  });

  test("leaves resources without a machine type and other resources alone", () => {
    expect(violations(allowedMachineTypes, resource(NX1, { name: "x" }, { nx1: [] }))).toEqual([]);
    expect(
      violations(allowedMachineTypes, resource("aws:ec2/instance:Instance", { machineType: "x" }, config)),
    ).toEqual([]);
    expect(
      violations(allowedMachineTypes, resource(ROBOFLOW, roboflowProps({ machineType: 7 }), config)),
    ).toEqual([]);
  });
});

describe("max-replicas", () => {
  test("applies no limit until one is configured", () => {
    expect(violations(maxReplicas, resource(ROBOFLOW, roboflowProps({ maxReplicas: 40 })))).toEqual([]);
  });

  test("passes a count at the limit", () => {
    expect(
      violations(maxReplicas, resource(ROBOFLOW_NATIVE, roboflowProps({ maxReplicas: 4 }), { limit: 4 })),
    ).toEqual([]);
  });

  test("stops a Roboflow maxReplicas above the limit", () => {
    expect(
      violations(maxReplicas, resource(ROBOFLOW_NATIVE, roboflowProps({ maxReplicas: 40 }), { limit: 4 })),
    ).toEqual([
      'max-replicas: roboflow.DedicatedDeployment "dev" asks for maxReplicas 40, above the limit of 4 (max-replicas.limit in the policy pack config).',
    ]);
  });

  test("checks Paperspace's replicas and autoscaling maximum each, under the platform's own limit first", () => {
    const props = paperspaceProps({
      replicas: 3,
      autoscaling: { enabled: true, maxReplicas: 10, metrics: [] },
    });
    expect(violations(maxReplicas, resource(PAPERSPACE, props, { limit: 20, paperspace: 2 }))).toEqual([
      'max-replicas: paperspace.Deployment "dev" asks for resources.replicas 3, above the limit of 2 (max-replicas.paperspace in the policy pack config).',
      'max-replicas: paperspace.Deployment "dev" asks for resources.autoscaling.maxReplicas 10, above the limit of 2 (max-replicas.paperspace in the policy pack config).',
    ]);
    expect(violations(maxReplicas, resource(PAPERSPACE, props, { limit: 20 }))).toEqual([]);
  });

  test("has nothing to check on platforms without replicas", () => {
    expect(violations(maxReplicas, resource(SHIPYARD, { image: "nginx" }, { limit: 0 }))).toEqual([]);
  });
});

describe("max-duration-hours", () => {
  test("applies no ceiling until one is configured", () => {
    expect(violations(maxDurationHours, resource(ROBOFLOW, roboflowProps({ duration: 48 })))).toEqual([]);
  });

  test("passes a lifetime at the ceiling", () => {
    expect(
      violations(maxDurationHours, resource(ROBOFLOW, roboflowProps({ duration: 8 }), { limit: 8 })),
    ).toEqual([]);
  });

  test("stops a longer lifetime", () => {
    expect(
      violations(maxDurationHours, resource(ROBOFLOW, roboflowProps({ duration: 48 }), { limit: 8 })),
    ).toEqual([
      'max-duration-hours: roboflow.DedicatedDeployment "dev" asks for duration 48 hours, above the limit of 8 hours (max-duration-hours.limit in the policy pack config).',
    ]);
  });

  test("has nothing to check on platforms without a lifetime", () => {
    expect(violations(maxDurationHours, resource(PAPERSPACE, paperspaceProps({}), { limit: 1 }))).toEqual([]);
  });
});

describe("require-delete-on-expiration", () => {
  const config = { stacks: "^pr-" };
  const inStack = (props: Record<string, unknown>, stack: string, c: object = config) =>
    violations(requireDeleteOnExpiration, resource(ROBOFLOW, props, c, { stack }));

  test("applies to no stack until a pattern is configured", () => {
    expect(inStack(roboflowProps(), "pr-7", {})).toEqual([]);
  });

  test("leaves stacks that do not match alone", () => {
    expect(inStack(roboflowProps(), "main", config)).toEqual([]);
  });

  test("passes a deployment that is deleted on expiration", () => {
    expect(inStack(roboflowProps({ deleteOnExpiration: true }), "pr-7")).toEqual([]);
  });

  test("stops one that leaves it unset or false in a matching stack", () => {
    expect(inStack(roboflowProps(), "pr-7")).toEqual([
      'require-delete-on-expiration: roboflow.DedicatedDeployment "dev" in stack "pr-7" must set deleteOnExpiration to true (it is unset), as in every stack matching /^pr-/ (require-delete-on-expiration.stacks in the policy pack config).',
    ]);
    expect(inStack(roboflowProps({ deleteOnExpiration: false }), "pr-7")[0]).toContain("(it is false)");
  });

  test("says so when the pattern is not a regular expression", () => {
    expect(() => inStack(roboflowProps(), "pr-7", { stacks: "(" })).toThrow(
      /require-delete-on-expiration.stacks in the policy pack config is not a regular expression/,
    );
  });

  test("has nothing to check on platforms without expiry", () => {
    expect(
      violations(requireDeleteOnExpiration, resource(PAPERSPACE, paperspaceProps({}), { stacks: "." })),
    ).toEqual([]);
  });
});

describe("stack-replica-budget", () => {
  const stack: Array<[string, string, Record<string, unknown>]> = [
    [ROBOFLOW, "a", roboflowProps({ maxReplicas: 4, duration: 2 })],
    [
      PAPERSPACE,
      "b",
      paperspaceProps({ replicas: 2, autoscaling: { enabled: true, maxReplicas: 6, metrics: [] } }),
    ],
    [NX1, "c", { name: "churn" }],
    ["pulumi:pulumi:Stack", "inference-pr-7", {}],
  ];

  test("applies no budget until one is configured", () => {
    expect(stackViolations(stack, {})).toEqual([]);
  });

  test("passes a stack whose sum is within the budget", () => {
    expect(stackViolations(stack, { maxReplicas: 10, maxMachineHours: 8 })).toEqual([]);
  });

  test("stops a stack whose replicas add up to more, listing each deployment's largest count", () => {
    expect(stackViolations(stack, { maxReplicas: 9 })).toEqual([
      'stack-replica-budget: the deployments of stack "pr-7" ask for 10 replicas in all (paperspace.Deployment "b" 6, roboflow.DedicatedDeployment "a" 4), above the budget of 9 (stack-replica-budget.maxReplicas in the policy pack config).',
    ]);
  });

  test("counts machine-hours where a lifetime gives them", () => {
    expect(stackViolations(stack, { maxMachineHours: 7 })).toEqual([
      'stack-replica-budget: the deployments of stack "pr-7" ask for 8 machine-hours in all (roboflow.DedicatedDeployment "a" 8), above the budget of 7 (stack-replica-budget.maxMachineHours in the policy pack config).',
    ]);
  });

  test("has nothing to add up in an empty stack", () => {
    expect(stackViolations([], { maxReplicas: 0, maxMachineHours: 0 })).toEqual([]);
  });
});

describe("name-prefix", () => {
  test("derives the prefix from the stack and project, in the characters a name may hold", () => {
    expect(prefixFor("{stack}", "login-pa-1x9k2m", "inference")).toBe("login-pa-1x9k2m");
    expect(prefixFor("{project}-{stack}-", "Feature_X.1", "Inference")).toBe("inference-feature-x-1-");
  });

  test("passes a name that starts with the stack's prefix", () => {
    expect(
      violations(
        namePrefix,
        resource(ROBOFLOW, roboflowProps({ deploymentName: "pr-7-api" }), {}, { stack: "pr-7" }),
      ),
    ).toEqual([]);
  });

  test("stops a name of another stack, saying which prefix applies and where it is set", () => {
    const args = resource(
      PAPERSPACE,
      paperspaceProps({}, { name: "main-api" }),
      { prefix: "{stack}-" },
      { name: "api", stack: "pr-7" },
    );
    expect(violations(namePrefix, args)).toEqual([
      'name-prefix: paperspace.Deployment "api" has name "main-api", which does not start with "pr-7-", the prefix of stack "pr-7" (name-prefix.prefix in the policy pack config, "{stack}-").',
    ]);
  });

  test("leaves a name the API generates alone", () => {
    expect(
      violations(namePrefix, resource(SHIPYARD, { template: "jupyter" }, {}, { stack: "pr-7" })),
    ).toEqual([]);
  });
});

describe("no-inline-api-key", () => {
  test("passes a deployment that takes its key from config or the environment", () => {
    expect(violations(noInlineApiKey, resource(ROBOFLOW, roboflowProps()))).toEqual([]);
  });

  test("flags a key set in the program, never printing it", () => {
    const found = violations(noInlineApiKey, resource(NX1, { name: "x", apiKey: "psk-do-not-print" }));
    expect(found).toEqual([
      'no-inline-api-key: nx1.ModelDeployment "dev" sets apiKey in the program; set `pulumi config set --secret nx1:apiKey` or NX1_API_KEY instead.',
    ]);
    expect(found.join("")).not.toContain("psk-do-not-print");
  });
});
