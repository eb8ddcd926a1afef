import { z } from "zod";
import {
  bearerToken,
  findRoute,
  jsonResponse,
  type PlatformModule,
  type PlatformRequest,
  type PlatformResponse,
  type Route,
} from "../platform";
import { type Issue, METRICS, PaperspaceFailure, type SpecData } from "./shapes";
import type { PaperspaceStore } from "./store";

const MAX_LIMIT = 120;
const DEFAULT_LIMIT = 20;

const port = z.number().int().min(1).max(65_535);
const probeTiming = {
  initialDelaySeconds: z.number().int().min(0).optional(),
  periodSeconds: z.number().int().min(1).optional(),
  timeoutSeconds: z.number().int().min(1).optional(),
  failureThreshold: z.number().int().min(1).optional(),
};
const Probe = z.union([
  z.object({
    path: z.string().startsWith("/"),
    port: port.optional(),
    host: z.string().optional(),
    headers: z.array(z.object({ name: z.string().min(1), value: z.string() })).optional(),
    ...probeTiming,
  }),
  z.object({ exec: z.array(z.string()).min(1), ...probeTiming }),
]);
const Probes = z.object({
  liveness: Probe.optional(),
  readiness: Probe.optional(),
  startup: Probe.optional(),
});

/** The deployment configuration: the documented spec, with the older `port` / `instanceType` spelling accepted. */
const Config = z
  .looseObject({
    apiVersion: z.string().min(1),
    name: z.string().min(1).max(128),
    image: z.string().min(1),
    port: port.optional(),
    command: z.array(z.string()).optional(),
    containerRegistry: z.string().min(1).optional(),
    enabled: z.boolean().optional(),
    env: z
      .array(z.object({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), value: z.string() }))
      .optional(),
    healthChecks: Probes.optional(),
    healthchecks: Probes.optional(),
    integrations: z.array(z.looseObject({ type: z.string().min(1) })).optional(),
    region: z
      .string()
      .regex(/^[a-z]+\d*$/)
      .optional(),
    basicAuthKey: z.string().min(1).optional(),
    resources: z.object({
      machineType: z.string().min(1).optional(),
      instanceType: z.string().min(1).optional(),
      ports: z.array(port).min(1).optional(),
      replicas: z.number().int().min(0).optional(),
      autoscaling: z
        .object({
          enabled: z.boolean().optional(),
          maxReplicas: z.number().int().min(1),
          metrics: z
            .array(
              z.object({
                metric: z.enum(["cpu", "memory", "requestDuration"]),
                target: z.number().positive(),
              }),
            )
            .min(1),
        })
        .optional(),
    }),
  })
  .superRefine((config, ctx) => {
    if (!config.resources.machineType && !config.resources.instanceType) {
      ctx.addIssue({ code: "custom", path: ["resources", "machineType"], message: "Required" });
    }
    if (!config.resources.ports && config.port === undefined) {
      ctx.addIssue({ code: "custom", path: ["resources", "ports"], message: "Required" });
    }
  });

const UpsertBody = z.object({
  config: Config,
  projectId: z.string().min(1),
  deploymentId: z.string().min(1).nullish(),
});

