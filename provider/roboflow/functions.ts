/**
 * Roboflow's lookups as a native provider serves them: invokes named `roboflow:index:<name>`, with the
 * provider's configured key and URL.
 */
import { z } from "zod";
import { nativeFunction } from "../native/functions";
import type { Deployment } from "./api";
import { RoboflowClient } from "./client";

/** A deployment as a lookup returns it. */
const DeploymentResult = z.strictObject({
  deploymentId: z.string().describe("The API's unique identifier of the deployment."),
  deploymentName: z.string(),
  machineType: z.string(),
  status: z.string().describe("`pending`, `ready`, `paused`, `failed`, ... as read now."),
  subdomain: z.string(),
  domain: z.string(),
  url: z.string().describe("`https://` + domain."),
  duration: z.number(),
  resolvedInferenceVersion: z.string().describe("The inference version the API runs."),
  minReplicas: z.number(),
  maxReplicas: z.number(),
  numReplicas: z.number(),
});

function result(d: Deployment): z.input<typeof DeploymentResult> {
  return {
    deploymentId: d.deployment_id,
    deploymentName: d.deployment_name,
    machineType: d.machine_type,
    status: d.status,
    subdomain: d.subdomain,
    domain: d.domain,
    url: `https://${d.domain}`,
    duration: d.duration,
    resolvedInferenceVersion: d.inference_version,
    minReplicas: d.min_replicas,
    maxReplicas: d.max_replicas,
    numReplicas: d.num_replicas,
  };
}

export const functions = {
  getDeployment: nativeFunction({
    description: "One deployment, as the API reports it now.",
    inputs: z.strictObject({ deploymentName: z.string().describe("The deployment's name.") }),
    outputs: DeploymentResult,
    run: async (credentials, args) =>
      result(await new RoboflowClient(credentials).getDeployment(args.deploymentName)),
  }),
  listDeployments: nativeFunction({
    description: "The workspace's deployments; expired and deleted ones only when asked.",
    inputs: z.strictObject({ showExpired: z.boolean().optional(), showDeleted: z.boolean().optional() }),
    outputs: z.strictObject({ deployments: z.array(DeploymentResult) }),
    run: async (credentials, args) => ({
      deployments: (await new RoboflowClient(credentials).listDeployments(args)).map(result),
    }),
  }),
  getMachineTypes: nativeFunction({
    description: "The machine types the workspace may deploy on.",
    inputs: z.strictObject({}),
    outputs: z.strictObject({ machineTypes: z.array(z.string()) }),
    run: async (credentials) => ({ machineTypes: await new RoboflowClient(credentials).machineTypes() }),
  }),
};
