/**
 * The Shipyard deployments API's shapes and constants (seed 004), shared by the store and the routes. Where
 * the seed shows no shape (history revisions, events, the answer of the writes) the emulator's choice is
 * written down in docs/shipyard-assumptions.md.
 */
import { randomBytes } from "node:crypto";

/** The statuses the seed lists. */
export const STATUSES = ["Pending", "Provisioning", "Ready", "Error", "Deleting"] as const;
export type ShipyardStatus = (typeof STATUSES)[number];

/** Billing tiers and how many deployments each allows (seed: free 1, business 10, enterprise unlimited). */
export const TIER_LIMITS = { free: 1, business: 10, enterprise: Number.POSITIVE_INFINITY } as const;
export type Tier = keyof typeof TIER_LIMITS;

/** How long, in milliseconds of the emulator's clock, each transient state lasts. */
export interface ShipyardTiming {
  /** Pending: the operator has not picked the UserDeployment up yet. */
  pendingMs: number;
  /** Provisioning: pods starting, after a create, a config change or a restart. */
  provisionMs: number;
  /** Deleting: finalizers running, then the deployment is gone. */
  deleteMs: number;
}

/** A template: what it runs and which services (containers) it has; the first service is the default. */
export interface TemplateSpec {
  image: string;
  port: number;
  services: string[];
}

/** Templates every emulator offers unless told otherwise. */
export const DEFAULT_TEMPLATES: Record<string, TemplateSpec> = {
  nginx: { image: "nginx:1.27", port: 80, services: ["nginx"] },
  postgres: { image: "postgres:16", port: 5432, services: ["postgres"] },
  redis: { image: "redis:7", port: 6379, services: ["redis"] },
  wordpress: { image: "wordpress:6", port: 80, services: ["wordpress", "mysql"] },
};

/** An ingress endpoint, as the list and the status show them. */
export interface IngressRecord {
  id: string;
  name: string;
  host: string;
  url: string;
}

/** One entry of `GET /api/deployments`. `image`/`containerPort` are shown for raw-image deployments (assumed). */
export interface ListRecord {
  name: string;
  status: ShipyardStatus;
  template: string | null;
  image?: string;
  containerPort?: number;
  visibility: "public" | "internal";
  ingresses: IngressRecord[];
  lastError?: string;
  canDelete: boolean;
}

/** The answer of `GET /api/deployments/status`. */
export interface StatusRecord {
  status: ShipyardStatus;
  deploymentReady: boolean;
  allowDelete: boolean;
  allowRequest: boolean;
  ingresses?: IngressRecord[];
  statusMessage?: string;
}

/** A revision of `GET /api/deployments/{name}/history` (shape assumed: the seed shows none). */
export interface RevisionRecord {
  revision: number;
  type: "create" | "config" | "restart" | "auto-update";
  message: string;
  timestamp: string;
}

/** A Kubernetes event of `GET /api/deployments/{name}/events` (a subset of the core/v1 Event fields). */
export interface EventRecord {
  type: "Normal" | "Warning";
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string };
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
}

/** An API error answer: its status and the `{error}` text. */
export class ShipyardFailure extends Error {
  override readonly name = "ShipyardFailure";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A name like the seed's `abc123xyz7`: ten lowercase letters and digits, a letter first. */
export function generateName(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b, i) => (i === 0 ? ALPHABET[b % 26] : ALPHABET[b % 36]));
  return chars.join("");
}

/** Kubernetes object names (DNS-1123 labels): what a custom deployment name must be. */
export const NAME_PATTERN = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
