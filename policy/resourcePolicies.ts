/**
 * The policies of one deployment at a time: its machine type, replica counts, lifetime, expiry, name and
 * key. Each finds the inputs it judges through the resource's platform target, so it applies to dynamic and
 * native resources alike and to no other resource.
 */
import { named, numbersAt, replicaCount, resourcePolicy, setBy, stackOf } from "./common";
import { pathText, policyTargets, valueAt } from "./targets";

const withMachineTypes = policyTargets.filter((t) => t.machineType);
const withReplicas = policyTargets.filter((t) => t.replicas.length > 0);

/** `allowed-machine-types`: the machine types a platform's deployments may use (advisory; all by default). */
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

/** `max-replicas`: the most replicas one deployment may ask for; mandatory once a limit is configured. */
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

/** `max-duration-hours`: a ceiling on a deployment's lifetime in hours; mandatory once configured. */
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

/** `require-delete-on-expiration`: deletion at expiry in the stacks a pattern names (mandatory). */
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

/** The prefix template of `name-prefix` unless a config gives one. */
export const DEFAULT_NAME_PREFIX = "{stack}";
/** The name prefix a stack's deployments must have: the template with its stack and project filled in. */
export function prefixFor(template: string, stack: string, project: string): string {
  return template
    .replaceAll("{stack}", stack)
    .replaceAll("{project}", project)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-");
}

/** `name-prefix`: names start with the stack's prefix, so stacks keep to their own (off by default). */
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

/** `no-inline-api-key`: a key set as an input in the program rather than in secret config; advisory. */
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