/** A zod failure as the API reports it: 400, "Invalid input", and the issues with their paths. */
function invalid(error: z.ZodError, prefix: Array<string | number> = []): PaperspaceFailure {
  const issues: Issue[] = error.issues.map((i) => ({
    code: i.code,
    message: i.message,
    path: [...prefix, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
  }));
  return new PaperspaceFailure(400, "Invalid input", issues);
}

function queryIssue(field: string, message: string): PaperspaceFailure {
  return new PaperspaceFailure(400, "Invalid input", [{ code: "custom", message, path: [field] }]);
}

/** One page of `items` by `after` / `limit`, ordered by `orderBy` / `order` (default dtCreated, desc). */
function paginate<T extends { dtCreated: string }>(
  items: T[],
  query: URLSearchParams,
  orderFields: string[] = ["dtCreated"],
) {
  const limitText = query.get("limit");
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw queryIssue("limit", `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const orderBy = query.get("orderBy") ?? "dtCreated";
  if (!orderFields.includes(orderBy))
    throw queryIssue("orderBy", `orderBy must be one of ${orderFields.join(", ")}`);
  const order = query.get("order") ?? "desc";
  if (order !== "asc" && order !== "desc") throw queryIssue("order", "order must be asc or desc");
  const key = (item: T) => String((item as Record<string, unknown>)[orderBy]);
  const sorted = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => key(a.item).localeCompare(key(b.item)) || a.index - b.index)
    .map((e) => e.item);
  if (order === "desc") sorted.reverse();
  const after = query.get("after");
  let offset = 0;
  if (after) {
    const match = /^o:(\d+)$/.exec(Buffer.from(after, "base64url").toString("utf8"));
    if (!match) throw queryIssue("after", "after is not a valid cursor");
    offset = Number(match[1]);
  }
  const end = offset + limit;
  const hasMore = end < sorted.length;
  return {
    hasMore,
    items: sorted.slice(offset, end),
    nextPage: hasMore ? Buffer.from(`o:${end}`, "utf8").toString("base64url") : null,
  };
}

function failureResponse(failure: PaperspaceFailure): PlatformResponse {
  return jsonResponse(failure.status, failure.body());
}

/**
 * The Paperspace Deployments API: routes, Bearer authentication and `{code, message}` errors (with
 * `issues` on a validation failure, and no other key: the official CLI parses them strictly), over a
 * {@link PaperspaceStore}.
 */
export function createPaperspaceRoutes(
  store: PaperspaceStore,
  options: { apiKey: () => string },
): PlatformModule {
  type Handler = (id: string, req: PlatformRequest) => PlatformResponse;
  const found = (id: string) => {
    const deployment = store.get(id);
    if (!deployment) throw new PaperspaceFailure(404, `Deployment not found: ${id}`);
    return deployment;
  };
  const routes: Array<Route<Handler>> = [
    {
      pattern: /^\/deployments$/,
      methods: {
        GET: (_, req) => jsonResponse(200, paginate(store.list(), req.query, ["dtCreated", "name"])),
        POST: (_, req) => {
          if (req.bodyError !== undefined)
            throw new PaperspaceFailure(400, `Invalid JSON body: ${req.bodyError}`);
          const parsed = UpsertBody.safeParse(req.body ?? {});
          if (!parsed.success) throw invalid(parsed.error);
          const { config, projectId, deploymentId } = parsed.data;
          return jsonResponse(200, {
            deploymentId: store.upsert({ projectId, deploymentId, config: config as SpecData }),
          });
        },
      },
    },
    {
      pattern: /^\/deployments\/([^/]+)$/,
      methods: {
        GET: (id) => jsonResponse(200, found(id)),
        DELETE: (id) => {
          store.remove(id);
          return jsonResponse(200, { id });
        },
      },
    },
    {
      pattern: /^\/deployments\/([^/]+)\/history$/,
      methods: { GET: (id, req) => jsonResponse(200, paginate(store.history(id), req.query)) },
    },
    {
      pattern: /^\/deployments\/([^/]+)\/logs$/,
      methods: {
        GET: (id, req) =>
          jsonResponse(200, paginate(store.logs(id, req.query.get("instanceId") ?? undefined), req.query)),
      },
    },
    {
      pattern: /^\/deployments\/([^/]+)\/metrics$/,
      methods: {
        GET: (id, req) => {
          const metric = req.query.get("metric");
          if (!metric) throw queryIssue("metric", "Required");
          if (!(METRICS as readonly string[]).includes(metric)) {
            throw queryIssue("metric", `metric must be one of ${METRICS.join(", ")}`);
          }
          found(id);
          return jsonResponse(200, store.metric(id, metric));
        },
      },
    },
    {
      pattern: /^\/deployments\/([^/]+)\/runs$/,
      methods: {
        GET: (id, req) => {
          const text = req.query.get("limit");
          const limit = text === null ? 10 : Number(text);
          if (!Number.isInteger(limit) || limit < 1)
            throw queryIssue("limit", "limit must be a positive whole number");
          return jsonResponse(200, store.runs(id).slice(0, limit));
        },
      },
    },
    {
      pattern: /^\/projects\/([^/]+)\/deployments$/,
      methods: {
        GET: (projectId, req) =>
          jsonResponse(
            200,
            paginate(store.list(projectId, req.query.get("name") ?? undefined), req.query, [
              "dtCreated",
              "name",
            ]),
          ),
      },
    },
  ];

  function authenticate(request: PlatformRequest): void {
    const token = bearerToken(request);
    if (!token) throw new PaperspaceFailure(401, "Missing bearer token in the Authorization header");
    if (token !== options.apiKey()) throw new PaperspaceFailure(401, "Invalid API key");
  }

  return {
    name: "paperspace",
    error: (status, message) => failureResponse(new PaperspaceFailure(status, message)),
    failure: (error) => (error instanceof PaperspaceFailure ? failureResponse(error) : undefined),
    handle(request) {
      const { handler, param } = findRoute(routes, request, (status, m) => new PaperspaceFailure(status, m));
      authenticate(request);
      return handler(param, request);
    },
    outOfBand: {
      delete: (id) => store.deleteOutOfBand(id),
      unhealthy: (id, _fields, message) => store.markUnhealthy(id, message),
      healthy: (id) => store.markHealthy(id),
      error: (id, _fields, message) => store.setError(id, message),
      failInstance: (id, _fields, message) => store.failInstance(id, message),
      update: (id, fields) => store.updateOutOfBand(id, fields),
    },
    view: (id) => store.get(id),
    reset: () => store.reset(),
  };
}
