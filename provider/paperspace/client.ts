/**
 * One typed function per endpoint of the Paperspace Deployments API. Every call carries the key as a
 * Bearer token, every answer is parsed with zod, and the paginated lists are followed to their end.
 */
import type { z } from "zod";
import { createHttpClient, type HttpClient, jsonErrorDetail, type PlatformClientOptions } from "../core/http";
import {
  DeleteResult,
  DeploymentInfo,
  DeploymentSpec,
  ErrorBody,
  LogEntry,
  type MetricPoint,
  Metrics,
  Page,
  type Run,
  Runs,
  type UpsertRequest,
  UpsertResult,
} from "./api";

export const DEFAULT_API_URL = "https://api.paperspace.com/v1";
/** The largest page the API serves. */
export const PAGE_LIMIT = 120;
/** A list longer than this many pages is refused rather than followed for ever. */
const MAX_PAGES = 1_000;

/** The key, the URL and the request path's settings; `secrets` adds env values and the basic auth key. */
export type ClientOptions = PlatformClientOptions;

/** How a paginated list is ordered; the API orders by `dtCreated`, newest first, unless told. */
export interface ListOptions {
  orderBy?: string;
  order?: "asc" | "desc";
}

/** Turns `{code, message, issues}` into one line: `Invalid input (BAD_REQUEST): config.image: Required`. */
export const errorDetail = jsonErrorDetail(ErrorBody, (parsed) => {
  const issues = (parsed.issues ?? []).map((i) =>
    [i.path?.length ? i.path.join(".") : undefined, i.message].filter(Boolean).join(": "),
  );
  const code = parsed.code === undefined ? "" : ` (${parsed.code})`;
  return `${parsed.message}${code}${issues.length > 0 ? `: ${issues.join("; ")}` : ""}`;
});

/** Only the ordering fields: callers pass wider objects (lookup arguments hold the key). */
function ordering(options: ListOptions): Record<string, string | undefined> {
  return { orderBy: options.orderBy, order: options.order };
}

/** A Paperspace client bound to one API key. */
export class PaperspaceClient {
  private readonly http: HttpClient;

  constructor(options: ClientOptions) {
    this.http = createHttpClient({
      ...options,
      platform: "paperspace",
      baseUrl: options.apiUrl ?? DEFAULT_API_URL,
      headers: { authorization: `Bearer ${options.apiKey}` },
      secrets: [options.apiKey, ...(options.secrets ?? [])],
      errorDetail,
    });
  }

  /**
   * `POST /deployments`: creates (no `deploymentId`) or updates a deployment. Not repeatable: without an
   * id a repeat would update whatever now holds the name, so its caller resolves ambiguous failures.
   */
  async upsertDeployment(request: UpsertRequest): Promise<string> {
    const result = await this.http.request(UpsertResult, {
      method: "POST",
      path: "/deployments",
      body: request,
    });
    return result.deploymentId;
  }

  /** `GET /deployments/{id}` (404 when there is none). */
  getDeployment(id: string): Promise<DeploymentInfo> {
    return this.http.request(DeploymentInfo, {
      method: "GET",
      path: `/deployments/${encodeURIComponent(id)}`,
    });
  }

  /**
   * `DELETE /deployments/{id}`. A repeat after the work was done answers 404, which callers treat as done.
   */
  async deleteDeployment(id: string): Promise<void> {
    await this.http.request(DeleteResult, {
      method: "DELETE",
      path: `/deployments/${encodeURIComponent(id)}`,
      repeatable: true,
    });
  }

  /** `GET /deployments`: every deployment the key can see, all pages. */
  listDeployments(options: ListOptions = {}): Promise<DeploymentInfo[]> {
    return this.allPages(DeploymentInfo, "/deployments", ordering(options));
  }

  /** `GET /projects/{id}/deployments`: a project's deployments, all pages, optionally filtered by name. */
  listProjectDeployments(projectId: string, options: ListOptions & { name?: string } = {}) {
    return this.allPages(DeploymentInfo, `/projects/${encodeURIComponent(projectId)}/deployments`, {
      ...ordering(options),
      name: options.name,
    });
  }

  /** The deployment of exactly this name in the project, if there is one (the API's filter matches parts). */
  async findByName(projectId: string, name: string): Promise<DeploymentInfo | undefined> {
    const matches = await this.listProjectDeployments(projectId, { name });
    return matches.find((d) => d.name === name);
  }

  /** `GET /deployments/{id}/logs`: log lines, all pages, of one instance when `instanceId` is given. */
  getLogs(id: string, options: ListOptions & { instanceId?: string } = {}): Promise<LogEntry[]> {
    return this.allPages(LogEntry, `/deployments/${encodeURIComponent(id)}/logs`, {
      ...ordering(options),
      instanceId: options.instanceId,
    });
  }

  /** `GET /deployments/{id}/history`: every spec the deployment had, all pages. */
  getHistory(id: string, options: ListOptions = {}): Promise<DeploymentSpec[]> {
    return this.allPages(DeploymentSpec, `/deployments/${encodeURIComponent(id)}/history`, ordering(options));
  }

  /** `GET /deployments/{id}/metrics`: samples of one metric (cpu, memory, ...) over a time frame. */
  getMetrics(id: string, metric: string, timeframe?: string): Promise<MetricPoint[]> {
    return this.http.request(Metrics, {
      method: "GET",
      path: `/deployments/${encodeURIComponent(id)}/metrics`,
      query: { metric, timeframe },
    });
  }

  /** `GET /deployments/{id}/runs`: the active runs, the latest `limit` (default 10). */
  getRuns(id: string, limit?: number): Promise<Run[]> {
    return this.http.request(Runs, {
      method: "GET",
      path: `/deployments/${encodeURIComponent(id)}/runs`,
      query: { limit },
    });
  }

  /** Follows `nextPage` cursors until `hasMore` is false, with the largest page the API allows. */
  private async allPages<T extends z.ZodType>(
    item: T,
    path: string,
    query: Record<string, string | undefined>,
  ): Promise<Array<z.infer<T>>> {
    const schema = Page(item);
    const items: Array<z.infer<T>> = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.http.request(schema, {
        method: "GET",
        path,
        query: { ...query, limit: PAGE_LIMIT, after },
      });
      items.push(...(result.items as Array<z.infer<T>>));
      if (!result.hasMore || !result.nextPage || result.nextPage === after) {
        return items;
      }
      after = result.nextPage;
    }
    throw new Error(`paperspace API GET ${path}: more than ${MAX_PAGES} pages, refusing to follow further`);
  }
}
