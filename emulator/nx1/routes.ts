import {
  findRoute,
  jsonResponse,
  type PlatformModule,
  type PlatformRequest,
  type PlatformResponse,
  type Route,
} from "../platform";
import { CreateBody, Nx1Failure, RolesBody, unprocessable } from "./shapes";
import type { Nx1Store } from "./store";

type Handler = (model: string, name: string, req: PlatformRequest) => PlatformResponse;

function failureResponse(failure: Nx1Failure): PlatformResponse {
  return jsonResponse(failure.status, failure.body());
}

/** The JSON body of a request, or the 422 FastAPI answers for one that does not parse. */
function bodyOf(req: PlatformRequest): unknown {
  if (req.bodyError !== undefined) {
    throw new Nx1Failure(422, [{ type: "json_invalid", loc: ["body", 0], msg: "JSON decode error" }]);
  }
  return req.body ?? {};
}

/**
 * NX1's model deployment API: routes, Bearer authentication and FastAPI's `{detail}` errors, over an
 * {@link Nx1Store}. `DELETE …/{name}` is not in NX1's public reference: it is served as assumed
 * (docs/nx1-assumptions.md), or answers 405 when the store says so.
 */
export function createNx1Routes(store: Nx1Store, options: { apiKey: () => string }): PlatformModule {
  const routes: Array<Route<Handler>> = [
    {
      pattern: /^\/api\/models\/([^/]+)\/deployments$/,
      methods: {
        GET: (model) => jsonResponse(200, store.list(model)),
        POST: (model, _, req) => {
          const parsed = CreateBody.safeParse(bodyOf(req));
          if (!parsed.success) throw unprocessable(parsed.error);
          return jsonResponse(201, store.create(model, parsed.data));
        },
      },
    },
    {
      pattern: /^\/api\/models\/([^/]+)\/deployments\/([^/]+)$/,
      methods: {
        GET: (model, name) => {
          const deployment = store.get(model, name);
          if (!deployment) throw new Nx1Failure(404, "Deployment not found");
          return jsonResponse(200, deployment);
        },
        DELETE: (model, name) => jsonResponse(202, store.remove(model, name)),
      },
    },
    {
      pattern: /^\/api\/models\/([^/]+)\/deployments\/([^/]+)\/allowed_roles$/,
      methods: {
        PUT: (model, name, req) => {
          const parsed = RolesBody.safeParse(bodyOf(req));
          if (!parsed.success) throw unprocessable(parsed.error);
          return jsonResponse(200, store.setAllowedRoles(model, name, parsed.data.allowed_roles ?? null));
        },
      },
    },
  ];

  function authenticate(request: PlatformRequest): void {
    const header = request.headers?.authorization;
    const value = Array.isArray(header) ? header[0] : header;
    const token = /^Bearer\s+(.+)$/i.exec(value ?? "")?.[1];
    if (!token) throw new Nx1Failure(401, "Not authenticated");
    if (token !== options.apiKey()) throw new Nx1Failure(401, "Invalid PSK");
  }

  // The admin path names a deployment by `<model>/<name>`, its slash encoded: `churn%2Fchurn-online`.
  const named = (id: string): [string, string] => {
    const at = id.lastIndexOf("/");
    if (at < 0) throw new Nx1Failure(400, `name the deployment as <model>/<name>, got ${id}`);
    return [id.slice(0, at), id.slice(at + 1)];
  };

  return {
    name: "nx1",
    error: (status, message) => failureResponse(new Nx1Failure(status, message)),
    failure: (error) => (error instanceof Nx1Failure ? failureResponse(error) : undefined),
    handle(request) {
      const { handler, params } = findRoute(
        routes,
        request,
        (status) => new Nx1Failure(status, status === 405 ? "Method Not Allowed" : "Not Found"),
      );
      authenticate(request);
      return handler(params[0] ?? "", params[1] ?? "", request);
    },
    outOfBand: {
      stop: (id) => store.stopOutOfBand(...named(id)),
      archive: (id) => store.archiveOutOfBand(...named(id)),
      delete: (id) => store.deleteOutOfBand(...named(id)),
      fail: (id, _fields, message) => store.fail(...named(id), message),
      failOnCreate: (id, _fields, message) => store.failOnCreate(...named(id), message),
      moveAlias: (id, fields) => {
        const [model, name] = named(id);
        const alias =
          typeof fields.alias === "string" ? fields.alias : store.get(model, name)?.model.model_alias;
        if (!alias || typeof fields.version !== "string") {
          throw new Nx1Failure(
            400,
            "moveAlias needs {version} (and {alias} unless the deployment follows one)",
          );
        }
        store.moveAlias(model, alias, fields.version);
      },
    },
    view: (id) => (id.includes("/") ? store.get(...named(id)) : undefined),
    reset: () => store.reset(),
  };
}
