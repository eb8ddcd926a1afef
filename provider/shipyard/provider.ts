/**
 * The lifecycle of a Shipyard Deployment as the Pulumi engine drives it: check validates locally (the URL
 * included: there is no public default), diff decides locally, create resolves a lost answer without a second
 * deployment then waits until Ready, update changes env vars, auto-update and restarts in place, read
 * reconciles with the API, delete waits until the deployment is gone.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  checkInputs,
  diffByKeys,
  type Props,
  type ProviderImplementation,
  UNKNOWN,
  withoutProvider,
} from "../core/dynamic";
import { hideSecretFailure, PlatformProvider } from "../core/platformProvider";
import { createdButFailed, minutesToMs, type ProviderEnvironment, unlessNotFound } from "../core/runtime";
import { waitUntil } from "../core/wait";
import { ShipyardClient } from "./client";
import { createDeployment, pollReady, waitUntilGone } from "./lifecycle";
import {
  type DeploymentInputs,
  type DeploymentStatus,
  defaults,
  DeploymentInputs as InputSchema,
  secretInputs,
} from "./schema";
import { MISSING_URL, settings } from "./settings";

/** Inputs whose change needs a new deployment: the API changes none of them in place. */
export const replaceKeys = ["template", "image", "containerPort", "visibility"] as const;
/** Inputs changed in place through the API. */
export const apiUpdateKeys = ["envVars", "autoUpdate", "restartTrigger"] as const;
/** Inputs changed in place: through the API, or (client-side settings) in state only. */
export const updateKeys = [
  ...apiUpdateKeys,
  "waitForReady",
  "readyTimeoutMinutes",
  "adopt",
  "apiKey",
] as const;

export type { ProviderEnvironment } from "../core/runtime";

/** The implementation behind `shipyard.Deployment`, loaded by the thin serialized provider. */
export class DeploymentProvider extends PlatformProvider implements ProviderImplementation {
  constructor(environment: ProviderEnvironment = {}) {
    super(settings, environment, InputSchema, secretInputs);
  }

  override async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const result = await super.check(olds, news);
    if (this.runtime.apiUrl()) return result;
    return { ...result, failures: [...(result.failures ?? []), { property: "", reason: MISSING_URL }] };
  }

  async diff(_id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const base = diffByKeys(olds, news, { replaceKeys, updateKeys });
    // `name` in the outputs is the deployment's; `requestedName` is what the inputs asked for.
    const nameChanged = news.name === UNKNOWN || (news.name ?? null) !== (olds.requestedName ?? null);
    const replaces = [...(base.replaces ?? []), ...(nameChanged ? ["name"] : [])];
    // A deployment seen in Error, or never seen Ready, is drift that `up` repairs (restart, wait).
    const unhealthy = news.waitForReady !== false && olds.status !== undefined && olds.status !== "Ready";
    return {
      changes: base.changes || nameChanged || unhealthy,
      replaces,
      // A kept custom name is only free once the old deployment is gone.
      deleteBeforeReplace: replaces.length > 0 && news.name !== undefined && news.name === olds.requestedName,
    };
  }

  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const args = parseInputs(inputs);
    const client = this.client(args);
    return this.runtime.guard(secretsOf(args), async () => {
      const around = this.surroundings();
      const { name, adopted } = await createDeployment(client, args, this.runtime.adoptExisting(), around);
      if (!adopted) this.runtime.log(`created deployment ${name} from ${args.template ?? args.image}`);
      const seen: Seen = {};
      try {
        // An adopted deployment gets the inputs' env vars, restarting its pods only when they differ.
        if (adopted && !sameEnv(await client.getConfig(name), args.envVars ?? {})) {
          await client.setConfig(name, args.envVars ?? {});
        }
        if (args.autoUpdate) await client.setAutoUpdate(name, args.autoUpdate);
        await this.settle(client, args, name, seen);
        return { id: name, outs: outputs(args, name, seen) };
      } catch (e) {
        throw createdButFailed(e, name, outputs(args, name, seen), inputs);
      }
    });
  }

  async read(id: string, props: Props): Promise<pulumi.dynamic.ReadResult> {
    const stored = withoutProvider(props);
    const client = this.client(stored);
    return this.runtime.guard(secretsOf(stored), async () => {
      const status = await unlessNotFound(() => client.getStatus(id));
      if (!status || status.status === "Deleting") return { id: "", props: {} }; // gone, or about to be
      const envVars = await client.getConfig(id);
      const auto = await client.getAutoUpdate(id);
      const lastError =
        status.status === "Error"
          ? ((await client.listDeployments()).find((d) => d.name === id)?.lastError ?? undefined)
          : undefined;
      const args = {
        ...stored,
        name: (stored.requestedName as string | null | undefined) ?? undefined,
        envVars: stored.envVars === undefined && Object.keys(envVars).length === 0 ? undefined : envVars,
        autoUpdate:
          stored.autoUpdate === undefined && !auto.enabled
            ? undefined
            : { enabled: auto.enabled, strategy: auto.strategy ?? defaults.autoUpdateStrategy },
      } as DeploymentInputs;
      return { id, props: outputs(args, id, { status, lastError }) };
    });
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const args = parseInputs(news);
    const client = this.client(args);
    return this.runtime.guard(secretsOf(args), async () => {
      const changed = (key: (typeof apiUpdateKeys)[number]) =>
        JSON.stringify(olds[key] ?? null) !== JSON.stringify(args[key] ?? null);
      const seen: Seen = {};
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
        return { outs: outputs(args, id, seen) };
      } catch (e) {
        throw createdButFailed(e, id, outputs(args, id, seen), news);
      }
    });
  }

  async delete(id: string, props: Props): Promise<void> {
    const stored = withoutProvider(props);
    const client = this.client(stored);
    await this.runtime.guard(secretsOf(stored), async () => {
      const status = await unlessNotFound(() => client.getStatus(id));
      if (!status) return; // already gone
      if (status.status !== "Deleting") {
        if (status.allowDelete === false) throw cannotDelete(id, status);
        const started = await unlessNotFound(() => client.deleteDeployment(id).then(() => true));
        if (!started) return;
      }
      const timeoutMs = minutesToMs(stored.readyTimeoutMinutes, defaults.readyTimeoutMinutes);
      await waitUntilGone(client, id, timeoutMs, this.surroundings());
      this.runtime.log(`deleted deployment ${id}`);
    });
  }

  /** Waits until Ready (or only reads the status when `waitForReady` is false), noting in `seen` what it saw. */
  private async settle(
    client: ShipyardClient,
    args: DeploymentInputs,
    name: string,
    seen: Seen,
  ): Promise<Seen> {
    if (!args.waitForReady) {
      seen.status = await client.getStatus(name);
      return seen;
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
    return seen;
  }

  private surroundings() {
    return {
      log: (message: string) => this.runtime.log(message),
      sleep: (ms: number) => this.runtime.sleep(ms),
      waitOptions: () => this.runtime.waitOptions(),
    };
  }

  private client(args: Props | DeploymentInputs): ShipyardClient {
    const apiUrl = this.runtime.apiUrl();
    if (!apiUrl) throw new Error(MISSING_URL);
    return new ShipyardClient({
      apiKey: this.runtime.apiKey(args.apiKey as string | undefined),
      apiUrl,
      secrets: secretsOf(args),
      ...this.runtime.clientOptions(),
    });
  }
}

