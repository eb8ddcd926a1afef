/**
 * The shapes of NX1's model deployment API ("Nx1 AI API" 0.10.2) and of the resource's inputs, each defined
 * once with zod and its type inferred under the same name. API responses tolerate unknown fields.
 */
import { z } from "zod";
import { clientSideDefaults, clientSideInputs } from "../core/args";
import { cronProblem } from "./cron";

/** The defaults of the inputs, made explicit so that a diff compares like with like. */
export const defaults = {
  catalog: "iceberg",
  rerunBehavior: "overwrite_partition",
  partitionColumn: "scored_at",
  triggerNow: false,
  waitForActive: true,
  ...clientSideDefaults,
} as const;

/** Inputs whose values never appear in a message, a log line or state in plaintext. */
export const secretInputs = ["apiKey"] as const;

/** Inputs that only a batch deployment takes. */
export const batchOnlyInputs = [
  "source",
  "target",
  "entityColumns",
  "schedule",
  "rerunBehavior",
  "partitionColumn",
  "triggerNow",
] as const;

/** The statuses the API documents; `archived` counts as gone. */
export const STATUSES = ["pending", "deploying", "active", "failed", "stopped", "archived"] as const;
export type Status = (typeof STATUSES)[number];

const text = (what = "must be a string") => z.string({ error: what }).min(1, "must not be empty");
/** A DNS-1123 label: what NX1 requires of a deployment's name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** An Iceberg table the batch scorer reads: `schema.table` in `catalog`, optionally filtered or pinned. */
export const IcebergSource = z.strictObject({
  schema: text(),
  table: text(),
  catalog: text().default(defaults.catalog),
  /** A SQL predicate on the source rows. */
  filterSql: text().optional(),
  /** Reads this Iceberg snapshot instead of the current one. */
  snapshotId: z.number({ error: "must be a number" }).int("must be a whole number").optional(),
});
export type IcebergSource = z.infer<typeof IcebergSource>;

/** The Iceberg table the batch scorer writes its predictions to. */
export const IcebergTarget = z.strictObject({
  schema: text(),
  table: text(),
  catalog: text().default(defaults.catalog),
});
export type IcebergTarget = z.infer<typeof IcebergTarget>;

/** Every input of a ModelDeployment and its own rule; {@link ModelDeploymentInputs} adds the rules across them. */
export const ModelDeploymentFields = z.strictObject({
  model: text()
    .max(256, "must be at most 256 characters")
    .refine((v) => !v.includes("/"), {
      message: "must not contain / (the model name is a path segment of every call)",
    }),
  name: text()
    .max(63, "must be at most 63 characters")
    .regex(
      DNS_LABEL,
      "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
    ),
  modelVersion: z
    .string({ error: "must be a string" })
    .regex(/^[1-9]\d*$/, 'must be a registered version number, such as "3"')
    .optional(),
  modelAlias: z
    .string({ error: "must be a string" })
    .regex(/^[A-Za-z0-9_-]{1,255}$/, "must be an alias name: letters, digits, '_' and '-'")
    .optional(),
  type: z.enum(["batch", "online"], { error: "must be batch or online" }),
  source: IcebergSource.optional(),
  target: IcebergTarget.optional(),
  entityColumns: z.array(text()).optional(),
  domain: text(),
  owner: text(),
  schedule: z.string({ error: "must be a cron expression or null" }).nullable().optional(),
  rerunBehavior: z
    .enum(["overwrite_partition", "append_dedup"], { error: "must be overwrite_partition or append_dedup" })
    .optional(),
  partitionColumn: text().optional(),
  triggerNow: z.boolean({ error: "must be true or false" }).optional(),
  allowedRoles: z.array(text()).optional(),
  waitForActive: z.boolean({ error: "must be true or false" }).default(defaults.waitForActive),
  ...clientSideInputs,
});

/** The inputs of a ModelDeployment, as `check` validates them: batch defaults applied to batch ones only. */
export const ModelDeploymentInputs = ModelDeploymentFields.superRefine((v, ctx) => {
  if ((v.modelVersion === undefined) === (v.modelAlias === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["modelVersion"],
      message: "give exactly one of [modelVersion] and [modelAlias]",
    });
  }
  if (v.type === "online") {
    for (const key of batchOnlyInputs) {
      if (v[key] !== undefined && v[key] !== null) {
        ctx.addIssue({ code: "custom", path: [key], message: "applies to batch deployments only" });
      }
    }
    return;
  }
  for (const key of ["source", "target"] as const) {
    if (v[key] === undefined) {
      ctx.addIssue({ code: "custom", path: [key], message: "is required for a batch deployment" });
    }
  }
  const problem = typeof v.schedule === "string" ? cronProblem(v.schedule) : undefined;
  if (problem) {
    ctx.addIssue({ code: "custom", path: ["schedule"], message: problem });
  }
}).transform((v) =>
  v.type === "batch"
    ? {
        ...v,
        rerunBehavior: v.rerunBehavior ?? defaults.rerunBehavior,
        partitionColumn: v.partitionColumn ?? defaults.partitionColumn,
        triggerNow: v.triggerNow ?? defaults.triggerNow,
      }
    : v,
);
export type ModelDeploymentInputs = z.infer<typeof ModelDeploymentInputs>;

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
