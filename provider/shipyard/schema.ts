/**
 * The shapes of the Shipyard deployments API (seed 004) and of the resource's inputs, each defined once with
 * zod and its type inferred under the same name. API answers tolerate unknown fields and absent optional ones.
 */
import { z } from "zod";
import { clientSideDefaults, clientSideInputs } from "../core/args";

/** The defaults of the inputs, made explicit so that a diff compares like with like. */
export const defaults = {
  containerPort: 8080,
  visibility: "public",
  autoUpdateStrategy: "rolling",
  waitForReady: true,
  ...clientSideDefaults,
} as const;

/** Inputs whose values never appear in a message, a log line or state in plaintext. */
export const secretInputs = ["apiKey", "envVars"] as const;

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

/** The inputs of a Deployment, as `check` validates them. */
export const DeploymentInputs = z
  .strictObject({
    template: text().optional(),
    image: text().optional(),
    containerPort: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(65_535, "must be at most 65535")
      .optional(),
    name: z
      .string({ error: "must be a string" })
      .regex(NAME_PATTERN, "must be a DNS-1123 label: a-z, 0-9 and -, a letter first, at most 63 characters")
      .optional(),
    envVars: EnvVars.optional(),
    visibility: Visibility.default(defaults.visibility),
    autoUpdate: AutoUpdateInput.optional(),
    restartTrigger: z.string({ error: "must be a string" }).optional(),
    waitForReady: z.boolean({ error: "must be true or false" }).default(defaults.waitForReady),
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
  .transform((v) =>
    v.image === undefined ? v : { ...v, containerPort: v.containerPort ?? defaults.containerPort },
  );
export type DeploymentInputs = z.infer<typeof DeploymentInputs>;

/** An ingress endpoint of a deployment. */
export const Ingress = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  host: z.string().optional(),
  url: z.string().optional(),
});
export type Ingress = z.infer<typeof Ingress>;

export const Status = z.enum(["Pending", "Provisioning", "Ready", "Error", "Deleting"]);

/** One entry of `GET /api/deployments`. A status the seed does not list is kept as text. */
export const DeploymentSummary = z.looseObject({
  name: z.string().min(1),
  status: z.string(),
  template: z.string().nullish(),
  image: z.string().nullish(),
  containerPort: z.number().nullish(),
  visibility: z.string().nullish(),
  ingresses: z.array(Ingress).nullish(),
  lastError: z.string().nullish(),
  canDelete: z.boolean().nullish(),
});
export type DeploymentSummary = z.infer<typeof DeploymentSummary>;
export const DeploymentList = z.array(DeploymentSummary);

/** The answer of both creates: the generated (or given) name, and the initial status. */
export const CreateResult = z.looseObject({ name: z.string().min(1), status: z.string().optional() });
export type CreateResult = z.infer<typeof CreateResult>;

/** `GET /api/deployments/status`. */
export const DeploymentStatus = z.looseObject({
  status: z.string(),
  deploymentReady: z.boolean().nullish(),
  allowDelete: z.boolean().nullish(),
  allowRequest: z.boolean().nullish(),
  ingresses: z.array(Ingress).nullish(),
  statusMessage: z.string().nullish(),
});
export type DeploymentStatus = z.infer<typeof DeploymentStatus>;

export const ConfigResult = z.looseObject({ configData: z.record(z.string(), z.string()).nullish() });
export const AutoUpdateSettings = z.looseObject({ enabled: z.boolean(), strategy: z.string().nullish() });
export type AutoUpdateSettings = z.infer<typeof AutoUpdateSettings>;
/** The answer of a write: "returns JSON success"; its fields are not documented, so none is required. */
export const WriteResult = z.looseObject({});

export const LogsResult = z.looseObject({ logs: z.string() });
export const Metrics = z.looseObject({
  cpuUsage: z.string(),
  memoryUsage: z.string(),
  timestamp: z.string().optional(),
});
export type Metrics = z.infer<typeof Metrics>;
/** A revision of the history; the seed shows no fields, so all are tolerated as absent. */
export const Revision = z.looseObject({
  revision: z.number().optional(),
  type: z.string().optional(),
  message: z.string().optional(),
  timestamp: z.string().optional(),
});
export type Revision = z.infer<typeof Revision>;
export const HistoryResult = z.looseObject({ revisions: z.array(Revision) });
/** A Kubernetes event; the seed names no fields, so all are tolerated as absent. */
export const Event = z.looseObject({
  type: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type Event = z.infer<typeof Event>;
export const EventsResult = z.looseObject({ events: z.array(Event) });

/** The error body of every endpoint. */
export const ErrorBody = z.looseObject({ error: z.string() });
