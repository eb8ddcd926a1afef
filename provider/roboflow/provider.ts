/**
 * The lifecycle of a Roboflow Dedicated Deployment as the Pulumi engine drives it: check validates
 * locally, diff decides locally between replace and update (both shared, from the schema), create adds
 * then waits, read reconciles, update pauses or resumes in place, delete removes and waits until the name
 * is free.
 */
import type * as pulumi from "@pulumi/pulumi";
import { unlessCancelled } from "../core/cancellation";
import { createdButFailed } from "../core/createdButFailed";
import type { NameHolder } from "../core/createOnce";
import type { CreateResult, EngineProps, Props, UpdateResult } from "../core/dynamic";
import { isHttpStatusError } from "../core/errors";
import { inputsFromApi, toWire } from "../core/fields";
import { unlessNotFound } from "../core/notFound";
import { implementationBase } from "../core/platformProvider";
import { minutesToMs, waitUntil } from "../core/wait";
import { findAdoptable, findDeployment, withAdoptHint } from "./adopt";
import { DELETING, type Deployment, EXPIRED, goneStatuses } from "./api";
import { RoboflowClient } from "./client";
import { platform } from "./platform";
import type { DedicatedDeploymentInputs as Inputs, DedicatedDeploymentOutputs as Outputs } from "./schema";
import { apiDefaults, clientDefaults, DedicatedDeploymentInputs } from "./schema";

/** The implementation behind `roboflow.DedicatedDeployment`, loaded by the thin serialized provider. */
export class DedicatedDeploymentProvider extends implementationBase(platform) {
  protected async createResource(inputs: EngineProps<Inputs>): Promise<CreateResult<Outputs>> {
    const args = this.parseInputs(inputs);
    const client = this.client(args.apiKey);
    const name = args.deploymentName;
    const adopt = args.adopt || this.runtime.adoptExisting();
    let deployment = adopt ? await findAdoptable(client, args) : undefined;
    if (deployment?.status === EXPIRED) {
      // Adopting an expired deployment of ours: it cannot serve again, and it holds the name until deleted.
      await this.deleteAndWait(client, name, args.readyTimeoutMinutes);
      this.runtime.log(`deleted expired deployment ${name} to free its name`);
      deployment = undefined;
    }
    if (deployment) {
      this.runtime.log(
        `adopted existing deployment ${name} (${deployment.deployment_id}), status ${deployment.status}`,
      );
    } else {
      deployment = await this.add(client, args, adopt);
      this.runtime.log(
        `created deployment ${name} (${deployment.deployment_id}), status ${deployment.status}`,
      );
    }
    deployment = await this.converge(client, args, deployment, inputs);
    return { id: name, outs: this.outputsFrom(args, deployment) };
  }

  protected async readResource(
    id: string,
    props: EngineProps<Outputs> = {},
  ): Promise<pulumi.dynamic.ReadResult<EngineProps<Outputs>>> {
    const client = this.client(props.apiKey);
    const deployment = await findDeployment(client, id);
    if (!deployment || goneStatuses.has(deployment.status)) {
      // Gone: an empty id makes refresh drop the resource from state. An expired one is not gone: it stays
      // in state, status `expired`, so that the next diff replaces it and destroy deletes it.
      return { id: "", props: {} };
    }
    const args = {
      ...inputsFromApi(DedicatedDeploymentInputs, props, deployment),
      // The API reports the version it resolved, not the one asked: an import (no state) takes the default.
      inferenceVersion: props.inferenceVersion ?? apiDefaults.inferenceVersion,
      paused: isPaused(deployment),
    };
    return { id, props: this.outputsFrom(args, deployment) };
  }

