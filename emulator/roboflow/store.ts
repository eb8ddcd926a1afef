import { createHash, randomInt } from "node:crypto";
import type { Clock } from "../clock";
import { type Deployment, type Phase, statusOf, viewOf } from "./deployment";
import {
  type AddDeploymentInput,
  ALPHANUMERIC,
  ApiFailure,
  DEFAULT_MACHINE_TYPES,
  type DeploymentRecord,
  type DeploymentUsageAnswer,
  formatTimestamp,
  LATEST_INFERENCE_VERSION,
  LOWER_ALPHANUMERIC,
  type LogEntry,
  type RoboflowTiming,
  randomString,
  type WorkspaceUsageAnswer,
} from "./shapes";
import { deploymentUsage, type UsageWindow, workspaceUsage } from "./usage";

export interface RoboflowStoreOptions {
  clock: Clock;
  timing: RoboflowTiming;
  machineTypes?: string[];
  takenSubdomains?: string[];
}

/**
 * The state of one emulated Roboflow workspace and the deployment state machine.
 *
 * Statuses are derived on every read from timestamps and the clock (no timers), so a ManualClock
 * drives them deterministically: pending → ready after `pendingMs`; paused → pending → ready after
 * `resumeMs`; deleting → deleted after `deleteMs`; expired `duration` hours after creation.
 */
export class RoboflowStore {
  readonly machineTypes: readonly string[];
  readonly workspaceId = randomString(20, ALPHANUMERIC);
  readonly workspaceUrl = "emulator-workspace";
  private readonly clock: Clock;
  private readonly timing: RoboflowTiming;
  private readonly takenSubdomains: Set<string>;
  private deployments: Deployment[] = [];
  private logSeq = 0;

  constructor(options: RoboflowStoreOptions) {
    this.clock = options.clock;
    this.timing = options.timing;
    this.machineTypes = [...(options.machineTypes ?? DEFAULT_MACHINE_TYPES)];
    this.takenSubdomains = new Set(options.takenSubdomains ?? []);
  }

  /** Creates a deployment in `pending`. Throws ApiFailure 400 (machine type) or 409 (name in use). */
  add(input: AddDeploymentInput): DeploymentRecord {
    const now = this.clock.now();
    const name = input.deployment_name;
    if (!this.machineTypes.includes(input.machine_type)) {
      throw new ApiFailure(
        400,
        `invalid machine_type ${input.machine_type}, valid machine types are: ${this.machineTypes.join(", ")}`,
      );
    }
    if (this.find(name, now)) throw new ApiFailure(409, `deployment ${name} already exists`);
    const subdomain = this.subdomainFor(name, now);
    const deployment: Deployment = {
      fields: {
        deployment_id: randomString(20, ALPHANUMERIC),
        deployment_name: name,
        machine_type: input.machine_type,
        creator_email: input.creator_email,
        creator_id: createHash("sha256").update(input.creator_email).digest("base64url").slice(0, 28),
        subdomain,
        domain: `${subdomain}.roboflow.cloud`,
        duration: input.duration,
        inference_version:
          input.inference_version === "latest" ? LATEST_INFERENCE_VERSION : input.inference_version,
        min_replicas: input.min_replicas,
        max_replicas: input.max_replicas,
        delete_on_expiration: input.delete_on_expiration,
        workspace_id: this.workspaceId,
        workspace_url: this.workspaceUrl,
      },
      createdAt: now,
      expiresAt: now + input.duration * 3_600_000,
      phase: { kind: "starting", since: now, ms: this.timing.pendingMs },
      history: [],
      logs: [],
    };
    this.deployments.push(deployment);
    this.setPhase(deployment, now, deployment.phase);
    this.log(deployment, now, `Scheduling deployment ${name} on a ${input.machine_type} machine`);
    this.scheduleStartup(deployment, now, this.timing.pendingMs);
    return viewOf(deployment, now);
  }

