/**
 * NX1 as the package declares it, in one descriptor: its settings and provider config, its
 * resource's inputs and outputs, the implementation the engine loads, its lookups and its texts.
 */
import { implementationOf, platformSettings } from "../core/platformProvider";
import type { PlatformDescriptor } from "../platforms";
import { functions } from "./functions";
import { ModelDeploymentInputs, ModelDeploymentOutputs } from "./schema";

/** How NX1 names its settings, and its provider config. */
export const settings = platformSettings("NX1", "nx1", "", {
  apiKey: "the platform key (PSK), sent as a Bearer token; read in `configure`, never stored in plaintext",
  apiUrl:
    "your platform's base URL, **required**: NX1 has no public API, and without it `pulumi preview` fails, naming both ways to set it",
});

/** The NX1 platform. */
export const platform = {
  name: "nx1",
  settings,
  inputs: ModelDeploymentInputs,
  outputs: ModelDeploymentOutputs,
  implementation: implementationOf("nx1", "ModelDeployment"),
  lookups: functions,
  // Names are unique per model: a replacement keeping both needs the old deployment gone first.
  deleteBeforeReplace: (o, n) => o.model === n.model && o.name === n.name,
  texts: {
    displayName: "NX1 model deployments",
    description:
      "NX1 model deployments: registered MLflow models served online at a URL or scored in batch by a scheduled DAG, created, their roles updated in place, and deleted by `pulumi up`.",
    resourceDescription:
      "An NX1 model deployment. Its id is `<model>/<name>`; import one with `pulumi import nx1:index:ModelDeployment <name> <model>/<name>`.",
  },
} as const satisfies PlatformDescriptor<"nx1">;
