/**
 * The inputs and outputs of a Paperspace Deployment, each defined once with zod and its type inferred
 * under the same name. Every input declares, with `field()`, how a change of it behaves, whether it is
 * secret, its API name and its line in the README: the diff, the spec, refresh and the docs derive from here.
 */
import { z } from "zod";
import { clientSideDefaults, clientSideInputs, flag } from "../core/args";
import { field, fromApi, output } from "../core/fields";
import type { DeploymentInfo, MetricPoint, Run } from "./api";

/** The defaults of the inputs, made explicit so that a diff compares like with like. */
export const defaults = {
  enabled: true,
  replicas: 1,
  waitForHealthy: true,
  ...clientSideDefaults,
} as const;

const text = (what = "must be a string") => z.string({ error: what }).min(1, "must not be empty");
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const portNumber = wholeNumber(1, 65_535);
const seconds = wholeNumber(0).optional();

const probeTiming = {
  initialDelaySeconds: seconds,
  periodSeconds: seconds,
  timeoutSeconds: seconds,
  failureThreshold: wholeNumber(1).optional(),
};

/** An HTTP probe: a GET of `path` on the container must answer 2xx or 3xx. */
export const HttpHealthCheck = z.strictObject({
  path: z.string({ error: "must be a string" }).startsWith("/", "must start with /"),
  port: portNumber.optional(),
  host: text().optional(),
  headers: z
    .array(z.strictObject({ name: text(), value: z.string({ error: "must be a string" }) }))
    .optional(),
  ...probeTiming,
});
/** A command probe: the command must exit 0 inside the container. */
export const ExecHealthCheck = z.strictObject({
  exec: z.array(z.string({ error: "must be a string" })).min(1, "must name a command"),
  ...probeTiming,
});
export const HealthCheck = z.union([HttpHealthCheck, ExecHealthCheck], {
  error: "must be an HTTP check ({path, ...}) or a command check ({exec, ...})",
});
export type HealthCheck = z.infer<typeof HealthCheck>;
/** Probes by kind: `liveness` restarts a replica, `readiness` routes traffic to it, `startup` gates both. */
export const HealthChecks = z.partialRecord(
  z.enum(["liveness", "readiness", "startup"], { error: "must be liveness, readiness or startup" }),
  HealthCheck,
);
export type HealthChecks = z.infer<typeof HealthChecks>;

export const AutoscalingMetric = z.strictObject({
  metric: z.enum(["cpu", "memory", "requestDuration"], { error: "must be cpu, memory or requestDuration" }),
  /** Percent for cpu and memory, seconds for requestDuration. */
  target: z.number({ error: "must be a number" }).positive("must be more than 0"),
});
export const Autoscaling = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }).default(true),
  maxReplicas: wholeNumber(1),
  metrics: z.array(AutoscalingMetric).min(1, "must name at least one metric"),
});
export type Autoscaling = z.infer<typeof Autoscaling>;

export const Resources = z.strictObject({
  machineType: text(),
  replicas: wholeNumber(0).default(defaults.replicas),
  autoscaling: Autoscaling.optional(),
});
export type Resources = z.infer<typeof Resources>;

/** A volume, secret store or model source mounted into the container; its fields depend on `type`. */
export const Integration = z.looseObject({ type: text(), name: text().optional(), path: text().optional() });
export type Integration = z.infer<typeof Integration>;

/** An input the spec carries in place under its own name. */
const inSpec = (key: string, type: string, fallback = "none") =>
  ({ change: "update", type, default: fallback, wire: key, live: true }) as const;

