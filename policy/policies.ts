/**
 * The guardrails: seven policies over every platform's deployments, dynamic and native alike, each with a
 * JSON-schema config, a default and an enforcement level. Their names are stable: policy pack configs name
 * them. A violation is one sentence that names the policy, the resource, the property, the limit and the
 * config key that sets it. Limits have no default: a policy that enforces one applies once a config gives it.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PolicyName } from "./common";
import {
  allowedMachineTypes,
  maxDurationHours,
  maxReplicas,
  namePrefix,
  noInlineApiKey,
  requireDeleteOnExpiration,
} from "./resourcePolicies";
import { stackReplicaBudget } from "./stackReplicaBudget";

export { POLICY_FIELDS, POLICY_NAMES, type PolicyName, stackOf } from "./common";
export {
  allowedMachineTypes,
  DEFAULT_NAME_PREFIX,
  maxDurationHours,
  maxReplicas,
  namePrefix,
  noInlineApiKey,
  prefixFor,
  requireDeleteOnExpiration,
} from "./resourcePolicies";
export { shareOf, stackReplicaBudget } from "./stackReplicaBudget";

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
