import { randomInt } from "node:crypto";

/** The Roboflow API's shapes and constants, shared by the store and the routes. */

/** How long, in real (or manual-clock) milliseconds, each transient state lasts. */
export interface RoboflowTiming {
  pendingMs: number;
  resumeMs: number;
  deleteMs: number;
}

/** Every status a deployment can show. `deleted` is only visible through `/list?show_deleted=true`. */
export type DeploymentStatus = "pending" | "ready" | "paused" | "failed" | "deleting" | "deleted" | "expired";

/** A deployment as the API returns it: exactly the fields of the documented `/add` response. */
export interface DeploymentRecord {
  deployment_id: string;
  deployment_name: string;
  machine_type: string;
  creator_email: string;
  creator_id: string;
  subdomain: string;
  domain: string;
  duration: number;
  inference_version: string;
  min_replicas: number;
  max_replicas: number;
  num_replicas: number;
  /**
   * Not in the seed: reported where it was sent (the official client sends it) or the emulator's
   * `deleteOnExpiration` option chose it; absent otherwise, as the seed's answer is.
   */
  delete_on_expiration?: boolean;
  status: DeploymentStatus;
  workspace_id: string;
  workspace_url: string;
}

/** One `/get_log` entry. */
export interface LogEntry {
  insert_id: string;
  payload: string;
  severity: "INFO" | "WARNING" | "ERROR";
  timestamp: string;
}

/** The statuses usage is broken down by: every status but `deleted`, which no longer exists. */
export const USAGE_STATUSES = ["pending", "ready", "paused", "failed", "deleting", "expired"] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];

/** One deployment's usage in a window (an assumed shape: the service does not document it). */
export interface DeploymentUsageRecord {
  deployment_id: string;
  deployment_name: string;
  machine_type: string;
  /** Its status now. */
  status: DeploymentStatus;
  /** Machines it runs while billable: the emulator does not autoscale, so `min_replicas`. */
  replicas: number;
  /** Hours spent in each status within the window. */
  hours_by_status: Record<UsageStatus, number>;
  /** Hours in a billable status (`pending`, `ready`). */
  billable_hours: number;
  /** billable_hours × replicas. */
  machine_hours: number;
}

/** `/usage_deployment`: one deployment's usage and the window it covers. */
export interface DeploymentUsageAnswer extends DeploymentUsageRecord {
  from_timestamp: string;
  to_timestamp: string;
}

/** `/usage_workspace`: every deployment that existed in the window, deleted ones included, and the totals. */
export interface WorkspaceUsageAnswer {
  workspace_id: string;
  workspace_url: string;
  from_timestamp: string;
  to_timestamp: string;
  billable_hours: number;
  machine_hours: number;
  deployments: DeploymentUsageRecord[];
}

/** A validated `/add` request. */
export interface AddDeploymentInput {
  deployment_name: string;
  machine_type: string;
  creator_email: string;
  duration: number;
  inference_version: string;
  min_replicas: number;
  max_replicas: number;
  /** Undefined when neither sent nor chosen by the emulator's option: false, and not reported. */
  delete_on_expiration: boolean | undefined;
}

/** An API error answer: its status and the plain-string body the service sends. */
export class ApiFailure extends Error {
  override readonly name = "ApiFailure";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The concrete version `inference_version: "latest"` resolves to. */
export const LATEST_INFERENCE_VERSION = "0.45.0";

/** Machine types offered unless the emulator is given its own list. */
export const DEFAULT_MACHINE_TYPES = ["dev-cpu", "dev-gpu", "prod-cpu", "prod-gpu"];

export const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
export const LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

export function randomString(length: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** ISO 8601 with microseconds and an explicit offset, as the service writes log timestamps. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000+00:00");
}
