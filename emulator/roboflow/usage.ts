/**
 * Usage as the emulator derives it from its own state: the time each deployment spent in each status
 * within a window, read from its phase history, its expiry and the clock. `pending` and `ready` are billable
 * (a machine is held for the deployment); `paused`, `failed`, `deleting` and `expired` are not.
 */
import { type Deployment, statusAt, statusOf } from "./deployment";
import {
  type DeploymentUsageAnswer,
  type DeploymentUsageRecord,
  formatTimestamp,
  USAGE_STATUSES,
  type UsageStatus,
  type WorkspaceUsageAnswer,
} from "./shapes";

const HOUR_MS = 3_600_000;
const BILLABLE: ReadonlySet<string> = new Set<UsageStatus>(["pending", "ready"]);

/** A time window in milliseconds since the epoch, `from` inclusive, `to` exclusive. */
export interface UsageWindow {
  from: number;
  to: number;
}

/** Hours from milliseconds, to the microhour, so sums of whole minutes print as the figures they are. */
function hours(ms: number): number {
  return Math.round((ms / HOUR_MS) * 1e6) / 1e6;
}

/** Milliseconds spent in each status between `from` and `to` (never past now). */
function msByStatus(d: Deployment, window: UsageWindow, now: number): Record<UsageStatus, number> {
  const totals = Object.fromEntries(USAGE_STATUSES.map((s) => [s, 0])) as Record<UsageStatus, number>;
  const start = Math.max(window.from, d.createdAt);
  const end = Math.min(window.to, now);
  if (end <= start) return totals;
  // The status can only change at these instants: a phase change, the end of a transient phase, expiry.
  const changes = [d.expiresAt];
  for (const phase of d.history) {
    changes.push(phase.since);
    if (phase.kind === "starting" || phase.kind === "deleting") changes.push(phase.since + phase.ms);
  }
  const cuts = [start, ...changes.filter((t) => t > start && t < end), end].sort((a, b) => a - b);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const status = statusAt(d, cuts[i]);
    if (status !== undefined && status !== "deleted") totals[status] += cuts[i + 1] - cuts[i];
  }
  return totals;
}

/** One deployment's usage in the window, with the milliseconds its totals are summed from. */
function usageOf(
  d: Deployment,
  window: UsageWindow,
  now: number,
): { record: DeploymentUsageRecord; presentMs: number; billableMs: number } {
  const ms = msByStatus(d, window, now);
  const billableMs = USAGE_STATUSES.filter((s) => BILLABLE.has(s)).reduce((sum, s) => sum + ms[s], 0);
  const presentMs = USAGE_STATUSES.reduce((sum, s) => sum + ms[s], 0);
  const replicas = d.fields.min_replicas;
  const record: DeploymentUsageRecord = {
    deployment_id: d.fields.deployment_id,
    deployment_name: d.fields.deployment_name,
    machine_type: d.fields.machine_type,
    status: statusOf(d, now),
    replicas,
    hours_by_status: Object.fromEntries(USAGE_STATUSES.map((s) => [s, hours(ms[s])])) as Record<
      UsageStatus,
      number
    >,
    billable_hours: hours(billableMs),
    machine_hours: hours(billableMs * replicas),
  };
  return { record, presentMs, billableMs };
}

/** `/usage_deployment` for one deployment. */
export function deploymentUsage(d: Deployment, window: UsageWindow, now: number): DeploymentUsageAnswer {
  return {
    ...usageOf(d, window, now).record,
    from_timestamp: formatTimestamp(window.from),
    to_timestamp: formatTimestamp(window.to),
  };
}

/** `/usage_workspace`: every deployment that existed during the window, in creation order, and the totals. */
export function workspaceUsage(
  workspace: { workspace_id: string; workspace_url: string },
  deployments: readonly Deployment[],
  window: UsageWindow,
  now: number,
): WorkspaceUsageAnswer {
  const usages = deployments.map((d) => usageOf(d, window, now)).filter((u) => u.presentMs > 0);
  return {
    ...workspace,
    from_timestamp: formatTimestamp(window.from),
    to_timestamp: formatTimestamp(window.to),
    billable_hours: hours(usages.reduce((sum, u) => sum + u.billableMs, 0)),
    machine_hours: hours(usages.reduce((sum, u) => sum + u.billableMs * u.record.replicas, 0)),
    deployments: usages.map((u) => u.record),
  };
}
