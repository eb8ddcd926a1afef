/**
 * The public face of Roboflow Dedicated Deployments in a Pulumi program: the DedicatedDeployment
 * resource, its Args, and lookup functions that read the API during the program.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ClientSideArgs } from "../core/args";
import { nodeLookups } from "../core/lookup";
import type { Equal, Expect } from "../core/typeCheck";
import { resourceArguments } from "../registry";
import { functions } from "./functions";
import { platform, settings } from "./platform";
import type { DedicatedDeploymentInputs } from "./schema";

/** The desired state of a Roboflow Dedicated Deployment. */
export interface DedicatedDeploymentArgs extends ClientSideArgs {
  /** The deployment's name, unique in the workspace: 5 to 15 characters, a lowercase letter, then lowercase letters, digits or hyphens. Every endpoint is keyed by it. Changing it **replaces** the deployment (the new one is created first). */
  readonly deploymentName: pulumi.Input<string>;
  /** The machine type, such as `dev-gpu` (see {@link getMachineTypes}). Changing it **replaces** the deployment (the old one is deleted first, so the name can be reused). */
  readonly machineType: pulumi.Input<string>;
  /** The email of the workspace member who creates it. Changing it **replaces** the deployment. */
  readonly creatorEmail: pulumi.Input<string>;
  /** Lifetime in hours after which the deployment expires; more than 0. Default 3. Changing it **replaces** the deployment. */
  readonly duration?: pulumi.Input<number>;
  /** The inference server version: `latest` (default) or `x.y.z`. The version the API resolved is the `resolvedInferenceVersion` output. Changing it **replaces** the deployment. */
  readonly inferenceVersion?: pulumi.Input<string>;
  /** Fewest replicas, a whole number of at least 1. Default 1. Changing it **replaces** the deployment. */
  readonly minReplicas?: pulumi.Input<number>;
  /** Most replicas, a whole number no less than minReplicas. Default 1. Changing it **replaces** the deployment. */
  readonly maxReplicas?: pulumi.Input<number>;
  /** Whether the API deletes the deployment when it expires, rather than keeping it as expired. Sent only when set. Changing it **replaces** the deployment. */
  readonly deleteOnExpiration?: pulumi.Input<boolean>;
  /** Whether the deployment is paused. Changed **in place** through /pause and /resume. Default false. */
  readonly paused?: pulumi.Input<boolean>;
  /** Whether `pulumi up` waits until the deployment is ready. Client side: a change is recorded in state only. Default true. */
  readonly waitForReady?: pulumi.Input<boolean>;
}

/**
 * Fails the build when the Args interface and the input schema name different inputs.
 * @internal
 */
export type ArgsMatchSchema = Expect<
  Equal<keyof DedicatedDeploymentArgs, keyof z.input<typeof DedicatedDeploymentInputs>>
>;

/** A Roboflow Dedicated Deployment: a managed inference server that `pulumi up` creates, pauses, resumes and deletes. */
export class DedicatedDeployment extends pulumi.dynamic.Resource {
  /** The API's unique identifier of the deployment. */
  declare readonly deploymentId: pulumi.Output<string>;
  declare readonly deploymentName: pulumi.Output<string>;
  /** The subdomain, which may carry a suffix when the name was taken elsewhere. */
  declare readonly subdomain: pulumi.Output<string>;
  declare readonly domain: pulumi.Output<string>;
  /** `https://` + domain. */
  declare readonly url: pulumi.Output<string>;
  /** `pending`, `ready`, `paused`, `failed`, ... as last read. */
  declare readonly status: pulumi.Output<string>;
  /** Replicas available when last read. */
  declare readonly numReplicas: pulumi.Output<number>;
  /** The inference version as requested (`latest` or x.y.z). */
  declare readonly inferenceVersion: pulumi.Output<string>;
  /** The concrete version the API runs. */
  declare readonly resolvedInferenceVersion: pulumi.Output<string>;
  declare readonly creatorId: pulumi.Output<string>;
  declare readonly workspaceId: pulumi.Output<string>;
  declare readonly workspaceUrl: pulumi.Output<string>;
  declare readonly machineType: pulumi.Output<string>;
  declare readonly duration: pulumi.Output<number>;
  declare readonly minReplicas: pulumi.Output<number>;
  declare readonly maxReplicas: pulumi.Output<number>;
  declare readonly paused: pulumi.Output<boolean>;

  constructor(name: string, args: DedicatedDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
    super(...resourceArguments(platform, name, args, opts));
  }
}

export type { LookupOptions } from "../core/lookup";

/**
 * Roboflow's lookups as Node functions, each as the pair Pulumi's functions are: `getDeployment(args, opts)`
 * returns a Promise, `getDeploymentOutput(args, opts)` takes Inputs and returns an Output; the results are
 * the camelCase objects the plugin's invokes return (see `functions.ts`). The key and URL come from the
 * arguments, else the `roboflow` stack config, else ROBOFLOW_API_KEY / ROBOFLOW_API_URL.
 */
export const {
  getMachineTypes,
  getMachineTypesOutput,
  getDeployment,
  getDeploymentOutput,
  listDeployments,
  listDeploymentsOutput,
  getDeploymentLogs,
  getDeploymentLogsOutput,
  getWorkspaceUsage,
  getWorkspaceUsageOutput,
  getDeploymentUsage,
  getDeploymentUsageOutput,
} = nodeLookups(settings, functions);
