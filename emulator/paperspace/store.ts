import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../clock";
import {
  type DeploymentRecord,
  iso,
  type LogRecord,
  newId,
  PaperspaceFailure,
  type PaperspaceTiming,
  type RunRecord,
  type SpecData,
  type SpecRecord,
} from "./shapes";
import { replicasOf, runsOf, type StoredSpec, specView } from "./specs";

interface StoredDeployment {
  id: string;
  name: string;
  projectId: string;
  endpoint: string;
  createdAt: number;
  /** Oldest first; the last is the latest spec. */
  specs: StoredSpec[];
  logs: Array<LogRecord & { at: number; seq: number }>;
}

export interface PaperspaceStoreOptions {
  clock: Clock;
  timing: PaperspaceTiming;
  /** When given, the only project IDs that exist; any other answers 404. Default: every project exists. */
  projects?: string[];
}

/** An upsert as validated by the routes. */
export interface UpsertInput {
  projectId: string;
  deploymentId?: string | null;
  config: SpecData;
}

/**
 * The state of one emulated Paperspace team and the spec state machine. States are derived on every read
 * from timestamps and the clock (no timers): an upserted spec is applied after `applyMs`, then its
 * replicas are ready and it is healthy after `readyMs` more. Until the new spec is applied, the runs show
 * the previous one still serving.
 */
export class PaperspaceStore {
  readonly teamId = `te${randomBytes(4).toString("hex")}`;
  private readonly clock: Clock;
  private readonly timing: PaperspaceTiming;
  private readonly projects?: Set<string>;
  private deployments: StoredDeployment[] = [];
  private seq = 0;

  constructor(options: PaperspaceStoreOptions) {
    this.clock = options.clock;
    this.timing = options.timing;
    this.projects = options.projects && new Set(options.projects);
  }

  /**
   * `POST /deployments`. With `deploymentId`, a new spec for that deployment; without, a new spec for the
   * project's deployment of that name if there is one (the API's upsert), else a new deployment.
   */
  upsert(input: UpsertInput): string {
    this.requireProject(input.projectId);
    const now = this.clock.now();
    let deployment: StoredDeployment | undefined;
    if (input.deploymentId) {
      deployment = this.require(input.deploymentId);
      if (deployment.projectId !== input.projectId) {
        throw new PaperspaceFailure(
          400,
          `Deployment ${deployment.id} does not belong to project ${input.projectId}`,
        );
      }
      const clash = this.byName(input.projectId, input.config.name);
      if (clash && clash !== deployment) {
        throw new PaperspaceFailure(
          409,
          `A deployment named ${input.config.name} already exists in this project`,
        );
      }
    } else {
      deployment = this.byName(input.projectId, input.config.name);
    }
    if (!deployment) {
      const id = newId();
      deployment = {
        id,
        name: input.config.name,
        projectId: input.projectId,
        endpoint: `d${randomBytes(8).toString("hex")}.${this.teamId}.paperspacegradient.com`,
        createdAt: now,
        specs: [],
        logs: [],
      };
      this.deployments.push(deployment);
    }
    deployment.name = input.config.name;
    this.addSpec(deployment, input.config, now);
    return deployment.id;
  }

  get(id: string): DeploymentRecord | undefined {
    const deployment = this.deployments.find((d) => d.id === id);
    return deployment && this.view(deployment, this.clock.now());
  }

  /** Every deployment, newest first, as `GET /deployments` lists them before paging. */
  list(projectId?: string, nameFilter?: string): DeploymentRecord[] {
    if (projectId !== undefined) this.requireProject(projectId);
    const now = this.clock.now();
    return this.deployments
      .filter((d) => projectId === undefined || d.projectId === projectId)
      .filter((d) => !nameFilter || d.name.toLowerCase().includes(nameFilter.toLowerCase()))
      .map((d) => this.view(d, now));
  }

  /** `DELETE /deployments/{id}`: gone at once. */
  remove(id: string): void {
    const deployment = this.require(id);
    this.deployments = this.deployments.filter((d) => d !== deployment);
  }

  /** Every spec of a deployment, oldest first. */
  history(id: string): Array<SpecRecord & { workflowRun: null }> {
    const deployment = this.require(id);
    const now = this.clock.now();
    return deployment.specs.map((s) => ({ ...specView(deployment.id, s, now), workflowRun: null }));
  }

  /** The active runs, newest first: the latest applied spec's replicas. */
  runs(id: string): RunRecord[] {
    return runsOf(this.require(id).specs, this.clock.now());
  }

  /** Log lines so far, oldest first, of one instance when given. */
  logs(id: string, instanceId?: string): LogRecord[] {
    const deployment = this.require(id);
    const now = this.clock.now();
    return deployment.logs
      .filter((l) => l.at <= now && (!instanceId || l.instanceId === instanceId))
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map(({ at: _at, seq: _seq, ...log }) => log);
  }

