import { z } from "zod";
import type { Clock } from "../clock";
import {
  findRoute,
  fixedRoutes,
  jsonResponse,
  type PlatformModule,
  type PlatformRequest,
  type PlatformResponse,
  textResponse,
} from "../platform";
import { type AddDeploymentInput, ApiFailure } from "./shapes";
import type { RoboflowStore } from "./store";

const NAME_PATTERN = /^[a-z][a-z0-9-]{4,14}$/;
const VERSION_PATTERN = /^\d+\.\d+\.\d+$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HOUR_MS = 3_600_000;

/** A zod error callback that names the field: "x is required" when absent, `invalid` otherwise. */
function fieldError(field: string, invalid: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? `${field} is required` : invalid),
  };
}

/** The `/add` body, with the defaults the documentation gives. Unknown fields are ignored. */
const AddBody = z.object({
  deployment_name: z
    .string(fieldError("deployment_name", "deployment_name must be a string"))
    .regex(
      NAME_PATTERN,
      "deployment_name must be 5-15 characters long, contain only lowercase letters, digits and hyphens, and start with a letter",
    ),
  machine_type: z.string(fieldError("machine_type", "machine_type must be a string")),
  creator_email: z
    .string(fieldError("creator_email", "creator_email must be a string"))
    .regex(EMAIL_PATTERN, "creator_email must be a valid email address"),
  duration: z
    .number(fieldError("duration", "duration must be a number of hours"))
    .positive("duration must be greater than 0 hours")
    .nullish(),
  inference_version: z
    .string(fieldError("inference_version", "inference_version must be a string"))
    .refine(
      (v) => v === "latest" || VERSION_PATTERN.test(v),
      "inference_version must be latest or a version like 0.45.0",
    )
    .nullish(),
  min_replicas: z
    .number(fieldError("min_replicas", "min_replicas must be an integer"))
    .int("min_replicas must be an integer")
    .min(1, "min_replicas must be at least 1")
    .nullish(),
  max_replicas: z
    .number(fieldError("max_replicas", "max_replicas must be an integer"))
    .int("max_replicas must be an integer")
    .min(1, "max_replicas must be at least 1")
    .nullish(),
  delete_on_expiration: z
    .boolean(fieldError("delete_on_expiration", "delete_on_expiration must be a boolean"))
    .nullish(),
});

const MACHINE_DESCRIPTIONS: Record<string, string> = {
  "dev-cpu": "Development, CPU only: 2 vCPU, 8 GB RAM; expires, auto-pauses after 1 hour idle",
  "dev-gpu": "Development, 1x NVIDIA T4: 4 vCPU, 16 GB RAM; expires, auto-pauses after 1 hour idle",
  "prod-cpu": "Production, CPU only: 4 vCPU, 16 GB RAM; autoscaling",
  "prod-gpu": "Production, 1x NVIDIA L4: 8 vCPU, 32 GB RAM; autoscaling",
};

/** Parses an ISO 8601 timestamp as the service accepts it; no offset means UTC. */
export function parseTimestamp(text: string): number | undefined {
  let s = text.trim().replace(/ (\d{2}:?\d{2})$/, "+$1"); // an unencoded "+" arrives as a space
  s = s.replace(/^(\d{4}-\d{2}-\d{2}) /, "$1T").replace(/(\.\d{3})\d+/, "$1");
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s += "Z";
  if (!/^\d{4}-\d{2}-\d{2}(T|$)/.test(s)) return undefined; // Date.parse alone also takes "1" or "May 5"
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

function requireParam(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length === 0) throw new ApiFailure(400, `${field} is required`);
  return value;
}

function parseFlag(query: URLSearchParams, field: string): boolean {
  const value = query.get(field);
  if (value === null || value === "" || value.toLowerCase() === "false") return false;
  if (value.toLowerCase() === "true") return true;
  throw new ApiFailure(400, `${field} must be true or false`);
}

function validateAdd(body: Record<string, unknown>, deleteOnExpiration?: boolean): AddDeploymentInput {
  const parsed = AddBody.safeParse(body);
  if (!parsed.success) throw new ApiFailure(400, parsed.error.issues[0]?.message ?? "invalid request body");
  const v = parsed.data;
  const input: AddDeploymentInput = {
    deployment_name: v.deployment_name,
    machine_type: v.machine_type,
    creator_email: v.creator_email,
    duration: v.duration ?? 3,
    inference_version: v.inference_version ?? "latest",
    min_replicas: v.min_replicas ?? 1,
    max_replicas: v.max_replicas ?? 1,
    delete_on_expiration: v.delete_on_expiration ?? deleteOnExpiration,
  };
  if (input.min_replicas > input.max_replicas) {
    throw new ApiFailure(
      400,
      `min_replicas (${input.min_replicas}) must not be greater than max_replicas (${input.max_replicas})`,
    );
  }
  return input;
}

type Handler = (args: Record<string, unknown>, query: URLSearchParams) => PlatformResponse;

/**
 * The Roboflow Dedicated Deployments API: routes, `api_key` authentication (query for GET, JSON body
 * for POST) and plain-string errors, over a {@link RoboflowStore}.
 */
