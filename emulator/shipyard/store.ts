import type { Clock } from "../clock";
import {
  type AutoUpdate,
  type CreateInput,
  listRecordOf,
  newDeployment,
  recordEvent,
  recordRevision,
  rollout,
  type StoredDeployment as Stored,
  statusOf,
  statusRecordOf,
} from "./deployment";
import {
  DEFAULT_TEMPLATES,
  type EventRecord,
  generateName,
  iso,
  type ListRecord,
  type RevisionRecord,
  ShipyardFailure,
  type ShipyardStatus,
  type ShipyardTiming,
  type StatusRecord,
  type TemplateSpec,
  TIER_LIMITS,
  type Tier,
} from "./shapes";

export type { AutoUpdate, CreateInput } from "./deployment";

export interface ShipyardStoreOptions {
  clock: Clock;
  timing: ShipyardTiming;
  /** The account's billing tier (default `business`: 10 deployments). */
  tier?: Tier;
  /** Templates offered (default nginx, postgres, redis, wordpress). */
  templates?: Record<string, TemplateSpec>;
  /** The domain public ingresses are served under (default `apps.shipyard.test`). */
  domain?: string;
}

/** A deployment as tests inspect it: its settings and derived status, env values included. */
export type DeploymentView = Omit<Stored, "revisions" | "events" | "logs" | "services"> & {
  status: ShipyardStatus;
  revisions: number;
};

/**
 * The deployments of one emulated Shipyard account and the UserDeployment state machine. States derive
 * from timestamps and the clock on every read (no timers): Pending, then Provisioning, then Ready; a config
 * change or a restart goes back through Provisioning; a deletion stays Deleting for `deleteMs`, then the
 * deployment is gone.
 */
export class ShipyardStore {
  readonly teamId = "team-emulator";
  readonly tier: Tier;
  private readonly clock: Clock;
  private readonly timing: ShipyardTiming;
  private readonly templates: Record<string, TemplateSpec>;
  private readonly domain: string;
  private deployments = new Map<string, Stored>();

  constructor(options: ShipyardStoreOptions) {
    this.clock = options.clock;
    this.timing = options.timing;
    this.tier = options.tier ?? "business";
    this.templates = options.templates ?? DEFAULT_TEMPLATES;
    this.domain = options.domain ?? "apps.shipyard.test";
  }

  /** `POST /api/deployments` and `POST /api/deployments/deploy-image`. */
  create(input: CreateInput): ListRecord {
    const now = this.purge();
    const spec = input.template === undefined ? undefined : this.templates[input.template];
    if (input.template !== undefined && !spec) {
      throw new ShipyardFailure(400, `Unknown template: ${input.template}`);
    }
    const limit = TIER_LIMITS[this.tier];
    if (this.owned().filter((d) => d.deletingAt === undefined).length >= limit) {
      throw new ShipyardFailure(
        403,
        `Deployment limit reached: the ${this.tier} tier allows ${limit} deployment${limit === 1 ? "" : "s"}`,
      );
    }
    if (input.name !== undefined && this.deployments.has(input.name)) {
      throw new ShipyardFailure(409, `Deployment name already exists: ${input.name}`);
    }
    let name = input.name ?? generateName();
    while (this.deployments.has(name)) name = generateName();
    const d = newDeployment(name, input, spec);
    this.deployments.set(name, d);
    rollout(d, now, this.timing, true);
    recordRevision(
      d,
      now,
      "create",
      `Created from ${d.template ? `template ${d.template}` : `image ${d.image}`}`,
    );
    return listRecordOf(d, now, this.domain);
  }

  /** `GET /api/deployments`: the user's deployments, in creation order; `teamId` filters by team. */
  list(teamId?: string): ListRecord[] {
    const now = this.purge();
    if (teamId !== undefined && teamId !== this.teamId) return [];
    return this.owned().map((d) => listRecordOf(d, now, this.domain));
  }

  /** `GET /api/deployments/status`. */
  status(name: string): StatusRecord {
    const now = this.purge();
    const count = this.owned().filter((o) => o.deletingAt === undefined).length;
    return statusRecordOf(this.mine(name), now, this.domain, count < TIER_LIMITS[this.tier]);
  }

  /** `POST /api/deployments/delete`: the deployment goes through Deleting; a repeat is harmless. */
  remove(name: string): void {
    const now = this.purge();
    const d = this.mine(name);
    if (d.deletingAt !== undefined) return;
    if (d.protected) {
      throw new ShipyardFailure(409, `Deployment ${name} cannot be deleted right now (canDelete is false)`);
    }
    d.deletingAt = now;
    recordEvent(d, now, "Normal", "Deleting", "UserDeployment marked for deletion; finalizers running");
  }

  /** `POST /api/deployments/restart`: a restart annotation, so every pod is replaced. */
  restart(name: string): void {
    const now = this.purge();
    const d = this.active(name);
    d.restarts += 1;
    rollout(d, now, this.timing, false);
    recordRevision(d, now, "restart", "Pods restarted (restart annotation)");
  }

  getConfig(name: string): Record<string, string> {
    this.purge();
    return { ...this.mine(name).envVars };
  }