  /**
   * An expired deployment (known from a refresh) is replaced, deleting it first when the name stays: it
   * cannot serve again, and it holds its name until deleted (docs/roboflow-expiry.md). So is one being
   * deleted.
   */
  override async diff(
    id: string,
    olds: EngineProps<Outputs>,
    news: Props,
  ): Promise<pulumi.dynamic.DiffResult> {
    // Unset (no opinion) and removed (`null`: back to the default) ask for `latest`, as `latest` itself does.
    const asksLatest = [undefined, null, apiDefaults.inferenceVersion].includes(
      news.inferenceVersion as never,
    );
    const compared = asksLatest ? olds : asResolved(olds);
    const result = await super.diff(id, compared, news);
    // Neither can serve again, and both hold the name until gone: a destroy killed after `/delete` leaves
    // one `deleting`, which the next `up --refresh` deletes (again) and creates anew.
    if (olds.status !== EXPIRED && olds.status !== DELETING) {
      return result;
    }
    return {
      ...result,
      changes: true,
      replaces: [...(result.replaces ?? []), "status"],
      deleteBeforeReplace: olds.deploymentName === news.deploymentName,
    };
  }

  protected async updateResource(
    id: string,
    olds: EngineProps<Outputs>,
    news: EngineProps<Inputs>,
  ): Promise<UpdateResult<Outputs>> {
    const args = this.settledInputs(olds, news);
    const client = this.client(args.apiKey);
    let deployment = await client.getDeployment(id);
    // Also when only readiness is missing: a create recorded before it was ready (a cancelled run, a wait
    // that failed) is waited for again.
    const unready = args.waitForReady && !args.paused && deployment.status !== "ready";
    if (Boolean(olds.paused) !== args.paused || isPaused(deployment) !== args.paused || unready) {
      deployment = await this.converge(client, args, deployment, news);
    }
    return { outs: this.outputsFrom(args, deployment) };
  }

  protected async deleteResource(id: string, props: EngineProps<Outputs>): Promise<void> {
    const client = this.client(props.apiKey);
    if (await this.deleteAndWait(client, id, props.readyTimeoutMinutes)) {
      this.runtime.log(`deleted deployment ${id}`);
    }
  }

  /** `/delete`, then waits until the name is free; false when there was nothing to delete. */
  private async deleteAndWait(client: RoboflowClient, id: string, timeoutMinutes?: number): Promise<boolean> {
    if ((await unlessNotFound(() => client.delete(id).then(() => true))) === undefined) {
      return false; // already gone
    }
    // A cancelled run stops waiting: the API accepted the deletion and finishes it on its own.
    await unlessCancelled(
      waitUntil(
        async () => {
          const deployment = await findDeployment(client, id);
          return !deployment || goneStatuses.has(deployment.status)
            ? { done: true as const, value: undefined }
            : { done: false as const, progress: `status ${deployment.status}` };
        },
        {
          what: `deployment ${id} to be deleted`,
          timeoutMs: minutesToMs(timeoutMinutes, clientDefaults.readyTimeoutMinutes),
          ...this.runtime.waitOptions(),
        },
      ),
    );
    return true;
  }

  /**
   * `/add`, never blindly repeated: an ambiguous failure is resolved by looking the name up. Unless adopting,
   * a live deployment already holding the name is refused before `/add` (another stack's, or made by hand),
   * so what a lookup finds after a lost answer can only be the deployment this create made.
   */
  private async add(client: RoboflowClient, args: Inputs, adopt: boolean): Promise<Deployment> {
    try {
      return await this.createOnce(
        {
          create: () => client.addDeployment(toWire(DedicatedDeploymentInputs, args)),
          find: () => findAdoptable(client, args),
          // A repeat refused as "already exists" after a lost answer: the first attempt created it.
          provesEarlierAttempt: (e) => isHttpStatusError(e, 409),
          holder: adopt ? undefined : () => liveHolder(client, args.deploymentName),
        },
        `deployment ${args.deploymentName}`,
        "deploymentName",
      );
    } catch (e) {
      throw isHttpStatusError(e, 409) ? withAdoptHint(e, args.deploymentName) : e;
    }
  }

