/**
 * The guardrails: seven policies over every platform's deployments, dynamic and native alike, each with a
 * JSON-schema config, a default and an enforcement level. Their names are stable: policy pack configs name
 * them. A violation is one sentence that names the policy, the resource, the property, the limit and the
 * config key that sets it. Limits have no default: a policy that enforces one applies once a config gives it.
 */
import type {
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  type PolicyTarget,
  type PropertyPath,
  pathText,
  policyTargets,
  type TargetFields,
  targetOfType,
  valueAt,
} from "./targets";

/** The policies' names, as configs name them. */
export const POLICY_NAMES = [
  "allowed-machine-types",
  "max-replicas",
  "max-duration-hours",
  "require-delete-on-expiration",
  "stack-replica-budget",
  "name-prefix",
  "no-inline-api-key",
] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Which input each policy judges (see targets.ts), for the reference table of the docs. */
export const POLICY_FIELDS: Readonly<Record<PolicyName, keyof TargetFields>> = {
  "allowed-machine-types": "machineType",
  "max-replicas": "replicas",
  "max-duration-hours": "duration",
  "require-delete-on-expiration": "deleteOnExpiration",
  "stack-replica-budget": "replicas",
  "name-prefix": "name",
  "no-inline-api-key": "apiKey",
};

/** The prefix template of `name-prefix` unless a config gives one. */
export const DEFAULT_NAME_PREFIX = "{stack}";

/** The stack and project a resource's URN names (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function stackOf(urn: string): { stack: string; project: string } {
  const [head = "", project = ""] = urn.split("::");
  return { stack: head.replace(/^urn:pulumi:/, ""), project };
}

/** Where a limit comes from, as a developer reads it in a violation. */
function setBy(policy: PolicyName, key: string): string {
  return `${policy}.${key} in the policy pack config`;
}

/** A resource as a violation names it: `roboflow.DedicatedDeployment "gpu"`. */
function named(target: PolicyTarget, name: string): string {
  return `${target.resource} "${name}"`;
}

const replicaCount = { type: "integer", minimum: 0 } as const;

/** A policy of one resource at a time, given the resource's target and props. */
function resourcePolicy(
  policy: Omit<ResourceValidationPolicy, "validateResource" | "name"> & { name: PolicyName },
  validate: (
    target: PolicyTarget,
    props: Record<string, unknown>,
    args: ResourceValidationArgs,
    report: ReportViolation,
  ) => void,
): ResourceValidationPolicy & { name: PolicyName } {
  return {
    ...policy,
    validateResource: (args, report) => {
      const target = targetOfType(args.type);
      if (target) {
        validate(target, args.props, args, report);
      }
    },
  };
}

/** The numeric inputs of `props` at `paths`, with the path of each. */
function numbersAt(props: Record<string, unknown>, paths: readonly PropertyPath[]) {
  return paths.flatMap((path) => {
    const value = valueAt(props, path);
    return typeof value === "number" ? [{ path, value }] : [];
  });
}

const withMachineTypes = policyTargets.filter((t) => t.machineType);
const withReplicas = policyTargets.filter((t) => t.replicas.length > 0);

export const allowedMachineTypes = resourcePolicy(
  {
    name: "allowed-machine-types",
    description:
      "A deployment uses one of the machine types its platform's list allows (every type when the list is not given).",
    enforcementLevel: "advisory",
    configSchema: {
      properties: Object.fromEntries(
        withMachineTypes.map((t) => [
          t.platform,
          {
            type: "array",
            items: { type: "string" },
            description: `The ${t.resource} machine types (${pathText(t.machineType ?? [])}) allowed; all when absent.`,
          },
        ]),
      ),
    },
  },
  (target, props, args, report) => {
    const allowed = args.getConfig<Record<string, string[] | undefined>>()[target.platform];
    const value = target.machineType && valueAt(props, target.machineType);
    if (allowed === undefined || typeof value !== "string" || allowed.includes(value)) {
      return;
    }
    report(
      `allowed-machine-types: ${named(target, args.name)} uses ${pathText(target.machineType ?? [])} ` +
        `"${value}", which is not one of the allowed [${allowed.join(", ")}] ` +
        `(${setBy("allowed-machine-types", target.platform)}).`,
    );
  },
);

