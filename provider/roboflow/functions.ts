/**
 * Roboflow's lookups, each defined once: served as the Node functions (`roboflow.getDeployment`,
 * `getDeploymentOutput`) and as the plugin's invokes (`roboflow:index:getDeployment`), with the same
 * camelCase result.
 */
import { z } from "zod";
import { lookup } from "../core/lookupDefinition";
import { unmanagedLookup } from "../core/unmanaged";
import type { Deployment, DeploymentUsage } from "./api";
import { RoboflowClient, type UsageWindow } from "./client";

/** A deployment as a lookup returns it. */
const DeploymentResult = z.strictObject({
  deploymentId: z.string().describe("The API's unique identifier of the deployment."),
  deploymentName: z.string(),
  machineType: z.string(),
  status: z.string().describe("`pending`, `ready`, `paused`, `failed`, ... as read now."),
  subdomain: z.string(),
  domain: z.string(),
  url: z.string().describe("`https://` + domain."),
  duration: z.number(),
  resolvedInferenceVersion: z.string().describe("The inference version the API runs."),
  minReplicas: z.number(),
  maxReplicas: z.number(),
  numReplicas: z.number(),
});

function result(d: Deployment): z.input<typeof DeploymentResult> {
  return {
    deploymentId: d.deployment_id,
    deploymentName: d.deployment_name,
    machineType: d.machine_type,
    status: d.status,
    subdomain: d.subdomain,
    domain: d.domain,
    url: `https://${d.domain}`,
    duration: d.duration,
    resolvedInferenceVersion: d.inference_version,
    minReplicas: d.min_replicas,
    maxReplicas: d.max_replicas,
    numReplicas: d.num_replicas,
  };
}

const DAY_MS = 24 * 3_600_000;

/** An ISO 8601 timestamp; the Node functions take a Date too. */
const Timestamp = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: "must be an ISO 8601 timestamp" });

/** A usage window: both bounds default as the official CLI does, the 24 hours before `to` (default now). */
const Window = {
  from: Timestamp.optional().describe("The window's start; default 24 hours before `to`."),
  to: Timestamp.optional().describe("The window's end; default now."),
};

/** The window sent to the API: always both bounds, so the answer never depends on the service's defaults. */
function usageWindow(args: { from?: string; to?: string }): UsageWindow {
  const to = args.to ?? new Date().toISOString();
  return { from: args.from ?? new Date(Date.parse(to) - DAY_MS).toISOString(), to };
}

/** A deployment's usage in a window; the service does not document the shape (see `api.ts`). */
const UsageResult = z.strictObject({
  deploymentId: z.string().optional(),
  deploymentName: z.string().optional(),
  machineType: z.string().optional(),
  status: z.string().optional().describe("The deployment's status now."),
  replicas: z.number().optional().describe("Machines the deployment runs while billable."),
  hoursByStatus: z.record(z.string(), z.number()).optional().describe("Hours in each status in the window."),
  billableHours: z.number().optional().describe("Hours in a billable status (pending, ready)."),
  machineHours: z.number().optional().describe("Billable hours times replicas."),
  fromTimestamp: z.string().optional().describe("The window, as the service read it."),
  toTimestamp: z.string().optional(),
});

function usageResult(u: DeploymentUsage): z.input<typeof UsageResult> {
  return JSON.parse(
    JSON.stringify({
      deploymentId: u.deployment_id,
      deploymentName: u.deployment_name,
      machineType: u.machine_type,
      status: u.status,
      replicas: u.replicas,
      hoursByStatus: u.hours_by_status,
      billableHours: u.billable_hours,
      machineHours: u.machine_hours,
      fromTimestamp: u.from_timestamp,
      toTimestamp: u.to_timestamp,
    }),
  );
}

export const functions = {
  getDeployment: lookup({
    description: "One deployment, as the API reports it now.",
    inputs: z.strictObject({ deploymentName: z.string().describe("The deployment's name.") }),
    outputs: DeploymentResult,
    run: async (credentials, args) =>
      result(await new RoboflowClient(credentials).getDeployment(args.deploymentName)),
  }),
  listDeployments: lookup({
    description: "The workspace's deployments; expired and deleted ones only when asked.",
    inputs: z.strictObject({ showExpired: z.boolean().optional(), showDeleted: z.boolean().optional() }),
    outputs: z.strictObject({ deployments: z.array(DeploymentResult) }),
    run: async (credentials, args) => ({
      deployments: (await new RoboflowClient(credentials).listDeployments(args)).map(result),
    }),
  }),
  listUnmanagedDeployments: unmanagedLookup({}, async (credentials) =>
    (await new RoboflowClient(credentials).listDeployments({ showExpired: true })).map((d) => ({
      id: d.deployment_name,
      name: d.deployment_name,
      status: d.status,
    })),
  ),
  getMachineTypes: lookup({
    description: "The machine types the workspace may deploy on.",
    inputs: z.strictObject({}),
    outputs: z.strictObject({ machineTypes: z.array(z.string()) }),
    run: async (credentials) => ({ machineTypes: await new RoboflowClient(credentials).machineTypes() }),
  }),
  getDeploymentLogs: lookup({
    description: "A deployment's log entries, newest first.",
    inputs: z.strictObject({
      deploymentName: z.string().describe("The deployment's name."),
      maxEntries: z.number().int().min(1).optional().describe("At most this many entries."),
      ...Window,
    }),
    outputs: z.strictObject({
      entries: z.array(
        z.strictObject({
          insertId: z.string(),
          payload: z.string(),
          severity: z.string(),
          timestamp: z.string(),
        }),
      ),
    }),
    run: async (credentials, args) => ({
      entries: (await new RoboflowClient(credentials).getLogs(args.deploymentName, args)).map((e) => ({
        insertId: e.insert_id,
        payload: e.payload,
        severity: e.severity,
        timestamp: e.timestamp,
      })),
    }),
  }),
  getWorkspaceUsage: lookup({
    description:
      "The workspace's Dedicated Deployment usage in a window: hours per deployment (deleted ones included) and the totals, as `roboflow deployment usage` prints them.",
    inputs: z.strictObject(Window),
    outputs: z.strictObject({
      workspaceId: z.string().optional(),
      workspaceUrl: z.string().optional(),
      fromTimestamp: z.string().optional(),
      toTimestamp: z.string().optional(),
      billableHours: z.number().optional(),
      machineHours: z.number().optional(),
      deployments: z.array(UsageResult).optional(),
    }),
    run: async (credentials, args) => {
      const u = await new RoboflowClient(credentials).workspaceUsage(usageWindow(args));
      return JSON.parse(
        JSON.stringify({
          workspaceId: u.workspace_id,
          workspaceUrl: u.workspace_url,
          fromTimestamp: u.from_timestamp,
          toTimestamp: u.to_timestamp,
          billableHours: u.billable_hours,
          machineHours: u.machine_hours,
          deployments: u.deployments?.map(usageResult),
        }),
      );
    },
  }),
  getDeploymentUsage: lookup({
    description: "One deployment's usage in a window, as `roboflow deployment usage NAME` prints it.",
    inputs: z.strictObject({ deploymentName: z.string().describe("The deployment's name."), ...Window }),
    outputs: UsageResult,
    run: async (credentials, args) =>
      usageResult(
        await new RoboflowClient(credentials).deploymentUsage(args.deploymentName, usageWindow(args)),
      ),
  }),
};