  /** The latest sample of a metric: busy when replicas run, zero otherwise. */
  metric(id: string, metric: string): { timestamp: string; value: string } {
    const now = this.clock.now();
    const running = this.runs(id)[0]?.readyReplicas ?? 0;
    const perReplica: Record<string, number> = { cpu: 12.5, memory: 734003200, requestDuration: 0.042 };
    return { timestamp: iso(now), value: String(running === 0 ? 0 : (perReplica[metric] ?? 1) * running) };
  }

  /** Deletes a deployment behind the API's back (as from the console). */
  deleteOutOfBand(id: string): void {
    this.remove(id);
  }

  /** Makes every replica of the serving spec fail its checks: not healthy, none ready. */
  markUnhealthy(
    id: string,
    message = "Readiness probe failed: HTTP probe failed with statuscode: 503",
  ): void {
    const spec = this.latest(id);
    spec.unhealthy = message;
    this.log(this.require(id), this.clock.now(), message, spec, spec.instanceIds[0] ?? null);
  }

  /** Clears what markUnhealthy, failInstance and setError did. */
  markHealthy(id: string): void {
    const spec = this.latest(id);
    spec.unhealthy = undefined;
    spec.failedInstance = undefined;
    spec.error = undefined;
    spec.healthyAt = Math.min(spec.healthyAt, this.clock.now());
  }

  /** The cluster could not apply the latest spec (`latestSpec.error`). */
  setError(id: string, message = "Unable to pull image: manifest unknown"): void {
    const spec = this.latest(id);
    spec.error = message;
    this.log(this.require(id), this.clock.now(), `Error: ${message}`, spec, null);
  }

  /** One replica of the latest spec fails for good, with `message`. */
  failInstance(id: string, message = "Container exited with code 137 (OOMKilled)"): void {
    const spec = this.latest(id);
    spec.failedInstance = message;
    this.log(this.require(id), this.clock.now(), message, spec, spec.instanceIds[0] ?? null);
  }

  /** Another client upserts a changed spec (fields of `patch` replace the latest spec's). */
  updateOutOfBand(id: string, patch: Record<string, unknown>): void {
    const deployment = this.require(id);
    const latest = this.latest(id);
    this.addSpec(deployment, { ...latest.data, ...patch } as SpecData, this.clock.now());
  }

  reset(): void {
    this.deployments = [];
  }

  private addSpec(deployment: StoredDeployment, data: SpecData, now: number): void {
    const replicas = replicasOf(data);
    const spec: StoredSpec = {
      id: newId(),
      data,
      hash: createHash("sha256").update(JSON.stringify(data)).digest("hex").slice(0, 40),
      createdAt: now,
      applyAt: now + this.timing.applyMs,
      healthyAt: now + this.timing.applyMs + this.timing.readyMs,
      runId: newId(),
      instanceIds: Array.from({ length: replicas }, () => newId()),
    };
    deployment.specs.push(spec);
    // Lines planned for a spec that will never be applied now are dropped.
    deployment.logs = deployment.logs.filter((l) => l.at <= now);
    this.log(
      deployment,
      spec.applyAt,
      `Applying spec ${spec.id}: ${replicas} replica(s) of ${data.image}`,
      spec,
      null,
    );
    for (const instanceId of spec.instanceIds) {
      this.log(deployment, spec.applyAt + 1, `Pulling image "${data.image}"`, spec, instanceId);
      this.log(deployment, spec.healthyAt - 1, "Container started", spec, instanceId);
      const port = data.resources.ports?.[0] ?? (data.port as number | undefined) ?? 80;
      this.log(deployment, spec.healthyAt, `Listening on 0.0.0.0:${port}`, spec, instanceId);
    }
  }

  private view(d: StoredDeployment, now: number): DeploymentRecord {
    const latest = d.specs[d.specs.length - 1];
    return {
      id: d.id,
      name: d.name,
      projectId: d.projectId,
      teamId: this.teamId,
      endpoint: d.endpoint,
      dtCreated: iso(d.createdAt),
      basicAuthKey: (latest?.data.basicAuthKey as string | undefined) ?? null,
      latestSpecHash: latest?.hash ?? null,
      latestSpec: latest ? specView(d.id, latest, now) : null,
    };
  }

  private byName(projectId: string, name: string): StoredDeployment | undefined {
    return this.deployments.find((d) => d.projectId === projectId && d.name === name);
  }

  private require(id: string): StoredDeployment {
    const deployment = this.deployments.find((d) => d.id === id);
    if (!deployment) throw new PaperspaceFailure(404, `Deployment not found: ${id}`);
    return deployment;
  }

  private latest(id: string): StoredSpec {
    const specs = this.require(id).specs;
    return specs[specs.length - 1] as StoredSpec;
  }

  private requireProject(projectId: string): void {
    if (this.projects && !this.projects.has(projectId)) {
      throw new PaperspaceFailure(404, `Project not found: ${projectId}`);
    }
  }

  private log(
    d: StoredDeployment,
    at: number,
    message: string,
    spec: StoredSpec,
    instanceId: string | null,
  ): void {
    d.logs.push({
      at,
      seq: this.seq++,
      id: newId(),
      dtCreated: iso(at),
      instanceId,
      jobId: spec.runId,
      message,
      uuid: newId(),
    });
  }
}
