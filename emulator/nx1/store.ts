import { randomUUID } from "node:crypto";
import type { Clock } from "../clock";
import {
  type CreateBody,
  iso,
  type Nx1DeploymentRecord,
  Nx1Failure,
  type Nx1Status,
  type Nx1Timing,
  type RegisteredModel,
} from "./shapes";

export interface Nx1StoreOptions {
  clock: Clock;
  timing: Nx1Timing;
  /** Replicas of every online deployment (default 2). */
  replicas?: number;
  /**
   * The MLflow registry: the only models that exist, with their versions and aliases. Default: every model
   * exists, with versions "1" to "9" and aliases `champion` → "3" and `challenger` → "4".
   */
  models?: Record<string, RegisteredModel>;
  /** False makes `DELETE` answer 405, as an NX1 without the (undocumented) delete endpoint would. */
  deleteAllowed?: boolean;
}

interface Stored {
  id: string;
  runId: string;
  model: string;
  body: CreateBody;
  roles: string[] | null;
  createdAt: number;
  updatedAt: number;
  activeAt: number;
  readyAt: number;
  /** The pinned version, or the version the alias pointed to when last resolved. */
  pinned: string | null;
  failure?: { at: number; message: string };
  stoppedAt?: number;
  archivedAt?: number;
}

const defaultModel = (): RegisteredModel => ({
  versions: ["1", "2", "3", "4", "5", "6", "7", "8", "9"],
  aliases: { champion: "3", challenger: "4" },
});

/**
 * The state of one emulated NX1 platform and the deployment state machine, derived on every read from
 * timestamps and the clock (no timers): pending for `pendingMs`, deploying for `deployMs`, then active (an
 * online deployment has one replica not ready for `readyMs` more). A delete stops the deployment at once and
 * archives it `deleteMs` later; an archived deployment frees its name. Out-of-band changes: stop, archive,
 * delete, fail, failOnCreate and moveAlias.
 */
export class Nx1Store {
  readonly deleteAllowed: boolean;
  private readonly clock: Clock;
  private readonly timing: Nx1Timing;
  private readonly replicas: number;
  private readonly restricted: boolean;
  private models: Map<string, RegisteredModel>;
  private deployments: Stored[] = [];
  private armed = new Map<string, string>();

  constructor(options: Nx1StoreOptions) {
    this.clock = options.clock;
    this.timing = options.timing;
    this.replicas = options.replicas ?? 2;
    this.deleteAllowed = options.deleteAllowed ?? true;
    this.restricted = options.models !== undefined;
    this.models = new Map(Object.entries(structuredClone(options.models ?? {})));
  }

  /** `POST /api/models/{model}/deployments`: the path's model wins over the body's `model_name`. */
  create(model: string, body: CreateBody): Nx1DeploymentRecord {
    const registered = this.model(model);
    const { model_version: version, model_alias: alias } = body.model;
    if (version && !registered.versions.includes(version)) {
      throw new Nx1Failure(404, `Model version ${version} of '${model}' not found`);
    }
    if (alias && !registered.aliases[alias]) {
      throw new Nx1Failure(404, `Alias '${alias}' of model '${model}' not found`);
    }
    if (this.live(model, body.name)) {
      throw new Nx1Failure(409, `Deployment '${body.name}' already exists for model '${model}'`);
    }
    const now = this.clock.now();
    const activeAt = now + this.timing.pendingMs + this.timing.deployMs;
    const stored: Stored = {
      id: randomUUID(),
      runId: randomUUID(),
      model,
      body: { ...body, model: { model_name: model, model_version: version, model_alias: alias } },
      roles: body.allowed_roles ?? null,
      createdAt: now,
      updatedAt: now,
      activeAt,
      readyAt: activeAt + (body.type === "online" ? this.timing.readyMs : 0),
      pinned: version ?? (alias ? (registered.aliases[alias] ?? null) : null),
    };
    const armed = this.armed.get(`${model}/${body.name}`);
    if (armed !== undefined) {
      this.armed.delete(`${model}/${body.name}`);
      stored.failure = { at: activeAt, message: armed };
    }
    // An archived deployment of the name is replaced: archiving frees the name.
    this.deployments = this.deployments.filter((d) => !(d.model === model && d.body.name === body.name));
    this.deployments.push(stored);
    return this.view(stored, now);
  }

  get(model: string, name: string): Nx1DeploymentRecord | undefined {
    const stored = this.find(model, name);
    return stored && this.view(stored, this.clock.now());
  }

  /** Every deployment of a model (or of every model), archived ones included. */
  list(model?: string): Nx1DeploymentRecord[] {
    const now = this.clock.now();
    return this.deployments
      .filter((d) => model === undefined || d.model === model)
      .map((d) => this.view(d, now));
  }

  /** `PUT …/{name}/allowed_roles`: replaces the roles; an archived deployment cannot change. */
  setAllowedRoles(model: string, name: string, roles: string[] | null): Nx1DeploymentRecord {
    const stored = this.require(model, name);
    if (this.statusOf(stored, this.clock.now()) === "archived") {
      throw new Nx1Failure(409, `Deployment '${name}' is archived`);
    }
    stored.roles = roles ?? [];
    stored.updatedAt = this.clock.now();
    return this.view(stored, stored.updatedAt);
  }