  /** Brings a deployment to the state the inputs ask: ready when waited for, paused or running. */
  private async converge(client: RoboflowClient, args: Inputs, current: Deployment, inputs: Props) {
    const name = args.deploymentName;
    let deployment = current;
    try {
      if (args.paused) {
        if (!isPaused(deployment)) {
          deployment = await this.waitForStatus(client, args, "ready");
          await tolerateConflict(() => client.pause(name));
          deployment = await this.waitForStatus(client, args, "paused");
          this.runtime.log(`paused deployment ${name}`);
        }
      } else {
        if (isPaused(deployment)) {
          await tolerateConflict(() => client.resume(name));
          this.runtime.log(`resumed deployment ${name}`);
        }
        if (args.waitForReady && deployment.status !== "ready") {
          deployment = await this.waitForStatus(client, args, "ready");
        } else if (isPaused(deployment)) {
          deployment = await client.getDeployment(name);
        }
      }
      return deployment;
    } catch (e) {
      // The deployment exists but did not reach the state asked: record it as created-but-failed, never orphan it.
      throw createdButFailed(e, name, this.outputsFrom(args, deployment), inputs);
    }
  }

  private async waitForStatus(client: RoboflowClient, args: Inputs, target: "ready" | "paused") {
    const name = args.deploymentName;
    return waitUntil(
      async () => {
        const deployment = await findDeployment(client, name);
        if (!deployment || goneStatuses.has(deployment.status) || deployment.status === EXPIRED) {
          return { failed: `deployment ${name} is ${deployment?.status ?? "gone"}` };
        }
        if (deployment.status === target) {
          return { done: true, value: deployment };
        }
        if (deployment.status === "failed") {
          return { failed: `deployment ${name} failed${await logTail(client, name)}` };
        }
        return {
          done: false,
          progress: `status ${deployment.status}, ${deployment.num_replicas}/${deployment.min_replicas} replicas`,
        };
      },
      {
        what: `deployment ${name} to be ${target}`,
        timeoutMs: minutesToMs(args.readyTimeoutMinutes, clientDefaults.readyTimeoutMinutes),
        ...this.runtime.waitOptions(),
      },
    );
  }

  private client(inputKey: string | undefined): RoboflowClient {
    return new RoboflowClient({
      apiKey: this.runtime.apiKey(inputKey),
      apiUrl: this.runtime.apiUrl(),
      ...this.runtime.clientOptions(),
    });
  }
}

/** The deployment holding `name`, if any: an expired one holds it until deleted, a deleted one frees it. */
async function liveHolder(client: RoboflowClient, name: string): Promise<NameHolder | undefined> {
  const found = await findDeployment(client, name);
  return found && !goneStatuses.has(found.status)
    ? { id: found.deployment_id, status: found.status }
    : undefined;
}

/**
 * Old outputs with `inferenceVersion: latest` as the version the deployment runs, for a program that pins
 * one: pinning the version already running is no change. An import, which cannot know whether a version
 * was asked for, records `latest`, so it then matches a program that pins the running version as well as
 * one that says `latest`. (A move from a pinned version to `latest` still replaces: it asks for the newest.)
 */
function asResolved(olds: Props): Props {
  const resolved = olds.resolvedInferenceVersion;
  return typeof resolved === "string" && olds.inferenceVersion === apiDefaults.inferenceVersion
    ? { ...olds, inferenceVersion: resolved }
    : olds;
}

function isPaused(deployment: Deployment): boolean {
  return deployment.status === "paused";
}

/** Pause and resume answer 409 when the deployment is already there (a repeat after a lost answer); the caller reads the state next. */
async function tolerateConflict(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (e) {
    if (!isHttpStatusError(e, 409)) {
      throw e;
    }
  }
}

async function logTail(client: RoboflowClient, name: string): Promise<string> {
  try {
    const entries = await client.getLogs(name, { maxEntries: 10 });
    const lines = entries.filter((e) => e.severity !== "INFO").slice(0, 5);
    const chosen = lines.length > 0 ? lines : entries.slice(0, 5);
    return chosen.length > 0
      ? `; last log lines: ${chosen.map((e) => `[${e.severity}] ${e.payload}`).join(" | ")}`
      : "";
  } catch {
    return "";
  }
}
