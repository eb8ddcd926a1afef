/**
 * The lifecycle of a Roboflow Dedicated Deployment as the Pulumi engine drives it: check validates
 * locally, diff decides locally between replace and update, create adds then waits, read reconciles,
 * update pauses or resumes in place, delete removes and waits until the name is free.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  diffByKeys,
  PROVIDER_KEY,
  type Props,
  type ProviderImplementation,
  withoutProvider,
} from "../core/dynamic";
import { type ApiError, isApiError, isHttpStatusError } from "../core/errors";
import { PlatformProvider } from "../core/platformProvider";
import {
  createdButFailed,
  minutesToMs,
  type PlatformSettings,
  type ProviderEnvironment,
  unlessNotFound,
} from "../core/runtime";
import { waitUntil } from "../core/wait";
import { DEFAULT_API_URL, RoboflowClient } from "./client";
import { type AddRequest, DedicatedDeploymentInputs, type Deployment, goneStatuses } from "./schema";

/** Inputs whose change needs a new deployment: the API has no way to change them in place. */
export const replaceKeys = [
  "deploymentName",
  "machineType",
  "creatorEmail",
  "duration",
  "inferenceVersion",
  "minReplicas",
  "maxReplicas",
  "deleteOnExpiration",
] as const;
/** Inputs changed in place: `paused` through /pause and /resume, the rest in state only. */
export const updateKeys = ["paused", "waitForReady", "readyTimeoutMinutes", "adopt", "apiKey"] as const;

const MISSING_KEY =
  "no Roboflow API key: set one with `pulumi config set --secret roboflow:apiKey <key>`, " +
  "the ROBOFLOW_API_KEY environment variable, or the apiKey input";

const settings: PlatformSettings = {
  namespace: "roboflow",
  envPrefix: "ROBOFLOW",
  defaultApiUrl: DEFAULT_API_URL,
  missingKeyMessage: MISSING_KEY,
};

export type { ProviderEnvironment } from "../core/runtime";

/** The implementation behind `roboflow.DedicatedDeployment`, loaded by the thin serialized provider. */
export class DedicatedDeploymentProvider extends PlatformProvider implements ProviderImplementation {
  constructor(environment: ProviderEnvironment = {}) {
    super(settings, environment, DedicatedDeploymentInputs, ["apiKey"]);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    return diffByKeys(olds, news, {
      replaceKeys,
      updateKeys,
      // Every endpoint is keyed by name: a replacement that keeps the name must remove the old one first.
      deleteBeforeReplace: (o, n) => o.deploymentName === n.deploymentName,
    });
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const args = parseInputs(inputs);
    const client = this.client(args.apiKey);
    return this.runtime.guard([args.apiKey], async () => {
      const name = args.deploymentName;
      const adopt = args.adopt || this.runtime.adoptExisting();
      let deployment = adopt ? await this.findAdoptable(client, args) : undefined;
      if (deployment) {
        this.runtime.log(
          `adopted existing deployment ${name} (${deployment.deployment_id}), status ${deployment.status}`,
        );
      } else {
        deployment = await this.add(client, args);
        this.runtime.log(
          `created deployment ${name} (${deployment.deployment_id}), status ${deployment.status}`,
        );
      }
      deployment = await this.converge(client, args, deployment, inputs);
      return { id: name, outs: outputs(args, deployment) };
    });
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const stored = withoutProvider(props);
    const client = this.client(stored.apiKey as string | undefined);
    const deployment = await this.runtime.guard([stored.apiKey as string | undefined], () =>
      findDeployment(client, id),
    );
    if (!deployment || goneStatuses.has(deployment.status)) {
      // Gone: an empty id makes refresh drop the resource from state.
      return { id: "", props: {} };
    }
    return { id, props: outputs(argsFromState(stored, deployment), deployment) };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const args = parseInputs(news);
    const client = this.client(args.apiKey);
    return this.runtime.guard([args.apiKey], async () => {
      let deployment = await client.getDeployment(id);
      if (Boolean(olds.paused) !== args.paused || (deployment.status === "paused") !== args.paused) {
        deployment = await this.converge(client, args, deployment, news);
      }
      return { outs: outputs(args, deployment) };
    });
  }

