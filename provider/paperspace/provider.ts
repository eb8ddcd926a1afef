/**
 * The lifecycle of a Paperspace Deployment as the Pulumi engine drives it: check validates locally, diff
 * decides locally (only the project and the region replace), create looks the name up then upserts and
 * waits until the spec is applied and healthy, update upserts in place, read reconciles with the API,
 * delete removes and waits until the deployment is gone.
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
import { isApiError } from "../core/errors";
import { hideSecretFailure, PlatformProvider } from "../core/platformProvider";
import {
  createdButFailed,
  minutesToMs,
  type PlatformSettings,
  type ProviderEnvironment,
  unlessNotFound,
} from "../core/runtime";
import { waitUntil } from "../core/wait";
import { DEFAULT_API_URL, PaperspaceClient } from "./client";
import {
  API_VERSION,
  type DeploymentInfo,
  DeploymentInputs,
  defaults,
  type Run,
  type SpecConfig,
  type SpecRequest,
  secretInputs,
} from "./schema";

/** Inputs whose change needs a new deployment: a deployment cannot move to another project or region. */
export const replaceKeys = ["projectId", "region"] as const;
/** Inputs sent in the spec: a change is one upsert of the same deployment. */
export const specKeys = [
  "name",
  "image",
  "port",
  "ports",
  "resources",
  "env",
  "command",
  "healthChecks",
  "integrations",
  "containerRegistry",
  "enabled",
  "basicAuthKey",
] as const;
/** Inputs changed in place: the spec through the upsert, the client-side settings in state only. */
export const updateKeys = [...specKeys, "waitForHealthy", "readyTimeoutMinutes", "adopt", "apiKey"] as const;

const diffSpec: DiffSpec = {
  replaceKeys,
  updateKeys,
  // Names are unique in a project: a new region for the same name and project needs the old one gone first.
  deleteBeforeReplace: (o, n) => o.projectId === n.projectId && o.name === n.name,
};

const MISSING_KEY =
  "no Paperspace API key: set one with `pulumi config set --secret paperspace:apiKey <key>`, " +
  "the PAPERSPACE_API_KEY environment variable, or the apiKey input";

/** Instance states that will not recover by waiting. */
const failedInstanceStates = new Set([
  "failed",
  "error",
  "crashloopbackoff",
  "errimagepull",
  "imagepullbackoff",
]);

const settings: PlatformSettings = {
  namespace: "paperspace",
  envPrefix: "PAPERSPACE",
  defaultApiUrl: DEFAULT_API_URL,
  missingKeyMessage: MISSING_KEY,
};

export type { ProviderEnvironment } from "../core/runtime";

