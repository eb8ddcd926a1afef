/**
 * The inputs and outputs of a Shipyard Deployment, each defined once with zod and its type inferred under
 * the same name. Every input declares, with `field()`, how a change of it behaves, whether it is secret, its
 * name in the create request and its line in the README: the diff, the create body and the docs derive from
 * here. The API's own shapes are in api.ts.
 */
import { z } from "zod";
import { clientSideDefaults, clientSideInputs, flag } from "../core/args";
import { field, fromApi, output } from "../core/fields";
import { type DeploymentStatus, type DeploymentSummary, Ingress } from "./api";

/** The defaults of the inputs, made explicit so that a diff compares like with like. */
export const defaults = {
  containerPort: 8080,
  visibility: "public",
  autoUpdateStrategy: "rolling",
  waitForReady: true,
  ...clientSideDefaults,
} as const;

/** Kubernetes object names (DNS-1123 labels), which a custom deployment name becomes. */
export const NAME_PATTERN = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const text = () => z.string({ error: "must be a string" }).min(1, "must not be empty");

export const Visibility = z.enum(["public", "internal"], { error: "must be public or internal" });
export type Visibility = z.infer<typeof Visibility>;

export const Strategy = z.enum(["rolling", "recreate"], { error: "must be rolling or recreate" });

/** Auto-update of the deployment's image: `strategy` says how pods are replaced. */
export const AutoUpdateInput = z.strictObject({
  enabled: z.boolean({ error: "must be true or false" }),
  strategy: Strategy.default(defaults.autoUpdateStrategy),
});
export type AutoUpdateInput = z.infer<typeof AutoUpdateInput>;

export const EnvVars = z.record(
  z.string().regex(ENV_NAME_PATTERN, "names must be letters, digits and _, not starting with a digit"),
  z.string({ error: "must be a string" }),
);

/** An input the create request carries under its own name, which no endpoint changes afterwards. */
const created = (key: string, type: string, fallback: string) =>
  ({ change: "replace", type, default: fallback, wire: key }) as const;

/** The inputs of a Deployment, as `check` validates them. */
export const DeploymentInputs = z
  .strictObject({
    template: field(text().optional(), { ...created("template", "string", "—"), identity: true }),
    image: field(text().optional(), {
      ...created("image", "string (exactly one of `template` / `image`)", "—"),
      identity: true,
    }),
    containerPort: field(
      z
        .number({ error: "must be a number" })
        .int("must be a whole number")
        .min(1, "must be at least 1")
        .max(65_535, "must be at most 65535")
        .optional(),
      { ...created("containerPort", "1–65535, image only", String(defaults.containerPort)), identity: true },
    ),
    name: field(
      z
        .string({ error: "must be a string" })
        .regex(
          NAME_PATTERN,
          "must be a DNS-1123 label: a-z, 0-9 and -, a letter first, at most 63 characters",
        )
        .optional(),
      {
        ...created("name", "DNS-1123 label, image only", "generated"),
        onChange: "**replace** (old one deleted first if kept)",
        identity: true,
      },
    ),
    visibility: field(
      Visibility.default(defaults.visibility),
      created("visibility", "`public` or `internal`", `\`${defaults.visibility}\``),
    ),
    envVars: field(EnvVars.optional(), {
      change: "update",
      type: "map of strings, **secret**",
      default: "none",
      onChange: "in place: replaced whole, pods restart",
      wire: "envVars",
      secret: true,
    }),
    autoUpdate: field(AutoUpdateInput.optional(), {
      change: "update",
      type: "`{enabled, strategy: rolling \\| recreate}`",
      default: "off",
      onChange: "in place (removing it turns it off)",
    }),
    restartTrigger: field(z.string({ error: "must be a string" }).optional(), {
      change: "update",
      type: "any string",
      default: "none",
      onChange: "in place: pods restarted (`rollout restart`)",
    }),
    waitForReady: field(flag(defaults.waitForReady), {
      change: "state",
      type: "boolean",
      default: String(defaults.waitForReady),
    }),
    ...clientSideInputs,
  })
  .superRefine((v, ctx) => {
    if ((v.template === undefined) === (v.image === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["template"],
        message: "give exactly one of [template] or [image]",
      });
    }
    if (v.template !== undefined && v.containerPort !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["containerPort"],
        message: "only an [image] deployment takes a port",
      });
    }
    if (v.template !== undefined && v.name !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["name"],
        message: "only an [image] deployment takes a name; the API names template deployments itself",
      });
    }
    if (v.adopt && v.name === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["adopt"],
        message: "needs [name]: only a named deployment can be adopted",
      });
    }
  })
  // The port's default holds for an image deployment only; `overwrite` keeps the object's shape.
  .overwrite((v) =>
    v.image === undefined ? v : { ...v, containerPort: v.containerPort ?? defaults.containerPort },
  );