  async delete(id: string, props: Props): Promise<void> {
    const stored = withoutProvider(props);
    const client = this.client(stored.apiKey as string | undefined);
    await this.runtime.guard([stored.apiKey as string | undefined], async () => {
      try {
        await client.delete(id);
      } catch (e) {
        if (isHttpStatusError(e, 404)) {
          return; // already gone
        }
        throw e;
      }
      const timeoutMs = minutesToMs(stored.readyTimeoutMinutes, 20);
      await waitUntil(
        async () => {
          const deployment = await findDeployment(client, id);
          return !deployment || goneStatuses.has(deployment.status)
            ? { done: true as const, value: undefined }
            : { done: false as const, progress: `status ${deployment.status}` };
        },
        { what: `deployment ${id} to be deleted`, timeoutMs, ...this.runtime.waitOptions() },
      );
      this.runtime.log(`deleted deployment ${id}`);
    });
  }

  /**
   * `/add`, resolving an ambiguous failure (no answer, 5xx, unreadable body) by looking the name up. A name
   * that is taken before the call belongs to someone else (another stack, or made by hand): it is refused
   * first, so that the lookup after an ambiguous failure can only find the deployment this call made,
   * never take over (and later delete) another stack's.
   */
  private async add(client: RoboflowClient, args: DedicatedDeploymentInputs): Promise<Deployment> {
    const taken = await findDeployment(client, args.deploymentName);
    if (taken && !goneStatuses.has(taken.status)) {
      throw nameTaken(args.deploymentName, taken);
    }
    const request = addRequest(args);
    let ambiguous = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.addDeployment(request);
      } catch (e) {
        const conflict = isHttpStatusError(e, 409);
        if (!(conflict && ambiguous) && !(isApiError(e) && e.ambiguous && attempt < 4)) {
          throw conflict ? withAdoptHint(e as ApiError, args.deploymentName) : e;
        }
        ambiguous = true;
        // The API may have created it before the failure: if so, it is ours, take it.
        const found = await findDeployment(client, args.deploymentName);
        if (found && !goneStatuses.has(found.status)) {
          assertMatches(args, found);
          this.runtime.log(
            `deployment ${args.deploymentName} was created despite the failed answer; continuing with it`,
          );
          return found;
        }
        await this.runtime.sleep(1000 * attempt);
      }
    }
  }

  /** For `adopt: true`: the live deployment of that name, checked against the inputs, if there is one. */
  private async findAdoptable(client: RoboflowClient, args: DedicatedDeploymentInputs) {
    const found = await findDeployment(client, args.deploymentName);
    if (!found || goneStatuses.has(found.status)) {
      return undefined;
    }
    assertMatches(args, found);
    return found;
  }

  /** Brings a deployment to the state the inputs ask: ready when waited for, paused or running. */
  private async converge(
    client: RoboflowClient,
    args: DedicatedDeploymentInputs,
    current: Deployment,
    inputs: Props,
  ) {
    const name = args.deploymentName;
    let deployment = current;
    try {
      if (args.paused) {
        if (deployment.status !== "paused") {
          deployment = await this.waitForStatus(client, args, "ready");
          await tolerateConflict(() => client.pause(name));
          deployment = await this.waitForStatus(client, args, "paused");
          this.runtime.log(`paused deployment ${name}`);
        }
      } else {
        if (deployment.status === "paused") {
          await tolerateConflict(() => client.resume(name));
          this.runtime.log(`resumed deployment ${name}`);
        }
        if (args.waitForReady && deployment.status !== "ready") {
          deployment = await this.waitForStatus(client, args, "ready");
        } else if (deployment.status === "paused") {
          deployment = await client.getDeployment(name);
        }
      }
      return deployment;
    } catch (e) {
      // The deployment exists but did not reach the state asked: record it as created-but-failed, never orphan it.
      throw createdButFailed(e, name, outputs(args, deployment), inputs);
    }
  }

  private async waitForStatus(
    client: RoboflowClient,
    args: DedicatedDeploymentInputs,
    target: "ready" | "paused",
  ) {
    const name = args.deploymentName;
    return waitUntil(
      async () => {
        const deployment = await findDeployment(client, name);
        if (!deployment || goneStatuses.has(deployment.status)) {
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
        timeoutMs: minutesToMs(args.readyTimeoutMinutes, 20),
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

/** Inputs as check left them; parsing again applies defaults to states written before a default existed. */
function parseInputs(inputs: Props): DedicatedDeploymentInputs {
  const { [PROVIDER_KEY]: _p, ...rest } = inputs;
  const allowed = new Set<string>([...replaceKeys, ...updateKeys]);
  const result = DedicatedDeploymentInputs.safeParse(
    Object.fromEntries(Object.entries(rest).filter(([k]) => allowed.has(k))),
  );
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid input ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return result.data;
}

/** What a refresh knows: the inputs echoed in state, with the API's values where state has none. */
function argsFromState(stored: Props, deployment: Deployment): DedicatedDeploymentInputs {
  return {
    deploymentName: deployment.deployment_name,
    machineType: deployment.machine_type,
    creatorEmail: (stored.creatorEmail as string | undefined) ?? deployment.creator_email ?? "",
    duration: deployment.duration,
    inferenceVersion: (stored.inferenceVersion as string | undefined) ?? deployment.inference_version,
    minReplicas: deployment.min_replicas,
    maxReplicas: deployment.max_replicas,
    deleteOnExpiration: stored.deleteOnExpiration as boolean | undefined,
    paused: deployment.status === "paused",
    waitForReady: (stored.waitForReady as boolean | undefined) ?? true,
    readyTimeoutMinutes: (stored.readyTimeoutMinutes as number | undefined) ?? 20,
    adopt: (stored.adopt as boolean | undefined) ?? false,
    apiKey: stored.apiKey as string | undefined,
  };
}

function addRequest(args: DedicatedDeploymentInputs): AddRequest {
  return {
    deployment_name: args.deploymentName,
    machine_type: args.machineType,
    creator_email: args.creatorEmail,
    duration: args.duration,
    inference_version: args.inferenceVersion,
    min_replicas: args.minReplicas,
    max_replicas: args.maxReplicas,
    ...(args.deleteOnExpiration === undefined ? {} : { delete_on_expiration: args.deleteOnExpiration }),
  };
}

/** The resource's outputs: the inputs as given, and what the API says. Undefined values are left out. */
export function outputs(args: DedicatedDeploymentInputs, d: Deployment): Props {
  const out: Props = {
    deploymentName: d.deployment_name,
    machineType: d.machine_type,
    creatorEmail: args.creatorEmail,
    duration: d.duration,
    inferenceVersion: args.inferenceVersion,
    minReplicas: d.min_replicas,
    maxReplicas: d.max_replicas,
    deleteOnExpiration: args.deleteOnExpiration,
    paused: args.paused,
    waitForReady: args.waitForReady,
    readyTimeoutMinutes: args.readyTimeoutMinutes,
    adopt: args.adopt,
    apiKey: args.apiKey,
    deploymentId: d.deployment_id,
    subdomain: d.subdomain,
    domain: d.domain,
    url: `https://${d.domain}`,
    status: d.status,
    numReplicas: d.num_replicas,
    resolvedInferenceVersion: d.inference_version,
    creatorId: d.creator_id,
    workspaceId: d.workspace_id,
    workspaceUrl: d.workspace_url,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

function findDeployment(client: RoboflowClient, name: string): Promise<Deployment | undefined> {
  return unlessNotFound(() => client.getDeployment(name));
}

function assertMatches(args: DedicatedDeploymentInputs, found: Deployment): void {
  const differences = [
    found.machine_type !== args.machineType &&
      `machineType is ${found.machine_type}, not ${args.machineType}`,
    found.creator_email !== undefined &&
      found.creator_email !== args.creatorEmail &&
      `creatorEmail is ${found.creator_email}, not ${args.creatorEmail}`,
    found.min_replicas !== args.minReplicas &&
      `minReplicas is ${found.min_replicas}, not ${args.minReplicas}`,
    found.max_replicas !== args.maxReplicas &&
      `maxReplicas is ${found.max_replicas}, not ${args.maxReplicas}`,
  ].filter(Boolean);
  if (differences.length > 0) {
    throw new Error(
      `deployment ${args.deploymentName} already exists and differs from the inputs (${differences.join("; ")}): ` +
        "change the inputs to match it, or delete it, before managing it",
    );
  }
}

const adoptHint = (name: string) =>
  `If deployment ${name} is yours, set adopt: true to manage it without recreating it ` +
  "(or run this once with ROBOFLOW_ADOPT_EXISTING=true), or choose another deploymentName";

function withAdoptHint(e: ApiError, name: string): Error {
  e.message += `. ${adoptHint(name)}`;
  return e;
}

function nameTaken(name: string, found: Deployment): Error {
  return new Error(
    `roboflow: deployment ${name} already exists (id ${found.deployment_id}, status ${found.status}) and this ` +
      `stack did not create it: another stack, or someone outside Pulumi, uses the name. Nothing was created or ` +
      `deleted. ${adoptHint(name)}`,
  );
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