/** The implementation behind `paperspace.Deployment`, loaded by the thin serialized provider. */
export class DeploymentProvider extends PlatformProvider implements ProviderImplementation {
  constructor(environment: ProviderEnvironment = {}) {
    super(settings, environment, DeploymentInputs, secretInputs);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return diffByKeys(olds, news, diffSpec);
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const args = parseInputs(inputs);
    const client = this.client(args);
    return this.runtime.guard(secretsOf(args), async () => {
      const existing = await client.findByName(args.projectId, args.name);
      let id: string;
      if (existing && !args.adopt) {
        throw new Error(
          `deployment ${args.name} already exists in project ${args.projectId} (id ${existing.id}); creating it ` +
            "would take it over. Set adopt: true to manage it (its spec becomes the inputs), or choose another name",
        );
      } else if (existing) {
        id = existing.id;
        await client.upsertDeployment({
          config: specRequest(args),
          projectId: args.projectId,
          deploymentId: id,
        });
        this.runtime.log(`adopted existing deployment ${args.name} (${id}) and applied the inputs to it`);
      } else {
        id = await this.createNew(client, args);
        this.runtime.log(`created deployment ${args.name} (${id})`);
      }
      return { id, outs: await this.converge(client, args, id, inputs) };
    });
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const stored = withoutProvider(props);
    const client = this.client(stored);
    return this.runtime.guard(secretsOf(stored), async () => {
      const info = await unlessNotFound(() => client.getDeployment(id));
      if (!info) {
        return { id: "", props: {} }; // gone: an empty id makes refresh drop it
      }
      const runs = (await unlessNotFound(() => client.getRuns(id))) ?? [];
      return { id, props: outputs(argsFromApi(stored, info), info, runs) };
    });
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const args = parseInputs(news);
    const client = this.client(args);
    return this.runtime.guard(secretsOf(args), async () => {
      const changed = specKeys.filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(args[key]));
      // State that never saw it healthy (a create that failed to initialise) is waited for again.
      const unfinished = olds.dtHealthy === null && args.enabled && args.resources.replicas > 0;
      if (changed.length === 0 && !(unfinished && args.waitForHealthy)) {
        const info = await client.getDeployment(id);
        return { outs: outputs(args, info, await client.getRuns(id)) };
      }
      if (changed.length > 0) {
        await client.upsertDeployment({
          config: specRequest(args),
          projectId: args.projectId,
          deploymentId: id,
        });
        this.runtime.log(`updated deployment ${args.name} (${id}) in place: ${changed.join(", ")}`);
      }
      return { outs: await this.converge(client, args, id, news) };
    });
  }

  async delete(id: string, props: Props): Promise<void> {
    const stored = withoutProvider(props);
    const client = this.client(stored);
    await this.runtime.guard(secretsOf(stored), async () => {
      if ((await unlessNotFound(() => client.deleteDeployment(id).then(() => true))) === undefined) {
        return; // already gone
      }
      await waitUntil(
        async () => {
          const info = await unlessNotFound(() => client.getDeployment(id));
          return info ? { done: false, progress: "still listed" } : { done: true, value: undefined };
        },
        {
          what: `deployment ${id} to be deleted`,
          timeoutMs: minutesToMs(stored.readyTimeoutMinutes, defaults.readyTimeoutMinutes),
          ...this.runtime.waitOptions(),
        },
      );
      this.runtime.log(`deleted deployment ${stored.name ?? id} (${id})`);
    });
  }

  /** The upsert without an id, resolving an ambiguous failure (no answer, 5xx) by looking the name up. */
  private async createNew(client: PaperspaceClient, args: DeploymentInputs): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.upsertDeployment({ config: specRequest(args), projectId: args.projectId });
      } catch (e) {
        if (!(isApiError(e) && e.ambiguous && attempt < 4)) {
          throw e;
        }
        // The name was free before the call: a deployment holding it now is the one this call created.
        const found = await client.findByName(args.projectId, args.name);
        if (found) {
          this.runtime.log(
            `deployment ${args.name} was created despite the failed answer; continuing with it`,
          );
          return found.id;
        }
        await this.runtime.sleep(1000 * attempt);
      }
    }
  }

  /**
   * Waits until the latest spec is applied and healthy; a failure then is "created but failed", never an
   * orphan.
   */
  private async converge(client: PaperspaceClient, args: DeploymentInputs, id: string, inputs: Props) {
    let seen: { info?: DeploymentInfo; runs: Run[] } = { runs: [] };
    try {
      if (!args.waitForHealthy) {
        seen = { info: await client.getDeployment(id), runs: await client.getRuns(id) };
      } else {
        seen = await waitUntil(() => pollHealth(client, args, id, (s) => Object.assign(seen, s)), {
          what: `deployment ${args.name} to be applied and healthy`,
          timeoutMs: minutesToMs(args.readyTimeoutMinutes, defaults.readyTimeoutMinutes),
          ...this.runtime.waitOptions(),
        });
      }
      return outputs(args, seen.info as DeploymentInfo, seen.runs);
    } catch (e) {
      const known = seen.info
        ? outputs(args, seen.info, seen.runs)
        : { ...echoInputs(args), deploymentId: id };
      throw createdButFailed(e, id, known, inputs);
    }
  }

  private client(args: Props | DeploymentInputs): PaperspaceClient {
    return new PaperspaceClient({
      apiKey: this.runtime.apiKey(args.apiKey as string | undefined),
      apiUrl: this.runtime.apiUrl(),
      secrets: secretsOf(args),
      ...this.runtime.clientOptions(),
    });
  }
}

/**
 * One look at the deployment: done when applied, healthy and every replica ready; failed on a fatal error.
 */
async function pollHealth(
  client: PaperspaceClient,
  args: DeploymentInputs,
  id: string,
  remember: (seen: { info: DeploymentInfo; runs: Run[] }) => void,
) {
  const info = await unlessNotFound(() => client.getDeployment(id));
  if (!info) {
    return { failed: `deployment ${args.name} (${id}) no longer exists` };
  }
  remember({ info, runs: [] });
  const spec = info.latestSpec;
  if (spec?.error) {
    return { failed: `the cluster could not apply the spec of ${args.name}: ${spec.error}` };
  }
  if (!spec?.externalApplied) {
    return { done: false as const, progress: "spec not applied yet" };
  }
  const runs = await client.getRuns(id);
  remember({ info, runs });
  const broken = runs
    .flatMap((run) => run.instances)
    .filter((i) => failedInstanceStates.has(String(i.state ?? i.phase ?? "").toLowerCase()));
  if (broken.length > 0) {
    const detail = broken.map((i) => `${i.id ?? "instance"}: ${i.message ?? i.state ?? i.phase}`).join("; ");
    return { failed: `instances of ${args.name} failed: ${detail}` };
  }
  const { replicas, readyReplicas } = countReplicas(runs);
  if (!args.enabled || args.resources.replicas === 0) {
    return { done: true as const, value: { info, runs } };
  }
  if (spec.dtHealthy && replicas > 0 && readyReplicas >= replicas) {
    return { done: true as const, value: { info, runs } };
  }
  return {
    done: false as const,
    progress: `${readyReplicas}/${replicas} replicas ready${spec.dtHealthy ? "" : ", not healthy yet"}`,
  };
}

