/**
 * How NX1's answers and the resource's inputs map onto each other: the create's body, what a
 * refresh takes from the API, when a deployment is ready, and the resource's id. Pure functions, no calls.
 * The fields the schema declares with a wire name travel as they are; the model, the source and the
 * schedule change shape.
 */
import type { EngineProps } from "../core/dynamic";
import { inputsFromApi, toWire } from "../core/fields";
import type { PollOutcome } from "../core/wait";
import type { CreateDeploymentRequest, Deployment } from "./api";
import { ModelDeploymentInputs, type ModelDeploymentOutputs } from "./schema";

type Inputs = ModelDeploymentInputs;
type Outputs = ModelDeploymentOutputs;

/** Done when active (online: every replica ready); failed on `failed`, `stopped` or `archived`. */
export function readiness(d: Deployment): PollOutcome<Deployment> {
  switch (d.status) {
    case "active": {
      const wanted = d.replica_count ?? 0;
      const ready = d.ready_replicas ?? 0;
      if (d.type !== "online" || ready >= wanted) return { done: true, value: d };
      return { done: false, progress: `active, ${ready}/${wanted} replicas ready` };
    }
    case "failed":
      return { failed: `it failed: ${d.error_message ?? "NX1 gave no error message"}` };
    case "stopped":
    case "archived":
      return { failed: `it was ${d.status} by someone else` };
    default:
      return { done: false, progress: `status ${d.status}` };
  }
}

/** Whether stored outputs show a deployment still starting (pending, deploying, replicas not all ready). */
export function unfinished(stored: EngineProps<Outputs>): boolean {
  if (stored.status === "pending" || stored.status === "deploying") return true;
  const ready = Number(stored.readyReplicas ?? 0);
  return stored.status === "active" && stored.type === "online" && ready < Number(stored.replicaCount ?? 0);
}

/** The resource's id: the model and the name, which key every endpoint. */
export function idOf(model: string, name: string): string {
  return `${model}/${name}`;
}

/** The model and name of an id; the name (a DNS label) holds no `/`. */
export function parseId(id: string): { model: string; name: string } {
  const at = id.lastIndexOf("/");
  return { model: id.slice(0, at), name: id.slice(at + 1) };
}

/** The body of the create: the inputs in the API's shape, batch fields only for a batch deployment. */
export function createRequest(args: Inputs): CreateDeploymentRequest {
  const { source } = args;
  const request = {
    ...toWire(ModelDeploymentInputs, args),
    model: { model_name: args.model, model_version: args.modelVersion, model_alias: args.modelAlias },
    source: source && {
      schema: source.schema,
      table: source.table,
      catalog: source.catalog,
      filter_sql: source.filterSql,
      snapshot_id: source.snapshotId,
    },
    schedule: args.type === "batch" ? (args.schedule ?? null) : undefined,
  };
  return JSON.parse(JSON.stringify(request)); // leaves out what is undefined
}

/** How an existing deployment differs from the inputs on what identifies it. */
export function differencesFrom(args: Inputs, d: Deployment): string[] {
  const pairs: Array<[string, unknown, unknown]> = [
    ["type", d.type, args.type],
    ["modelVersion", d.model.model_version ?? undefined, args.modelVersion],
    ["modelAlias", d.model.model_alias ?? undefined, args.modelAlias],
    ["domain", d.domain, args.domain],
    ["owner", d.owner, args.owner],
  ];
  return pairs
    .filter(([, live, wanted]) => live !== wanted)
    .map(([key, live, wanted]) => `${key} is ${String(live)}, the inputs say ${String(wanted)}`);
}

/** What a refresh (or an import) knows: the live type, model reference and roles; the stored inputs for the rest. */
export function argsFromApi(stored: EngineProps<Outputs>, d: Deployment): Inputs {
  const liveRoles = d.allowed_roles ?? [];
  return {
    ...inputsFromApi(ModelDeploymentInputs, stored, d),
    // The path's model (an import knows nothing else of it).
    model: stored.model ?? d.model.model_name,
    modelVersion: d.model.model_version ?? undefined,
    modelAlias: d.model.model_alias ?? undefined,
    allowedRoles: stored.allowedRoles === undefined && liveRoles.length === 0 ? undefined : liveRoles,
  };
}
