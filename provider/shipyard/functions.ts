/**
 * Shipyard's lookups as a native provider serves them: invokes named `shipyard:index:<name>`, with the
 * provider's configured key and URL (required: Shipyard has no public one). Each result is built by the
 * core's `fromApi` from its fields declared in schema.ts.
 */
import { z } from "zod";
import { fromApi } from "../core/fields";
import { type Credentials, lookup } from "../core/lookupDefinition";
import { unmanagedLookup } from "../core/unmanaged";
import { connect } from "./client";
import { DeploymentResult, EventResult, MetricsResult, RevisionResult } from "./schema";

const client = (credentials: Credentials) => connect(credentials);
const byName = { name: z.string().describe("The deployment's name.") };
const service = z
  .string()
  .optional()
  .describe("One service (container) of the deployment; default the first.");

export const functions = {
  listDeployments: lookup({
    description: "Every deployment of the key's user, of one team when `teamId` is given.",
    inputs: z.strictObject({ teamId: z.string().optional() }),
    outputs: z.strictObject({ deployments: z.array(DeploymentResult) }),
    run: async (credentials, args) => ({
      deployments: (await client(credentials).listDeployments(args.teamId)).map((d) =>
        fromApi(DeploymentResult, d),
      ),
    }),
  }),
  listUnmanagedDeployments: unmanagedLookup({}, async (credentials) =>
    (await client(credentials).listDeployments())
      .filter((d) => d.status !== "Deleting")
      .map((d) => ({ id: d.name, name: d.name, status: d.status })),
  ),
  getDeploymentLogs: lookup({
    description: "The last `tail` lines (default 100) of a deployment's logs.",
    inputs: z.strictObject({ ...byName, tail: z.number().int().min(0).optional(), service }),
    outputs: z.strictObject({ logs: z.string() }),
    run: async (credentials, args) => ({
      logs: await client(credentials).getLogs(args.name, { tail: args.tail, service: args.service }),
    }),
  }),
  getDeploymentMetrics: lookup({
    description: "CPU (millicores, `150m`) and memory (`256Mi`) of a deployment now.",
    inputs: z.strictObject({ ...byName, service }),
    outputs: MetricsResult,
    run: async (credentials, args) =>
      fromApi(MetricsResult, await client(credentials).getMetrics(args.name, args.service)),
  }),
  getDeploymentHistory: lookup({
    description: "The revisions of a deployment: its create, config changes, restarts, auto-update changes.",
    inputs: z.strictObject(byName),
    outputs: z.strictObject({ revisions: z.array(RevisionResult) }),
    run: async (credentials, args) => ({
      revisions: (await client(credentials).getHistory(args.name)).map((r) => fromApi(RevisionResult, r)),
    }),
  }),
  getDeploymentEvents: lookup({
    description: "The Kubernetes events of a deployment, for debugging.",
    inputs: z.strictObject(byName),
    outputs: z.strictObject({ events: z.array(EventResult) }),
    run: async (credentials, args) => ({
      events: (await client(credentials).getEvents(args.name)).map((e) => fromApi(EventResult, e)),
    }),
  }),
};
