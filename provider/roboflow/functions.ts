/**
 * Roboflow's lookups, each defined once: served as the Node functions (`roboflow.getDeployment`,
 * `getDeploymentOutput`) and as the plugin's invokes (`roboflow:index:getDeployment`), with the same
 * camelCase result, built by the core's `fromApi` from the result's fields declared in schema.ts.
 */
import { z } from "zod";
import { fromApi } from "../core/fields";
import { lookup } from "../core/lookupDefinition";
import { unmanagedLookup } from "../core/unmanaged";
import { RoboflowClient, type UsageWindow } from "./client";
import { DeploymentResult, LogEntryResult, UsageResult, WorkspaceUsageResult } from "./schema";

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

export const functions = {
  getDeployment: lookup({
    description: "One deployment, as the API reports it now.",
    inputs: z.strictObject({ deploymentName: z.string().describe("The deployment's name.") }),
    outputs: DeploymentResult,
    run: async (credentials, args) =>
      fromApi(DeploymentResult, await new RoboflowClient(credentials).getDeployment(args.deploymentName)),
  }),
  listDeployments: lookup({
    description: "The workspace's deployments; expired and deleted ones only when asked.",
    inputs: z.strictObject({ showExpired: z.boolean().optional(), showDeleted: z.boolean().optional() }),
    outputs: z.strictObject({ deployments: z.array(DeploymentResult) }),
    run: async (credentials, args) => ({
      deployments: (await new RoboflowClient(credentials).listDeployments(args)).map((d) =>
        fromApi(DeploymentResult, d),
      ),
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
    outputs: z.strictObject({ entries: z.array(LogEntryResult) }),
    run: async (credentials, args) => ({
      entries: (await new RoboflowClient(credentials).getLogs(args.deploymentName, args)).map((e) =>
        fromApi(LogEntryResult, e),
      ),
    }),
  }),
  getWorkspaceUsage: lookup({
    description:
      "The workspace's Dedicated Deployment usage in a window: hours per deployment (deleted ones included) and the totals, as `roboflow deployment usage` prints them.",
    inputs: z.strictObject(Window),
    outputs: WorkspaceUsageResult,
    run: async (credentials, args) =>
      fromApi(WorkspaceUsageResult, await new RoboflowClient(credentials).workspaceUsage(usageWindow(args))),
  }),
  getDeploymentUsage: lookup({
    description: "One deployment's usage in a window, as `roboflow deployment usage NAME` prints it.",
    inputs: z.strictObject({ deploymentName: z.string().describe("The deployment's name."), ...Window }),
    outputs: UsageResult,
    run: async (credentials, args) =>
      fromApi(
        UsageResult,
        await new RoboflowClient(credentials).deploymentUsage(args.deploymentName, usageWindow(args)),
      ),
  }),
};
