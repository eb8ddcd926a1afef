/**
 * What the pack's policies share: their stable names, the input each judges, the stack a URN names, the
 * wording of a violation, and the shape of a policy of one resource at a time over the platform targets.
 */
import type { ReportViolation, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { type PolicyTarget, type PropertyPath, type TargetFields, targetOfType, valueAt } from "./targets";

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

/** The stack and project a resource's URN names (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function stackOf(urn: string): { stack: string; project: string } {
  const [head = "", project = ""] = urn.split("::");
  return { stack: head.replace(/^urn:pulumi:/, ""), project };
}

/** Where a limit comes from, as a developer reads it in a violation. */
export function setBy(policy: PolicyName, key: string): string {
  return `${policy}.${key} in the policy pack config`;
}

/** A resource as a violation names it: `roboflow.DedicatedDeployment "gpu"`. */
export function named(target: PolicyTarget, name: string): string {
  return `${target.resource} "${name}"`;
}

export const replicaCount = { type: "integer", minimum: 0 } as const;

/** A policy of one resource at a time, given the resource's target and props. */
export function resourcePolicy(
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
export function numbersAt(props: Record<string, unknown>, paths: readonly PropertyPath[]) {
  return paths.flatMap((path) => {
    const value = valueAt(props, path);
    return typeof value === "number" ? [{ path, value }] : [];
  });
}
