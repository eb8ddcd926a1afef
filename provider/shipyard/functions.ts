/**
 * Shipyard's lookups as a native provider serves them: invokes named `shipyard:index:<name>`, with the
 * provider's configured key and URL (required: Shipyard has no public one).
 */
import { z } from "zod";
import { type Credentials, lookup } from "../core/lookupDefinition";
import { unmanagedLookup } from "../core/unmanaged";
import type { DeploymentSummary } from "./api";
import { connect } from "./client";

const IngressResult = z.strictObject({
  name: z.string().optional(),
  host: z.string().optional(),
  url: z.string().optional(),
});

/** A deployment as the list shows it. */
const DeploymentResult = z.strictObject({
  name: z.string().describe("The deployment's name, given or generated."),
  status: z.string().describe("Pending, Provisioning, Ready, Error or Deleting."),
  template: z.string().optional(),
  image: z.string().optional(),
  containerPort: z.number().optional(),
  visibility: z.string().optional(),
  ingresses: z.array(IngressResult).describe("The ingress endpoints (only when Ready)."),
  lastError: z.string().optional().describe("Why it is in Error, when it is."),
  canDelete: z.boolean().optional(),
});

function result(d: DeploymentSummary): z.input<typeof DeploymentResult> {
  // JSON drops the undefined fields and the API's nulls become absent, as the wire format wants.
  const present = <T>(value: T | null | undefined) => value ?? undefined;
  return JSON.parse(
    JSON.stringify({
      name: d.name,
      status: d.status,
      template: present(d.template),
      image: present(d.image),
      containerPort: present(d.containerPort),
      visibility: present(d.visibility),
      ingresses: (d.ingresses ?? []).map((i) => ({ name: i.name, host: i.host, url: i.url })),
      lastError: present(d.lastError),
      canDelete: present(d.canDelete),
    }),
  );
}

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
      deployments: (await client(credentials).listDeployments(args.teamId)).map(result),
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
    outputs: z.strictObject({
      cpuUsage: z.string(),
      memoryUsage: z.string(),
      timestamp: z.string().optional(),
    }),
    run: async (credentials, args) => {
      const { cpuUsage, memoryUsage, timestamp } = await client(credentials).getMetrics(
        args.name,
        args.service,
      );
      return { cpuUsage, memoryUsage, ...(timestamp === undefined ? {} : { timestamp }) };
    },
  }),
  getDeploymentHistory: lookup({
    description: "The revisions of a deployment: its create, config changes, restarts, auto-update changes.",
    inputs: z.strictObject(byName),
    outputs: z.strictObject({
      revisions: z.array(
        z.strictObject({
          revision: z.number().optional(),
          type: z.string().optional(),
          message: z.string().optional(),
          timestamp: z.string().optional(),
        }),
      ),
    }),
    run: async (credentials, args) => ({
      revisions: (await client(credentials).getHistory(args.name)).map(
        ({ revision, type, message, timestamp }) =>
          JSON.parse(JSON.stringify({ revision, type, message, timestamp })),
      ),
    }),
  }),
  getDeploymentEvents: lookup({
    description: "The Kubernetes events of a deployment, for debugging.",
    inputs: z.strictObject(byName),
    outputs: z.strictObject({
      events: z.array(
        z.strictObject({
          type: z.string().optional(),
          reason: z.string().optional(),
          message: z.string().optional(),
        }),
      ),
    }),
    run: async (credentials, args) => ({
      events: (await client(credentials).getEvents(args.name)).map(({ type, reason, message }) =>
        JSON.parse(JSON.stringify({ type, reason, message })),
      ),
    }),
  }),
};
