/**
 * The GitOps example's policy pack configs (examples/ephemeral/policy-config/, one per environment): they
 * name only the pack's policies and config keys, with the types the schemas give, and the environment the
 * ephemeral example makes passes its own config while a bigger one does not.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type {
  PolicyResource,
  ResourceValidation,
  ResourceValidationArgs,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { deploymentNameFor } from "../../examples/ephemeral/names";
import { POLICY_NAMES, policies } from "../../policy/policies";

const CONFIGS = join(__dirname, "..", "..", "examples", "ephemeral", "policy-config");
const TYPE = "pulumi-nodejs:dynamic/roboflow:DedicatedDeployment";
type PackConfig = Record<string, Record<string, unknown>>;
const configOf = (name: string): PackConfig => JSON.parse(readFileSync(join(CONFIGS, name), "utf8"));

/** What a policy reads from a pack config: its keys, with the schema's defaults under them. */
function policyConfig(config: PackConfig, policy: (typeof policies)[number]): object {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {}).flatMap(([key, schema]) =>
      typeof schema === "object" && schema.default !== undefined ? [[key, schema.default]] : [],
    ),
  );
  return { ...defaults, ...config[policy.name] };
}

/** The violations of every active policy of `config` for the ephemeral example's deployment of `branch`. */
function violationsFor(config: PackConfig, branch: string, props: Record<string, unknown>): string[] {
  const stack = deploymentNameFor(branch);
  const urn = `urn:pulumi:${stack}::roboflow-ephemeral::${TYPE}::preview`;
  const deployment = {
    deploymentName: stack,
    machineType: "dev-gpu",
    creatorEmail: "ci@example.com",
    deleteOnExpiration: true,
    minReplicas: 1,
    maxReplicas: 1,
    ...props,
  };
  const found: string[] = [];
  const report = (message: string) => found.push(message);
  for (const policy of policies) {
    const level = (config[policy.name]?.enforcementLevel as string | undefined) ?? policy.enforcementLevel;
    if (level === "disabled") continue;
    const getConfig = <T>() => policyConfig(config, policy) as T;
    if ("validateStack" in policy) {
      const resources = [
        { type: TYPE, name: "preview", urn, props: deployment },
      ] as unknown as PolicyResource[];
      (policy as StackValidationPolicy).validateStack(
        { resources, getConfig } as StackValidationArgs,
        report,
      );
    } else {
      const args = { type: TYPE, name: "preview", urn, props: deployment, getConfig };
      (policy.validateResource as ResourceValidation)(args as unknown as ResourceValidationArgs, report);
    }
  }
  return found;
}

/** Whether a config value is of the JSON Schema type its key declares. */
function fits(value: unknown, type: string | undefined): boolean {
  switch (type) {
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "string":
      return typeof value === "string";
    default:
      return false;
  }
}

describe.each(["pull-request.json", "main.json"])("the example's policy pack config %s", (file) => {
  const config = configOf(file);

  test("names only the pack's policies and their config keys, with the schema's types", () => {
    for (const [name, settings] of Object.entries(config)) {
      expect(POLICY_NAMES).toContain(name);
      const schema = policies.find((p) => p.name === name)?.configSchema?.properties ?? {};
      for (const [key, value] of Object.entries(settings)) {
        if (key === "enforcementLevel") {
          expect(["advisory", "mandatory", "disabled"]).toContain(value);
          continue;
        }
        const type = (schema[key] as { type?: string } | undefined)?.type;
        expect({ name, key, fits: fits(value, type) }).toEqual({ name, key, fits: true });
      }
    }
  });
});

describe("the example's environments", () => {
  test("a branch's environment as the example makes it (1 hour, 1 replica) passes the pull-request config", () => {
    expect(violationsFor(configOf("pull-request.json"), "feature/login-page", { duration: 1 })).toEqual([]);
  });

  test("main's environment (6 hours) passes the main config", () => {
    expect(violationsFor(configOf("main.json"), "main", { duration: 6 })).toEqual([]);
  });

  test("a branch asking for main's machine and more replicas is stopped by the pull-request config only", () => {
    const bigger = { duration: 1, machineType: "prod-gpu", maxReplicas: 3 };
    const found = violationsFor(configOf("pull-request.json"), "feature/login-page", bigger);
    expect(found.map((m) => m.slice(0, m.indexOf(":")))).toEqual([
      "allowed-machine-types",
      "max-replicas",
      "stack-replica-budget",
    ]);
    expect(violationsFor(configOf("main.json"), "main", bigger)).toEqual([]);
  });

  test("a branch taking main's deployment name is stopped by name-prefix", () => {
    const found = violationsFor(configOf("pull-request.json"), "feature/login-page", {
      duration: 1,
      deploymentName: deploymentNameFor("main"),
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^name-prefix: .* does not start with "login-pa-/);
  });
});
