/**
 * The lifecycle of an NX1 model deployment as the Pulumi engine drives it: check validates locally (the
 * URL too: NX1 has no public default), diff decides locally (only the allowed roles change in place; both
 * shared, from the schema), create posts once and waits until `active`, update replaces the allowed roles,
 * read reconciles with the API, delete removes (an assumed endpoint) and waits until the deployment is gone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { unlessCancelled } from "../core/cancellation";
import { createdButFailed } from "../core/createdButFailed";
import type { CreateResult, EngineProps, Props, UpdateResult } from "../core/dynamic";
import { sameValue } from "../core/dynamic";
import { type ApiError, isHttpStatusError } from "../core/errors";
import { unlessNotFound } from "../core/notFound";
import { implementationBase } from "../core/platformProvider";
import { minutesToMs, waitUntil } from "../core/wait";
import type { Deployment } from "./api";
import { Nx1Client } from "./client";
import { argsFromApi, createRequest, differencesFrom, idOf, parseId, readiness, unfinished } from "./mapping";
import { platform } from "./platform";
import type { ModelDeploymentInputs as Inputs, ModelDeploymentOutputs as Outputs } from "./schema";
import { defaults } from "./schema";

/** The implementation behind `nx1.ModelDeployment`, loaded by the thin serialized provider. */
export class ModelDeploymentProvider extends implementationBase(platform) {
  override async diff(
    id: string,
    olds: EngineProps<Outputs>,
    news: Props,
  ): Promise<pulumi.dynamic.DiffResult> {
    const result = await super.diff(id, olds, news);
    // A failed deployment never recovers by waiting: the next `up` creates it again under the same name.
    if (olds.status === "failed") {
      return { changes: true, replaces: [...(result.replaces ?? []), "status"], deleteBeforeReplace: true };
    }
    return result;
  }

  protected async createResource(inputs: EngineProps<Inputs>): Promise<CreateResult<Outputs>> {
    const args = this.parseInputs(inputs);
    const client = this.client(args.apiKey);
    const created = await this.createNew(client, args);
    const id = idOf(args.model, args.name);
    return { id, outs: await this.converge(client, args, id, inputs, created) };
  }

  protected async readResource(
    id: string,
    props: EngineProps<Outputs> = {},
  ): Promise<pulumi.dynamic.ReadResult<EngineProps<Outputs>>> {
    const client = this.client(props.apiKey);
    const { model, name } = parseId(id);
    const live = await unlessNotFound(() => client.getDeployment(model, name));
    if (!live || live.status === "archived") {
      return { id: "", props: {} }; // gone: an empty id makes refresh drop it
    }
    if (props.type === undefined && live.type === "batch") {
      // An import (no state): refused before anything is recorded, since no program could match it.
      throw new Error(
        `nx1: batch deployment ${name} of model ${model} cannot be imported, because the NX1 API does not ` +
          "return a batch deployment's source, target and entityColumns; declare it in the program with " +
          "those inputs and adopt: true, which takes it under management without recreating it",
      );
    }
    if (live.status === "stopped") {
      this.runtime.log(
        `deployment ${name} of model ${model} was stopped (${live.stopped_at ?? "time unknown"}); ` +
          "pulumi up does not restart it: run `pulumi up --replace` on it to serve again",
      );
    }
    return { id, props: this.answered(argsFromApi(props, live), live) };
  }

  protected async updateResource(
    id: string,
    olds: EngineProps<Outputs>,
    news: EngineProps<Inputs>,
  ): Promise<UpdateResult<Outputs>> {
    const args = this.settledInputs(olds, news);
    const client = this.client(args.apiKey);
    const roles = args.allowedRoles ?? [];
    let live: Deployment;
    if (!sameValue(olds.allowedRoles ?? [], roles)) {
      live = await client.setAllowedRoles(args.model, args.name, roles);
      this.runtime.log(`set the allowed roles of ${args.name} to [${roles.join(", ")}] in place`);
    } else {
      live = await client.getDeployment(args.model, args.name);
    }
    // State of a create that failed to initialise while still starting: waited for again.
    if (args.waitForActive && unfinished(olds)) {
      return { outs: await this.converge(client, args, id, news, live) };
    }
    return { outs: this.answered(args, live) };
  }

  protected async deleteResource(id: string, props: EngineProps<Outputs>): Promise<void> {
    const client = this.client(props.apiKey);
    const { model, name } = parseId(id);
    const sent = await unlessNotFound(() => client.deleteDeployment(model, name).then(() => true)).catch(
      (e: unknown) => {
        throw isHttpStatusError(e, 405) ? withRetainHint(e, model, name) : e;
      },
    );
    if (sent === undefined) {
      return; // already gone
    }
    // A cancelled run stops waiting: the API accepted the deletion and finishes it on its own.
    await unlessCancelled(
      waitUntil(
        async () => {
          const live = await unlessNotFound(() => client.getDeployment(model, name));
          return !live || live.status === "archived"
            ? { done: true, value: undefined }
            : { done: false, progress: `status ${live.status}` };
        },
        {
          what: `deployment ${name} of model ${model} to be deleted`,
          timeoutMs: minutesToMs(props.readyTimeoutMinutes, defaults.readyTimeoutMinutes),
          ...this.runtime.waitOptions(),
        },
      ),
    );
    this.runtime.log(`deleted deployment ${name} of model ${model}`);
  }

