/**
 * The lifecycle of an NX1 model deployment as the Pulumi engine drives it: check validates locally (the
 * URL too: NX1 has no public default), diff decides locally (only the allowed roles change in place),
 * create posts and waits until `active`, update replaces the allowed roles, read reconciles with the API,
 * delete removes (an assumed endpoint) and waits until the deployment is gone.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  checkInputs,
  type DiffSpec,
  diffByKeys,
  type Props,
  type ProviderImplementation,
  withoutProvider,
} from "../core/dynamic";
import { isApiError, isHttpStatusError } from "../core/errors";
import { hideSecretFailure, PlatformProvider } from "../core/platformProvider";
import {
  createdButFailed,
  minutesToMs,
  type PlatformSettings,
  type ProviderEnvironment,
  unlessNotFound,
} from "../core/runtime";
import { waitUntil } from "../core/wait";
import { MISSING_KEY, MISSING_URL, Nx1Client } from "./client";
import {
  argsFromApi,
  createRequest,
  differencesFrom,
  idOf,
  outputs,
  parseId,
  readiness,
  replaceKeys,
  unfinished,
  updateKeys,
} from "./mapping";
import { type Deployment, defaults, ModelDeploymentInputs, secretInputs } from "./schema";

export { replaceKeys, updateKeys } from "./mapping";

const diffSpec: DiffSpec = {
  replaceKeys,
  updateKeys,
  // Names are unique per model: a replacement keeping both needs the old deployment gone first.
  deleteBeforeReplace: (o, n) => o.model === n.model && o.name === n.name,
};

const settings: PlatformSettings = {
  namespace: "nx1",
  envPrefix: "NX1",
  defaultApiUrl: "",
  missingKeyMessage: MISSING_KEY,
};

export type { ProviderEnvironment } from "../core/runtime";

/** The implementation behind `nx1.ModelDeployment`, loaded by the thin serialized provider. */
export class ModelDeploymentProvider extends PlatformProvider implements ProviderImplementation {
  constructor(environment: ProviderEnvironment = {}) {
    super(settings, environment, ModelDeploymentInputs, secretInputs);
  }