export function createRoboflowRoutes(
  store: RoboflowStore,
  options: { apiKey: () => string; clock: Clock; deleteOnExpiration?: boolean },
): PlatformModule {
  const { apiKey, clock } = options;
  const { deleteOnExpiration } = options;
  const ok = () => jsonResponse(200, { message: "OK" });
  const routes: Record<string, Handler> = {
    "POST /add": (body) => jsonResponse(200, store.add(validateAdd(body, deleteOnExpiration))),
    "GET /list": (_, query) =>
      jsonResponse(
        200,
        store.list({
          showExpired: parseFlag(query, "show_expired"),
          showDeleted: parseFlag(query, "show_deleted"),
        }),
      ),
    "GET /get": (_, query) => {
      const name = requireParam(query.get("deployment_name"), "deployment_name");
      const deployment = store.get(name);
      if (!deployment) throw new ApiFailure(404, `deployment ${name} not found`);
      return jsonResponse(200, deployment);
    },
    "GET /get_log": (_, query) => {
      const name = requireParam(query.get("deployment_name"), "deployment_name");
      return jsonResponse(200, store.logs(name, logWindow(query)));
    },
    "POST /pause": (body) => {
      store.pause(requireParam(body.deployment_name, "deployment_name"));
      return ok();
    },
    "POST /resume": (body) => {
      store.resume(requireParam(body.deployment_name, "deployment_name"));
      return ok();
    },
    "POST /delete": (body) => {
      store.remove(requireParam(body.deployment_name, "deployment_name"));
      return ok();
    },
    "GET /usage_workspace": (_, query) => jsonResponse(200, store.workspaceUsage(usageWindow(query))),
    "GET /usage_deployment": (_, query) => {
      const name = requireParam(query.get("deployment_name"), "deployment_name");
      return jsonResponse(200, store.deploymentUsage(name, usageWindow(query)));
    },
    "GET /machine_types": () =>
      jsonResponse(200, {
        machine_types: store.machineTypes.map((name) => ({
          name,
          description: MACHINE_DESCRIPTIONS[name] ?? `${name} dedicated machine`,
        })),
      }),
  };
  const table = fixedRoutes(routes);

  /** An optional ISO 8601 query parameter, in milliseconds; 400 when it does not parse. */
  function timestampParam(query: URLSearchParams, field: string): number | undefined {
    const text = query.get(field);
    if (text === null || text === "") return undefined;
    const ms = parseTimestamp(text);
    if (ms === undefined) throw new ApiFailure(400, `${field} must be an ISO 8601 timestamp`);
    return ms;
  }

  /** `from_timestamp` / `to_timestamp`, defaulting to the `defaultMs` before `to` (itself default now). */
  function timeWindow(query: URLSearchParams, defaultMs: number): { from: number; to: number } {
    const fromParam = timestampParam(query, "from_timestamp");
    const to = timestampParam(query, "to_timestamp") ?? clock.now();
    const from = fromParam ?? to - defaultMs;
    if (from > to) throw new ApiFailure(400, "from_timestamp must be earlier than to_timestamp");
    return { from, to };
  }

  function logWindow(query: URLSearchParams): { from: number; to: number; max: number } {
    const maxText = query.get("max_entries");
    const max = maxText === null ? 50 : Number(maxText);
    if (!Number.isInteger(max) || max < 1)
      throw new ApiFailure(400, "max_entries must be a positive integer");
    return { ...timeWindow(query, HOUR_MS), max };
  }

  /** The usage window: the last 24 hours unless given, as the official CLI asks by default. */
  function usageWindow(query: URLSearchParams): { from: number; to: number } {
    return timeWindow(query, 24 * HOUR_MS);
  }

  function authenticate(request: PlatformRequest, body: Record<string, unknown>): void {
    const key = request.method === "GET" ? request.query.get("api_key") : body.api_key;
    if (key === undefined || key === null || key === "")
      throw new ApiFailure(401, "Unauthorized (missing api_key)");
    if (key !== apiKey()) throw new ApiFailure(401, "Unauthorized (invalid api_key)");
  }

  return {
    name: "roboflow",
    error: textResponse,
    failure: (error) => (error instanceof ApiFailure ? textResponse(error.status, error.message) : undefined),
    handle(request) {
      const { handler: route } = findRoute(
        table,
        request,
        (status) => new ApiFailure(status, status === 405 ? "Method Not Allowed" : "Not Found"),
      );
      let body: Record<string, unknown> = {};
      if (request.method === "POST") {
        if (request.bodyError !== undefined)
          throw new ApiFailure(400, `invalid JSON body: ${request.bodyError}`);
        if (typeof request.body !== "object" || request.body === null || Array.isArray(request.body)) {
          throw new ApiFailure(400, "request body must be a JSON object");
        }
        body = request.body as Record<string, unknown>;
      }
      authenticate(request, body);
      return route(body, request.query);
    },
    outOfBand: {
      delete: (name) => store.deleteOutOfBand(name),
      pause: (name) => store.pauseOutOfBand(name),
      expire: (name) => store.expire(name),
      fail: (name, _fields, message) => store.fail(name, message),
    },
    view: (name) => store.get(name),
    reset: () => store.reset(),
  };
}
