/**
 * The wire shapes of the Paperspace Deployments API, each defined once with zod and its type inferred under
 * the same name. Responses tolerate unknown fields.
 */
import { z } from "zod";
import type { Autoscaling } from "./schema";

/** The spec version every configuration is sent with. */
export const API_VERSION = "v0alpha0";

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

/**
 * The configuration sent by `POST /deployments`: these, and the inputs the schema declares with a wire
 * name (`name`, `image`, `command`, `healthChecks`, ...) under that name.
 */
export interface SpecRequest {
  apiVersion: string;
  resources: { machineType: string; ports: number[]; replicas: number; autoscaling?: Autoscaling };
  env?: Array<{ name: string; value: string }>;
  [field: string]: unknown;
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
