/**
 * Paperspace's lookups, each defined once: served as the Node functions (`paperspace.getDeployment`,
 * `getDeploymentOutput`) and as the plugin's invokes (`paperspace:index:getDeployment`), with the same
 * camelCase result.
 */
import { z } from "zod";
import { lookup } from "../core/lookupDefinition";
import { unmanagedLookup } from "../core/unmanaged";
import type { DeploymentInfo } from "./api";
import { PaperspaceClient } from "./client";

/** A deployment as a lookup returns it. */
const DeploymentResult = z.strictObject({
  id: z.string().describe("The API's ID of the deployment."),
  name: z.string(),
  projectId: z.string(),
  endpoint: z.string().describe("The host name the deployment is served at."),
  url: z.string().describe("`https://` + endpoint."),
  latestSpecHash: z.string().optional(),
  externalApplied: z.string().optional().describe("When the latest spec was applied, absent until it is."),
  dtHealthy: z
    .string()
    .optional()
    .describe("When the latest spec was marked healthy, absent while it is not."),
});

function result(d: DeploymentInfo): z.input<typeof DeploymentResult> {
  return JSON.parse(
    JSON.stringify({
      id: d.id,
      name: d.name,
      projectId: d.projectId,
      endpoint: d.endpoint,
      url: `https://${d.endpoint}`,
      latestSpecHash: d.latestSpecHash ?? undefined,
      externalApplied: d.latestSpec?.externalApplied ?? undefined,
      dtHealthy: d.latestSpec?.dtHealthy ?? undefined,
    }),
  );
}

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
    run: async (credentials, args) => result(await new PaperspaceClient(credentials).getDeployment(args.id)),
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
      return { deployments: found.map(result) };
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
    outputs: z.strictObject({
      entries: z.array(
        z.strictObject({
          id: z.string(),
          dtCreated: z.string(),
          instanceId: z.string().optional(),
          jobId: z.string(),
          message: z.string(),
        }),
      ),
    }),
    run: async (credentials, args) => ({
      entries: (await new PaperspaceClient(credentials).getLogs(args.id, args)).map((e) => ({
        id: e.id,
        dtCreated: e.dtCreated,
        instanceId: e.instanceId ?? undefined,
        jobId: e.jobId,
        message: e.message,
      })),
    }),
  }),
  getDeploymentHistory: lookup({
    description: 'Every spec the deployment has had, newest first unless `order: "asc"`.',
    inputs: z.strictObject({ ...byId, ...Ordering }),
    outputs: z.strictObject({
      specs: z.array(
        z.strictObject({
          id: z.string(),
          deploymentId: z.string(),
          externalApplied: z.string().optional().describe("When the spec was applied."),
          dtHealthy: z.string().optional().describe("When the spec was marked healthy."),
          error: z.string().optional().describe("Why the spec failed, when it did."),
        }),
      ),
    }),
    run: async (credentials, args) => ({
      specs: (await new PaperspaceClient(credentials).getHistory(args.id, args)).map((spec) => ({
        id: spec.id,
        deploymentId: spec.deploymentId,
        externalApplied: spec.externalApplied ?? undefined,
        dtHealthy: spec.dtHealthy ?? undefined,
        error: spec.error ?? undefined,
      })),
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
    outputs: z.strictObject({
      points: z.array(z.strictObject({ timestamp: z.string(), value: z.number() })),
    }),
    run: async (credentials, args) => ({
      points: (await new PaperspaceClient(credentials).getMetrics(args.id, args.metric, args.timeframe)).map(
        (p) => ({ timestamp: p.timestamp, value: Number(p.value) }),
      ),
    }),
  }),
  getDeploymentRuns: lookup({
    description:
      "The active runs of a deployment (the latest `limit`, default 10), with their replicas and instances.",
    inputs: z.strictObject({ ...byId, limit: z.number().int().min(1).optional() }),
    outputs: z.strictObject({
      runs: z.array(
        z.strictObject({
          id: z.string().optional(),
          replicas: z.number(),
          readyReplicas: z.number(),
          availableReplicas: z.number().optional(),
          instances: z.array(
            z.strictObject({
              id: z.string().optional(),
              state: z.string().optional(),
              phase: z.string().optional(),
              message: z.string().optional(),
            }),
          ),
        }),
      ),
    }),
    run: async (credentials, args) => ({
      runs: (await new PaperspaceClient(credentials).getRuns(args.id, args.limit)).map((run) => ({
        id: run.id,
        replicas: run.replicas,
        readyReplicas: run.readyReplicas,
        availableReplicas: run.availableReplicas,
        instances: run.instances.map((i) => ({
          id: i.id,
          state: i.state ?? undefined,
          phase: i.phase ?? undefined,
          message: i.message ?? undefined,
        })),
      })),
    }),
  }),
};
