/**
 * The parts of the Shipyard lifecycle that talk to the API at length: a create that never makes a second
 * deployment when its answer is lost (even though the server picks the name), and the waits until Ready and
 * until gone.
 */
import type { CreateSteps } from "../core/createOnce";
import { isHttpStatusError } from "../core/errors";
import { toWire } from "../core/fields";
import { unlessNotFound } from "../core/notFound";
import { resolvePolicy } from "../core/retryPolicy";
import { type PollOutcome, waitUntil } from "../core/wait";
import type { DeploymentStatus, DeploymentSummary } from "./api";
import type { ShipyardClient } from "./client";
import { type DeploymentInputs, DeploymentInputs as InputSchema } from "./schema";

/** What a lifecycle step needs from the provider's runtime. */
export interface Surroundings {
  /** The shared class's create: never blindly repeated, a held name refused (the `name` input's). */
  createOnce<T>(steps: CreateSteps<T>, what: string): Promise<T>;
  log(message: string): void;
  sleep(ms: number): Promise<void>;
  waitOptions(): {
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
    onProgress?: (m: string) => void;
    signal?: AbortSignal;
  };
}

/**
 * Looks at the list this many times after an ambiguous create, pausing the policy's create backoff more
 * each time, before the create is sent again: a deployment the operator lists a little late is still seen.
 */
const LOOKS = 3;

/** What a create ended with: the deployment's name, and whether it existed before (adopted). */
export interface Created {
  name: string;
  adopted: boolean;
}

/**
 * Creates the deployment `args` describe, through the core's `createOnce`: a failure after which the API
 * may have acted (no answer, a 5xx other than 503, an unreadable answer) is resolved by looking, never by
 * blindly sending again. A named deployment is looked up by name; an unnamed one is the single deployment of
 * that template (or image) that was not in the list taken just before the create.
 */
export async function createDeployment(
  client: ShipyardClient,
  args: DeploymentInputs,
  adoptExisting: boolean,
  around: Surroundings,
): Promise<Created> {
  const named = args.name;
  const adopt = args.adopt || adoptExisting;
  if (named !== undefined && adopt) {
    const existing = await unlessNotFound(() => client.getStatus(named));
    if (existing) {
      around.log(`adopting the existing deployment ${named} (${existing.status})`);
      return { name: named, adopted: true };
    }
  }
  // A deployment marked as this resource's is the one a run of this stack created before it was cut off
  // (killed between the create and the state's record of it): continue with it, never make a second one.
  const own = adopt ? undefined : await findOwn(client, args);
  if (own !== undefined) {
    around.log(`continuing with deployment ${own}, which a run of this stack created before it was cut off`);
    return { name: own, adopted: false };
  }
  const before =
    named === undefined ? new Set((await client.listDeployments()).map((d) => d.name)) : undefined;
  try {
    const name = await around.createOnce(
      {
        create: async () => (await send(client, args)).name,
        find: () => lookForCreated(client, args, before, around),
        // The name was free just before the create: taken after an ambiguous attempt, that attempt took it.
        provesEarlierAttempt: (e) => named !== undefined && isHttpStatusError(e, 409),
        // A chosen name already held (another stack's, or made by hand) is refused before anything is sent.
        holder:
          named === undefined || adopt
            ? undefined
            : async () => {
                const existing = await unlessNotFound(() => client.getStatus(named));
                return existing ? { id: named, status: existing.status } : undefined;
              },
      },
      named === undefined ? `the deployment of ${what(args)}` : `deployment ${named}`,
    );
    return { name, adopted: false };
  } catch (e) {
    throw explainCreateFailure(e, args);
  }
}

/**
 * The live deployment whose env vars carry this resource's marker (the client's `owner`), if any: for a
 * chosen name, that name's; else one of the same template or image. Another stack's never carries it.
 */
async function findOwn(client: ShipyardClient, args: DeploymentInputs): Promise<string | undefined> {
  if (client.owner === undefined) return undefined;
  const candidates =
    args.name !== undefined
      ? [args.name]
      : (await client.listDeployments())
          .filter((d) => d.status !== "Deleting" && sameKind(d, args))
          .map((d) => d.name);
  for (const name of candidates) {
    const status = await unlessNotFound(() => client.getStatus(name));
    if (status && status.status !== "Deleting" && (await client.ownerOf(name)) === client.owner) {
      return name;
    }
  }
  return undefined;
}

/** One create request: the inputs the schema sends under their API names; env vars always, empty or not. */
function send(client: ShipyardClient, args: DeploymentInputs) {
  const body = { envVars: {}, ...toWire(InputSchema, args) };
  return args.template !== undefined
    ? client.createFromTemplate({ ...body, template: args.template })
    : client.createFromImage({ ...body, image: args.image as string });
}

/** The deployment an ambiguous create made, if any; throws when several candidates cannot be told apart. */
async function lookForCreated(
  client: ShipyardClient,
  args: DeploymentInputs,
  before: Set<string> | undefined,
  around: Surroundings,
): Promise<string | undefined> {
  around.log("the answer to the create was lost; looking for the deployment it may have made");
  const { createBackoffMs } = resolvePolicy();
  for (let look = 0; look < LOOKS; look++) {
    await around.sleep(look * createBackoffMs);
    if (before === undefined) {
      const name = args.name as string;
      if (await unlessNotFound(() => client.getStatus(name))) return name;
      continue;
    }
    const fresh = (await client.listDeployments()).filter((d) => !before.has(d.name) && sameKind(d, args));
    const candidates = fresh.length > 1 ? await narrow(client, fresh, args) : fresh;
    const [found] = candidates;
    if (found && candidates.length === 1) {
      around.log(
        `deployment ${found.name} was created despite the lost answer: the one new deployment of ${what(args)}`,
      );
      return found.name;
    }
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
