import { jsonResponse, type PlatformModule, type PlatformRequest, type PlatformResponse } from "../routing";
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
export function createNx1Routes(store: Nx1Store, options: { apiKey: string }): PlatformModule {
  const routes: Array<{ pattern: RegExp; methods: Record<string, Handler> }> = [
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
    if (token !== options.apiKey) throw new Nx1Failure(401, "Invalid PSK");
  }

  const outOfBand: Record<string, (model: string, name: string, fields: Record<string, unknown>) => void> = {
    stop: (model, name) => store.stopOutOfBand(model, name),
    archive: (model, name) => store.archiveOutOfBand(model, name),
    delete: (model, name) => store.deleteOutOfBand(model, name),
    fail: (model, name, f) => store.fail(model, name, typeof f.message === "string" ? f.message : undefined),
    failOnCreate: (model, name, f) =>
      store.failOnCreate(model, name, typeof f.message === "string" ? f.message : undefined),
    moveAlias: (model, name, f) => {
      const alias = typeof f.alias === "string" ? f.alias : store.get(model, name)?.model.model_alias;
      if (!alias || typeof f.version !== "string") {
        throw new Nx1Failure(
          400,
          "moveAlias needs {version} (and {alias} unless the deployment follows one)",
        );
      }
      store.moveAlias(model, alias, f.version);
    },
  };

  return {
    name: "nx1",
    error: (status, message) => failureResponse(new Nx1Failure(status, message)),
    handle(request) {
      try {
        for (const route of routes) {
          const match = route.pattern.exec(request.path);
          if (!match) continue;
          const handler = route.methods[request.method];
          if (!handler) throw new Nx1Failure(405, "Method Not Allowed");
          authenticate(request);
          return handler(decodeURIComponent(match[1] ?? ""), decodeURIComponent(match[2] ?? ""), request);
        }
        throw new Nx1Failure(404, "Not Found");
      } catch (error) {
        if (error instanceof Nx1Failure) return failureResponse(error);
        throw error;
      }
    },
    // The admin path names a deployment by `<model>/<name>`, its slash encoded: `churn%2Fchurn-online`.
    outOfBand(id, action, body) {
      const at = id.lastIndexOf("/");
      const [model, name] = [id.slice(0, at), id.slice(at + 1)];
      const act = outOfBand[action];
      try {
        if (!act) {
          const known = Object.keys(outOfBand).join(", ");
          throw new Nx1Failure(404, `unknown action ${action}, expected one of: ${known}`);
        }
        if (at < 0) throw new Nx1Failure(400, `name the deployment as <model>/<name>, got ${id}`);
        act(model, name, typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {});
        return jsonResponse(200, { message: "OK", deployment: store.get(model, name) ?? null });
      } catch (error) {
        if (error instanceof Nx1Failure) return failureResponse(error);
        throw error;
      }
    },
    reset: () => store.reset(),
  };
}