/** The inputs of a Deployment, as `check` validates them. */
export const DeploymentInputs = z
  .strictObject({
    projectId: field(text(), {
      change: "replace",
      type: "string",
      onChange: "**replace** (new one created first)",
    }),
    region: field(text().optional(), {
      ...inSpec("region", "string, e.g. `ny2`", "the API's"),
      change: "replace",
      onChange: "**replace** (old one deleted first when name and project stay)",
    }),
    name: field(text().max(128, "must be at most 128 characters"), {
      ...inSpec("name", "string, ≤ 128 characters, unique in the project"),
      default: undefined,
    }),
    image: field(text(), { ...inSpec("image", "string"), default: undefined }),
    port: field(portNumber.optional(), {
      change: "update",
      type: "one port (give `port` or `ports`)",
      default: "one of the two",
      identity: true,
    }),
    ports: field(z.array(portNumber).min(1, "must list at least one port").optional(), {
      change: "update",
      type: "list of ports, the first served",
      default: "one of the two",
      identity: true,
    }),
    resources: field(Resources, {
      change: "update",
      type: "`{machineType, replicas?, autoscaling?: {enabled?, maxReplicas, metrics: [{metric: cpu\\|memory\\|requestDuration, target}]}}`",
      default: "`replicas` 1",
    }),
    env: field(z.record(z.string(), z.string({ error: "must be a string" })).optional(), {
      change: "update",
      type: "map of strings, **secret**",
      default: "none",
      secret: true,
    }),
    command: field(
      z
        .array(z.string({ error: "must be a string" }))
        .min(1, "must not be empty")
        .optional(),
      inSpec("command", "list of strings", "the image's"),
    ),
    healthChecks: field(
      HealthChecks.optional(),
      inSpec(
        "healthChecks",
        "`{liveness?, readiness?, startup?}`, each `{path, port?, host?, headers?, ...timing}` or `{exec: [...], ...timing}`",
      ),
    ),
    integrations: field(
      z.array(Integration).optional(),
      inSpec("integrations", "list of `{type, name?, path?, ...}`"),
    ),
    containerRegistry: field(text().optional(), inSpec("containerRegistry", "name of the team's registry")),
    enabled: field(flag(defaults.enabled), inSpec("enabled", "boolean", String(defaults.enabled))),
    basicAuthKey: field(text().optional(), { ...inSpec("basicAuthKey", "string, **secret**"), secret: true }),
    waitForHealthy: field(flag(defaults.waitForHealthy), {
      change: "state",
      type: "boolean",
      default: String(defaults.waitForHealthy),
    }),
    ...clientSideInputs,
  })
  .refine((v) => (v.port === undefined) !== (v.ports === undefined), {
    path: ["port"],
    message: "give either [port] or [ports], not both and not neither",
  })
  .refine((v) => !v.resources.autoscaling || v.resources.autoscaling.maxReplicas >= v.resources.replicas, {
    path: ["resources", "autoscaling", "maxReplicas"],
    message: "must not be less than resources.replicas",
  });
export type DeploymentInputs = z.infer<typeof DeploymentInputs>;

/** What the API said of a deployment: its info and its active runs. */
export type Answer = DeploymentInfo & { runs: Run[] };

const sum = (runs: Run[], key: "replicas" | "readyReplicas") => runs.reduce((n, run) => n + run[key], 0);

/** What the API adds to the inputs in a Deployment's outputs, each from its answer. */
export const DeploymentOutputs = z.object({
  ...DeploymentInputs.shape,
  deploymentId: output(z.string().describe("The API's ID of the deployment (the resource's `id` too)."), {
    wire: "id",
  }),
  endpoint: output(z.string().describe("The host name the deployment is served at."), { wire: "endpoint" }),
  url: output(z.string().describe("`https://` + endpoint."), {
    from: (d: Answer) => `https://${d.endpoint}`,
  }),
  teamId: output(z.string().optional().describe("The API's ID of the team that owns the deployment."), {
    wire: "teamId",
  }),
  dtCreated: output(z.string().optional().describe("When the deployment was created (ISO 8601)."), {
    wire: "dtCreated",
  }),
  latestSpecId: output(z.string().optional().describe("The API's ID of the latest spec."), {
    from: (d: Answer) => d.latestSpec?.id,
  }),
  latestSpecHash: output(z.string().nullable().describe("The API's version hash of the latest spec."), {
    from: (d: Answer) => d.latestSpecHash ?? null,
  }),
  externalApplied: output(
    z.string().nullable().describe("When the latest spec was applied to the cluster, null until it is."),
    { from: (d: Answer) => d.latestSpec?.externalApplied ?? null },
  ),
  dtHealthy: output(
    z.string().nullable().describe("When the latest spec was marked healthy, null while it is not."),
    { from: (d: Answer) => d.latestSpec?.dtHealthy ?? null },
  ),
  specError: output(z.string().nullable().describe("The latest spec's error, which is fatal, or null."), {
    from: (d: Answer) => d.latestSpec?.error ?? null,
  }),
  replicas: output(z.number().describe("Replicas the active runs want, when last read."), {
    from: (d: Answer) => sum(d.runs, "replicas"),
  }),
  readyReplicas: output(z.number().describe("How many of those replicas were ready, when last read."), {
    from: (d: Answer) => sum(d.runs, "readyReplicas"),
  }),
});
export type DeploymentOutputs = z.infer<typeof DeploymentOutputs>;

