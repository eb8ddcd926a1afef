/**
 * NX1's model deployment API ("Nx1 AI API" 0.10.2) as the emulator serves it: the request bodies it accepts,
 * the deployment it answers, and its FastAPI-style errors (`{detail}`), shared by the store and the routes.
 */
import { z } from "zod";

/** Milliseconds a new deployment spends pending, then deploying, then (online) with a replica not yet ready;
 * and how long a deleted one takes to tear down before it shows `archived`. */
export interface Nx1Timing {
  pendingMs: number;
  deployMs: number;
  readyMs: number;
  deleteMs: number;
}

export const NX1_STATUSES = ["pending", "deploying", "active", "failed", "stopped", "archived"] as const;
export type Nx1Status = (typeof NX1_STATUSES)[number];

/** A registered MLflow model as the emulator's registry holds it: its versions and where its aliases point. */
export interface RegisteredModel {
  versions: string[];
  aliases: Record<string, string>;
}

/** The last scoring run of a batch deployment. */
export interface RunRecord {
  run_id: string;
  airflow_run_id: string;
  rows_scored: number;
  started_at: string;
  finished_at: string;
}

/** A deployment as `GET /api/models/{model}/deployments/{name}` answers it: exactly the documented fields. */
export interface Nx1DeploymentRecord {
  deployment_id: string;
  name: string;
  type: "batch" | "online";
  status: Nx1Status;
  domain: string;
  owner: string;
  model: { model_name: string; model_version: string | null; model_alias: string | null };
  created_at: string;
  updated_at: string;
  resolved_model_version: string | null;
  dag_id: string | null;
  dag_s3_uri: string | null;
  schedule: string | null;
  last_run: RunRecord | null;
  service_url: string | null;
  replica_count: number | null;
  ready_replicas: number | null;
  allowed_roles: string[] | null;
  error_message: string | null;
  stopped_at: string | null;
}

/** One validation problem, as FastAPI lists them under `detail`. */
export interface Issue {
  type: string;
  loc: Array<string | number>;
  msg: string;
}

/** An API error answer: FastAPI's `{detail}`, a message or the list of validation issues. */
export class Nx1Failure extends Error {
  override readonly name = "Nx1Failure";
  constructor(
    readonly status: number,
    readonly detail: string | Issue[],
  ) {
    super(typeof detail === "string" ? detail : detail.map((i) => i.msg).join("; "));
  }

  body(): { detail: string | Issue[] } {
    return { detail: this.detail };
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Five cron fields or an Airflow preset: the emulator checks the form, as the API's validator would.
const SCHEDULE = /^(@[a-z]+|[\d*/,a-zA-Z-]+(\s+[\d*/,a-zA-Z-]+){4})$/;

const Table = { schema: z.string().min(1), table: z.string().min(1), catalog: z.string().default("iceberg") };

/** The body of `POST /api/models/{model}/deployments`; unknown fields are ignored, as pydantic does. */
export const CreateBody = z
  .looseObject({
    name: z.string().max(63).regex(DNS_LABEL, `String should match pattern '${DNS_LABEL.source}'`),
    model: z.looseObject({
      model_name: z.string().optional(),
      model_version: z.string().min(1).nullish(),
      model_alias: z.string().min(1).nullish(),
    }),
    source: z
      .looseObject({
        ...Table,
        filter_sql: z.string().nullish(),
        snapshot_id: z.number().int().nullish(),
      })
      .nullish(),
    target: z.looseObject(Table).nullish(),
    entity_columns: z.array(z.string()).nullish(),
    domain: z.string().min(1),
    owner: z.string().min(1),
    type: z.enum(["batch", "online"]).default("batch"),
    schedule: z.string().regex(SCHEDULE, "Value error, invalid cron expression").nullish(),
    rerun_behavior: z.enum(["overwrite_partition", "append_dedup"]).default("overwrite_partition"),
    partition_column: z.string().min(1).default("scored_at"),
    trigger_now: z.boolean().default(false),
    allowed_roles: z.array(z.string()).nullish(),
  })
  .superRefine((body, ctx) => {
    if (!body.model.model_version === !body.model.model_alias) {
      ctx.addIssue({
        code: "custom",
        path: ["model"],
        message: "Value error, Exactly one of model_version / model_alias must be set",
      });
    }
    if (body.type === "batch" && (!body.source || !body.target)) {
      ctx.addIssue({
        code: "custom",
        path: [body.source ? "target" : "source"],
        message: "Value error, batch deployments need both source and target",
      });
    }
  });
export type CreateBody = z.infer<typeof CreateBody>;

/** The body of `PUT …/{name}/allowed_roles`. */
export const RolesBody = z.looseObject({ allowed_roles: z.array(z.string()).nullish() });

/** A zod failure as FastAPI reports it: 422 and the issues with their locations under `body`. */
export function unprocessable(error: z.ZodError): Nx1Failure {
  return new Nx1Failure(
    422,
    error.issues.map((i) => ({
      type: i.code === "custom" ? "value_error" : i.code,
      loc: ["body", ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      msg: i.message,
    })),
  );
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