/**
 * A failure on a secret input names no property, because the engine prints the value of the property a
 * failure names; the reason names it instead.
 */

/** Inputs as check left them, defaults applied again for states written before a default existed. */
function parseInputs(inputs: Props): DeploymentInputs {
  const known = new Set<string>([...replaceKeys, ...updateKeys]);
  const picked = Object.fromEntries(Object.entries(inputs).filter(([key]) => known.has(key)));
  const { parsed, failures } = checkInputs(DeploymentInputs, picked);
  if (!parsed) {
    const [first] = failures.map((f) => hideSecretFailure(f, secretInputs));
    throw new Error(`invalid input: ${first?.property ? `${first.property}: ` : ""}${first?.reason}`);
  }
  return parsed;
}

/** Every value to mask: the key and the secret inputs. */
function secretsOf(args: Props | DeploymentInputs): string[] {
  const env = (args.env ?? {}) as Record<string, unknown>;
  return [args.apiKey, args.basicAuthKey, ...Object.values(env)].filter(
    (v): v is string => typeof v === "string",
  );
}

/** The spec the upsert sends: the inputs in the API's shape. */
export function specRequest(args: DeploymentInputs): SpecRequest {
  const { machineType, replicas, autoscaling } = args.resources;
  const spec: SpecRequest = {
    apiVersion: API_VERSION,
    name: args.name,
    image: args.image,
    enabled: args.enabled,
    resources: { machineType, ports: args.ports ?? [args.port as number], replicas, autoscaling },
    env: args.env && Object.entries(args.env).map(([name, value]) => ({ name, value })),
    command: args.command,
    healthChecks: args.healthChecks,
    integrations: args.integrations,
    containerRegistry: args.containerRegistry,
    region: args.region,
    basicAuthKey: args.basicAuthKey,
  };
  return JSON.parse(JSON.stringify(spec)); // leaves out what is undefined
}

/** What a refresh knows: the live spec where the API returns one, the stored inputs for the rest. */
function argsFromApi(stored: Props, info: DeploymentInfo): DeploymentInputs {
  const base = { ...stored, projectId: info.projectId, name: info.name } as DeploymentInputs;
  const data: SpecConfig | null | undefined = info.latestSpec?.data;
  if (!data) {
    return base;
  }
  const ports = data.resources?.ports ?? (data.port === undefined ? undefined : [data.port]);
  const onePort = stored.port !== undefined && ports?.length === 1;
  const autoscaling = data.resources?.autoscaling as DeploymentInputs["resources"]["autoscaling"];
  return {
    ...base,
    image: data.image ?? base.image,
    port: onePort ? ports?.[0] : undefined,
    ports: onePort ? undefined : (ports ?? base.ports),
    resources: {
      machineType: data.resources?.machineType ?? data.resources?.instanceType ?? base.resources?.machineType,
      replicas: data.resources?.replicas ?? defaults.replicas,
      ...(autoscaling ? { autoscaling } : {}),
    },
    env: data.env ? Object.fromEntries(data.env.map((e) => [e.name, e.value])) : undefined,
    command: data.command ?? undefined,
    healthChecks: (data.healthChecks ?? undefined) as DeploymentInputs["healthChecks"],
    integrations: (data.integrations ?? undefined) as DeploymentInputs["integrations"],
    containerRegistry: data.containerRegistry ?? undefined,
    region: data.region ?? undefined,
    enabled: data.enabled ?? defaults.enabled,
    basicAuthKey: data.basicAuthKey ?? undefined,
  };
}

function countReplicas(runs: Run[]) {
  return runs.reduce(
    (sum, run) => ({
      replicas: sum.replicas + run.replicas,
      readyReplicas: sum.readyReplicas + run.readyReplicas,
    }),
    { replicas: 0, readyReplicas: 0 },
  );
}

function echoInputs(args: DeploymentInputs): Props {
  return Object.fromEntries(
    [...replaceKeys, ...updateKeys].map((key) => [key, args[key]]).filter(([, v]) => v !== undefined),
  );
}

/** The resource's outputs: the inputs as given, and what the API says. Undefined values are left out. */
export function outputs(args: DeploymentInputs, info: DeploymentInfo, runs: Run[]): Props {
  const spec = info.latestSpec;
  const out: Props = {
    ...echoInputs(args),
    deploymentId: info.id,
    endpoint: info.endpoint,
    url: `https://${info.endpoint}`,
    teamId: info.teamId,
    dtCreated: info.dtCreated,
    latestSpecId: spec?.id,
    latestSpecHash: info.latestSpecHash ?? null,
    externalApplied: spec?.externalApplied ?? null,
    dtHealthy: spec?.dtHealthy ?? null,
    specError: spec?.error ?? null,
    ...countReplicas(runs),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
