/**
 * The parts of the Shipyard lifecycle that talk to the API at length: a create that never makes a second
 * deployment when its answer is lost (even though the server picks the name), and the waits until Ready and
 * until gone.
 */
import { isApiError, isHttpStatusError } from "../core/errors";
import { unlessNotFound } from "../core/runtime";
import { type PollOutcome, waitUntil } from "../core/wait";
import type { ShipyardClient } from "./client";
import type { DeploymentInputs, DeploymentStatus, DeploymentSummary } from "./schema";

/** What a lifecycle step needs from the provider's runtime. */
export interface Surroundings {
  log(message: string): void;
  sleep(ms: number): Promise<void>;
  waitOptions(): {
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
    onProgress?: (m: string) => void;
  };
}

/** Sends of a create in all, when the earlier ones certainly did nothing. */
const CREATE_ATTEMPTS = 3;
/** Looks for the deployment an ambiguous create may have made, with growing pauses (seconds). */
const LOOK_PAUSES_MS = [0, 1_000, 2_000];

/** What a create ended with: the deployment's name, and whether it existed before (adopted). */
export interface Created {
  name: string;
  adopted: boolean;
}

/**
 * Creates the deployment `args` describe. A failure after which the API may have acted (no answer, a 5xx
 * other than 503, an unreadable answer) is resolved by looking, never by blindly sending again: a named
 * deployment is looked up by name; an unnamed one is the single deployment of that template (or image) that
 * was not in the list taken just before the create.
 */
export async function createDeployment(
  client: ShipyardClient,
  args: DeploymentInputs,
  adoptExisting: boolean,
  around: Surroundings,
): Promise<Created> {
  const named = args.name;
  if (named !== undefined) {
    const existing = await unlessNotFound(() => client.getStatus(named));
    if (existing && (args.adopt || adoptExisting)) {
      around.log(`adopting the existing deployment ${named} (${existing.status})`);
      return { name: named, adopted: true };
    }
    if (existing) {
      throw new Error(
        `deployment ${named} already exists (${existing.status}); creating it would take it over: ` +
          "set adopt: true to manage it, or choose another name",
      );
    }
  }
  const before =
    named === undefined ? new Set((await client.listDeployments()).map((d) => d.name)) : undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await send(client, args);
      return { name: result.name, adopted: false };
    } catch (e) {
      if (!(isApiError(e) && e.ambiguous) || attempt >= CREATE_ATTEMPTS) throw explainCreateFailure(e, args);
      around.log(
        `the answer to the create was lost (${e.message}); looking for the deployment it may have made`,
      );
      const found = await lookForCreated(client, args, before, around);
      if (found) {
        around.log(`deployment ${found} was created despite the lost answer; continuing with it`);
        return { name: found, adopted: false };
      }
      around.log("no deployment was made; sending the create again");
    }
  }
}

function send(client: ShipyardClient, args: DeploymentInputs) {
  const common = { envVars: args.envVars ?? {}, visibility: args.visibility };
  return args.template !== undefined
    ? client.createFromTemplate({ template: args.template, ...common })
    : client.createFromImage({
        image: args.image as string,
        name: args.name,
        containerPort: args.containerPort,
        ...common,
      });
}

/** The deployment an ambiguous create made, if any; throws when several candidates cannot be told apart. */
async function lookForCreated(
  client: ShipyardClient,
  args: DeploymentInputs,
  before: Set<string> | undefined,
  around: Surroundings,
): Promise<string | undefined> {
  for (const pause of LOOK_PAUSES_MS) {
    await around.sleep(pause);
    if (before === undefined) {
      const name = args.name as string;
      if (await unlessNotFound(() => client.getStatus(name))) return name;
      continue;
    }
    const fresh = (await client.listDeployments()).filter((d) => !before.has(d.name) && sameKind(d, args));
    const candidates = fresh.length > 1 ? await narrow(client, fresh, args) : fresh;
    if (candidates.length === 1) return candidates[0]?.name;
    if (candidates.length > 1) {
      throw new Error(
        `the answer to the create was lost and ${candidates.length} new deployments of ${what(args)} appeared ` +
          `(${candidates.map((d) => d.name).join(", ")}), created at the same time by another client: it cannot ` +
          "be told which is this stack's; delete the one that is not yours in Shipyard, then run `pulumi up` again",
      );
    }
  }
  return undefined;
}

/** Whether a listed deployment runs what `args` asks for (an image deployment lists no template). */
function sameKind(d: DeploymentSummary, args: DeploymentInputs): boolean {
  if (args.template !== undefined) return d.template === args.template;
  return !d.template && (d.image === undefined || d.image === null || d.image === args.image);
}

/** Of several new deployments, those with this create's visibility and env vars. */
async function narrow(client: ShipyardClient, fresh: DeploymentSummary[], args: DeploymentInputs) {
  const wanted = JSON.stringify(sortKeys(args.envVars ?? {}));
  const matches: DeploymentSummary[] = [];
  for (const d of fresh) {
    if (d.visibility && d.visibility !== args.visibility) continue;
    const env = await unlessNotFound(() => client.getConfig(d.name));
    if (env && JSON.stringify(sortKeys(env)) === wanted) matches.push(d);
  }
  return matches;
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

const what = (args: DeploymentInputs) =>
  args.template !== undefined ? `template ${args.template}` : `image ${args.image}`;

/** The create's failure with what to do, for the answers a user must act on. */
function explainCreateFailure(e: unknown, args: DeploymentInputs): unknown {
  if (isHttpStatusError(e, 403) && /limit/i.test(e.detail)) {
    return new Error(
      `${e.message}; the account's tier limit on deployments is reached: delete a deployment or upgrade the ` +
        "plan, then run `pulumi up` again",
    );
  }
  if (isHttpStatusError(e, 409)) {
    return new Error(`${e.message}; choose another name for ${what(args)}, or set adopt: true to manage it`);
  }
  return e;
}

/** One look at the deployment while waiting for Ready; `remember` keeps the last status seen. */
export async function pollReady(
  client: ShipyardClient,
  name: string,
  remember: (status: DeploymentStatus, lastError?: string) => void,
): Promise<PollOutcome<DeploymentStatus>> {
  const status = await unlessNotFound(() => client.getStatus(name));
  if (!status) return { failed: `deployment ${name} no longer exists` };
  if (status.status === "Error") {
    const listed = (await client.listDeployments()).find((d) => d.name === name);
    const reason = listed?.lastError ?? status.statusMessage ?? "no message";
    remember(status, reason);
    return { failed: `deployment ${name} is in Error: ${reason}` };
  }
  remember(status);
  if (status.status === "Deleting") return { failed: `deployment ${name} is being deleted` };
  if (status.status === "Ready" && status.deploymentReady !== false) return { done: true, value: status };
  return {
    done: false,
    progress: `${status.status}${status.statusMessage ? ` (${status.statusMessage})` : ""}`,
  };
}

/** Waits until `name` answers 404. */
export async function waitUntilGone(
  client: ShipyardClient,
  name: string,
  timeoutMs: number,
  around: Surroundings,
): Promise<void> {
  await waitUntil(
    async () => {
      const status = await unlessNotFound(() => client.getStatus(name));
      return status ? { done: false, progress: status.status } : { done: true, value: undefined };
    },
    { what: `deployment ${name} to be deleted`, timeoutMs, ...around.waitOptions() },
  );
}
