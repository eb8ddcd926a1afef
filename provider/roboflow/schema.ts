/**
 * The inputs and outputs of a DedicatedDeployment, each defined once with zod and its type inferred under
 * the same name. Every input declares, with `field()`, how a change of it behaves, its API name and its
 * line in the README: the diff, the `/add` body, the outputs, refresh and the docs derive from here.
 */
import { z } from "zod";
import { clientSideDefaults, clientSideInputs, flag } from "../core/args";
import { field, fromApi, output } from "../core/fields";
import type { Deployment, WorkspaceUsage } from "./api";

export const DEPLOYMENT_NAME_PATTERN = /^[a-z][a-z0-9-]{4,14}$/;
export const INFERENCE_VERSION_PATTERN = /^\d+\.\d+\.\d+$/;

export const DeploymentName = z
  .string({ error: "must be a string" })
  .regex(
    DEPLOYMENT_NAME_PATTERN,
    "must be 5 to 15 characters: a lowercase letter, then lowercase letters, digits or hyphens",
  );

/** The defaults the API applies, made explicit so that a diff compares like with like. */
export const apiDefaults = {
  duration: 3,
  inferenceVersion: "latest",
  minReplicas: 1,
  maxReplicas: 1,
} as const;
/** The defaults of the client-side settings. */
export const clientDefaults = { ...clientSideDefaults, paused: false, waitForReady: true } as const;

const positiveInteger = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(1, `${what} must be at least 1`);

/** The inputs of a DedicatedDeployment, as `check` validates them. */
export const DedicatedDeploymentInputs = z
  .strictObject({
    deploymentName: field(DeploymentName, {
      change: "replace",
      type: "string, `^[a-z][a-z0-9-]{4,14}$`",
      onChange: "**replace** (new one created first)",
      wire: "deployment_name",
      live: true,
    }),
    machineType: field(z.string({ error: "must be a string" }).min(1, "must not be empty"), {
      change: "replace",
      type: "string (see `getMachineTypes()`)",
      onChange: "**replace**, old one deleted first (same name)",
      wire: "machine_type",
      live: true,
    }),
    creatorEmail: field(z.email({ error: "must be an email address" }), {
      change: "replace",
      type: "email",
      wire: "creator_email",
    }),
    duration: field(
      z
        .number({ error: "must be a number of hours" })
        .positive("must be more than 0 hours")
        .default(apiDefaults.duration),
      {
        change: "replace",
        type: "hours, > 0",
        default: String(apiDefaults.duration),
        wire: "duration",
        live: true,
      },
    ),
    inferenceVersion: field(
      z
        .string({ error: "must be a string" })
        .refine(
          (v) => v === "latest" || INFERENCE_VERSION_PATTERN.test(v),
          'must be "latest" or a version x.y.z',
        )
        .default(apiDefaults.inferenceVersion),
      // Not live: the output keeps the input (`latest`); the version the API resolved is its own output.
      { change: "replace", type: "`latest` or `x.y.z`", default: "`latest`", wire: "inference_version" },
    ),
    minReplicas: field(positiveInteger("minReplicas").default(apiDefaults.minReplicas), {
      change: "replace",
      type: "integer ≥ 1",
      default: String(apiDefaults.minReplicas),
      wire: "min_replicas",
      live: true,
    }),
    maxReplicas: field(positiveInteger("maxReplicas").default(apiDefaults.maxReplicas), {
      change: "replace",
      type: "integer ≥ minReplicas",
      default: String(apiDefaults.maxReplicas),
      wire: "max_replicas",
      live: true,
    }),
    deleteOnExpiration: field(z.boolean({ error: "must be true or false" }).optional(), {
      change: "replace",
      type: "boolean",
      default: "not sent",
      wire: "delete_on_expiration",
    }),
    paused: field(flag(clientDefaults.paused), {
      change: "update",
      type: "boolean",
      default: String(clientDefaults.paused),
      onChange: "in place: `/pause`, `/resume`",
    }),
    waitForReady: field(flag(clientDefaults.waitForReady), {
      change: "state",
      type: "boolean",
      default: String(clientDefaults.waitForReady),
    }),
    ...clientSideInputs,
  })
  .refine((v) => v.minReplicas <= v.maxReplicas, {
    path: ["minReplicas"],
    message: "must not be more than maxReplicas",
  });
export type DedicatedDeploymentInputs = z.infer<typeof DedicatedDeploymentInputs>;