  /**
   * The create, never blindly repeated: an ambiguous failure (no answer, a 5xx) is resolved by reading the
   * name, so it never makes a second deployment. Unless adopting, a live deployment already holding the
   * name is refused before the call (another stack's, or made by hand), so what a read finds after a lost
   * answer can only be the one this create made; a 409 then means the name was taken in between (adopted
   * when told to).
   */
  private async createNew(client: Nx1Client, args: Inputs): Promise<Deployment> {
    const what = `deployment ${args.name} of model ${args.model}`;
    const adopt = args.adopt || this.runtime.adoptExisting();
    const live = async () => {
      const found = await unlessNotFound(() => client.getDeployment(args.model, args.name));
      return found && found.status !== "archived" ? found : undefined;
    };
    try {
      return await this.createOnce(
        {
          create: () => client.createDeployment(args.model, createRequest(args)),
          // The name was free before the call (or adopt is on): a live deployment holding it now is ours.
          find: async () => {
            const found = await live();
            if (!found) return undefined;
            const differences = differencesFrom(args, found);
            if (differences.length > 0) {
              throw new Error(`${what} exists but differs from the inputs: ${differences.join("; ")}`);
            }
            return found;
          },
          // A repeat refused as "already exists" after a lost answer: the first attempt created it.
          provesEarlierAttempt: (e) => isHttpStatusError(e, 409),
          holder: adopt
            ? undefined
            : async () => {
                const found = await live();
                return found && { id: found.deployment_id, status: found.status };
              },
        },
        what,
        "name",
      );
    } catch (e) {
      if (isHttpStatusError(e, 409)) {
        return this.adoptExisting(client, args, e.message);
      }
      throw e;
    }
  }

  /** A deployment of the name exists: taken under management when `adopt` says so and it matches. */
  private async adoptExisting(client: Nx1Client, args: Inputs, conflict: string): Promise<Deployment> {
    const what = `deployment ${args.name} of model ${args.model}`;
    if (!(args.adopt || this.runtime.adoptExisting())) {
      throw new Error(`${conflict}: set adopt: true to manage the existing ${what}, or choose another name`);
    }
    const found = await client.getDeployment(args.model, args.name);
    const differences = differencesFrom(args, found);
    if (differences.length > 0) {
      throw new Error(`cannot adopt ${what}: it differs from the inputs: ${differences.join("; ")}`);
    }
    this.runtime.log(`adopted existing ${what}`);
    const roles = args.allowedRoles ?? [];
    return sameValue(found.allowed_roles ?? [], roles)
      ? found
      : client.setAllowedRoles(args.model, args.name, roles);
  }

  /**
   * The outputs from the inputs as applied and the API's answer (schema.ts); the live inputs are the
   * program's, or those a read took from the API already (`argsFromApi`).
   */
  private answered(args: Props, d: Deployment): Outputs {
    return this.outputsFrom(args, d, { live: false });
  }

  /** Waits until active; a failure then is "created but failed", never an orphan. */
  private async converge(
    client: Nx1Client,
    args: Inputs,
    id: string,
    inputs: Props,
    seen: Deployment,
  ): Promise<Outputs> {
    const what = `deployment ${args.name} of model ${args.model}`;
    let last = seen;
    try {
      const first = readiness(last);
      if (!args.waitForActive || ("done" in first && first.done)) {
        return this.answered(args, last);
      }
      if ("failed" in first) {
        throw new Error(`gave up waiting for ${what}: ${first.failed}`);
      }
      await waitUntil(
        async () => {
          const live = await unlessNotFound(() => client.getDeployment(args.model, args.name));
          if (!live) return { failed: "it no longer exists" };
          last = live;
          return readiness(live);
        },
        {
          what: `${what} to be active`,
          timeoutMs: minutesToMs(args.readyTimeoutMinutes, defaults.readyTimeoutMinutes),
          ...this.runtime.waitOptions(),
        },
      );
      return this.answered(args, last);
    } catch (e) {
      throw createdButFailed(e, id, this.answered(args, last), inputs);
    }
  }

  private client(inputKey: string | undefined): Nx1Client {
    const options = { apiKey: this.runtime.apiKey(inputKey), apiUrl: this.runtime.apiUrl() };
    return new Nx1Client({ ...options, ...this.runtime.clientOptions() });
  }
}

/** A 405 on delete: this NX1 has no delete endpoint (it is assumed, see docs/nx1-assumptions.md). */
function withRetainHint(e: ApiError, model: string, name: string): Error {
  return new Error(
    `${e.message}: this NX1 API does not delete deployments, so archive ${name} of model ${model} ` +
      "in NX1 and keep Pulumi from deleting it with the resource option `retainOnDelete: true` " +
      "(or drop it from the stack with `pulumi state delete <urn>`)",
  );
}