/** What the API last said of the deployment. */
interface Seen {
  status?: DeploymentStatus;
  lastError?: string;
}

function cannotDelete(name: string, status: DeploymentStatus): Error {
  const why = status.statusMessage ? `: ${status.statusMessage}` : "";
  return new Error(
    `deployment ${name} cannot be deleted now: the API reports canDelete false (status ${status.status}${why}); ` +
      "lift the protection in Shipyard or wait, then run `pulumi destroy` again",
  );
}

/** Inputs as check left them, defaults applied again for states written before a default existed. */
function parseInputs(inputs: Props): DeploymentInputs {
  const known = new Set<string>([...replaceKeys, ...updateKeys, "name"]);
  const picked = Object.fromEntries(Object.entries(inputs).filter(([key]) => known.has(key)));
  const { parsed, failures } = checkInputs(InputSchema, picked);
  if (!parsed) {
    const [first] = failures.map((f) => hideSecretFailure(f, secretInputs));
    throw new Error(`invalid input: ${first?.property ? `${first.property}: ` : ""}${first?.reason}`);
  }
  return parsed;
}

function sameEnv(a: Record<string, string>, b: Record<string, string>): boolean {
  const sorted = (r: Record<string, string>) =>
    JSON.stringify(Object.entries(r).sort(([x], [y]) => x.localeCompare(y)));
  return sorted(a) === sorted(b);
}

/** Every value to mask: the key and the env var values. */
function secretsOf(args: Props | DeploymentInputs): string[] {
  const env = (args.envVars ?? {}) as Record<string, unknown>;
  return [args.apiKey, ...Object.values(env)].filter((v): v is string => typeof v === "string");
}

/** The resource's outputs: the inputs as given, and what the API says. Undefined values are left out. */
export function outputs(args: DeploymentInputs, name: string, seen: Seen): Props {
  const status = seen.status;
  const ingresses = status?.ingresses ?? [];
  const out: Props = {
    ...Object.fromEntries([...replaceKeys, ...updateKeys].map((key) => [key, args[key]])),
    name,
    requestedName: args.name ?? null,
    status: status?.status ?? "Pending",
    ready: status?.status === "Ready" && status.deploymentReady !== false,
    ingresses,
    url: ingresses[0]?.url ?? null,
    statusMessage: status?.statusMessage ?? null,
    lastError: seen.lastError ?? null,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