  /** The deployment with this name that is not deleted (expired ones included), as the API shows it. */
  get(name: string): DeploymentRecord | undefined {
    const now = this.clock.now();
    const deployment = this.find(name, now);
    return deployment && viewOf(deployment, now);
  }

  /** Every deployment that is not deleted, in creation order. */
  live(): DeploymentRecord[] {
    return this.list({ showExpired: true, showDeleted: false });
  }

  /** What `/list` returns: expired and deleted deployments only when asked for. */
  list(options: { showExpired: boolean; showDeleted: boolean }): DeploymentRecord[] {
    const now = this.clock.now();
    return this.deployments
      .map((d) => viewOf(d, now))
      .filter(
        (d) =>
          (d.status !== "expired" || options.showExpired) && (d.status !== "deleted" || options.showDeleted),
      );
  }

  /** `/pause`: only a ready deployment pauses. */
  pause(name: string): void {
    const now = this.clock.now();
    const deployment = this.require(name, now);
    const status = statusOf(deployment, now);
    if (status !== "ready") {
      throw new ApiFailure(409, `deployment ${name} is ${status}, only a ready deployment can be paused`);
    }
    this.setPhase(deployment, now, { kind: "paused", since: now });
    this.log(deployment, now, "Deployment paused, scaled down to 0 replicas");
  }

  /** `/resume`: a paused deployment goes back through pending. */
  resume(name: string): void {
    const now = this.clock.now();
    const deployment = this.require(name, now);
    const status = statusOf(deployment, now);
    if (status !== "paused") {
      throw new ApiFailure(409, `deployment ${name} is ${status}, only a paused deployment can be resumed`);
    }
    this.setPhase(deployment, now, { kind: "starting", since: now, ms: this.timing.resumeMs });
    this.log(deployment, now, `Resuming deployment ${name}`);
    this.scheduleStartup(deployment, now, this.timing.resumeMs);
  }

  /** `/delete`: the deployment shows `deleting`, then disappears. Deleting twice is accepted. */
  remove(name: string): void {
    const now = this.clock.now();
    const deployment = this.require(name, now);
    if (statusOf(deployment, now) === "deleting") return;
    this.setPhase(deployment, now, { kind: "deleting", since: now, ms: this.timing.deleteMs });
    this.log(deployment, now, `Deleting deployment ${name}`);
  }

  /** `/get_log`: entries between `from` and `to` (and not after now), newest first, at most `max`. */
  logs(name: string, window: { from: number; to: number; max: number }): LogEntry[] {
    const now = this.clock.now();
    const deployment = this.require(name, now);
    const to = Math.min(window.to, now);
    return deployment.logs
      .filter((l) => l.at >= window.from && l.at <= to)
      .sort((a, b) => b.at - a.at || b.seq - a.seq)
      .slice(0, window.max)
      .map((l) => ({
        insert_id: l.insertId,
        payload: l.payload,
        severity: l.severity,
        timestamp: formatTimestamp(l.at),
      }));
  }

  /** `/usage_deployment`: the usage in the window of a deployment that is not deleted (404 otherwise). */
  deploymentUsage(name: string, window: UsageWindow): DeploymentUsageAnswer {
    const now = this.clock.now();
    return deploymentUsage(this.require(name, now), window, now);
  }

  /** `/usage_workspace`: every deployment's usage in the window, deleted ones included, and the totals. */
  workspaceUsage(window: UsageWindow): WorkspaceUsageAnswer {
    const workspace = { workspace_id: this.workspaceId, workspace_url: this.workspaceUrl };
    return workspaceUsage(workspace, this.deployments, window, this.clock.now());
  }

  /** Deletes a deployment behind the API's back (as from the web app): it is gone at once. */
  deleteOutOfBand(name: string): void {
    const now = this.clock.now();
    this.setPhase(this.require(name, now), now, { kind: "deleted", since: now });
  }

