/**
 * One emulated Roboflow deployment as the store keeps it, and what it shows: its status is derived on
 * every read from its phase, its expiry and the clock (no timers).
 */
import type { DeploymentRecord, DeploymentStatus, LogEntry } from "./shapes";

export type Phase =
  | { kind: "starting"; since: number; ms: number }
  | { kind: "paused"; since: number }
  | { kind: "failed"; since: number }
  | { kind: "deleting"; since: number; ms: number }
  | { kind: "deleted"; since: number };

export interface StoredLog {
  at: number;
  seq: number;
  insertId: string;
  payload: string;
  severity: LogEntry["severity"];
}

export interface Deployment {
  fields: Omit<DeploymentRecord, "status" | "num_replicas">;
  createdAt: number;
  expiresAt: number;
  phase: Phase;
  /** Every phase it has been in, oldest first, each from its `since`: what usage is counted from. */
  history: Phase[];
  logs: StoredLog[];
}

/** The status a deployment shows at `now`, derived from its phase, its expiry and the clock. */
export function statusOf(d: Deployment, now: number): DeploymentStatus {
  const phase = d.phase;
  if (phase.kind === "deleted") return "deleted";
  if (phase.kind === "deleting") return now >= phase.since + phase.ms ? "deleted" : "deleting";
  if (now >= d.expiresAt) return d.fields.delete_on_expiration ? "deleted" : "expired";
  if (phase.kind === "starting") return now >= phase.since + phase.ms ? "ready" : "pending";
  return phase.kind;
}

/** The status a deployment showed at `at` (not after now), from the phase it was in then; undefined before creation. */
export function statusAt(d: Deployment, at: number): DeploymentStatus | undefined {
  const phase = d.history.findLast((p) => p.since <= at);
  return phase && statusOf({ ...d, phase }, at);
}

/** A deployment as the API returns it at `now`. */
export function viewOf(d: Deployment, now: number): DeploymentRecord {
  const status = statusOf(d, now);
  const { fields } = d;
  return {
    deployment_id: fields.deployment_id,
    deployment_name: fields.deployment_name,
    machine_type: fields.machine_type,
    creator_email: fields.creator_email,
    creator_id: fields.creator_id,
    subdomain: fields.subdomain,
    domain: fields.domain,
    duration: fields.duration,
    inference_version: fields.inference_version,
    min_replicas: fields.min_replicas,
    max_replicas: fields.max_replicas,
    num_replicas: status === "ready" ? fields.min_replicas : 0,
    ...(fields.delete_on_expiration === undefined
      ? {}
      : { delete_on_expiration: fields.delete_on_expiration }),
    status,
    workspace_id: fields.workspace_id,
    workspace_url: fields.workspace_url,
  };
}
