/**
 * The lifecycle of a Shipyard Deployment as the Pulumi engine drives it: check validates locally (the URL
 * included: there is no public default), diff decides locally (the keys from the schema; the name compared
 * with the one asked for), create resolves a lost answer without a second deployment then waits until
 * Ready, update changes env vars, auto-update and restarts in place, read reconciles with the API, delete
 * waits until the deployment is gone.
 */
import type * as pulumi from "@pulumi/pulumi";
import { unlessCancelled } from "../core/cancellation";
import { createdButFailed } from "../core/createdButFailed";
import {
  type CreateResult,
  type EngineProps,
  type Props,
  sameValue,
  type UpdateResult,
} from "../core/dynamic";
import { defaultsOf, diffKeys, keysWhere } from "../core/fields";
import { unlessNotFound } from "../core/notFound";
import { implementationBase } from "../core/platformProvider";
import { minutesToMs, waitUntil } from "../core/wait";
import type { DeploymentStatus, DeploymentSummary } from "./api";
import { connect, type ShipyardClient } from "./client";
import { createDeployment, pollReady, type Surroundings, waitUntilGone } from "./lifecycle";
import { platform } from "./platform";
import type { DeploymentInputs as Inputs, DeploymentOutputs as Outputs, Seen } from "./schema";
import { DeploymentInputs, defaults } from "./schema";

/** Every input, those that replace first; and those changed in place through the API. */
const { replaceKeys, updateKeys } = diffKeys(DeploymentInputs);
const apiUpdateKeys = keysWhere(DeploymentInputs, (meta) => meta.change === "update");

/** The implementation behind `shipyard.Deployment`, loaded by the thin serialized provider. */
export class DeploymentProvider extends implementationBase(platform) {
  override async diff(
    id: string,
    olds: EngineProps<Outputs>,
    news: Props,
  ): Promise<pulumi.dynamic.DiffResult> {
    // The outputs' `name` is the deployment's, maybe generated; the input is compared with the one asked for.
    const base = await super.diff(id, { ...olds, name: olds.requestedName ?? undefined }, news);
    // A deployment seen in Error, or never seen Ready, is drift that `up` repairs (restart, wait).
    const unhealthy = news.waitForReady !== false && olds.status !== undefined && olds.status !== "Ready";
    return { ...base, changes: base.changes || unhealthy };
  }

  protected async createResource(inputs: EngineProps<Inputs>): Promise<CreateResult<Outputs>> {
    const args = this.parseInputs(inputs);
    const client = this.client(args, this.runtime.ownerMarker(inputs));
    const around = this.surroundings();
    const { name, adopted } = await createDeployment(client, args, this.runtime.adoptExisting(), around);
    if (!adopted) this.runtime.log(`created deployment ${name} from ${args.template ?? args.image}`);
    const seen: Sight = {};
    try {
      // An adopted deployment gets the inputs' env vars, restarting its pods only when they differ.
      if (adopted && !sameValue(await client.getConfig(name), args.envVars ?? {})) {
        await client.setConfig(name, args.envVars ?? {});
      }
      if (args.autoUpdate) await client.setAutoUpdate(name, args.autoUpdate);
      await this.settle(client, args, name, seen);
      return { id: name, outs: this.outputsOf(args, name, seen) };
    } catch (e) {
      throw createdButFailed(e, name, this.outputsOf(args, name, seen), inputs);
    }
  }

  protected async readResource(
    id: string,
    props: EngineProps<Outputs> = {},
  ): Promise<pulumi.dynamic.ReadResult<EngineProps<Outputs>>> {
    const client = this.client(props);
    const status = await unlessNotFound(() => client.getStatus(id));
    if (!status || status.status === "Deleting") return { id: "", props: {} }; // gone, or about to be
    const envVars = await client.getConfig(id);
    const auto = await client.getAutoUpdate(id);
    // An import has no state: what the deployment was made from comes from the listing.
    const importing = props.template === undefined && props.image === undefined;
    const listed =
      status.status === "Error" || importing
        ? (await client.listDeployments()).find((d) => d.name === id)
        : undefined;
    const lastError = status.status === "Error" ? (listed?.lastError ?? undefined) : undefined;
    // State is not validated again: it was, when it was written, and refresh must not fail on it.
    const args = {
      ...props,
      ...(importing ? { ...defaultsOf(DeploymentInputs), ...madeFrom(id, listed) } : {}),
      name: importing ? madeFrom(id, listed).name : (props.requestedName ?? undefined),
      envVars: props.envVars === undefined && Object.keys(envVars).length === 0 ? undefined : envVars,
      autoUpdate:
        props.autoUpdate === undefined && !auto.enabled
          ? undefined
          : { enabled: auto.enabled, strategy: auto.strategy ?? defaults.autoUpdateStrategy },
    } as Inputs;
    const outs = this.outputsOf(args, id, { status, lastError });
    // The inputs an import checks against the program: the name only where one was asked for (a template
    // deployment's name is generated, and may not be an input), not the deployment's own name output.
    const inputs = Object.fromEntries(
      [...replaceKeys, ...updateKeys].flatMap((key) => (args[key] === undefined ? [] : [[key, args[key]]])),
    );
    return { id, props: outs, inputs };
  }

