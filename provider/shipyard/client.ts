/**
 * One typed function per endpoint of the Shipyard deployments API. Every call carries the key as a Bearer
 * token, sends JSON (never a form: a form POST to `/delete` answers with a redirect) and parses the answer
 * with zod. There is no public default URL: each installation has its own.
 */
import { createHttpClient, type HttpClient, jsonErrorDetail, type PlatformClientOptions } from "../core/http";
import { OWNER_ENV, withOwner, withoutOwner } from "../core/ownership";
import {
  AutoUpdateSettings,
  ConfigResult,
  CreateResult,
  DeploymentList,
  DeploymentStatus,
  type DeploymentSummary,
  ErrorBody,
  type Event,
  EventsResult,
  HistoryResult,
  LogsResult,
  Metrics,
  type Revision,
  WriteResult,
} from "./api";
import type { Visibility } from "./schema";

/** There is no public API: every installation of Shipyard has its own URL. */
export const DEFAULT_API_URL = "";

/**
 * The key, the URL (required) and the request path's settings; and the marker of the resource that
 * creates or updates through this client (core/ownership.ts), which its deployment's env vars carry.
 */
export type ClientOptions = PlatformClientOptions & { apiUrl: string; owner?: string };

/** A client for `options` (the runtime and the lookups refuse a missing URL before this). */
export function connect(options: ClientOptions): ShipyardClient {
  return new ShipyardClient(options);
}

/** `{"error": "Deployment limit reached..."}` → `Deployment limit reached...`. */
export const errorDetail = jsonErrorDetail(ErrorBody, (parsed) => parsed.error);

/** A create from a template. */
export interface TemplateCreate {
  template: string;
  envVars?: Record<string, string>;
  visibility?: Visibility;
}

/** A create from a raw container image. */
export interface ImageCreate {
  image: string;
  name?: string;
  containerPort?: number;
  envVars?: Record<string, string>;
  visibility?: Visibility;
}

/** A Shipyard client bound to one API key and one installation. */
export class ShipyardClient {
  private readonly http: HttpClient;
  /** The marker this client's creates and env var writes carry, if known. */
  readonly owner?: string;

  constructor(options: ClientOptions) {
    this.owner = options.owner;
    this.http = createHttpClient({
      ...options,
      platform: "shipyard",
      baseUrl: options.apiUrl,
      headers: { authorization: `Bearer ${options.apiKey}` },
      secrets: [options.apiKey, ...(options.secrets ?? [])],
      errorDetail,
    });
  }

  /**
   * `POST /api/deployments`: a new deployment of a template, named by the server. Not repeatable: a repeat
   * makes a second deployment, so its caller resolves ambiguous failures (see `createOnce`).
   */
  createFromTemplate(request: TemplateCreate): Promise<CreateResult> {
    const body = { ...request, envVars: withOwner(request.envVars, this.owner) };
    return this.http.request(CreateResult, { method: "POST", path: "/api/deployments", body });
  }

  /** `POST /api/deployments/deploy-image`: a new deployment of an image. Not repeatable either. */
  createFromImage(request: ImageCreate): Promise<CreateResult> {
    return this.http.request(CreateResult, {
      method: "POST",
      path: "/api/deployments/deploy-image",
      body: { ...request, envVars: withOwner(request.envVars, this.owner) },
    });
  }

  /** `GET /api/deployments`: the user's deployments, of one team when `teamId` is given. */
  listDeployments(teamId?: string): Promise<DeploymentSummary[]> {
    return this.http.request(DeploymentList, {
      method: "GET",
      path: "/api/deployments",
      query: { team_id: teamId },
    });
  }

  /** `GET /api/deployments/status?name=` (404 when there is none). */
  getStatus(name: string): Promise<DeploymentStatus> {
    return this.http.request(DeploymentStatus, {
      method: "GET",
      path: "/api/deployments/status",
      query: { name },
    });
  }

  /** `POST /api/deployments/delete`: starts the deletion; a repeat is harmless (or 404 once gone). */
  async deleteDeployment(name: string): Promise<void> {
    await this.http.request(WriteResult, {
      method: "POST",
      path: "/api/deployments/delete",
      body: { deployment_name: name },
      repeatable: true,
    });
  }

  /** `POST /api/deployments/restart`: every pod is replaced; a repeat only restarts them again. */
  async restart(name: string): Promise<void> {
    await this.http.request(WriteResult, {
      method: "POST",
      path: "/api/deployments/restart",
      body: { deployment_name: name },
      repeatable: true,
    });
  }

  /** `GET /api/deployments/config?name=`: the env vars, as declared (the ownership marker left out). */
  async getConfig(name: string): Promise<Record<string, string>> {
    return withoutOwner(await this.getRawConfig(name));
  }

  /** The marker of the resource that made (or last wrote) the deployment, if its env vars carry one. */
  async ownerOf(name: string): Promise<string | undefined> {
    return (await this.getRawConfig(name))[OWNER_ENV];
  }

  private async getRawConfig(name: string): Promise<Record<string, string>> {
    const result = await this.http.request(ConfigResult, {
      method: "GET",
      path: "/api/deployments/config",
      query: { name },
    });
    return result.configData ?? {};
  }

  /** `PUT /api/deployments/config`: replaces the env vars whole (the pods restart); repeatable. */
  async setConfig(name: string, configData: Record<string, string>): Promise<void> {
    await this.http.request(WriteResult, {
      method: "PUT",
      path: "/api/deployments/config",
      body: { deployment_name: name, configData: withOwner(configData, this.owner) },
      repeatable: true,
    });
  }

  /** `GET /api/deployments/auto-update?name=`. */
  getAutoUpdate(name: string): Promise<AutoUpdateSettings> {
    return this.http.request(AutoUpdateSettings, {
      method: "GET",
      path: "/api/deployments/auto-update",
      query: { name },
    });
  }

  /** `PUT /api/deployments/auto-update`; repeatable. */
  async setAutoUpdate(name: string, settings: { enabled: boolean; strategy?: string }): Promise<void> {
    await this.http.request(WriteResult, {
      method: "PUT",
      path: "/api/deployments/auto-update",
      body: { deployment_name: name, enabled: settings.enabled, strategy: settings.strategy },
      repeatable: true,
    });
  }

  /** `GET /api/deployments/{name}/logs`: the last `tail` lines (API default 100) of one service. */
  async getLogs(name: string, options: { tail?: number; service?: string } = {}): Promise<string> {
    const result = await this.http.request(LogsResult, {
      method: "GET",
      path: `/api/deployments/${encodeURIComponent(name)}/logs`,
      query: { tail: options.tail, service: options.service },
    });
    return result.logs;
  }

  /** `GET /api/deployments/{name}/metrics`: CPU and memory now. */
  getMetrics(name: string, service?: string): Promise<Metrics> {
    return this.http.request(Metrics, {
      method: "GET",
      path: `/api/deployments/${encodeURIComponent(name)}/metrics`,
      query: { service },
    });
  }

  /** `GET /api/deployments/{name}/history`: revisions (creates, config changes, restarts...). */
  async getHistory(name: string): Promise<Revision[]> {
    const result = await this.http.request(HistoryResult, {
      method: "GET",
      path: `/api/deployments/${encodeURIComponent(name)}/history`,
    });
    return result.revisions;
  }

  /** `GET /api/deployments/{name}/events`: the Kubernetes events of the deployment. */
  async getEvents(name: string): Promise<Event[]> {
    const result = await this.http.request(EventsResult, {
      method: "GET",
      path: `/api/deployments/${encodeURIComponent(name)}/events`,
    });
    return result.events;
  }
}
