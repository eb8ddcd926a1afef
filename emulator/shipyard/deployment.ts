/**
 * One emulated UserDeployment: what the store keeps of it, and the pure functions that derive its status
 * from the clock and record what a rollout, a config change or a restart leaves in its history, events and
 * logs.
 */
import {
  type EventRecord,
  type IngressRecord,
  iso,
  type ListRecord,
  type RevisionRecord,
  type ShipyardStatus,
  type ShipyardTiming,
  type StatusRecord,
  type TemplateSpec,
} from "./shapes";

export type AutoUpdate = { enabled: boolean; strategy: "rolling" | "recreate" };

export interface StoredDeployment {
  name: string;
  /** Another user's deployment: not listed, 403 on every call by name. */
  foreign: boolean;
  template: string | null;
  image: string;
  port: number;
  services: string[];
  visibility: "public" | "internal";
  envVars: Record<string, string>;
  autoUpdate: AutoUpdate;
  /** The latest rollout: Pending until `pendingUntil` (creates only), Provisioning until `readyAt`. */
  pendingUntil: number;
  readyAt: number;
  /** From `at` on, the deployment is in Error with `message`. */
  error?: { at: number; message: string };
  deletingAt?: number;
  /** Out of band: `canDelete` false. */
  protected: boolean;
  restarts: number;
  revisions: Array<RevisionRecord & { at: number }>;
  events: Array<EventRecord & { at: number }>;
  logs: Array<{ at: number; service: string; line: string }>;
}

/** What a create carries once the routes validated it. */
export interface CreateInput {
  template?: string;
  image?: string;
  name?: string;
  containerPort?: number;
  envVars: Record<string, string>;
  visibility: "public" | "internal";
}

/** A new deployment named `name`, of template `spec` when it has one; its first rollout is the caller's. */
export function newDeployment(name: string, input: CreateInput, spec?: TemplateSpec): StoredDeployment {
  return {
    name,
    foreign: false,
    template: input.template ?? null,
    image: spec?.image ?? (input.image as string),
    port: spec?.port ?? input.containerPort ?? 8080,
    services: spec?.services ?? ["app"],
    visibility: input.visibility,
    envVars: { ...input.envVars },
    autoUpdate: { enabled: false, strategy: "rolling" },
    pendingUntil: 0,
    readyAt: 0,
    protected: false,
    restarts: 0,
    revisions: [],
    events: [],
    logs: [],
  };
}

/** An image whose tag is `missing` cannot be pulled: the deployment ends in Error (a failure on demand). */
const unpullable = (image: string) => image.endsWith(":missing");

/**
 * Starts a rollout at `now`: Pending first on a create, then Provisioning, then Ready (or Error when the
 * image cannot be pulled). Any earlier error is over: new pods replace the failed ones.
 */
export function rollout(d: StoredDeployment, now: number, timing: ShipyardTiming, initial: boolean): void {
  d.pendingUntil = initial ? now + timing.pendingMs : now;
  d.readyAt = d.pendingUntil + timing.provisionMs;
  d.error = undefined;
  recordEvent(d, now, "Normal", "Scheduled", `Assigned ${d.name} to a node`);
  for (const service of d.services) {
    const image = service === d.services[0] ? d.image : `${service}:latest`;
    recordEvent(d, d.pendingUntil, "Normal", "Pulling", `Pulling image "${image}"`);
    recordLog(d, d.pendingUntil, service, `Pulling image ${image}`);
  }
  if (unpullable(d.image)) {
    const message = `Failed to pull image "${d.image}": manifest unknown`;
    d.error = { at: d.pendingUntil, message };
    recordEvent(d, d.pendingUntil, "Warning", "Failed", message);
    return;
  }
  for (const service of d.services) {
    recordEvent(d, d.readyAt, "Normal", "Started", `Started container ${service}`);
    // Names only: a value of an env var never reaches a log line.
    recordLog(d, d.readyAt, service, `${Object.keys(d.envVars).length} environment variable(s) loaded`);
    recordLog(d, d.readyAt, service, `Listening on 0.0.0.0:${d.port}`);
  }
}

export function statusOf(d: StoredDeployment, now: number): ShipyardStatus {
  if (d.deletingAt !== undefined) return "Deleting";
  if (d.error && now >= d.error.at) return "Error";
  if (now < d.pendingUntil) return "Pending";
  return now < d.readyAt ? "Provisioning" : "Ready";
}

/** The status page's `statusMessage`: the error, or what the operator is doing. */
export function messageOf(d: StoredDeployment, now: number): string | undefined {
  const messages: Record<ShipyardStatus, string | undefined> = {
    Error: d.error?.message,
    Pending: "Waiting for the operator to schedule the deployment",
    Provisioning: "Pods starting",
    Deleting: "Finalizers running",
    Ready: undefined,
  };
  return messages[statusOf(d, now)];
}

/** Whether a delete would be accepted: not while protected, nor while already Deleting. */
export function canDelete(d: StoredDeployment, now: number): boolean {
  return !d.protected && statusOf(d, now) !== "Deleting";
}

/** `GET /api/deployments/status`; `allowRequest` says whether the tier allows another create. */
export function statusRecordOf(
  d: StoredDeployment,
  now: number,
  domain: string,
  allowRequest: boolean,
): StatusRecord {
  const status = statusOf(d, now);
  const message = messageOf(d, now);
  return {
    status,
    deploymentReady: status === "Ready",
    allowDelete: canDelete(d, now),
    allowRequest,
    ...(status === "Ready" ? { ingresses: ingressesOf(d, domain) } : {}),
    ...(message === undefined ? {} : { statusMessage: message }),
  };
}

/** The deployment as `GET /api/deployments` lists it. */
export function listRecordOf(d: StoredDeployment, now: number, domain: string): ListRecord {
  const status = statusOf(d, now);
  return {
    name: d.name,
    status,
    template: d.template,
    ...(d.template === null ? { image: d.image, containerPort: d.port } : {}),
    visibility: d.visibility,
    ingresses: status === "Ready" ? ingressesOf(d, domain) : [],
    ...(status === "Error" ? { lastError: d.error?.message } : {}),
    canDelete: canDelete(d, now),
  };
}

/** One ingress for the first service: public under the domain, internal as a cluster-local service. */
export function ingressesOf(d: StoredDeployment, domain: string): IngressRecord[] {
  const id = d.services[0] ?? "app";
  if (d.visibility === "internal") {
    const host = `${d.name}.shipyard.svc.cluster.local`;
    return [{ id, name: id, host, url: `http://${host}:${d.port}` }];
  }
  const host = `${d.name}.${domain}`;
  return [{ id, name: id, host, url: `https://${host}` }];
}

export function recordRevision(
  d: StoredDeployment,
  now: number,
  type: RevisionRecord["type"],
  message: string,
): void {
  d.revisions.push({ at: now, revision: d.revisions.length + 1, type, message, timestamp: iso(now) });
}

export function recordEvent(
  d: StoredDeployment,
  at: number,
  type: EventRecord["type"],
  reason: string,
  message: string,
): void {
  const stamp = iso(at);
  d.events.push({
    at,
    type,
    reason,
    message,
    involvedObject: { kind: "UserDeployment", name: d.name },
    count: 1,
    firstTimestamp: stamp,
    lastTimestamp: stamp,
  });
}

function recordLog(d: StoredDeployment, at: number, service: string, message: string): void {
  d.logs.push({ at, service, line: `${iso(at)} [${service}] ${message}` });
}