  protected async updateResource(
    id: string,
    olds: EngineProps<Outputs>,
    news: EngineProps<Inputs>,
  ): Promise<UpdateResult<Outputs>> {
    // The outputs' `name` is the deployment's, maybe generated; the input is the one asked for.
    const args = this.settledInputs({ ...olds, name: olds.requestedName ?? undefined }, news);
    const client = this.client(args, this.runtime.ownerMarker(news));
    const changed = (key: (typeof apiUpdateKeys)[number]) => !sameValue(olds[key], args[key]);
    const seen: Sight = {};
    try {
      if (changed("envVars")) {
        await client.setConfig(id, args.envVars ?? {}); // replaced whole; the pods restart
        this.runtime.log(`replaced the env vars of ${id}; its pods restart`);
      }
      if (changed("autoUpdate")) {
        await client.setAutoUpdate(id, args.autoUpdate ?? { enabled: false });
        this.runtime.log(`auto-update of ${id} is now ${args.autoUpdate?.enabled ? "on" : "off"}`);
      }
      // A config change already restarted the pods; a deployment left in Error gets new ones.
      if (!changed("envVars") && (changed("restartTrigger") || olds.status === "Error")) {
        await client.restart(id);
        this.runtime.log(`restarted the pods of ${id}`);
      }
      await this.settle(client, args, id, seen);
      return { outs: this.outputsOf(args, id, seen) };
    } catch (e) {
      throw createdButFailed(e, id, this.outputsOf(args, id, seen), news);
    }
  }

  protected async deleteResource(id: string, props: EngineProps<Outputs>): Promise<void> {
    const client = this.client(props);
    const status = await unlessNotFound(() => client.getStatus(id));
    if (!status) return; // already gone
    if (status.status !== "Deleting") {
      if (status.allowDelete === false) throw cannotDelete(id, status);
      const started = await unlessNotFound(() => client.deleteDeployment(id).then(() => true));
      if (!started) return;
    }
    const timeoutMs = minutesToMs(props.readyTimeoutMinutes, defaults.readyTimeoutMinutes);
    // A cancelled run stops waiting: the API accepted the deletion and finishes it on its own.
    await unlessCancelled(waitUntilGone(client, id, timeoutMs, this.surroundings()));
    this.runtime.log(`deleted deployment ${id}`);
  }

  /** Waits until Ready (or only reads the status when `waitForReady` is false), noting in `seen` what it saw. */
  /** The outputs: the inputs that reach the API, and what was last seen of the deployment (schema.ts). */
  private outputsOf(args: Inputs, name: string, seen: Sight): Outputs {
    const applied = Object.fromEntries([...replaceKeys, ...updateKeys].map((key) => [key, args[key]]));
    return this.outputsFrom(applied, { ...seen, name });
  }

  private async settle(client: ShipyardClient, args: Inputs, name: string, seen: Sight): Promise<void> {
    if (!args.waitForReady) {
      seen.status = await client.getStatus(name);
      return;
    }
    await waitUntil(
      () =>
        pollReady(client, name, (status, lastError) => {
          seen.status = status;
          seen.lastError = lastError;
        }),
      {
        what: `deployment ${name} to be Ready`,
        timeoutMs: minutesToMs(args.readyTimeoutMinutes, defaults.readyTimeoutMinutes),
        ...this.runtime.waitOptions(),
      },
    );
  }

  private surroundings(): Surroundings {
    return {
      createOnce: (steps, what) => this.createOnce(steps, what, "name"),
      log: (message) => this.runtime.log(message),
      sleep: (ms) => this.runtime.sleep(ms),
      waitOptions: () => this.runtime.waitOptions(),
    };
  }

  /** A client; given `owner` (the resource's marker), its creates and env var writes carry it. */
  private client(args: EngineProps<Inputs>, owner?: string): ShipyardClient {
    return connect({
      owner,
      apiKey: this.runtime.apiKey(args.apiKey),
      apiUrl: this.runtime.apiUrl(),
      secrets: secretsOf(args),
      ...this.runtime.clientOptions(),
    });
  }
}

/** What the API last said of the deployment. */
/** What was last seen of a deployment, before its name is known to it. */
type Sight = Omit<Seen, "name">;

function cannotDelete(name: string, status: DeploymentStatus): Error {
  const why = status.statusMessage ? `: ${status.statusMessage}` : "";
  return new Error(
    `deployment ${name} cannot be deleted now: the API reports canDelete false (status ${status.status}${why}); ` +
      "lift the protection in Shipyard or wait, then run `pulumi destroy` again",
  );
}

/**
 * What an imported deployment was made from, as the listing says: a template (named by the API), or an
 * image under its name and container port; the client-side settings take their defaults.
 */
function madeFrom(id: string, listed: DeploymentSummary | undefined): Partial<Inputs> {
  const visibility = listed?.visibility ? { visibility: listed.visibility as Inputs["visibility"] } : {};
  if (listed?.template) {
    return { template: listed.template, ...visibility };
  }
  if (listed?.image) {
    return {
      ...visibility,
      image: listed.image,
      name: id,
      containerPort: listed.containerPort ?? defaults.containerPort,
    };
  }
  throw new Error(
    `shipyard: deployment ${id} is not in the deployments listing, so what it was made from is unknown: ` +
      "declare it in the program with its template or image and import it with the import option",
  );
}

/** Every value to mask: the key and the env var values. */
function secretsOf(args: EngineProps<Inputs>): string[] {
  return [args.apiKey, ...Object.values(args.envVars ?? {})].filter(
    (v): v is string => typeof v === "string",
  );
}