export const maxReplicas = resourcePolicy(
  {
    name: "max-replicas",
    description:
      "A deployment asks for at most the configured number of replicas (fixed counts and autoscaling maximums).",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        limit: { ...replicaCount, description: "The most replicas any deployment may ask for." },
        ...Object.fromEntries(
          withReplicas.map((t) => [
            t.platform,
            {
              ...replicaCount,
              description: `The most replicas a ${t.resource} may ask for, over \`limit\`.`,
            },
          ]),
        ),
      },
    },
  },
  (target, props, args, report) => {
    const config = args.getConfig<Record<string, number | undefined>>();
    const key = config[target.platform] !== undefined ? target.platform : "limit";
    const limit = config[key];
    if (limit === undefined) {
      return;
    }
    for (const { path, value } of numbersAt(props, target.replicas)) {
      if (value > limit) {
        report(
          `max-replicas: ${named(target, args.name)} asks for ${pathText(path)} ${value}, ` +
            `above the limit of ${limit} (${setBy("max-replicas", key)}).`,
        );
      }
    }
  },
);

export const maxDurationHours = resourcePolicy(
  {
    name: "max-duration-hours",
    description: "A deployment with a lifetime (Roboflow's duration) lives at most the configured hours.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        limit: {
          type: "number",
          exclusiveMinimum: 0,
          description: "The longest lifetime allowed, in hours.",
        },
      },
    },
  },
  (target, props, args, report) => {
    const { limit } = args.getConfig<{ limit?: number }>();
    const value = target.duration && valueAt(props, target.duration);
    if (limit === undefined || typeof value !== "number" || value <= limit) {
      return;
    }
    report(
      `max-duration-hours: ${named(target, args.name)} asks for ${pathText(target.duration ?? [])} ` +
        `${value} hours, above the limit of ${limit} hours (${setBy("max-duration-hours", "limit")}).`,
    );
  },
);

/** A stack pattern from a config, as a regular expression; a clear error when it is not one. */
function stackPattern(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (e) {
    throw new Error(
      `require-delete-on-expiration.stacks in the policy pack config is not a regular expression (${(e as Error).message}): fix the pattern.`,
    );
  }
}

export const requireDeleteOnExpiration = resourcePolicy(
  {
    name: "require-delete-on-expiration",
    description:
      "In stacks whose name matches the pattern (ephemeral ones), a deployment that expires is removed by the API, not kept.",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        stacks: {
          type: "string",
          description: "A regular expression of the stack names it applies to (`^pr-`); none when absent.",
        },
      },
    },
  },
  (target, props, args, report) => {
    const { stacks } = args.getConfig<{ stacks?: string }>();
    const { stack } = stackOf(args.urn);
    if (stacks === undefined || !target.deleteOnExpiration || !stackPattern(stacks).test(stack)) {
      return;
    }
    const value = valueAt(props, target.deleteOnExpiration);
    if (value === true) {
      return;
    }
    report(
      `require-delete-on-expiration: ${named(target, args.name)} in stack "${stack}" must set ` +
        `${pathText(target.deleteOnExpiration)} to true (it is ${value === undefined ? "unset" : String(value)}), ` +
        `as in every stack matching /${stacks}/ (${setBy("require-delete-on-expiration", "stacks")}).`,
    );
  },
);

/** What one deployment of a stack counts for in the budget. */
interface Share {
  label: string;
  replicas: number;
  machineHours?: number;
}

/** The replicas a deployment may run at most (its largest count), and times its lifetime where it has one. */
export function shareOf(target: PolicyTarget, name: string, props: Record<string, unknown>): Share {
  const replicas = Math.max(0, ...numbersAt(props, target.replicas).map((n) => n.value));
  const duration = target.duration && valueAt(props, target.duration);
  return {
    label: named(target, name),
    replicas,
    ...(typeof duration === "number" ? { machineHours: replicas * duration } : {}),
  };
}

