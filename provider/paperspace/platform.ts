/**
 * Paperspace as the package declares it, in one descriptor: its settings and provider config, its
 * resource's inputs and outputs, the implementation the engine loads, its lookups and its texts.
 */
import { implementationOf, platformSettings } from "../core/platformProvider";
import type { PlatformDescriptor } from "../platforms";
import { DEFAULT_API_URL } from "./client";
import { functions } from "./functions";
import { DeploymentInputs, DeploymentOutputs } from "./schema";

/** How Paperspace names its settings, and its provider config. */
export const settings = platformSettings("Paperspace", "paperspace", DEFAULT_API_URL, {
  apiKey: "the team's API key, sent as a Bearer token; read in `configure`, never stored in plaintext",
  apiUrl:
    "the API's base URL, default `https://api.paperspace.com/v1`; point it at the emulator to work offline",
});

/** The Paperspace platform. */
export const platform = {
  name: "paperspace",
  settings,
  inputs: DeploymentInputs,
  outputs: DeploymentOutputs,
  implementation: implementationOf("paperspace", "Deployment"),
  lookups: functions,
  // Names are unique in a project: a new region for the same name and project needs the old one gone first.
  deleteBeforeReplace: (o, n) => o.projectId === n.projectId && o.name === n.name,
  texts: {
    displayName: "Paperspace Deployments",
    description:
      "Paperspace Deployments: containers served at an HTTPS endpoint, created, updated in place and deleted by `pulumi up`.",
    resourceDescription:
      "A Paperspace Deployment: a container served at an HTTPS endpoint. Its id is the API's deployment ID; import one with `pulumi import paperspace:index:Deployment <name> <id>`.",
  },
} as const satisfies PlatformDescriptor<"paperspace">;
