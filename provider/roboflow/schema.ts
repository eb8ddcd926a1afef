/**
 * The inputs and outputs of a DedicatedDeployment, each defined once with zod and its type inferred under
 * the same name. Every input declares, with `field()`, how a change of it behaves, its API name and its
 * line in the README: the diff, the `/add` body, the outputs, refresh and the docs derive from here.
 */
import { z } from "zod";
import { clientSideDefaults, clientSideInputs, flag } from "../core/args";
import { field } from "../core/fields";

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

/** What the API adds to the inputs in a DedicatedDeployment's outputs. */
export const DedicatedDeploymentOutputs = z.object({
  ...DedicatedDeploymentInputs.shape,
  deploymentId: z.string().describe("The API's unique identifier of the deployment."),
  subdomain: z
    .string()
    .describe("The subdomain, which may carry a suffix when the name was taken elsewhere."),
  domain: z.string().describe("The host name the deployment is served at."),
  url: z.string().describe("`https://` + domain."),
  status: z.string().describe("`pending`, `ready`, `paused`, `failed`, ... as last read."),
  numReplicas: z.number().describe("Replicas available when last read."),
  resolvedInferenceVersion: z.string().describe("The concrete inference version the API runs."),
  creatorId: z.string().optional().describe("The API's identifier of the user who created it."),
  workspaceId: z.string().optional().describe("The API's identifier of the workspace."),
  workspaceUrl: z.string().optional().describe("The workspace's URL name."),
});
export type DedicatedDeploymentOutputs = z.infer<typeof DedicatedDeploymentOutputs>;
