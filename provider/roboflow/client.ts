/**
 * One typed function per endpoint of the Roboflow Dedicated Deployments API. GET calls carry the key in
 * the query and POST calls in the JSON body, as the API documents; every answer is parsed with zod.
 */
import { z } from "zod";
import { createHttpClient, type HttpClient, jsonErrorDetail, type PlatformClientOptions } from "../core/http";
import {
  Acknowledgement,
  Deployment,
  DeploymentList,
  DeploymentUsage,
  LogEntries,
  type LogEntry,
  MachineTypes,
  WorkspaceUsage,
} from "./api";

export const DEFAULT_API_URL = "https://roboflow.cloud";

export type ClientOptions = PlatformClientOptions;

/** A usage window: ISO 8601 timestamps, sent as given. */
export interface UsageWindow {
  from: string;
  to: string;
}

/** Roboflow's error bodies are plain strings, sometimes JSON-quoted. */
const errorDetail = jsonErrorDetail(z.string(), (message) => message);

/** A Roboflow client bound to one API key. */
export class RoboflowClient {
  private readonly http: HttpClient;
  private readonly apiKey: string;

  constructor(options: ClientOptions) {
    this.apiKey = options.apiKey;
    this.http = createHttpClient({
      ...options,
      platform: "roboflow",
      baseUrl: options.apiUrl ?? DEFAULT_API_URL,
      secrets: [options.apiKey, ...(options.secrets ?? [])],
      errorDetail,
    });
  }

  /**
   * `POST /add`: creates a deployment from the request fields (`deployment_name`, `machine_type`, ...); not
   * repeatable, its caller resolves ambiguous failures.
   */
  addDeployment(request: Record<string, unknown>): Promise<Deployment> {
    return this.http.request(Deployment, {
      method: "POST",
      path: "/add",
      body: { api_key: this.apiKey, ...request },
    });
  }

  /** `GET /get`: one deployment by name (404 when there is none). */
  getDeployment(deploymentName: string): Promise<Deployment> {
    return this.http.request(Deployment, {
      method: "GET",
      path: "/get",
      query: { api_key: this.apiKey, deployment_name: deploymentName },
    });
  }

  /** `GET /list`: the workspace's deployments. */
  listDeployments(options: { showExpired?: boolean; showDeleted?: boolean } = {}): Promise<Deployment[]> {
    return this.http.request(DeploymentList, {
      method: "GET",
      path: "/list",
      query: {
        api_key: this.apiKey,
        show_expired: options.showExpired ? "true" : undefined,
        show_deleted: options.showDeleted ? "true" : undefined,
      },
    });
  }

  /** `GET /get_log`: log entries, newest first. */
  getLogs(
    deploymentName: string,
    options: { maxEntries?: number; from?: string; to?: string } = {},
  ): Promise<LogEntry[]> {
    return this.http.request(LogEntries, {
      method: "GET",
      path: "/get_log",
      query: {
        api_key: this.apiKey,
        deployment_name: deploymentName,
        max_entries: options.maxEntries,
        from_timestamp: options.from,
        to_timestamp: options.to,
      },
    });
  }

  /** `GET /usage_workspace`: the workspace's usage between two ISO 8601 timestamps. */
  workspaceUsage(window: UsageWindow): Promise<WorkspaceUsage> {
    return this.http.request(WorkspaceUsage, {
      method: "GET",
      path: "/usage_workspace",
      query: { api_key: this.apiKey, from_timestamp: window.from, to_timestamp: window.to },
    });
  }

  /** `GET /usage_deployment`: one deployment's usage between two ISO 8601 timestamps (404 when there is none). */
  deploymentUsage(deploymentName: string, window: UsageWindow): Promise<DeploymentUsage> {
    return this.http.request(DeploymentUsage, {
      method: "GET",
      path: "/usage_deployment",
      query: {
        api_key: this.apiKey,
        deployment_name: deploymentName,
        from_timestamp: window.from,
        to_timestamp: window.to,
      },
    });
  }

  /** `GET /machine_types`: the machine types the workspace may use. */
  machineTypes(): Promise<string[]> {
    return this.http.request(MachineTypes, {
      method: "GET",
      path: "/machine_types",
      query: { api_key: this.apiKey },
    });
  }

  /** `POST /pause`. Repeating it is harmless: the caller reads the state afterwards. */
  pause(deploymentName: string): Promise<void> {
    return this.post("/pause", deploymentName);
  }

  /** `POST /resume`. */
  resume(deploymentName: string): Promise<void> {
    return this.post("/resume", deploymentName);
  }

  /** `POST /delete`. A repeat after the work was done answers 404, which the caller treats as done. */
  delete(deploymentName: string): Promise<void> {
    return this.post("/delete", deploymentName);
  }

  private async post(path: string, deploymentName: string): Promise<void> {
    await this.http.request(Acknowledgement, {
      method: "POST",
      path,
      body: { api_key: this.apiKey, deployment_name: deploymentName },
      repeatable: true,
    });
  }
}