/** What the API adds to the inputs in a DedicatedDeployment's outputs, each from the API's answer. */
export const DedicatedDeploymentOutputs = z.object({
  ...DedicatedDeploymentInputs.shape,
  deploymentId: output(z.string().describe("The API's unique identifier of the deployment."), {
    wire: "deployment_id",
  }),
  subdomain: output(
    z.string().describe("The subdomain, which may carry a suffix when the name was taken elsewhere."),
    { wire: "subdomain" },
  ),
  domain: output(z.string().describe("The host name the deployment is served at."), { wire: "domain" }),
  url: output(z.string().describe("`https://` + domain."), {
    from: (d: Deployment) => `https://${d.domain}`,
  }),
  status: output(z.string().describe("`pending`, `ready`, `paused`, `failed`, ... as last read."), {
    wire: "status",
  }),
  numReplicas: output(z.number().describe("Replicas available when last read."), { wire: "num_replicas" }),
  resolvedInferenceVersion: output(z.string().describe("The concrete inference version the API runs."), {
    wire: "inference_version",
  }),
  creatorId: output(z.string().optional().describe("The API's identifier of the user who created it."), {
    wire: "creator_id",
  }),
  workspaceId: output(z.string().optional().describe("The API's identifier of the workspace."), {
    wire: "workspace_id",
  }),
  workspaceUrl: output(z.string().optional().describe("The workspace's URL name."), {
    wire: "workspace_url",
  }),
});
export type DedicatedDeploymentOutputs = z.infer<typeof DedicatedDeploymentOutputs>;

/** A deployment as a lookup returns it, each field from the API's answer. */
export const DeploymentResult = z.strictObject({
  deploymentId: DedicatedDeploymentOutputs.shape.deploymentId,
  deploymentName: output(z.string(), { wire: "deployment_name" }),
  machineType: output(z.string(), { wire: "machine_type" }),
  status: output(z.string().describe("`pending`, `ready`, `paused`, `failed`, ... as read now."), {
    wire: "status",
  }),
  subdomain: output(z.string(), { wire: "subdomain" }),
  domain: output(z.string(), { wire: "domain" }),
  url: DedicatedDeploymentOutputs.shape.url,
  duration: output(z.number(), { wire: "duration" }),
  resolvedInferenceVersion: output(z.string().describe("The inference version the API runs."), {
    wire: "inference_version",
  }),
  minReplicas: output(z.number(), { wire: "min_replicas" }),
  maxReplicas: output(z.number(), { wire: "max_replicas" }),
  numReplicas: output(z.number(), { wire: "num_replicas" }),
});

/** A deployment's usage in a window; the service does not document the shape (see `api.ts`). */
export const UsageResult = z.strictObject({
  deploymentId: output(z.string().optional(), { wire: "deployment_id" }),
  deploymentName: output(z.string().optional(), { wire: "deployment_name" }),
  machineType: output(z.string().optional(), { wire: "machine_type" }),
  status: output(z.string().optional().describe("The deployment's status now."), { wire: "status" }),
  replicas: output(z.number().optional().describe("Machines the deployment runs while billable."), {
    wire: "replicas",
  }),
  hoursByStatus: output(
    z.record(z.string(), z.number()).optional().describe("Hours in each status in the window."),
    { wire: "hours_by_status" },
  ),
  billableHours: output(z.number().optional().describe("Hours in a billable status (pending, ready)."), {
    wire: "billable_hours",
  }),
  machineHours: output(z.number().optional().describe("Billable hours times replicas."), {
    wire: "machine_hours",
  }),
  fromTimestamp: output(z.string().optional().describe("The window, as the service read it."), {
    wire: "from_timestamp",
  }),
  toTimestamp: output(z.string().optional(), { wire: "to_timestamp" }),
});

/** The workspace's usage in a window: its totals and each deployment's. */
export const WorkspaceUsageResult = z.strictObject({
  workspaceId: output(z.string().optional(), { wire: "workspace_id" }),
  workspaceUrl: output(z.string().optional(), { wire: "workspace_url" }),
  fromTimestamp: output(z.string().optional(), { wire: "from_timestamp" }),
  toTimestamp: output(z.string().optional(), { wire: "to_timestamp" }),
  billableHours: output(z.number().optional(), { wire: "billable_hours" }),
  machineHours: output(z.number().optional(), { wire: "machine_hours" }),
  deployments: output(z.array(UsageResult).optional(), {
    from: (u: WorkspaceUsage) => u.deployments?.map((d) => fromApi(UsageResult, d)),
  }),
});

/** A log entry as a lookup returns it. */
export const LogEntryResult = z.strictObject({
  insertId: output(z.string(), { wire: "insert_id" }),
  payload: output(z.string(), { wire: "payload" }),
  severity: output(z.string(), { wire: "severity" }),
  timestamp: output(z.string(), { wire: "timestamp" }),
});