  /** `PUT /api/deployments/config`: the env vars replaced whole, then the pods restart. */
  setConfig(name: string, configData: Record<string, string>): void {
    const now = this.purge();
    const d = this.active(name);
    d.envVars = { ...configData };
    rollout(d, now, this.timing, false);
    const keys = Object.keys(configData).sort().join(", ") || "none";
    recordRevision(d, now, "config", `Environment replaced (variables: ${keys}); pods restarted`);
  }

  getAutoUpdate(name: string): AutoUpdate {
    this.purge();
    return { ...this.mine(name).autoUpdate };
  }

  setAutoUpdate(name: string, settings: { enabled: boolean; strategy?: AutoUpdate["strategy"] }): void {
    const now = this.purge();
    const d = this.active(name);
    d.autoUpdate = { enabled: settings.enabled, strategy: settings.strategy ?? d.autoUpdate.strategy };
    const what = d.autoUpdate.enabled ? `enabled (${d.autoUpdate.strategy})` : "disabled";
    recordRevision(d, now, "auto-update", `Auto-update ${what}`);
  }

  /** The last `tail` log lines of one service (default: the first). */
  logs(name: string, service: string | undefined, tail: number): string {
    const now = this.purge();
    const d = this.mine(name);
    const which = this.service(d, service);
    const lines = d.logs.filter((l) => l.at <= now && l.service === which).map((l) => l.line);
    return (tail === 0 ? [] : lines.slice(-tail)).join("\n");
  }

  metrics(name: string, service?: string): { cpuUsage: string; memoryUsage: string; timestamp: string } {
    const now = this.purge();
    const d = this.mine(name);
    this.service(d, service);
    const running = statusOf(d, now) === "Ready";
    return { cpuUsage: running ? "150m" : "0m", memoryUsage: running ? "256Mi" : "0Mi", timestamp: iso(now) };
  }

  history(name: string): RevisionRecord[] {
    const now = this.purge();
    return this.mine(name)
      .revisions.filter((r) => r.at <= now)
      .map(({ at: _at, ...r }) => r);
  }

  events(name: string): EventRecord[] {
    const now = this.purge();
    return this.mine(name)
      .events.filter((e) => e.at <= now)
      .map(({ at: _at, ...e }) => e);
  }

  /** A deployment with its env values and derived status, for tests; undefined once gone. */
  get(name: string): DeploymentView | undefined {
    const now = this.purge();
    const d = this.deployments.get(name);
    if (!d) return undefined;
    const { revisions, events: _e, logs: _l, services: _s, ...rest } = d;
    return { ...rest, status: statusOf(d, now), revisions: revisions.length };
  }

  /** Names of the user's deployments (Deleting ones included), in creation order. */
  names(): string[] {
    this.purge();
    return this.owned().map((d) => d.name);
  }

  /** Out of band: the deployment fails (CrashLoopBackOff, a node lost...) with `message`. */
  fail(name: string, message = "Back-off restarting failed container (CrashLoopBackOff)"): void {
    const now = this.purge();
    const d = this.active(name);
    d.error = { at: now, message };
    recordEvent(d, now, "Warning", "BackOff", message);
  }

  /** Out of band: what `fail` did is over; the pods come back through Provisioning. */
  recover(name: string): void {
    const now = this.purge();
    const d = this.active(name);
    d.error = undefined;
    rollout(d, now, this.timing, false);
  }

  /** Out of band: `canDelete` false (true again with `value: false`). */
  protect(name: string, value = true): void {
    this.purge();
    this.mine(name).protected = value;
  }

  /** Out of band: deleted from the dashboard, gone at once. */
  deleteOutOfBand(name: string): void {
    this.purge();
    this.mine(name);
    this.deployments.delete(name);
  }

  /** Out of band: another user's deployment named `name` (not listed; 403 by name; its name is taken). */
  addForeign(name: string, template = "nginx"): void {
    this.create({ template, envVars: {}, visibility: "public" });
    const last = [...this.deployments.values()].at(-1) as Stored;
    this.deployments.delete(last.name);
    this.deployments.set(name, { ...last, name, foreign: true });
  }

  reset(): void {
    this.deployments.clear();
  }

  private service(d: Stored, service: string | undefined): string {
    const which = service ?? d.services[0] ?? "app";
    if (!d.services.includes(which)) {
      throw new ShipyardFailure(404, `Service ${which} not found in deployment ${d.name}`);
    }
    return which;
  }

  private owned(): Stored[] {
    return [...this.deployments.values()].filter((d) => !d.foreign);
  }

  /** The user's deployment of that name: 404 when there is none, 403 when another user owns it. */
  private mine(name: string): Stored {
    const d = this.deployments.get(name);
    if (!d) throw new ShipyardFailure(404, `Deployment not found: ${name}`);
    if (d.foreign) throw new ShipyardFailure(403, `Ownership verification failed for deployment ${name}`);
    return d;
  }

  /** As `mine`, but a deployment being deleted cannot be changed. */
  private active(name: string): Stored {
    const d = this.mine(name);
    if (d.deletingAt !== undefined) throw new ShipyardFailure(409, `Deployment ${name} is being deleted`);
    return d;
  }

  /** Forgets deployments whose deletion finished; returns the time now. */
  private purge(): number {
    const now = this.clock.now();
    for (const [name, d] of this.deployments) {
      if (d.deletingAt !== undefined && now >= d.deletingAt + this.timing.deleteMs)
        this.deployments.delete(name);
    }
    return now;
  }
}
