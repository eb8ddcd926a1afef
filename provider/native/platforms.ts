/**
 * Each platform as a native provider plugin (`pulumi-resource-<platform>`) serves it, one row per row of
 * the implementation registry (the compiler asks for a row here when a platform joins there): the same
 * implementation class the dynamic resource loads, its schemas, and its lookups as invokes.
 */
import type { z } from "zod";
import type { ProviderConfig } from "../core/config";
import type { PlatformInputs, PlatformProvider } from "../core/platformProvider";
import type { PlatformSettings, ProviderEnvironment } from "../core/runtime";
import { functions as nx1Functions } from "../nx1/functions";
import { settings as nx1Settings } from "../nx1/platform";
import { ModelDeploymentProvider } from "../nx1/provider";
import { ModelDeploymentInputs, ModelDeploymentOutputs } from "../nx1/schema";
import { functions as paperspaceFunctions } from "../paperspace/functions";
import { settings as paperspaceSettings } from "../paperspace/platform";
import { DeploymentProvider } from "../paperspace/provider";
import { DeploymentInputs, DeploymentOutputs } from "../paperspace/schema";
import { implementations, type Platform } from "../registry";
import { functions as roboflowFunctions } from "../roboflow/functions";
import { settings as roboflowSettings } from "../roboflow/platform";
import { DedicatedDeploymentProvider } from "../roboflow/provider";
import { DedicatedDeploymentInputs, DedicatedDeploymentOutputs } from "../roboflow/schema";
import { functions as shipyardFunctions } from "../shipyard/functions";
import { settings as shipyardSettings } from "../shipyard/platform";
import { DeploymentProvider as ShipyardDeploymentProvider } from "../shipyard/provider";
import { DeploymentInputs as ShipyardInputs, DeploymentOutputs as ShipyardOutputs } from "../shipyard/schema";
import type { NativeFunction } from "./functions";

/** What the native host and the schema need of a platform. */
export interface NativePlatform {
  /** The package's display name and one-sentence description, for the schema. */
  displayName: string;
  description: string;
  /** The resource's description, for the schema. */
  resourceDescription: string;
  inputs: PlatformInputs;
  outputs: z.ZodObject;
  /** The implementation the dynamic resource loads too. */
  provider(environment: ProviderEnvironment): PlatformProvider<PlatformInputs, Record<string, unknown>>;
  functions: Record<string, NativeFunction>;
  /** Its names and its provider config. */
  settings: PlatformSettings & { config: ProviderConfig };
}

export const nativePlatforms = {
  roboflow: {
    displayName: "Roboflow Dedicated Deployments",
    description:
      "Roboflow Dedicated Deployments: managed inference servers that `pulumi up` creates, pauses, resumes and deletes.",
    resourceDescription:
      "A Roboflow Dedicated Deployment: a managed inference server. Its id is the deployment's name; import one with `pulumi import roboflow:index:DedicatedDeployment <name> <deploymentName>`.",
    inputs: DedicatedDeploymentInputs,
    outputs: DedicatedDeploymentOutputs,
    provider: (environment) => new DedicatedDeploymentProvider(environment),
    functions: roboflowFunctions,
    settings: roboflowSettings,
  },
  paperspace: {
    displayName: "Paperspace Deployments",
    description:
      "Paperspace Deployments: containers served at an HTTPS endpoint, created, updated in place and deleted by `pulumi up`.",
    resourceDescription:
      "A Paperspace Deployment: a container served at an HTTPS endpoint. Its id is the API's deployment ID; import one with `pulumi import paperspace:index:Deployment <name> <id>`.",
    inputs: DeploymentInputs,
    outputs: DeploymentOutputs,
    provider: (environment) => new DeploymentProvider(environment),
    functions: paperspaceFunctions,
    settings: paperspaceSettings,
  },
  nx1: {
    displayName: "NX1 model deployments",
    description:
      "NX1 model deployments: registered MLflow models served online at a URL or scored in batch by a scheduled DAG, created, their roles updated in place, and deleted by `pulumi up`.",
    resourceDescription:
      "An NX1 model deployment. Its id is `<model>/<name>`; import one with `pulumi import nx1:index:ModelDeployment <name> <model>/<name>`.",
    inputs: ModelDeploymentInputs,
    outputs: ModelDeploymentOutputs,
    provider: (environment) => new ModelDeploymentProvider(environment),
    functions: nx1Functions,
    settings: nx1Settings,
  },
  shipyard: {
    displayName: "Shipyard Deployments",
    description:
      "Shipyard deployments: running instances of a template or a container image on your Shipyard installation, created, updated in place and deleted by `pulumi up`.",
    resourceDescription:
      "A Shipyard deployment: a running instance of a template or of a container image. Its id is the deployment's name; import one with `pulumi import shipyard:index:Deployment <name> <deploymentName>`.",
    inputs: ShipyardInputs,
    outputs: ShipyardOutputs,
    provider: (environment) => new ShipyardDeploymentProvider(environment),
    functions: shipyardFunctions,
    settings: shipyardSettings,
  },
} satisfies Record<Platform, NativePlatform>;

/** The platforms, in the registry's order. */
export const platforms = Object.keys(implementations) as Platform[];

/** The resource's type token: `roboflow:index:DedicatedDeployment`. */
export function resourceToken(platform: Platform): string {
  return `${platform}:index:${implementations[platform].type}`;
}

/** The plugin's executable name, which the engine looks for: `pulumi-resource-roboflow`. */
export function pluginName(platform: Platform): string {
  return `pulumi-resource-${platform}`;
}

/** A platform's row, typed as the host and the schema read it. */
export function nativePlatform(platform: Platform): NativePlatform {
  return nativePlatforms[platform];
}