  /** `DELETE …/{name}`: stopped at once, archived after `deleteMs`; 404 when already archived. */
  remove(model: string, name: string): Nx1DeploymentRecord {
    if (!this.deleteAllowed) throw new Nx1Failure(405, "Method Not Allowed");
    const stored = this.require(model, name);
    const now = this.clock.now();
    if (this.statusOf(stored, now) === "archived") throw new Nx1Failure(404, "Deployment not found");
    stored.stoppedAt ??= now;
    stored.archivedAt ??= now + this.timing.deleteMs;
    stored.updatedAt = now;
    return this.view(stored, now);
  }

  /** Stops a deployment behind the API's back (as an operator would). */
  stopOutOfBand(model: string, name: string): void {
    const stored = this.require(model, name);
    stored.stoppedAt = this.clock.now();
    stored.updatedAt = stored.stoppedAt;
  }

  /** Archives a deployment behind the API's back. */
  archiveOutOfBand(model: string, name: string): void {
    const stored = this.require(model, name);
    stored.stoppedAt ??= this.clock.now();
    stored.archivedAt = this.clock.now();
    stored.updatedAt = stored.archivedAt;
  }

  /** Removes every trace of a deployment: reads answer 404. */
  deleteOutOfBand(model: string, name: string): void {
    const stored = this.require(model, name);
    this.deployments = this.deployments.filter((d) => d !== stored);
  }

  /** The deployment fails now, with `message` as its `error_message`. */
  fail(model: string, name: string, message = "Spark-Serving pod crashed: OOMKilled"): void {
    const stored = this.require(model, name);
    stored.failure = { at: this.clock.now(), message };
    stored.updatedAt = stored.failure.at;
  }

  /** The next deployment of this model and name fails when it would have become active. */
  failOnCreate(
    model: string,
    name: string,
    message = "model signature does not match the source table",
  ): void {
    this.armed.set(`${model}/${name}`, message);
  }

  /** Points a model's alias at another version; deployments following the alias pick it up at once. */
  moveAlias(model: string, alias: string, version: string): void {
    const registered = this.model(model);
    if (!registered.versions.includes(version)) registered.versions.push(version);
    registered.aliases[alias] = version;
    const now = this.clock.now();
    for (const d of this.deployments.filter((s) => s.model === model && s.body.model.model_alias === alias)) {
      d.pinned = version;
      d.updatedAt = now;
    }
  }

  reset(): void {
    this.deployments = [];
    this.armed.clear();
    if (!this.restricted) this.models.clear();
  }

  /** The registry entry of a model: 404 when the registry is restricted and does not hold it. */
  private model(name: string): RegisteredModel {
    let registered = this.models.get(name);
    if (!registered) {
      if (this.restricted) throw new Nx1Failure(404, `Registered model '${name}' not found`);
      registered = defaultModel();
      this.models.set(name, registered);
    }
    return registered;
  }

  private find(model: string, name: string): Stored | undefined {
    return this.deployments.find((d) => d.model === model && d.body.name === name);
  }

  private live(model: string, name: string): Stored | undefined {
    const stored = this.find(model, name);
    return stored && this.statusOf(stored, this.clock.now()) !== "archived" ? stored : undefined;
  }

  private require(model: string, name: string): Stored {
    const stored = this.find(model, name);
    if (!stored) throw new Nx1Failure(404, "Deployment not found");
    return stored;
  }

  private statusOf(d: Stored, now: number): Nx1Status {
    if (d.archivedAt !== undefined && now >= d.archivedAt) return "archived";
    if (d.stoppedAt !== undefined && now >= d.stoppedAt) return "stopped";
    if (d.failure && now >= d.failure.at) return "failed";
    if (now < d.createdAt + this.timing.pendingMs) return "pending";
    return now < d.activeAt ? "deploying" : "active";
  }

  private view(d: Stored, now: number): Nx1DeploymentRecord {
    const status = this.statusOf(d, now);
    const { body } = d;
    const online = body.type === "online";
    const dagId = `score_${d.model}_${body.name}`.replace(/[^A-Za-z0-9_]/g, "_");
    const ready = status !== "active" ? 0 : now >= d.readyAt ? this.replicas : Math.max(0, this.replicas - 1);
    return {
      deployment_id: d.id,
      name: body.name,
      type: body.type,
      status,
      domain: body.domain,
      owner: body.owner,
      model: {
        model_name: d.model,
        model_version: body.model.model_version ?? null,
        model_alias: body.model.model_alias ?? null,
      },
      created_at: iso(d.createdAt),
      updated_at: iso(Math.max(d.updatedAt, Math.min(now, d.activeAt))),
      resolved_model_version: d.pinned,
      dag_id: online ? null : dagId,
      dag_s3_uri: online ? null : `s3://nx1-airflow-dags/${dagId}.py`,
      schedule: online ? null : (body.schedule ?? null),
      last_run: !online && body.trigger_now && now >= d.activeAt && !d.failure ? this.run(d) : null,
      service_url: online ? `https://serving.nx1.invalid/${encodeURIComponent(d.model)}/${body.name}` : null,
      replica_count: online ? this.replicas : null,
      ready_replicas: online ? ready : null,
      allowed_roles: d.roles,
      error_message: status === "failed" ? (d.failure?.message ?? null) : null,
      stopped_at: d.stoppedAt !== undefined && now >= d.stoppedAt ? iso(d.stoppedAt) : null,
    };
  }

  /** The run `trigger_now` started when the DAG became active. */
  private run(d: Stored) {
    return {
      run_id: d.runId,
      airflow_run_id: `manual__${iso(d.activeAt)}`,
      rows_scored: 1000,
      started_at: iso(d.activeAt),
      finished_at: iso(d.activeAt + 1),
    };
  }
}
