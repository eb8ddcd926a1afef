/**
 * Shipyard as the package declares it, in one descriptor: its settings and provider config, its
 * resource's inputs and outputs, the implementation the engine loads, its lookups and its texts.
 */
import { implementationOf, platformSettings } from "../core/platformProvider";
import type { PlatformDescriptor } from "../platforms";
import { DEFAULT_API_URL } from "./client";
import { functions } from "./functions";
import { DeploymentInputs, DeploymentOutputs } from "./schema";

/** How Shipyard names its settings, and its provider config. */
export const settings = platformSettings("Shipyard", "shipyard", DEFAULT_API_URL, {
  apiKey: "the API key (scopes `deployments:read`, `deployments:write`), sent as a Bearer token",
  apiUrl:
    "**required**, your installation's URL: Shipyard has no public API, and without it `preview` fails naming `shipyard:apiUrl`",
});

/** The Shipyard platform. */
export const platform = {
  name: "shipyard",
  settings,
  inputs: DeploymentInputs,
  outputs: DeploymentOutputs,
  implementation: implementationOf("shipyard", "Deployment"),
  lookups: functions,
  // A kept custom name is only free once the old deployment is gone (olds' `name` is the asked one here).
  deleteBeforeReplace: (o, n) => n.name !== undefined && n.name === o.name,
  texts: {
    displayName: "Shipyard Deployments",
    description:
      "Shipyard deployments: running instances of a template or a container image on your Shipyard installation, created, updated in place and deleted by `pulumi up`.",
    resourceDescription:
      "A Shipyard deployment: a running instance of a template or of a container image. Its id is the deployment's name; import one with `pulumi import shipyard:index:Deployment <name> <deploymentName>`.",
  },
} as const satisfies PlatformDescriptor<"shipyard">;
