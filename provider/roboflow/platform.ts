/**
 * Roboflow as the package declares it, in one descriptor: its settings and provider config, its
 * resource's inputs and outputs, the implementation the engine loads, its lookups and its texts.
 */
import { implementationOf, platformSettings } from "../core/platformProvider";
import type { PlatformDescriptor } from "../platforms";
import { DEFAULT_API_URL } from "./client";
import { functions } from "./functions";
import { DedicatedDeploymentInputs, DedicatedDeploymentOutputs } from "./schema";

/** How Roboflow names its settings, and its provider config. */
export const settings = platformSettings("Roboflow", "roboflow", DEFAULT_API_URL, {
  apiKey: "the workspace API key; read by the provider in `configure`, never stored in plaintext",
  apiUrl:
    "the API's base URL, default `https://roboflow.cloud` (`https://eu.roboflow.cloud` for EU workspaces); point it at the emulator to work offline",
});

/** The Roboflow platform. */
export const platform = {
  name: "roboflow",
  settings,
  inputs: DedicatedDeploymentInputs,
  outputs: DedicatedDeploymentOutputs,
  implementation: implementationOf("roboflow", "DedicatedDeployment"),
  lookups: functions,
  // Every endpoint is keyed by name: a replacement that keeps the name must remove the old one first.
  deleteBeforeReplace: (o, n) => o.deploymentName === n.deploymentName,
  texts: {
    displayName: "Roboflow Dedicated Deployments",
    description:
      "Roboflow Dedicated Deployments: managed inference servers that `pulumi up` creates, pauses, resumes and deletes.",
    resourceDescription:
      "A Roboflow Dedicated Deployment: a managed inference server. Its id is the deployment's name; import one with `pulumi import roboflow:index:DedicatedDeployment <name> <deploymentName>`.",
  },
} as const satisfies PlatformDescriptor<"roboflow">;
