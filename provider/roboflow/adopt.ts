/**
 * Taking an existing Roboflow deployment under management (`adopt: true`, `ROBOFLOW_ADOPT_EXISTING`, or a
 * create whose answer was lost): the live deployment of the name, and what must match the inputs.
 */
import type { ApiError } from "../core/errors";
import { unlessNotFound } from "../core/notFound";
import { type Deployment, EXPIRED, goneStatuses } from "./api";
import type { RoboflowClient } from "./client";
import type { DedicatedDeploymentInputs } from "./schema";

type Inputs = DedicatedDeploymentInputs;

/** The deployment of that name, or undefined when the API answers 404. */
export function findDeployment(client: RoboflowClient, name: string): Promise<Deployment | undefined> {
  return unlessNotFound(() => client.getDeployment(name));
}

/**
 * The deployment of that name, checked against the inputs, if there is one (for adoption and recovery). An
 * expired one is returned unchecked: it cannot serve again, and the caller deletes it to free the name.
 */
export async function findAdoptable(client: RoboflowClient, args: Inputs): Promise<Deployment | undefined> {
  const found = await findDeployment(client, args.deploymentName);
  if (!found || goneStatuses.has(found.status)) {
    return undefined;
  }
  if (found.status === EXPIRED) {
    return found;
  }
  assertMatches(args, found);
  return found;
}

function assertMatches(args: Inputs, found: Deployment): void {
  const differences = [
    found.machine_type !== args.machineType &&
      `machineType is ${found.machine_type}, not ${args.machineType}`,
    found.creator_email !== undefined &&
      found.creator_email !== args.creatorEmail &&
      `creatorEmail is ${found.creator_email}, not ${args.creatorEmail}`,
    found.min_replicas !== args.minReplicas &&
      `minReplicas is ${found.min_replicas}, not ${args.minReplicas}`,
    found.max_replicas !== args.maxReplicas &&
      `maxReplicas is ${found.max_replicas}, not ${args.maxReplicas}`,
  ].filter(Boolean);
  if (differences.length > 0) {
    throw new Error(
      `deployment ${args.deploymentName} already exists and differs from the inputs (${differences.join("; ")}): ` +
        "change the inputs to match it, or delete it, before managing it",
    );
  }
}

export function withAdoptHint(e: ApiError, name: string): Error {
  e.message +=
    `. If deployment ${name} is yours, set adopt: true to manage it without recreating it ` +
    "(or run this once with ROBOFLOW_ADOPT_EXISTING=true), or choose another deploymentName";
  return e;
}
