/**
 * Paperspace's lookups, each defined once: served as the Node functions (`paperspace.getDeployment`,
 * `getDeploymentOutput`) and as the plugin's invokes (`paperspace:index:getDeployment`), with the same
 * camelCase result, built by the core's `fromApi` from the result's fields declared in schema.ts.
 */
import { z } from "zod";
import { fromApi } from "../core/fields";
import { lookup } from "../core/lookupDefinition";
import { unmanagedLookup } from "../core/unmanaged";
import { PaperspaceClient } from "./client";
import { DeploymentResult, LogEntryResult, MetricPointResult, RunResult, SpecResult } from "./schema";

/** The ordering of a paged list, as the API takes it. */
const Ordering = {
  orderBy: z.string().optional().describe("The field to order by, such as `dtCreated`."),
  order: z.enum(["asc", "desc"]).optional().describe("`asc` or `desc` (the API's default)."),
};
const byId = { id: z.string().describe("The deployment's ID.") };

export const functions = {
  getDeployment: lookup({
    description: "One deployment, as the API reports it now.",
    inputs: z.strictObject({ id: z.string().describe("The deployment's ID.") }),
    outputs: DeploymentResult,
    run: async (credentials, args) =>
      fromApi(DeploymentResult, await new PaperspaceClient(credentials).getDeployment(args.id)),
  }),
  listDeployments: lookup({
    description:
      "Every deployment the key can see, or a project's (those whose name contains `name`); all pages.",
    inputs: z.strictObject({ projectId: z.string().optional(), name: z.string().optional(), ...Ordering }),
    outputs: z.strictObject({ deployments: z.array(DeploymentResult) }),
    run: async (credentials, args) => {
      const client = new PaperspaceClient(credentials);
      const found =
        args.projectId === undefined
          ? await client.listDeployments(args)
          : await client.listProjectDeployments(args.projectId, args);
      return { deployments: found.map((d) => fromApi(DeploymentResult, d)) };
    },
  }),
  listUnmanagedDeployments: unmanagedLookup({}, async (credentials) =>
    (await new PaperspaceClient(credentials).listDeployments()).map((d) => ({
      id: d.id,
      name: d.name,
      status: d.latestSpec?.error ? "error" : d.latestSpec?.dtHealthy ? "healthy" : "not healthy yet",
    })),
  ),
  getDeploymentLogs: lookup({
    description: "A deployment's log lines, all pages; those of one instance when `instanceId` is given.",
    inputs: z.strictObject({ ...byId, instanceId: z.string().optional(), ...Ordering }),
    outputs: z.strictObject({ entries: z.array(LogEntryResult) }),
    run: async (credentials, args) => ({
      entries: (await new PaperspaceClient(credentials).getLogs(args.id, args)).map((e) =>
        fromApi(LogEntryResult, e),
      ),
    }),
  }),
  getDeploymentHistory: lookup({
    description: 'Every spec the deployment has had, newest first unless `order: "asc"`.',
    inputs: z.strictObject({ ...byId, ...Ordering }),
    outputs: z.strictObject({ specs: z.array(SpecResult) }),
    run: async (credentials, args) => ({
      specs: (await new PaperspaceClient(credentials).getHistory(args.id, args)).map((spec) =>
        fromApi(SpecResult, spec),
      ),
    }),
  }),
  getDeploymentMetrics: lookup({
    description:
      "Samples of one metric (`cpu`, `memory`, `gpu`, `requestDuration`, ...) over an optional time frame.",
    inputs: z.strictObject({
      ...byId,
      metric: z.string().describe("`cpu`, `memory`, `gpu`, `requestDuration`, ..."),
      timeframe: z.string().optional(),
    }),
    outputs: z.strictObject({ points: z.array(MetricPointResult) }),
    run: async (credentials, args) => ({
      points: (await new PaperspaceClient(credentials).getMetrics(args.id, args.metric, args.timeframe)).map(
        (p) => fromApi(MetricPointResult, p),
      ),
    }),
  }),
  getDeploymentRuns: lookup({
    description:
      "The active runs of a deployment (the latest `limit`, default 10), with their replicas and instances.",
    inputs: z.strictObject({ ...byId, limit: z.number().int().min(1).optional() }),
    outputs: z.strictObject({ runs: z.array(RunResult) }),
    run: async (credentials, args) => ({
      runs: (await new PaperspaceClient(credentials).getRuns(args.id, args.limit)).map((run) =>
        fromApi(RunResult, run),
      ),
    }),
  }),
};
