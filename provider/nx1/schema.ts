/**
 * The inputs and outputs of an NX1 ModelDeployment, each defined once with zod and its type inferred under
 * the same name. Every input declares, with `field()`, how a change of it behaves, whether it is secret, its
 * API name and its line in the README: the diff, the create's body, refresh and the docs derive from here.
 */
import { z } from "zod";
import { clientSideDefaults, clientSideInputs, flag } from "../core/args";
import { field, fromApi, output } from "../core/fields";
import type { Deployment } from "./api";
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

/** Every input but the roles is sent in the create only: NX1 changes none of them afterwards. */
const created = (
  type: string,
  more: { default?: string; wire?: string; live?: boolean; identity?: boolean } = {},
) => ({ change: "replace", type, ...more }) as const;
const batch = (type: string, fallback: string, wire?: string) =>
  created(`batch: ${type}`, { default: fallback, wire });

/** The inputs of a ModelDeployment, as `check` validates them: batch defaults applied to batch ones only. */
export const ModelDeploymentInputs = z
  .strictObject({
    model: field(
      text()
        .max(256, "must be at most 256 characters")
        .refine((v) => !v.includes("/"), {
          message: "must not contain / (the model name is a path segment of every call)",
        }),
      created("registered MLflow model name (no `/`)"),
    ),
    name: field(
      text()
        .max(63, "must be at most 63 characters")
        .regex(
          DNS_LABEL,
          "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
        ),
      created("DNS-1123 label, at most 63 characters, unique per model", { wire: "name" }),
    ),
    modelVersion: field(
      z
        .string({ error: "must be a string" })
        .regex(/^[1-9]\d*$/, 'must be a registered version number, such as "3"')
        .optional(),
      created('version number (`"3"`); exactly one of it and `modelAlias`', {
        default: "one of the two",
        identity: true,
      }),
    ),
    modelAlias: field(
      z
        .string({ error: "must be a string" })
        .regex(/^[A-Za-z0-9_-]{1,255}$/, "must be an alias name: letters, digits, '_' and '-'")
        .optional(),
      created("alias (`champion`), followed by NX1; exactly one of it and the version", {
        default: "one of the two",
        identity: true,
      }),
    ),
    type: field(
      z.enum(["batch", "online"], { error: "must be batch or online" }),
      created("`online` or `batch`", { wire: "type", live: true }),
    ),
    source: field(
      IcebergSource.optional(),
      created("batch, required there: `{schema, table, catalog?, filterSql?, snapshotId?}`", {
        default: "catalog `iceberg`",
      }),
    ),
    target: field(
      IcebergTarget.optional(),
      created("batch, required there: `{schema, table, catalog?}`", {
        default: "catalog `iceberg`",
        wire: "target",
      }),
    ),
    entityColumns: field(
      z.array(text()).optional(),
      batch("source columns carried into the predictions", "none", "entity_columns"),
    ),
    domain: field(text(), created("string, the business domain", { wire: "domain" })),
    owner: field(text(), created("string, a team or a user", { wire: "owner" })),
    schedule: field(
      z.string({ error: "must be a cron expression or null" }).nullable().optional(),
      batch("5-field cron (UTC) or an Airflow preset (`@daily`); null = manual", "null"),
    ),
    rerunBehavior: field(
      z
        .enum(["overwrite_partition", "append_dedup"], {
          error: "must be overwrite_partition or append_dedup",
        })
        .optional(),
      batch("`overwrite_partition` or `append_dedup`", `\`${defaults.rerunBehavior}\``, "rerun_behavior"),
    ),
    partitionColumn: field(
      text().optional(),
      batch("the partition overwritten on a rerun", `\`${defaults.partitionColumn}\``, "partition_column"),
    ),
    triggerNow: field(
      z.boolean({ error: "must be true or false" }).optional(),
      batch("run once right after creation", String(defaults.triggerNow), "trigger_now"),
    ),
    allowedRoles: field(z.array(text()).optional(), {
      change: "update",
      type: "Keycloak roles whose user keys may invoke or manage it; none = platform key only",
      default: "none",
      onChange: "in place: `PUT …/allowed_roles`",
      wire: "allowed_roles",
    }),
    waitForActive: field(flag(defaults.waitForActive), {
      change: "state",
      type: "boolean",
      default: String(defaults.waitForActive),
    }),
    ...clientSideInputs,
  })
  .superRefine((v, ctx) => {
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
  })
  // The batch defaults, for batch deployments only; `overwrite` keeps the schema an object with its fields.
  .overwrite((v) =>
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

/** The last scoring run of a batch deployment, as an output. */
export const LastRun = z.object({
  runId: output(z.string().nullable(), { wire: "run_id", missing: "null" }),
  airflowRunId: output(z.string().nullable(), { wire: "airflow_run_id", missing: "null" }),
  rowsScored: output(z.number().nullable(), { wire: "rows_scored", missing: "null" }),
  startedAt: output(z.string().nullable(), { wire: "started_at", missing: "null" }),
  finishedAt: output(z.string().nullable(), { wire: "finished_at", missing: "null" }),
});
export type LastRun = z.infer<typeof LastRun>;

/** What the API adds to the inputs in a ModelDeployment's outputs, each from its answer. */
export const ModelDeploymentOutputs = z.object({
  ...ModelDeploymentInputs.shape,
  deploymentId: output(
    z.string().describe("The API's UUID of the deployment. The resource's `id` is `<model>/<name>`."),
    { wire: "deployment_id" },
  ),
  status: output(
    z
      .string()
      .describe(
        "`pending`, `deploying`, `active`, `failed` or `stopped`, as last read (`archived` ones leave the stack).",
      ),
    { wire: "status" },
  ),
  resolvedModelVersion: output(
    z
      .string()
      .nullable()
      .describe("The model version served now: the pinned one, or the one the alias resolved to."),
    { wire: "resolved_model_version", missing: "null" },
  ),
  serviceUrl: output(
    z.string().nullable().describe("Online: the URL the model is served at. Null for batch."),
    { wire: "service_url", missing: "null" },
  ),
  replicaCount: output(
    z.number().nullable().describe("Online: the replicas NX1 runs, and how many of them are ready."),
    { wire: "replica_count", missing: "null" },
  ),
  readyReplicas: output(z.number().nullable().describe("Online: how many of the replicas are ready."), {
    wire: "ready_replicas",
    missing: "null",
  }),
  dagId: output(z.string().nullable().describe("Batch: the Airflow DAG's id."), {
    wire: "dag_id",
    missing: "null",
  }),
  dagS3Uri: output(z.string().nullable().describe("Batch: where the DAG's file is stored."), {
    wire: "dag_s3_uri",
    missing: "null",
  }),
  activeSchedule: output(
    z.string().nullable().describe("Batch: the schedule NX1 runs the DAG on, as it reports it."),
    { wire: "schedule", missing: "null" },
  ),
  lastRun: output(LastRun.nullable().describe("Batch: the last scoring run, null before the first."), {
    from: (d: Deployment) => (d.last_run ? fromApi(LastRun, d.last_run) : null),
  }),
  errorMessage: output(z.string().nullable().describe("Why the deployment failed, when it did."), {
    wire: "error_message",
    missing: "null",
  }),
  stoppedAt: output(z.string().nullable().describe("When it was stopped, when it was."), {
    wire: "stopped_at",
    missing: "null",
  }),
  createdAt: output(z.string().describe("When the deployment was created (ISO 8601)."), {
    wire: "created_at",
  }),
  updatedAt: output(z.string().describe("When the deployment last changed (ISO 8601)."), {
    wire: "updated_at",
  }),
});
export type ModelDeploymentOutputs = z.infer<typeof ModelDeploymentOutputs>;

/** A deployment as the lookup returns it. */
export const DeploymentResult = z.strictObject({
  deploymentId: output(z.string().describe("The API's UUID of the deployment."), { wire: "deployment_id" }),
  model: output(z.string(), { from: (d: Deployment) => d.model.model_name }),
  name: output(z.string(), { wire: "name" }),
  type: output(z.string().describe("`online` or `batch`."), { wire: "type" }),
  status: output(
    z.string().describe("`pending`, `deploying`, `active`, `failed`, `stopped` or `archived`, as read now."),
    { wire: "status" },
  ),
  domain: output(z.string(), { wire: "domain" }),
  owner: output(z.string(), { wire: "owner" }),
  modelVersion: output(z.string().optional().describe("The pinned version, when the deployment pins one."), {
    from: (d: Deployment) => d.model.model_version ?? undefined,
  }),
  modelAlias: output(z.string().optional().describe("The alias followed, when the deployment follows one."), {
    from: (d: Deployment) => d.model.model_alias ?? undefined,
  }),
  resolvedModelVersion: output(z.string().optional().describe("The model version served now."), {
    wire: "resolved_model_version",
    missing: "absent",
  }),
  serviceUrl: output(z.string().optional().describe("Online: the URL the model is served at."), {
    wire: "service_url",
    missing: "absent",
  }),
  readyReplicas: output(z.number().optional(), { wire: "ready_replicas", missing: "absent" }),
  replicaCount: output(z.number().optional(), { wire: "replica_count", missing: "absent" }),
  dagId: output(z.string().optional().describe("Batch: the Airflow DAG's id."), {
    wire: "dag_id",
    missing: "absent",
  }),
  allowedRoles: output(z.array(z.string()).optional(), { wire: "allowed_roles", missing: "absent" }),
  errorMessage: output(z.string().optional().describe("Why the deployment failed, when it did."), {
    wire: "error_message",
    missing: "absent",
  }),
});