export const stackReplicaBudget: StackValidationPolicy & { name: PolicyName } = {
  name: "stack-replica-budget",
  description:
    "The deployments of a stack together ask for at most the configured replicas, and machine-hours where a lifetime gives them.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxReplicas: {
        ...replicaCount,
        description: "The most replicas of all the stack's deployments together.",
      },
      maxMachineHours: {
        type: "number",
        minimum: 0,
        description: "The most replicas × lifetime hours of the stack's deployments that have a lifetime.",
      },
    },
  },
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const config = args.getConfig<{ maxReplicas?: number; maxMachineHours?: number }>();
    const shares = args.resources.flatMap((r) => {
      const target = targetOfType(r.type);
      return target ? [shareOf(target, r.name, r.props)] : [];
    });
    const stack = args.resources.length > 0 ? stackOf(args.resources[0]?.urn ?? "").stack : "";
    const check = (key: "maxReplicas" | "maxMachineHours", what: string, amount: (s: Share) => number) => {
      const budget = config[key];
      const counted = shares.filter((s) => amount(s) > 0);
      const total = counted.reduce((sum, s) => sum + amount(s), 0);
      if (budget === undefined || total <= budget) {
        return;
      }
      const parts = counted
        .map((s) => `${s.label} ${amount(s)}`)
        .sort()
        .join(", ");
      report(
        `stack-replica-budget: the deployments of stack "${stack}" ask for ${total} ${what} in all (${parts}), ` +
          `above the budget of ${budget} (${setBy("stack-replica-budget", key)}).`,
      );
    };
    check("maxReplicas", "replicas", (s) => s.replicas);
    check("maxMachineHours", "machine-hours", (s) => s.machineHours ?? 0);
  },
};

/** The name prefix a stack's deployments must have: the template with its stack and project filled in. */
export function prefixFor(template: string, stack: string, project: string): string {
  return template
    .replaceAll("{stack}", stack)
    .replaceAll("{project}", project)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-");
}

export const namePrefix = resourcePolicy(
  {
    name: "name-prefix",
    description:
      "A deployment's name starts with a prefix derived from the stack's name, so a branch stack cannot take another stack's names.",
    enforcementLevel: "disabled",
    configSchema: {
      properties: {
        prefix: {
          type: "string",
          default: DEFAULT_NAME_PREFIX,
          description:
            "The prefix: `{stack}` and `{project}` are replaced, then lowercased, other characters than a-z, 0-9 and - made -.",
        },
      },
    },
  },
  (target, props, args, report) => {
    const { prefix: template = DEFAULT_NAME_PREFIX } = args.getConfig<{ prefix?: string }>();
    const value = target.name && valueAt(props, target.name);
    if (typeof value !== "string") {
      return; // a name the API generates (Shipyard templates) is not chosen in the program
    }
    const { stack, project } = stackOf(args.urn);
    const prefix = prefixFor(template, stack, project);
    if (value.startsWith(prefix)) {
      return;
    }
    report(
      `name-prefix: ${named(target, args.name)} has ${pathText(target.name ?? [])} "${value}", which does not ` +
        `start with "${prefix}", the prefix of stack "${stack}" (${setBy("name-prefix", "prefix")}, "${template}").`,
    );
  },
);

export const noInlineApiKey = resourcePolicy(
  {
    name: "no-inline-api-key",
    description:
      "A deployment takes its API key from the platform's secret config or environment, not from an input set in the program.",
    enforcementLevel: "advisory",
  },
  (target, props, args, report) => {
    if (!target.apiKey || valueAt(props, target.apiKey) === undefined) {
      return;
    }
    // The key's value is never part of the message.
    report(
      `no-inline-api-key: ${named(target, args.name)} sets ${pathText(target.apiKey)} in the program; ` +
        `set \`pulumi config set --secret ${target.keyConfig}\` or ${target.keyEnv} instead.`,
    );
  },
);

/** Every policy of the pack, in the order the docs list them. */
export const policies: ReadonlyArray<
  (ResourceValidationPolicy | StackValidationPolicy) & { name: PolicyName }
> = [
  allowedMachineTypes,
  maxReplicas,
  maxDurationHours,
  requireDeleteOnExpiration,
  stackReplicaBudget,
  namePrefix,
  noInlineApiKey,
];
