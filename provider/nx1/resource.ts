/**
 * The ModelDeployment resource of NX1 model deployments as a Pulumi program sees it: its documented Args,
 * held to the input schema by the compiler, and the class, whose outputs and constructor come from the
 * platform's descriptor.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ClientSideArgs } from "../core/args";
import type { ArgsMatch, Expect } from "../core/typeCheck";
import { deploymentResource } from "../deploymentResource";
import { platform } from "./platform";
import type { LastRun, ModelDeploymentInputs, ModelDeploymentOutputs } from "./schema";

/** An Iceberg table a batch deployment reads its rows from. */
export interface IcebergSourceArgs {
  /** The table's schema (namespace). */
  readonly schema: pulumi.Input<string>;
  readonly table: pulumi.Input<string>;
  /** The catalog. Default `iceberg`. */
  readonly catalog?: pulumi.Input<string>;
  /** A SQL predicate on the source rows, such as `region = 'eu'`. Default: every row. */
  readonly filterSql?: pulumi.Input<string>;
  /** The Iceberg snapshot to read, instead of the table's current one. */
  readonly snapshotId?: pulumi.Input<number>;
}

/** The Iceberg table a batch deployment writes its predictions to. */
export interface IcebergTargetArgs {
  /** The table's schema (namespace). */
  readonly schema: pulumi.Input<string>;
  readonly table: pulumi.Input<string>;
  /** The catalog. Default `iceberg`. */
  readonly catalog?: pulumi.Input<string>;
}

/**
 * The desired state of an NX1 model deployment. Only `allowedRoles` changes in place: NX1 offers no other
 * update, so every other change **replaces** the deployment (the old one is deleted first when the model
 * and name stay the same, since the name is unique per model). Besides these, `waitForActive`,
 * `readyTimeoutMinutes` (default 20), `adopt` and `apiKey` (instead of the `nx1:apiKey` config or
 * `NX1_API_KEY`), all client side.
 */
export interface ModelDeploymentArgs extends ClientSideArgs {
  /** The registered MLflow model to serve, by name; every call's path names it. **Replaces** on change. */
  readonly model: pulumi.Input<string>;
  /**
   * The deployment's name, unique per model: a DNS-1123 label (lowercase letters, digits and `-`, starting
   * and ending with a letter or digit, at most 63 characters). **Replaces** on change.
   */
  readonly name: pulumi.Input<string>;
  /**
   * The model version to pin, such as `"3"`. Give exactly one of `modelVersion` and `modelAlias`.
   * **Replaces** on change.
   */
  readonly modelVersion?: pulumi.Input<string>;
  /**
   * A model alias to follow, such as `champion`, resolved by NX1 (the version it serves is the
   * `resolvedModelVersion` output; a refresh shows it when the alias moved). Give exactly one of
   * `modelVersion` and `modelAlias`. **Replaces** on change.
   */
  readonly modelAlias?: pulumi.Input<string>;
  /** `online` (a service URL with replicas) or `batch` (a scheduled scoring DAG). **Replaces** on change. */
  readonly type: pulumi.Input<"batch" | "online">;
  /** Batch only, required there: the Iceberg table scored. **Replaces** on change. */
  readonly source?: pulumi.Input<IcebergSourceArgs>;
  /** Batch only, required there: the Iceberg table the predictions go to. **Replaces** on change. */
  readonly target?: pulumi.Input<IcebergTargetArgs>;
  /** Batch only: columns of the source carried into the predictions (ids, keys). **Replaces** on change. */
  readonly entityColumns?: pulumi.Input<pulumi.Input<string>[]>;
  /** The business domain the deployment belongs to, such as `marketing`. **Replaces** on change. */
  readonly domain: pulumi.Input<string>;
  /** Who owns the deployment, such as a team or a user name. **Replaces** on change. */
  readonly owner: pulumi.Input<string>;
  /**
   * Batch only: when the DAG runs, a five-field cron expression in UTC (`0 3 * * *`) or an Airflow preset
   * (`@daily`). Default null: manual runs only. **Replaces** on change.
   */
  readonly schedule?: pulumi.Input<string | null>;
  /**
   * Batch only: what a rerun of a period does to earlier predictions: `overwrite_partition` (default)
   * replaces the partition, `append_dedup` appends and drops duplicates. **Replaces** on change.
   */
  readonly rerunBehavior?: pulumi.Input<"overwrite_partition" | "append_dedup">;
  /** Batch only: the target's partition column for `overwrite_partition`. Default `scored_at`. **Replaces**. */
  readonly partitionColumn?: pulumi.Input<string>;
  /** Batch only: run the DAG once right after it is created. Default false. **Replaces** on change. */
  readonly triggerNow?: pulumi.Input<boolean>;
  /**
   * Keycloak roles whose user keys may invoke or manage the deployment; none (the default) means the
   * platform key only. Updated **in place** (`PUT …/allowed_roles`).
   */
  readonly allowedRoles?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Whether `pulumi up` waits until the deployment is `active` (online: every replica ready). Client side:
   * a change is recorded in state only. Default true.
   */
  readonly waitForActive?: pulumi.Input<boolean>;
}

/**
 * Fails the build when the Args interface and the input schema name different inputs.
 * @internal
 */
export type ArgsMatchSchema = Expect<ArgsMatch<ModelDeploymentArgs, z.input<typeof ModelDeploymentInputs>>>;

/** The last scoring run of a batch deployment. */
export type RunSummary = LastRun;

/**
 * An NX1 model deployment: a registered MLflow model served `online` at a service URL or scored in `batch`
 * by a scheduled DAG, created, its roles updated in place, and deleted by `pulumi up`.
 */
export class ModelDeployment extends deploymentResource<ModelDeploymentArgs, ModelDeploymentOutputs>(
  platform,
) {}
