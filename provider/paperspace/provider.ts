/**
 * The lifecycle of a Paperspace Deployment as the Pulumi engine drives it: check validates locally, diff
 * decides locally (only the project and the region replace; both shared, from the schema), create looks the
 * name up then upserts and waits until the spec is applied and healthy, update upserts in place, read
 * reconciles with the API, delete removes and waits until the deployment is gone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { unlessCancelled } from "../core/cancellation";
import { createdButFailed } from "../core/createdButFailed";
import type { CreateResult, EngineProps, Props, UpdateResult } from "../core/dynamic";
import { sameValue, UNKNOWN } from "../core/dynamic";
import { keysWhere } from "../core/fields";
import { unlessNotFound } from "../core/notFound";
import { implementationBase } from "../core/platformProvider";
import { minutesToMs, waitUntil } from "../core/wait";
import { PaperspaceClient } from "./client";
import { pollHealth, type Seen } from "./health";
import { platform } from "./platform";
import type { Answer, DeploymentInputs as Inputs, DeploymentOutputs as Outputs } from "./schema";
import { DeploymentInputs, defaults } from "./schema";
import { inputsFromSpec, ownerOfSpec, specRequest } from "./spec";

/** Inputs sent in the spec: a change is one upsert of the same deployment. */
const specKeys = keysWhere(DeploymentInputs, (meta) => meta.change === "update");

/** The implementation behind `paperspace.Deployment`, loaded by the thin serialized provider. */
export class DeploymentProvider extends implementationBase(platform) {
  /**
   * `port: 8000` and `ports: [8000]` ask the API for the same thing, and an import can only read the list:
   * the diff compares both spellings as the list.
   */
  override async diff(
    id: string,
    olds: EngineProps<Outputs>,
    news: Props,
  ): Promise<pulumi.dynamic.DiffResult> {
    return super.diff(id, onePortAsList(olds) as EngineProps<Outputs>, onePortAsList(news));
  }

  protected async createResource(inputs: EngineProps<Inputs>): Promise<CreateResult<Outputs>> {
    const args = this.parseInputs(inputs);
    const client = this.client(args);
    // Adopting: the existing deployment of the name, if any, gets the inputs. Otherwise the create
    // refuses a name already held (another stack's, or made by hand) before sending anything.
    const adopt = args.adopt || this.runtime.adoptExisting();
    const owner = this.runtime.ownerMarker(inputs);
    const named = await client.findByName(args.projectId, args.name);
    // Ours when its spec carries this resource's marker: a run of this stack created it, then was cut off.
    const own = named !== undefined && owner !== undefined && ownerOfSpec(named) === owner;
    const existing = adopt || own ? named : undefined;
    let id: string;
    if (existing) {
      id = existing.id;
      await client.upsertDeployment({
        config: specRequest(args, owner),
        projectId: args.projectId,
        deploymentId: id,
      });
      this.runtime.log(
        own
          ? `continuing with deployment ${args.name} (${id}), which a run of this stack created before it was cut off`
          : `adopted existing deployment ${args.name} (${id}) and applied the inputs to it`,
      );
    } else {
      id = await this.createNew(client, args, adopt, owner, named);
      this.runtime.log(`created deployment ${args.name} (${id})`);
    }
    return { id, outs: await this.converge(client, args, id, inputs) };
  }

  protected async readResource(
    id: string,
    props: EngineProps<Outputs> = {},
  ): Promise<pulumi.dynamic.ReadResult<EngineProps<Outputs>>> {
    const client = this.client(props);
    const info = await unlessNotFound(() => client.getDeployment(id));
    if (!info) {
      return { id: "", props: {} }; // gone: an empty id makes refresh drop it
    }
    const runs = (await unlessNotFound(() => client.getRuns(id))) ?? [];
    return { id, props: this.answered(inputsFromSpec(props, info), { ...info, runs }) };
  }

  protected async updateResource(
    id: string,
    olds: EngineProps<Outputs>,
    news: EngineProps<Inputs>,
  ): Promise<UpdateResult<Outputs>> {
    const args = this.settledInputs(olds, news);
    const client = this.client(args);
    const changed = specKeys.filter((key) => !sameValue(olds[key], args[key]));
    // State that never saw it healthy (a create that failed to initialise) is waited for again.
    const unfinished = olds.dtHealthy === null && args.enabled && args.resources.replicas > 0;
    if (changed.length === 0 && !(unfinished && args.waitForHealthy)) {
      const info = await client.getDeployment(id);
      return { outs: this.answered(args, { ...info, runs: await client.getRuns(id) }) };
    }
    if (changed.length > 0) {
      await client.upsertDeployment({
        config: specRequest(args, this.runtime.ownerMarker(news)),
        projectId: args.projectId,
        deploymentId: id,
      });
      this.runtime.log(`updated deployment ${args.name} (${id}) in place: ${changed.join(", ")}`);
    }
    return { outs: await this.converge(client, args, id, news) };
  }

