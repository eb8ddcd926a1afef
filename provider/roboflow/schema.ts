/**
 * The shapes of the Roboflow Dedicated Deployments API and of the resource's inputs, each defined once
 * with zod and its type inferred under the same name. API responses tolerate unknown fields.
 */
import { z } from "zod";
import { clientSideDefaults, clientSideInputs } from "../core/args";

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
    deploymentName: DeploymentName,
    machineType: z.string({ error: "must be a string" }).min(1, "must not be empty"),
    creatorEmail: z.email({ error: "must be an email address" }),
    duration: z
      .number({ error: "must be a number of hours" })
      .positive("must be more than 0 hours")
      .default(apiDefaults.duration),
    inferenceVersion: z
      .string({ error: "must be a string" })
      .refine(
        (v) => v === "latest" || INFERENCE_VERSION_PATTERN.test(v),
        'must be "latest" or a version x.y.z',
      )
      .default(apiDefaults.inferenceVersion),
    minReplicas: positiveInteger("minReplicas").default(apiDefaults.minReplicas),
    maxReplicas: positiveInteger("maxReplicas").default(apiDefaults.maxReplicas),
    deleteOnExpiration: z.boolean({ error: "must be true or false" }).optional(),
    paused: z.boolean({ error: "must be true or false" }).default(clientDefaults.paused),
    waitForReady: z.boolean({ error: "must be true or false" }).default(clientDefaults.waitForReady),
    ...clientSideInputs,
  })
  .refine((v) => v.minReplicas <= v.maxReplicas, {
    path: ["minReplicas"],
    message: "must not be more than maxReplicas",
  });
export type DedicatedDeploymentInputs = z.infer<typeof DedicatedDeploymentInputs>;

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

/** `/pause`, `/resume`, `/delete` answer `{"message": "OK"}`. */
export const Acknowledgement = z.looseObject({ message: z.string().optional() });

/** The body of `POST /add`. */
export interface AddRequest {
  deployment_name: string;
  machine_type: string;
  creator_email: string;
  duration: number;
  inference_version: string;
  min_replicas: number;
  max_replicas: number;
  delete_on_expiration?: boolean;
}

/** Statuses after which a deployment no longer exists for us. */
export const goneStatuses = new Set(["deleted", "expired"]);

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
