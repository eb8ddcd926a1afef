/**
 * The shapes of the Paperspace Deployments API and of the resource's inputs, each defined once with zod
 * and its type inferred under the same name. API responses tolerate unknown fields.
 */
import { z } from "zod";
import { clientSideDefaults, clientSideInputs } from "../core/args";

/** The spec version every configuration is sent with. */
export const API_VERSION = "v0alpha0";

/** The defaults of the inputs, made explicit so that a diff compares like with like. */
export const defaults = {
  enabled: true,
  replicas: 1,
  waitForHealthy: true,
  ...clientSideDefaults,
} as const;

/** Inputs whose values never appear in a message, a log line or state in plaintext. */
export const secretInputs = ["apiKey", "env", "basicAuthKey"] as const;

const text = (what = "must be a string") => z.string({ error: what }).min(1, "must not be empty");
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const flag = (fallback: boolean) => z.boolean({ error: "must be true or false" }).default(fallback);
const portNumber = wholeNumber(1, 65_535);
const seconds = wholeNumber(0).optional();

const probeTiming = {
  initialDelaySeconds: seconds,
  periodSeconds: seconds,
  timeoutSeconds: seconds,
  failureThreshold: wholeNumber(1).optional(),
};

/** An HTTP probe: a GET of `path` on the container must answer 2xx or 3xx. */
export const HttpHealthCheck = z.strictObject({
  path: z.string({ error: "must be a string" }).startsWith("/", "must start with /"),
  port: portNumber.optional(),
  host: text().optional(),
  headers: z
    .array(z.strictObject({ name: text(), value: z.string({ error: "must be a string" }) }))
    .optional(),
  ...probeTiming,
});
/** A command probe: the command must exit 0 inside the container. */
export const ExecHealthCheck = z.strictObject({
  exec: z.array(z.string({ error: "must be a string" })).min(1, "must name a command"),
  ...probeTiming,
});
export const HealthCheck = z.union([HttpHealthCheck, ExecHealthCheck], {
  error: "must be an HTTP check ({path, ...}) or a command check ({exec, ...})",
});
export type HealthCheck = z.infer<typeof HealthCheck>;
/** Probes by kind: `liveness` restarts a replica, `readiness` routes traffic to it, `startup` gates both. */
export const HealthChecks = z.partialRecord(
  z.enum(["liveness", "readiness", "startup"], { error: "must be liveness, readiness or startup" }),
  HealthCheck,
);
export type HealthChecks = z.infer<typeof HealthChecks>;

export const AutoscalingMetric = z.strictObject({
  metric: z.enum(["cpu", "memory", "requestDuration"], { error: "must be cpu, memory or requestDuration" }),
  /** Percent for cpu and memory, seconds for requestDuration. */
  target: z.number({ error: "must be a number" }).positive("must be more than 0"),
});
export const Autoscaling = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }).default(true),
  maxReplicas: wholeNumber(1),
  metrics: z.array(AutoscalingMetric).min(1, "must name at least one metric"),
});
export type Autoscaling = z.infer<typeof Autoscaling>;

export const Resources = z.strictObject({
  machineType: text(),
  replicas: wholeNumber(0).default(defaults.replicas),
  autoscaling: Autoscaling.optional(),
});
export type Resources = z.infer<typeof Resources>;

/** A volume, secret store or model source mounted into the container; its fields depend on `type`. */
export const Integration = z.looseObject({ type: text(), name: text().optional(), path: text().optional() });
export type Integration = z.infer<typeof Integration>;

/** The inputs of a Deployment, as `check` validates them. */
export const DeploymentInputs = z
  .strictObject({
    projectId: text(),
    name: text().max(128, "must be at most 128 characters"),
    image: text(),
    port: portNumber.optional(),
    ports: z.array(portNumber).min(1, "must list at least one port").optional(),
    resources: Resources,
    env: z.record(z.string(), z.string({ error: "must be a string" })).optional(),
    command: z
      .array(z.string({ error: "must be a string" }))
      .min(1, "must not be empty")
      .optional(),
    healthChecks: HealthChecks.optional(),
    integrations: z.array(Integration).optional(),
    containerRegistry: text().optional(),
    region: text().optional(),
    enabled: flag(defaults.enabled),
    basicAuthKey: text().optional(),
    waitForHealthy: flag(defaults.waitForHealthy),
    ...clientSideInputs,
  })
  .refine((v) => (v.port === undefined) !== (v.ports === undefined), {
    path: ["port"],
    message: "give either [port] or [ports], not both and not neither",
  })
  .refine((v) => !v.resources.autoscaling || v.resources.autoscaling.maxReplicas >= v.resources.replicas, {
    path: ["resources", "autoscaling", "maxReplicas"],
    message: "must not be less than resources.replicas",
  });
export type DeploymentInputs = z.infer<typeof DeploymentInputs>;

