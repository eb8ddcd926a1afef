/**
 * The wire shapes of the Roboflow Dedicated Deployments API, each defined once with zod and its type
 * inferred under the same name. Responses tolerate unknown fields. The request body of `/add` is built
 * from the input schema's wire names (see schema.ts).
 */
import { z } from "zod";

/** A deployment as every endpoint returns it (the /add response schema). */
export const Deployment = z.looseObject({
  deployment_id: z.string(),
  deployment_name: z.string(),
  machine_type: z.string(),
  creator_email: z.string().optional(),
  creator_id: z.string().optional(),
  subdomain: z.string(),
  domain: z.string(),
  duration: z.number(),
  inference_version: z.string(),
  min_replicas: z.number(),
  max_replicas: z.number(),
  num_replicas: z.number(),
  /** Not in the seed; reported where the API keeps it, which an import records as an output only. */
  delete_on_expiration: z.boolean().optional(),
  status: z.string(),
  workspace_id: z.string().optional(),
  workspace_url: z.string().optional(),
});
export type Deployment = z.infer<typeof Deployment>;

/** `/list` answers a bare array or `{deployments: [...]}`; both are accepted. */
export const DeploymentList = z
  .union([z.array(Deployment), z.looseObject({ deployments: z.array(Deployment) })])
  .transform((v) => (Array.isArray(v) ? v : v.deployments));
export type DeploymentList = z.infer<typeof DeploymentList>;

export const LogEntry = z.looseObject({
  insert_id: z.string(),
  payload: z.string(),
  severity: z.string(),
  timestamp: z.string(),
});
export type LogEntry = z.infer<typeof LogEntry>;
export const LogEntries = z.array(LogEntry);

/**
 * `/usage_deployment` and each entry of `/usage_workspace`. The service does not document the shape: these
 * are the fields our emulator answers (see emulator/README.md), all optional, and unknown fields are kept,
 * so the lookup returns whatever the service sends rather than failing on a field it names differently.
 */
export const DeploymentUsage = z.looseObject({
  deployment_id: z.string().optional(),
  deployment_name: z.string().optional(),
  machine_type: z.string().optional(),
  /** The deployment's status now. */
  status: z.string().optional(),
  /** Machines the deployment runs while billable. */
  replicas: z.number().optional(),
  /** Hours spent in each status within the window. */
  hours_by_status: z.record(z.string(), z.number()).optional(),
  /** Hours in a billable status (pending, ready). */
  billable_hours: z.number().optional(),
  /** Billable hours times replicas. */
  machine_hours: z.number().optional(),
  /** The window, as the service read it. */
  from_timestamp: z.string().optional(),
  to_timestamp: z.string().optional(),
});
export type DeploymentUsage = z.infer<typeof DeploymentUsage>;

/** `/usage_workspace`: the workspace's totals and every deployment that existed in the window (same caveat). */
export const WorkspaceUsage = z.looseObject({
  workspace_id: z.string().optional(),
  workspace_url: z.string().optional(),
  from_timestamp: z.string().optional(),
  to_timestamp: z.string().optional(),
  billable_hours: z.number().optional(),
  machine_hours: z.number().optional(),
  deployments: z.array(DeploymentUsage).optional(),
});
export type WorkspaceUsage = z.infer<typeof WorkspaceUsage>;

/** `/pause`, `/resume`, `/delete` answer `{"message": "OK"}`. */
export const Acknowledgement = z.looseObject({ message: z.string().optional() });

/**
 * Statuses after which a deployment no longer exists for us. Not `expired`: an expired deployment is still
 * listed (`show_expired`) and holds its name until `/delete` (docs/roboflow-expiry.md).
 */
export const goneStatuses = new Set(["deleted"]);

/** The status of a deployment past its duration that the API keeps (it was not made with delete_on_expiration). */
export const EXPIRED = "expired";

/** A deployment whose deletion the API accepted (a destroy cut off, or by hand): it holds its name until gone. */
export const DELETING = "deleting";

/** `/machine_types`: a list of names, of objects naming a machine type, or such a list under a key. */
const MachineTypeEntry = z.union([
  z.string(),
  z
    .looseObject({
      machine_type: z.string().optional(),
      name: z.string().optional(),
      id: z.string().optional(),
    })
    .transform((v) => v.machine_type ?? v.name ?? v.id ?? ""),
]);
export const MachineTypes = z
  .union([
    z.array(MachineTypeEntry),
    z.looseObject({ machine_types: z.array(MachineTypeEntry) }).transform((v) => v.machine_types),
  ])
  .transform((names) => names.filter((n) => n !== ""));