/** A deployment as a lookup returns it. */
export const DeploymentResult = z.strictObject({
  id: output(z.string().describe("The API's ID of the deployment."), { wire: "id" }),
  name: output(z.string(), { wire: "name" }),
  projectId: output(z.string(), { wire: "projectId" }),
  endpoint: output(z.string().describe("The host name the deployment is served at."), { wire: "endpoint" }),
  url: output(z.string().describe("`https://` + endpoint."), {
    from: (d: DeploymentInfo) => `https://${d.endpoint}`,
  }),
  latestSpecHash: output(z.string().optional(), { wire: "latestSpecHash", missing: "absent" }),
  externalApplied: output(
    z.string().optional().describe("When the latest spec was applied, absent until it is."),
    { from: (d: DeploymentInfo) => d.latestSpec?.externalApplied ?? undefined },
  ),
  dtHealthy: output(
    z.string().optional().describe("When the latest spec was marked healthy, absent while it is not."),
    { from: (d: DeploymentInfo) => d.latestSpec?.dtHealthy ?? undefined },
  ),
});

/** A log line as a lookup returns it. */
export const LogEntryResult = z.strictObject({
  id: output(z.string(), { wire: "id" }),
  dtCreated: output(z.string(), { wire: "dtCreated" }),
  instanceId: output(z.string().optional(), { wire: "instanceId", missing: "absent" }),
  jobId: output(z.string(), { wire: "jobId" }),
  message: output(z.string(), { wire: "message" }),
});

/** One spec of a deployment's history. */
export const SpecResult = z.strictObject({
  id: output(z.string(), { wire: "id" }),
  deploymentId: output(z.string(), { wire: "deploymentId" }),
  externalApplied: output(z.string().optional().describe("When the spec was applied."), {
    wire: "externalApplied",
    missing: "absent",
  }),
  dtHealthy: output(z.string().optional().describe("When the spec was marked healthy."), {
    wire: "dtHealthy",
    missing: "absent",
  }),
  error: output(z.string().optional().describe("Why the spec failed, when it did."), {
    wire: "error",
    missing: "absent",
  }),
});

/** One sample of a metric. */
export const MetricPointResult = z.strictObject({
  timestamp: output(z.string(), { wire: "timestamp" }),
  value: output(z.number(), { from: (p: MetricPoint) => Number(p.value) }),
});

const InstanceResult = z.strictObject({
  id: output(z.string().optional(), { wire: "id" }),
  state: output(z.string().optional(), { wire: "state", missing: "absent" }),
  phase: output(z.string().optional(), { wire: "phase", missing: "absent" }),
  message: output(z.string().optional(), { wire: "message", missing: "absent" }),
});

/** One active run of a deployment, with its instances. */
export const RunResult = z.strictObject({
  id: output(z.string().optional(), { wire: "id" }),
  replicas: output(z.number(), { wire: "replicas" }),
  readyReplicas: output(z.number(), { wire: "readyReplicas" }),
  availableReplicas: output(z.number().optional(), { wire: "availableReplicas" }),
  instances: output(z.array(InstanceResult), {
    from: (run: Run) => run.instances.map((i) => fromApi(InstanceResult, i)),
  }),
});