  override async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const result = await super.check(olds, news);
    const noUrl = this.runtime.apiUrl() ? [] : [{ property: "", reason: MISSING_URL }];
    return { ...result, failures: [...(result.failures ?? []), ...noUrl] };
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const result = diffByKeys(olds, news, diffSpec);
    // A failed deployment never recovers by waiting: the next `up` creates it again under the same name.
    if (olds.status === "failed") {
      return { changes: true, replaces: [...(result.replaces ?? []), "status"], deleteBeforeReplace: true };
    }
    return result;
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const args = parseInputs(inputs);
    const client = this.client(args);
    return this.runtime.guard([args.apiKey], async () => {
      const created = await this.createOrResolve(client, args);
      const id = idOf(args.model, args.name);
      return { id, outs: await this.converge(client, args, id, inputs, created) };
    });
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const stored = withoutProvider(props);
    const client = this.client(stored);
    const { model, name } = parseId(id);
    return this.runtime.guard([stored.apiKey as string | undefined], async () => {
      const live = await unlessNotFound(() => client.getDeployment(model, name));
      if (!live || live.status === "archived") {
        return { id: "", props: {} }; // gone: an empty id makes refresh drop it
      }
      if (live.status === "stopped") {
        this.runtime.log(
          `deployment ${name} of model ${model} was stopped (${live.stopped_at ?? "time unknown"}); ` +
            "pulumi up does not restart it: run `pulumi up --replace` on it to serve again",
        );
      }
      return { id, props: outputs(argsFromApi(stored, live), live) };
    });
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const args = parseInputs(news);
    const client = this.client(args);
    return this.runtime.guard([args.apiKey], async () => {
      const roles = args.allowedRoles ?? [];
      let live: Deployment;
      if (JSON.stringify(olds.allowedRoles ?? []) !== JSON.stringify(roles)) {
        live = await client.setAllowedRoles(args.model, args.name, roles);
        this.runtime.log(`set the allowed roles of ${args.name} to [${roles.join(", ")}] in place`);
      } else {
        live = await client.getDeployment(args.model, args.name);
      }
      // State of a create that failed to initialise while still starting: waited for again.
      if (args.waitForActive && unfinished(olds)) {
        return { outs: await this.converge(client, args, id, news, live) };
      }
      return { outs: outputs(args, live) };
    });
  }

  async delete(id: string, props: Props): Promise<void> {
    const stored = withoutProvider(props);
    const client = this.client(stored);
    const { model, name } = parseId(id);
    await this.runtime.guard([stored.apiKey as string | undefined], async () => {
      try {
        await client.deleteDeployment(model, name);
      } catch (e) {
        if (isHttpStatusError(e, 404)) return; // already gone
        if (isHttpStatusError(e, 405)) {
          throw new Error(
            `${e.message}: this NX1 API does not delete deployments, so archive ${name} of model ${model} ` +
              "in NX1 and keep Pulumi from deleting it with the resource option `retainOnDelete: true` " +
              "(or drop it from the stack with `pulumi state delete <urn>`)",
          );
        }
        throw e;
      }
      await waitUntil(
        async () => {
          const live = await unlessNotFound(() => client.getDeployment(model, name));
          return !live || live.status === "archived"
            ? { done: true, value: undefined }
            : { done: false, progress: `status ${live.status}` };
        },
        {
          what: `deployment ${name} of model ${model} to be deleted`,
          timeoutMs: minutesToMs(stored.readyTimeoutMinutes, defaults.readyTimeoutMinutes),
          ...this.runtime.waitOptions(),
        },
      );
      this.runtime.log(`deleted deployment ${name} of model ${model}`);
    });
  }

  /**
   * The create, once: a 409 means the name is taken (adopted when told to); an ambiguous failure (no
   * answer, 5xx) is resolved by reading the name, so it never makes a second deployment.
   */
  private async createOrResolve(client: Nx1Client, args: ModelDeploymentInputs): Promise<Deployment> {
    const what = `deployment ${args.name} of model ${args.model}`;
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.createDeployment(args.model, createRequest(args));
      } catch (e) {
        if (isHttpStatusError(e, 409)) {
          return this.adoptExisting(client, args, e.message);
        }
        if (!(isApiError(e) && e.ambiguous && attempt < 4)) {
          throw e;
        }
        const found = await unlessNotFound(() => client.getDeployment(args.model, args.name));
        if (found && found.status !== "archived") {
          const differences = differencesFrom(args, found);
          if (differences.length > 0) {
            throw new Error(
              `${e.message}; ${what} exists but differs from the inputs: ${differences.join("; ")}`,
            );
          }
          this.runtime.log(`${what} was created despite the failed answer; continuing with it`);
          return found;
        }
        await this.runtime.sleep(1000 * attempt);
      }
    }
  }

  /** A deployment of the name exists: taken under management when `adopt` says so and it matches. */
  private async adoptExisting(client: Nx1Client, args: ModelDeploymentInputs, conflict: string) {
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
    const same = JSON.stringify(found.allowed_roles ?? []) === JSON.stringify(roles);
    return same ? found : client.setAllowedRoles(args.model, args.name, roles);
  }

  /** Waits until active; a failure then is "created but failed", never an orphan. */
  private async converge(
    client: Nx1Client,
    args: ModelDeploymentInputs,
    id: string,
    inputs: Props,
    seen: Deployment,
  ): Promise<Props> {
    let last = seen;
    try {
      const first = readiness(last);
      if (!args.waitForActive || ("done" in first && first.done)) {
        return outputs(args, last);
      }
      if ("failed" in first) {
        throw new Error(
          `gave up waiting for deployment ${args.name} of model ${args.model}: ${first.failed}`,
        );
      }
      await waitUntil(
        async () => {
          const live = await unlessNotFound(() => client.getDeployment(args.model, args.name));
          if (!live) return { failed: "it no longer exists" };
          last = live;
          return readiness(live);
        },
        {
          what: `deployment ${args.name} of model ${args.model} to be active`,
          timeoutMs: minutesToMs(args.readyTimeoutMinutes, defaults.readyTimeoutMinutes),
          ...this.runtime.waitOptions(),
        },
      );
      return outputs(args, last);
    } catch (e) {
      throw createdButFailed(e, id, outputs(args, last), inputs);
    }
  }

  private client(args: Props | ModelDeploymentInputs): Nx1Client {
    const apiUrl = this.runtime.apiUrl();
    if (!apiUrl) {
      throw new Error(MISSING_URL);
    }
    return new Nx1Client({
      apiKey: this.runtime.apiKey(args.apiKey as string | undefined),
      apiUrl,
      ...this.runtime.clientOptions(),
    });
  }
}

/** Inputs as check left them, defaults applied again for states written before a default existed. */
function parseInputs(inputs: Props): ModelDeploymentInputs {
  const known = new Set<string>([...replaceKeys, ...updateKeys]);
  const picked = Object.fromEntries(Object.entries(inputs).filter(([key]) => known.has(key)));
  const { parsed, failures } = checkInputs(ModelDeploymentInputs, picked);
  if (!parsed) {
    const [first] = failures.map((f) => hideSecretFailure(f, secretInputs));
    throw new Error(`invalid input: ${first?.property ? `${first.property}: ` : ""}${first?.reason}`);
  }
  return parsed;
}
