/**
 * One typed function per endpoint of NX1's model deployment API. Every call carries the key as a Bearer
 * token and every answer is parsed with zod. The base URL has no public default: it comes from config.
 */
import { z } from "zod";
import { createHttpClient, type HttpClient, jsonErrorDetail, type PlatformClientOptions } from "../core/http";
import { missingUrlMessage } from "../core/platformProvider";
import { type CreateDeploymentRequest, Deployment, ErrorBody } from "./api";

export const MISSING_URL = missingUrlMessage("NX1", "nx1");

/** The key, the URL (required: NX1 has no public default) and the request path's settings. */
export type ClientOptions = PlatformClientOptions & { apiUrl: string };

/** Turns FastAPI's `{detail}` into one line: `Deployment not found`, or `name: String should match ...`. */
export const errorDetail = jsonErrorDetail(ErrorBody, (parsed) =>
  typeof parsed.detail === "string"
    ? parsed.detail
    : parsed.detail
        .map((issue) => {
          // FastAPI prefixes the location with where it was: "body", "path", "query".
          const where = (issue.loc ?? []).filter((part, i) => !(i === 0 && part === "body")).join(".");
          return [where, issue.msg ?? "invalid"].filter(Boolean).join(": ");
        })
        .join("; "),
);

/** The path of one deployment. */
export function deploymentPath(model: string, name: string): string {
  return `/api/models/${encodeURIComponent(model)}/deployments/${encodeURIComponent(name)}`;
}

/** An NX1 client bound to one API key and base URL. */
export class Nx1Client {
  private readonly http: HttpClient;

  constructor(options: ClientOptions) {
    this.http = createHttpClient({
      ...options,
      platform: "nx1",
      baseUrl: options.apiUrl,
      headers: { authorization: `Bearer ${options.apiKey}` },
      secrets: [options.apiKey, ...(options.secrets ?? [])],
      errorDetail,
    });
  }

  /**
   * `POST /api/models/{model}/deployments`. Not repeatable: the provider creates through `createOnce`,
   * which resolves an ambiguous failure by reading the name.
   */
  createDeployment(model: string, request: CreateDeploymentRequest): Promise<Deployment> {
    return this.http.request(Deployment, {
      method: "POST",
      path: `/api/models/${encodeURIComponent(model)}/deployments`,
      body: request,
    });
  }

  /** `GET /api/models/{model}/deployments/{name}` (404 when there is none). */
  /** `GET /api/models/{model}/deployments`: the model's deployments, archived ones included. */
  listDeployments(model: string): Promise<Deployment[]> {
    return this.http.request(z.array(Deployment), {
      method: "GET",
      path: `/api/models/${encodeURIComponent(model)}/deployments`,
    });
  }

  getDeployment(model: string, name: string): Promise<Deployment> {
    return this.http.request(Deployment, { method: "GET", path: deploymentPath(model, name) });
  }

  /** `PUT …/{name}/allowed_roles`: replaces the roles allowed to invoke or manage it; [] means none. */
  setAllowedRoles(model: string, name: string, roles: string[]): Promise<Deployment> {
    return this.http.request(Deployment, {
      method: "PUT",
      path: `${deploymentPath(model, name)}/allowed_roles`,
      body: { allowed_roles: roles },
      repeatable: true,
    });
  }

  /**
   * `DELETE …/{name}`: not in NX1's public reference (an assumption, see docs/nx1-assumptions.md). A repeat
   * after the work was done answers 404 or shows `archived`, which callers treat as done.
   */
  async deleteDeployment(model: string, name: string): Promise<void> {
    await this.http.request(z.unknown(), {
      method: "DELETE",
      path: deploymentPath(model, name),
      repeatable: true,
    });
  }
}
