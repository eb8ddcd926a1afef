/**
 * The policy of a whole stack: the replicas (and machine-hours, where a lifetime gives them) of all its
 * deployments together, under a budget. The engine runs it over the stack as the update would leave it.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { named, numbersAt, type PolicyName, replicaCount, setBy, stackOf } from "./common";
import { type PolicyTarget, targetOfType, valueAt } from "./targets";

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

/** `stack-replica-budget`: the replicas and machine-hours of a stack's deployments together (mandatory). */
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