/** An identifier the API assigned: a deployment, spec, project, team, run or instance. */
const Id = z.string().min(1);
/** A number of replicas. */
const Count = z.number().int().nonnegative();
/** An ISO 8601 date and time as the API writes them (`2019-08-24T14:15:22Z`); kept as text. */
const Timestamp = z.string();

/** A spec's configuration as the API stores and returns it; every field is tolerated as absent. */
export const SpecConfig = z.looseObject({
  apiVersion: z.string().optional(),
  name: z.string().optional(),
  image: z.string().optional(),
  port: z.number().optional(),
  command: z.array(z.string()).nullish(),
  containerRegistry: z.string().nullish(),
  enabled: z.boolean().nullish(),
  env: z.array(z.looseObject({ name: z.string(), value: z.string() })).nullish(),
  healthChecks: z.record(z.string(), z.unknown()).nullish(),
  integrations: z.array(z.unknown()).nullish(),
  region: z.string().nullish(),
  basicAuthKey: z.string().nullish(),
  resources: z
    .looseObject({
      machineType: z.string().optional(),
      instanceType: z.string().optional(),
      ports: z.array(z.number()).optional(),
      replicas: z.number().nullish(),
      autoscaling: z.unknown().optional(),
    })
    .optional(),
});
export type SpecConfig = z.infer<typeof SpecConfig>;

/** One version of a deployment's configuration and how far the cluster got with it. */
export const DeploymentSpec = z.looseObject({
  id: Id,
  deploymentId: Id,
  userId: Id.optional(),
  data: SpecConfig.nullish(),
  externalApplied: Timestamp.nullish(),
  dtHealthy: Timestamp.nullish(),
  error: z.string().nullish(),
  metadata: z.unknown().optional(),
  workflowRun: z.unknown().optional(),
});
export type DeploymentSpec = z.infer<typeof DeploymentSpec>;

/** A deployment as `GET /deployments/{id}` and the lists return it. */
export const DeploymentInfo = z.looseObject({
  id: Id,
  name: z.string(),
  projectId: Id,
  teamId: Id.optional(),
  endpoint: z.string(),
  dtCreated: Timestamp,
  basicAuthKey: z.string().nullish(),
  latestSpecHash: z.string().nullish(),
  latestSpec: DeploymentSpec.nullish(),
});
export type DeploymentInfo = z.infer<typeof DeploymentInfo>;

/** One page of a paginated list: `?after=nextPage` fetches the next one. */
export function Page<T extends z.ZodType>(item: T) {
  return z.looseObject({ hasMore: z.boolean(), items: z.array(item), nextPage: z.string().nullish() });
}

export const LogEntry = z.looseObject({
  id: Id,
  dtCreated: Timestamp,
  instanceId: Id.nullish(),
  jobId: Id,
  message: z.string(),
  uuid: z.string().nullish(),
});
export type LogEntry = z.infer<typeof LogEntry>;

/** A replica of a run; the API does not document its fields, so all are tolerated as absent. */
export const Instance = z.looseObject({
  id: Id.optional(),
  state: z.string().nullish(),
  phase: z.string().nullish(),
  message: z.string().nullish(),
});
export type Instance = z.infer<typeof Instance>;

/** An active run: the replicas serving one applied spec. */
export const Run = z.looseObject({
  id: Id.optional(),
  replicas: Count,
  readyReplicas: Count,
  availableReplicas: Count.optional(),
  instances: z.array(Instance).default([]),
});
export type Run = z.infer<typeof Run>;
export const Runs = z.array(Run);

/** A metric sample; the API documents a single one, a list is accepted too. */
export const MetricPoint = z.looseObject({ timestamp: Timestamp, value: z.union([z.string(), z.number()]) });
export type MetricPoint = z.infer<typeof MetricPoint>;
export const Metrics = z
  .union([z.array(MetricPoint), MetricPoint])
  .transform((v) => (Array.isArray(v) ? v : [v]));

export const UpsertResult = z.looseObject({ deploymentId: z.string() });
export const DeleteResult = z.looseObject({ id: z.string().optional() });

/** The configuration sent by `POST /deployments`. */
export interface SpecRequest {
  apiVersion: string;
  name: string;
  image: string;
  enabled: boolean;
  resources: { machineType: string; ports: number[]; replicas: number; autoscaling?: Autoscaling };
  env?: Array<{ name: string; value: string }>;
  command?: string[];
  healthChecks?: HealthChecks;
  integrations?: Integration[];
  containerRegistry?: string;
  region?: string;
  basicAuthKey?: string;
}

/** The body of `POST /deployments`: without `deploymentId` it creates, with it it updates. */
export interface UpsertRequest {
  config: SpecRequest;
  projectId: string;
  deploymentId?: string;
}

/** The error body: `{code, message}`, with `issues` on a validation failure. */
export const ErrorBody = z.looseObject({
  code: z.union([z.string(), z.number()]).optional(),
  message: z.string(),
  issues: z
    .array(z.looseObject({ message: z.string().optional(), path: z.array(z.unknown()).optional() }))
    .optional(),
});