  /** Pauses a pending or ready deployment behind the API's back (as the inactivity auto-pause does). */
  pauseOutOfBand(name: string): void {
    const now = this.clock.now();
    const deployment = this.require(name, now);
    const status = statusOf(deployment, now);
    if (status === "paused") return;
    if (status !== "ready" && status !== "pending") {
      throw new ApiFailure(409, `deployment ${name} is ${status} and cannot be paused`);
    }
    this.setPhase(deployment, now, { kind: "paused", since: now });
    this.log(deployment, now, "Deployment paused after a period of inactivity, scaled down to 0 replicas");
  }

  /** Makes a deployment reach its expiry now (deleted instead when it was created with delete_on_expiration). */
  expire(name: string): void {
    const now = this.clock.now();
    const deployment = this.require(name, now);
    deployment.expiresAt = Math.min(deployment.expiresAt, now); // an earlier expiry stays: usage was counted to it
    this.setPhase(deployment, now, deployment.phase);
  }

  /** Fails a deployment, with an ERROR log entry carrying `message`. */
  fail(name: string, message = "inference server exited with code 137 (out of memory)"): void {
    const now = this.clock.now();
    const deployment = this.require(name, now);
    this.setPhase(deployment, now, { kind: "failed", since: now });
    this.log(deployment, now, `ERROR: ${message}`, "ERROR");
  }

  /** Forgets every deployment. */
  reset(): void {
    this.deployments = [];
  }

  private find(name: string, now: number): Deployment | undefined {
    return this.deployments.find((d) => d.fields.deployment_name === name && statusOf(d, now) !== "deleted");
  }

  private require(name: string, now: number): Deployment {
    const deployment = this.find(name, now);
    if (!deployment) throw new ApiFailure(404, `deployment ${name} not found`);
    return deployment;
  }

  private subdomainFor(name: string, now: number): string {
    const inUse = new Set(
      this.deployments.filter((d) => statusOf(d, now) !== "deleted").map((d) => d.fields.subdomain),
    );
    let subdomain = name;
    while (this.takenSubdomains.has(subdomain) || inUse.has(subdomain)) {
      subdomain = `${name}-${randomString(4, LOWER_ALPHANUMERIC)}`;
    }
    return subdomain;
  }

  /** Changes phase and records it in the history: log lines planned for the future are dropped, and the expiry line is planned anew. */
  private setPhase(d: Deployment, now: number, phase: Phase): void {
    if (d.history.at(-1) !== phase) d.history.push(phase);
    d.phase = phase;
    d.logs = d.logs.filter((l) => l.at <= now);
    if (d.expiresAt >= now && phase.kind !== "deleted" && phase.kind !== "deleting") {
      const hours = d.fields.duration;
      this.log(d, d.expiresAt, `Deployment expired after ${hours} hour${hours === 1 ? "" : "s"}`, "WARNING");
    }
  }

  /** Plans the start-up lines (after setPhase, which drops future lines): they appear as the clock reaches them. */
  private scheduleStartup(d: Deployment, now: number, ms: number): void {
    const flavour = d.fields.machine_type.includes("gpu") ? "gpu" : "cpu";
    const image = `roboflow/roboflow-inference-server-${flavour}:${d.fields.inference_version}`;
    this.log(d, now + Math.floor(ms * 0.1), `Pulling image "${image}"`);
    this.log(d, now + Math.floor(ms * 0.6), `Successfully pulled image "${image}"`);
    this.log(d, now + Math.floor(ms * 0.8), "INFO:     Started server process [1]");
    this.log(d, now + ms, "INFO:     Uvicorn running on http://0.0.0.0:9001 (Press CTRL+C to quit)");
    this.log(
      d,
      now + ms + 1,
      `INFO:     10.18.0.${randomInt(2, 250)}:${randomInt(30000, 60000)} - "GET /info HTTP/1.1" 200 OK`,
    );
  }

  private log(d: Deployment, at: number, payload: string, severity: LogEntry["severity"] = "INFO"): void {
    d.logs.push({
      at,
      seq: this.logSeq++,
      insertId: randomString(16, LOWER_ALPHANUMERIC),
      payload,
      severity,
    });
  }
}
