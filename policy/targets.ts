/**
 * What the policies read of each platform's resource, found in the platform's descriptor (its name, its
 * implementation's module and type, its input schema) rather than in a list of its own: the two type tokens
 * the engine shows (dynamic and native) and where the inputs keep the machine type, the replica counts, the
 * lifetime, the expiry flag, the deployment's name and a per-resource key. A platform added to
 * `provider/platforms.ts` is recognised here with no change; test/unit/policyTargets.test.ts pins what is
 * found for each one.
 */
import { type JsonNode, jsonSchemaOf } from "../provider/native/jsonSchema";
import { type PlatformDescriptor, platformList } from "../provider/platforms";

/** A path into a resource's inputs: `["resources", "machineType"]`. */
export type PropertyPath = readonly string[];

/** The inputs the policies judge, by what they mean; each absent where the platform has no such input. */
export interface TargetFields {
  /** The machine (instance) type. */
  machineType?: PropertyPath;
  /** Every replica count the inputs may ask for: a fixed count, an autoscaling maximum. */
  replicas: PropertyPath[];
  /** The lifetime in hours after which the API expires the deployment. */
  duration?: PropertyPath;
  /** Whether the API removes the deployment when it expires. */
  deleteOnExpiration?: PropertyPath;
  /** The deployment's name at the API. */
  name?: PropertyPath;
  /** A key for this resource only, instead of the platform's config or environment. */
  apiKey?: PropertyPath;
}

/** One platform's resource as the policies see it. */
export interface PolicyTarget extends TargetFields {
  /** The platform's name: `roboflow`. */
  platform: string;
  /** The resource as its docs name it: `roboflow.DedicatedDeployment`. */
  resource: string;
  /** Its type token as a dynamic resource of a Node.js program. */
  dynamicType: string;
  /** Its type token as a native plugin's resource (YAML, Python, Go, ...). */
  nativeType: string;
  /** Where a key belongs instead of the program: the config key and the environment variable. */
  keyConfig: string;
  keyEnv: string;
}

/** Which input, by name and depth (0: top level), plays each part. The descriptors' names, as data. */
const FIELD_NAMES: { [K in keyof TargetFields]-?: (key: string, depth: number) => boolean } = {
  machineType: (key) => key === "machineType",
  replicas: (key) => key === "replicas" || key === "maxReplicas",
  duration: (key, depth) => depth === 0 && key === "duration",
  deleteOnExpiration: (key, depth) => depth === 0 && key === "deleteOnExpiration",
  name: (key, depth) => depth === 0 && (key === "deploymentName" || key === "name"),
  apiKey: (key, depth) => depth === 0 && key === "apiKey",
};

/** Every property path of an input JSON Schema, objects descended into (arrays and maps are not). */
function propertyPaths(node: JsonNode, prefix: PropertyPath = []): PropertyPath[] {
  const paths: PropertyPath[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = [...prefix, key];
    paths.push(path, ...propertyPaths(child, path));
  }
  return paths;
}

/** What the policies read of the resource of one descriptor. */
export function targetOf(
  descriptor: Pick<PlatformDescriptor, "name" | "settings" | "inputs" | "implementation">,
): PolicyTarget {
  const paths = propertyPaths(jsonSchemaOf(descriptor.inputs, "input"));
  const matching = (part: keyof TargetFields) =>
    paths.filter((p) => FIELD_NAMES[part](p[p.length - 1] ?? "", p.length - 1));
  const first = (part: keyof TargetFields) => matching(part)[0];
  const { module, type } = descriptor.implementation;
  return {
    platform: descriptor.name,
    resource: `${descriptor.name}.${type}`,
    dynamicType: `pulumi-nodejs:dynamic/${module}:${type}`,
    nativeType: `${descriptor.name}:index:${type}`,
    keyConfig: `${descriptor.settings.namespace}:apiKey`,
    keyEnv: `${descriptor.settings.envPrefix}_API_KEY`,
    machineType: first("machineType"),
    replicas: matching("replicas"),
    duration: first("duration"),
    deleteOnExpiration: first("deleteOnExpiration"),
    name: first("name"),
    apiKey: first("apiKey"),
  };
}

/** Every platform's resource, in the platform list's order. */
export const policyTargets: readonly PolicyTarget[] = platformList.map((d) => targetOf(d));

const byType = new Map(
  policyTargets.flatMap((t) => [[t.dynamicType, t] as const, [t.nativeType, t] as const]),
);

/** The target a resource of type token `type` is, dynamic or native; undefined for any other resource. */
export function targetOfType(type: string): PolicyTarget | undefined {
  return byType.get(type);
}

/** The value at `path` of `props`, or undefined where any step is missing. */
export function valueAt(props: Record<string, unknown>, path: PropertyPath): unknown {
  let value: unknown = props;
  for (const key of path) {
    if (value === null || typeof value !== "object") {
      return undefined;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A path as the docs write it: `resources.autoscaling.maxReplicas`. */
export function pathText(path: PropertyPath): string {
  return path.join(".");
}