  protected async deleteResource(id: string, props: EngineProps<Outputs>): Promise<void> {
    const client = this.client(props);
    if ((await unlessNotFound(() => client.deleteDeployment(id).then(() => true))) === undefined) {
      return; // already gone
    }
    // A cancelled run stops waiting: the API accepted the deletion and finishes it on its own.
    await unlessCancelled(
      waitUntil(
        async () => {
          const info = await unlessNotFound(() => client.getDeployment(id));
          return info ? { done: false, progress: "still listed" } : { done: true, value: undefined };
        },
        {
          what: `deployment ${id} to be deleted`,
          timeoutMs: minutesToMs(props.readyTimeoutMinutes, defaults.readyTimeoutMinutes),
          ...this.runtime.waitOptions(),
        },
      ),
    );
    this.runtime.log(`deleted deployment ${props.name ?? id} (${id})`);
  }

  /**
   * The upsert without an id, never blindly repeated: an ambiguous failure is resolved by looking the name
   * up. Unless adopting, a deployment already holding the name is refused before the call, so one found
   * after a lost answer can only be the one this call created.
   */
  private createNew(
    client: PaperspaceClient,
    args: Inputs,
    adopt: boolean,
    owner: string | undefined,
    holder: { id: string } | undefined,
  ): Promise<string> {
    const find = async () => (await client.findByName(args.projectId, args.name))?.id;
    return this.createOnce(
      {
        create: () =>
          client.upsertDeployment({ config: specRequest(args, owner), projectId: args.projectId }),
        find,
        // The name's holder, looked up just before by create (another stack's, or made by hand).
        holder: adopt ? undefined : async () => (holder === undefined ? undefined : { id: holder.id }),
      },
      `deployment ${args.name} in project ${args.projectId}`,
      "name",
    );
  }

  /**
   * The outputs from the inputs as applied and the API's answer (schema.ts); the live inputs are the
   * program's, or those a read took from the spec already (`inputsFromSpec`).
   */
  private answered(args: Props, answer: Answer): Outputs {
    return this.outputsFrom(args, answer, { live: false });
  }

  /**
   * Waits until the latest spec is applied and healthy; a failure then is "created but failed", never an
   * orphan.
   */
  private async converge(
    client: PaperspaceClient,
    args: Inputs,
    id: string,
    inputs: Props,
  ): Promise<Outputs> {
    const seen: Partial<Seen> = {};
    try {
      if (!args.waitForHealthy) {
        return this.answered(args, {
          ...(await client.getDeployment(id)),
          runs: await client.getRuns(id),
        });
      }
      const ready = await waitUntil(() => pollHealth(client, args, id, (s) => Object.assign(seen, s)), {
        what: `deployment ${args.name} to be applied and healthy`,
        timeoutMs: minutesToMs(args.readyTimeoutMinutes, defaults.readyTimeoutMinutes),
        ...this.runtime.waitOptions(),
      });
      return this.answered(args, { ...ready.info, runs: ready.runs });
    } catch (e) {
      const known = seen.info
        ? this.answered(args, { ...seen.info, runs: seen.runs ?? [] })
        : { ...args, deploymentId: id };
      throw createdButFailed(e, id, known, inputs);
    }
  }

  private client(args: EngineProps<Inputs>): PaperspaceClient {
    return new PaperspaceClient({
      apiKey: this.runtime.apiKey(args.apiKey),
      apiUrl: this.runtime.apiUrl(),
      secrets: secretsOf(args),
      ...this.runtime.clientOptions(),
    });
  }
}

/** Every value to mask: the key and the secret inputs. */
function secretsOf(args: EngineProps<Inputs>): string[] {
  return [args.apiKey, args.basicAuthKey, ...Object.values(args.env ?? {})].filter(
    (v): v is string => typeof v === "string",
  );
}

/** `props` with a single `port` given as `ports: [port]` (a value not known yet is left as it is). */
function onePortAsList(props: Props): Props {
  // `ports` marked removed (null) by a move to `port` is the same list spelled the other way.
  if (
    props.port === undefined ||
    props.port === UNKNOWN ||
    (props.ports !== undefined && props.ports !== null)
  ) {
    return props;
  }
  const { port, ...rest } = props;
  return { ...rest, ports: [port] };
}
