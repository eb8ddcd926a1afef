import { randomUUID } from "node:crypto";

/** The Paperspace Deployments API's shapes and constants, shared by the store and the routes. */

/** How long, in real (or manual-clock) milliseconds, a new spec takes to be applied, then to be healthy. */
export interface PaperspaceTiming {
  applyMs: number;
  readyMs: number;
}

/** A spec's configuration as the API stores it: what the upsert sent, validated. */
export type SpecData = Record<string, unknown> & {
  apiVersion: string;
  name: string;
  image: string;
  enabled?: boolean;
  resources: { machineType?: string; instanceType?: string; ports?: number[]; replicas?: number };
};

/** One version of a deployment's configuration, as the API shows it. */
export interface SpecRecord {
  id: string;
  deploymentId: string;
  userId: string;
  data: SpecData;
  dtCreated: string;
  externalApplied: string | null;
  dtHealthy: string | null;
  error: string | null;
  metadata: null;
}

/** A deployment as `GET /deployments/{id}` returns it: exactly the documented fields. */
export interface DeploymentRecord {
  id: string;
  name: string;
  projectId: string;
  teamId: string;
  endpoint: string;
  dtCreated: string;
  basicAuthKey: string | null;
  latestSpecHash: string | null;
  latestSpec: SpecRecord | null;
}

/** A replica of a run. The API leaves its fields undocumented; these are the ones the emulator shows. */
export interface InstanceRecord {
  id: string;
  state: "starting" | "running" | "unhealthy" | "failed";
  message: string | null;
  dtStarted: string;
}

/** An active run: the replicas serving one applied spec. */
export interface RunRecord {
  id: string;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  instances: InstanceRecord[];
}

/** One `/logs` item. */
export interface LogRecord {
  id: string;
  dtCreated: string;
  instanceId: string | null;
  jobId: string;
  message: string;
  uuid: string;
}

/** One validation problem, as the API lists them under `issues`. */
export interface Issue {
  code: string;
  message: string;
  path: Array<string | number>;
}

/** The `code` the API gives each status. */
export const ERROR_CODES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

/** An API error answer: its status, message and, on a validation failure, the issues. */
export class PaperspaceFailure extends Error {
  override readonly name = "PaperspaceFailure";
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }

  /** The body the API sends: `{code, message}`, plus `issues` when there are some, and no other key. */
  body(): { code: string; message: string; issues?: Issue[] } {
    const code = ERROR_CODES[this.status] ?? (this.status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST");
    return this.issues
      ? { code, message: this.message, issues: this.issues }
      : { code, message: this.message };
  }
}

/** The metrics `/metrics` serves. */
export const METRICS = ["cpu", "memory", "gpu", "gpuMemory", "requestDuration", "requestCount"] as const;

export function newId(): string {
  return randomUUID();
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
