/**
 * The wire shapes of NX1's model deployment API ("Nx1 AI API" 0.10.2), each defined once with zod and its
 * type inferred under the same name. Responses tolerate unknown fields. The create's body is built from the
 * input schema's wire names (see schema.ts and mapping.ts).
 */
import { z } from "zod";

/** The statuses the API documents; `archived` counts as gone. */
export const STATUSES = ["pending", "deploying", "active", "failed", "stopped", "archived"] as const;
export type Status = (typeof STATUSES)[number];

/** A registered MLflow model and exactly one of a version pin or an alias, as the API writes it. */
export const ModelReference = z.looseObject({
  model_name: z.string(),
  model_version: z.string().nullish(),
  model_alias: z.string().nullish(),
});
export type ModelReference = z.infer<typeof ModelReference>;

/** The last scoring run of a batch deployment. */
export const RunSummary = z.looseObject({
  run_id: z.string().nullish(),
  airflow_run_id: z.string().nullish(),
  rows_scored: z.number().nullish(),
  started_at: z.string().nullish(),
  finished_at: z.string().nullish(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** A deployment as `GET /api/models/{model}/deployments/{name}` (and the create) returns it. */
export const Deployment = z.looseObject({
  deployment_id: z.string().min(1),
  name: z.string(),
  type: z.string(),
  // Kept open: an unknown status is shown as it is rather than failing the read.
  status: z.string(),
  domain: z.string(),
  owner: z.string(),
  model: ModelReference,
  created_at: z.string(),
  updated_at: z.string(),
  resolved_model_version: z.string().nullish(),
  dag_id: z.string().nullish(),
  dag_s3_uri: z.string().nullish(),
  schedule: z.string().nullish(),
  last_run: RunSummary.nullish(),
  service_url: z.string().nullish(),
  replica_count: z.number().int().nullish(),
  ready_replicas: z.number().int().nullish(),
  allowed_roles: z.array(z.string()).nullish(),
  error_message: z.string().nullish(),
  stopped_at: z.string().nullish(),
});
export type Deployment = z.infer<typeof Deployment>;

/** The body of `POST /api/models/{model}/deployments`. */
export interface CreateDeploymentRequest {
  name: string;
  model: { model_name: string; model_version?: string; model_alias?: string };
  type: "batch" | "online";
  domain: string;
  owner: string;
  source?: { schema: string; table: string; catalog: string; filter_sql?: string; snapshot_id?: number };
  target?: { schema: string; table: string; catalog: string };
  entity_columns?: string[];
  schedule?: string | null;
  rerun_behavior?: "overwrite_partition" | "append_dedup";
  partition_column?: string;
  trigger_now?: boolean;
  allowed_roles?: string[];
}

/** The error body, FastAPI's: `{detail}`, a string or a list of validation issues. */
export const ErrorBody = z.looseObject({
  detail: z.union([
    z.string(),
    z.array(
      z.looseObject({
        loc: z.array(z.union([z.string(), z.number()])).optional(),
        msg: z.string().optional(),
      }),
    ),
  ]),
});
