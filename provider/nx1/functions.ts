/**
 * NX1's lookup as a native provider serves it: the invoke `nx1:index:getModelDeployment`, with the
 * provider's configured key and URL (required: NX1 has no public default).
 */
import { z } from "zod";
import { lookup } from "../core/lookupDefinition";
import { unmanagedLookup } from "../core/unmanaged";
import type { Deployment } from "./api";
import { Nx1Client } from "./client";
import { idOf } from "./mapping";

/** A deployment as the lookup returns it. */
const DeploymentResult = z.strictObject({
  deploymentId: z.string().describe("The API's UUID of the deployment."),
  model: z.string(),
  name: z.string(),
  type: z.string().describe("`online` or `batch`."),
  status: z
    .string()
    .describe("`pending`, `deploying`, `active`, `failed`, `stopped` or `archived`, as read now."),
  domain: z.string(),
  owner: z.string(),
  modelVersion: z.string().optional().describe("The pinned version, when the deployment pins one."),
  modelAlias: z.string().optional().describe("The alias followed, when the deployment follows one."),
  resolvedModelVersion: z.string().optional().describe("The model version served now."),
  serviceUrl: z.string().optional().describe("Online: the URL the model is served at."),
  readyReplicas: z.number().optional(),
  replicaCount: z.number().optional(),
  dagId: z.string().optional().describe("Batch: the Airflow DAG's id."),
  allowedRoles: z.array(z.string()).optional(),
  errorMessage: z.string().optional().describe("Why the deployment failed, when it did."),
});

function result(d: Deployment): z.input<typeof DeploymentResult> {
  return JSON.parse(
    JSON.stringify({
      deploymentId: d.deployment_id,
      model: d.model.model_name,
      name: d.name,
      type: d.type,
      status: d.status,
      domain: d.domain,
      owner: d.owner,
      modelVersion: d.model.model_version ?? undefined,
      modelAlias: d.model.model_alias ?? undefined,
      resolvedModelVersion: d.resolved_model_version ?? undefined,
      serviceUrl: d.service_url ?? undefined,
      readyReplicas: d.ready_replicas ?? undefined,
      replicaCount: d.replica_count ?? undefined,
      dagId: d.dag_id ?? undefined,
      allowedRoles: d.allowed_roles ?? undefined,
      errorMessage: d.error_message ?? undefined,
    }),
  );
}

export const functions = {
  getModelDeployment: lookup({
    description: "One deployment of a model, as the API reports it now.",
    inputs: z.strictObject({
      model: z.string().describe("The registered model's name."),
      name: z.string().describe("The deployment's name."),
    }),
    outputs: DeploymentResult,
    run: async (credentials, args) => {
      const client = new Nx1Client(credentials);
      return result(await client.getDeployment(args.model, args.name));
    },
  }),
  listUnmanagedDeployments: unmanagedLookup(
    { models: z.array(z.string()).describe("The registered models whose deployments to list.") },
    async (credentials, args) => {
      const client = new Nx1Client(credentials);
      const lists = await Promise.all(args.models.map((model) => client.listDeployments(model)));
      return lists
        .flat()
        .filter((d) => d.status !== "archived")
        .map((d) => ({ id: idOf(d.model.model_name, d.name), name: d.name, status: d.status }));
    },
  ),
};
