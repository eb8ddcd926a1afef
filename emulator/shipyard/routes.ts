/**
 * The Shipyard deployments API (seed 004): routes under `/api/deployments`, Bearer authentication and
 * `{error}` answers, over a {@link ShipyardStore}.
 */
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
import { NAME_PATTERN, ShipyardFailure } from "./shapes";
import type { ShipyardStore } from "./store";

const EnvVars = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "invalid variable name"), z.string());
const Visibility = z.enum(["public", "internal"]);
const CreateBody = z.object({
  template: z.string().min(1),
  envVars: EnvVars.optional(),
  visibility: Visibility.optional(),
});
const ImageBody = z.object({
  image: z.string().min(1),
  name: z.string().regex(NAME_PATTERN, "must be a DNS-1123 label (a-z, 0-9, -, at most 63)").optional(),
  containerPort: z.number().int().min(1).max(65_535).optional(),
  envVars: EnvVars.optional(),
  visibility: Visibility.optional(),
});
const ByName = z.object({ deployment_name: z.string().min(1) });
const ConfigBody = ByName.extend({ configData: EnvVars });
const AutoUpdateBody = ByName.extend({
  enabled: z.boolean(),
  strategy: z.enum(["rolling", "recreate"]).optional(),
});

function errorResponse(status: number, message: string): PlatformResponse {
  return jsonResponse(status, { error: message });
}

/** The body parsed by `schema`, or a 400 naming the first problem. */
function bodyOf<S extends z.ZodType>(schema: S, req: PlatformRequest): z.infer<S> {
  if (req.bodyError !== undefined) throw new ShipyardFailure(400, `Invalid JSON body: ${req.bodyError}`);
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new ShipyardFailure(400, `Invalid request: ${where}${issue?.message ?? "unexpected body"}`);
  }
  return parsed.data;
}

function nameParam(req: PlatformRequest): string {
  const name = req.query.get("name");
  if (!name) throw new ShipyardFailure(400, "Missing required query parameter: name");
  return name;
}

const ok = (extra: Record<string, unknown> = {}) => jsonResponse(200, { success: true, ...extra });

/** The Shipyard API's routes over `store`. */
export function createShipyardRoutes(
  store: ShipyardStore,
  options: { apiKey: () => string },
): PlatformModule {
  type Handler = (req: PlatformRequest, name: string) => PlatformResponse;
  const routes: Array<Route<Handler>> = [
    {
      pattern: /^\/api\/deployments$/,
      methods: {
        GET: (req) => jsonResponse(200, store.list(req.query.get("team_id") ?? undefined)),
        POST: (req) => {
          const body = bodyOf(CreateBody, req);
          const created = store.create({
            template: body.template,
            envVars: body.envVars ?? {},
            visibility: body.visibility ?? "public",
          });
          return jsonResponse(201, pick(created, ["name", "status", "template", "visibility"]));
        },
      },
    },
    {
      pattern: /^\/api\/deployments\/deploy-image$/,
      methods: {
        POST: (req) => {
          const body = bodyOf(ImageBody, req);
          const created = store.create({
            image: body.image,
            name: body.name,
            containerPort: body.containerPort ?? 8080,
            envVars: body.envVars ?? {},
            visibility: body.visibility ?? "public",
          });
          return jsonResponse(201, pick(created, ["name", "status", "image", "containerPort", "visibility"]));
        },
      },
    },
    {
      pattern: /^\/api\/deployments\/status$/,
      methods: { GET: (req) => jsonResponse(200, store.status(nameParam(req))) },
    },
    {
      pattern: /^\/api\/deployments\/delete$/,
      methods: {
        POST: (req) => {
          // A form POST is the dashboard's: it redirects to the deployments page (the emulator does nothing).
          if (req.bodyError !== undefined) {
            return { status: 302, body: "", contentType: "text/html", headers: { location: "/deployments" } };
          }
          const { deployment_name } = bodyOf(ByName, req);
          store.remove(deployment_name);
          return ok({ message: `Deployment ${deployment_name} is being deleted` });
        },
      },
    },
    {
      pattern: /^\/api\/deployments\/restart$/,
      methods: {
        POST: (req) => {
          store.restart(bodyOf(ByName, req).deployment_name);
          return ok();
        },
      },
    },
    {
      pattern: /^\/api\/deployments\/config$/,
      methods: {
        GET: (req) => jsonResponse(200, { configData: store.getConfig(nameParam(req)) }),
        PUT: (req) => {
          const body = bodyOf(ConfigBody, req);
          store.setConfig(body.deployment_name, body.configData);
          return ok();
        },
      },
    },
    {
      pattern: /^\/api\/deployments\/auto-update$/,
      methods: {
        GET: (req) => jsonResponse(200, store.getAutoUpdate(nameParam(req))),
        PUT: (req) => {
          const body = bodyOf(AutoUpdateBody, req);
          store.setAutoUpdate(body.deployment_name, { enabled: body.enabled, strategy: body.strategy });
          return ok();
        },
      },
    },
    {
      pattern: /^\/api\/deployments\/([^/]+)\/logs$/,
      methods: {
        GET: (req, name) => {
          const text = req.query.get("tail");
          const tail = text === null ? 100 : Number(text);
          if (!Number.isInteger(tail) || tail < 0) {
            throw new ShipyardFailure(400, "tail must be a whole number of lines, 0 or more");
          }
          return jsonResponse(200, { logs: store.logs(name, req.query.get("service") ?? undefined, tail) });
        },
      },
    },
    {
      pattern: /^\/api\/deployments\/([^/]+)\/metrics$/,
      methods: {
        GET: (req, name) => jsonResponse(200, store.metrics(name, req.query.get("service") ?? undefined)),
      },
    },
    {
      pattern: /^\/api\/deployments\/([^/]+)\/history$/,
      methods: { GET: (_, name) => jsonResponse(200, { revisions: store.history(name) }) },
    },
    {
      pattern: /^\/api\/deployments\/([^/]+)\/events$/,
      methods: { GET: (_, name) => jsonResponse(200, { events: store.events(name) }) },
    },
  ];

  function authenticate(request: PlatformRequest): void {
    if (bearerToken(request) !== options.apiKey())
      throw new ShipyardFailure(401, "Unauthorized: missing or invalid API key");
  }

  return {
    name: "shipyard",
    error: errorResponse,
    failure: (error) =>
      error instanceof ShipyardFailure ? errorResponse(error.status, error.message) : undefined,
    handle(request) {
      const { handler, param } = findRoute(routes, request, (status, m) => new ShipyardFailure(status, m));
      authenticate(request);
      return handler(request, param);
    },
    outOfBand: {
      fail: (name, _fields, message) => store.fail(name, message),
      recover: (name) => store.recover(name),
      protect: (name, fields) => store.protect(name, fields.value !== false),
      delete: (name) => store.deleteOutOfBand(name),
      foreign: (name, fields) =>
        store.addForeign(name, typeof fields.template === "string" ? fields.template : undefined),
      restart: (name) => store.restart(name),
    },
    view: (name) => store.get(name),
    reset: () => store.reset(),
  };
}

function pick<T extends object>(value: T, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).filter(([key, v]) => keys.includes(key) && v !== undefined),
  );
}
