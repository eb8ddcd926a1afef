/**
 * The wire shapes of the Shipyard deployments API (seed 004), each defined once with zod and its type
 * inferred under the same name. Answers tolerate unknown fields and absent optional ones.
 */
import { z } from "zod";

/** An ingress endpoint of a deployment. */
export const Ingress = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  host: z.string().optional(),
  url: z.string().optional(),
});
export type Ingress = z.infer<typeof Ingress>;

export const Status = z.enum(["Pending", "Provisioning", "Ready", "Error", "Deleting"]);

/** One entry of `GET /api/deployments`. A status the seed does not list is kept as text. */
export const DeploymentSummary = z.looseObject({
  name: z.string().min(1),
  status: z.string(),
  template: z.string().nullish(),
  image: z.string().nullish(),
  containerPort: z.number().nullish(),
  visibility: z.string().nullish(),
  ingresses: z.array(Ingress).nullish(),
  lastError: z.string().nullish(),
  canDelete: z.boolean().nullish(),
});
export type DeploymentSummary = z.infer<typeof DeploymentSummary>;
export const DeploymentList = z.array(DeploymentSummary);

/** The answer of both creates: the generated (or given) name, and the initial status. */
export const CreateResult = z.looseObject({ name: z.string().min(1), status: z.string().optional() });
export type CreateResult = z.infer<typeof CreateResult>;

/** `GET /api/deployments/status`. */
export const DeploymentStatus = z.looseObject({
  status: z.string(),
  deploymentReady: z.boolean().nullish(),
  allowDelete: z.boolean().nullish(),
  allowRequest: z.boolean().nullish(),
  ingresses: z.array(Ingress).nullish(),
  statusMessage: z.string().nullish(),
});
export type DeploymentStatus = z.infer<typeof DeploymentStatus>;

export const ConfigResult = z.looseObject({ configData: z.record(z.string(), z.string()).nullish() });
export const AutoUpdateSettings = z.looseObject({ enabled: z.boolean(), strategy: z.string().nullish() });
export type AutoUpdateSettings = z.infer<typeof AutoUpdateSettings>;
/** The answer of a write: "returns JSON success"; its fields are not documented, so none is required. */
export const WriteResult = z.looseObject({});

export const LogsResult = z.looseObject({ logs: z.string() });
export const Metrics = z.looseObject({
  cpuUsage: z.string(),
  memoryUsage: z.string(),
  timestamp: z.string().optional(),
});
export type Metrics = z.infer<typeof Metrics>;
/** A revision of the history; the seed shows no fields, so all are tolerated as absent. */
export const Revision = z.looseObject({
  revision: z.number().optional(),
  type: z.string().optional(),
  message: z.string().optional(),
  timestamp: z.string().optional(),
});
export type Revision = z.infer<typeof Revision>;
export const HistoryResult = z.looseObject({ revisions: z.array(Revision) });
/** A Kubernetes event; the seed names no fields, so all are tolerated as absent. */
export const Event = z.looseObject({
  type: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type Event = z.infer<typeof Event>;
export const EventsResult = z.looseObject({ events: z.array(Event) });

/** The error body of every endpoint. */
export const ErrorBody = z.looseObject({ error: z.string() });