export type DeploymentInputs = z.infer<typeof DeploymentInputs>;

/** What a create, read or update last saw of a deployment: its name, its status, the listing's error. */
export interface Seen {
  name: string;
  status?: DeploymentStatus;
  lastError?: string;
}

/** What the API adds to the inputs in a Deployment's outputs, each from what was last seen of it. */
export const DeploymentOutputs = z.object({
  ...DeploymentInputs.shape,
  name: output(
    z
      .string()
      .describe(
        "The deployment's name: the given one, or the one the API generated (the resource's `id` too).",
      ),
    { wire: "name" },
  ),
  requestedName: output(
    z.string().nullable().describe("The `name` input, or null: what a diff compares the input with."),
    { from: (_seen: Seen, inputs) => inputs.name ?? null },
  ),
  status: output(z.string().describe("Pending, Provisioning, Ready, Error or Deleting, when last seen."), {
    from: (seen: Seen) => seen.status?.status ?? "Pending",
  }),
  ready: output(z.boolean().describe("Whether it was ready to receive traffic when last seen."), {
    from: (seen: Seen) => seen.status?.status === "Ready" && seen.status.deploymentReady !== false,
  }),
  ingresses: output(z.array(Ingress).describe("The ingress endpoints (only when Ready)."), {
    from: (seen: Seen) => seen.status?.ingresses ?? [],
  }),
  url: output(z.string().nullable().describe("The first ingress's URL, or null."), {
    from: (seen: Seen) => seen.status?.ingresses?.[0]?.url ?? null,
  }),
  statusMessage: output(
    z.string().nullable().describe("What the API said about the status (the error when in Error), or null."),
    { from: (seen: Seen) => seen.status?.statusMessage ?? null },
  ),
  lastError: output(
    z.string().nullable().describe("The list's `lastError` when last seen in Error, or null."),
    {
      from: (seen: Seen) => seen.lastError ?? null,
    },
  ),
});
export type DeploymentOutputs = z.infer<typeof DeploymentOutputs>;

const IngressResult = z.strictObject({
  name: output(z.string().optional(), { wire: "name" }),
  host: output(z.string().optional(), { wire: "host" }),
  url: output(z.string().optional(), { wire: "url" }),
});

/** A deployment as a lookup returns it, from the listing. */
export const DeploymentResult = z.strictObject({
  name: output(z.string().describe("The deployment's name, given or generated."), { wire: "name" }),
  status: output(z.string().describe("Pending, Provisioning, Ready, Error or Deleting."), { wire: "status" }),
  template: output(z.string().optional(), { wire: "template", missing: "absent" }),
  image: output(z.string().optional(), { wire: "image", missing: "absent" }),
  containerPort: output(z.number().optional(), { wire: "containerPort", missing: "absent" }),
  visibility: output(z.string().optional(), { wire: "visibility", missing: "absent" }),
  ingresses: output(z.array(IngressResult).describe("The ingress endpoints (only when Ready)."), {
    from: (d: DeploymentSummary) => (d.ingresses ?? []).map((i) => fromApi(IngressResult, i)),
  }),
  lastError: output(z.string().optional().describe("Why it is in Error, when it is."), {
    wire: "lastError",
    missing: "absent",
  }),
  canDelete: output(z.boolean().optional(), { wire: "canDelete", missing: "absent" }),
});

/** A deployment's CPU and memory now. */
export const MetricsResult = z.strictObject({
  cpuUsage: output(z.string(), { wire: "cpuUsage" }),
  memoryUsage: output(z.string(), { wire: "memoryUsage" }),
  timestamp: output(z.string().optional(), { wire: "timestamp" }),
});

/** One revision of a deployment's history. */
export const RevisionResult = z.strictObject({
  revision: output(z.number().optional(), { wire: "revision" }),
  type: output(z.string().optional(), { wire: "type" }),
  message: output(z.string().optional(), { wire: "message" }),
  timestamp: output(z.string().optional(), { wire: "timestamp" }),
});

/** One Kubernetes event of a deployment. */
export const EventResult = z.strictObject({
  type: output(z.string().optional(), { wire: "type" }),
  reason: output(z.string().optional(), { wire: "reason" }),
  message: output(z.string().optional(), { wire: "message" }),
});
