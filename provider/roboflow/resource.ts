/**
 * The DedicatedDeployment resource of Roboflow Dedicated Deployments as a Pulumi program sees it: its
 * documented Args, held to the input schema by the compiler, and the class, whose outputs and constructor
 * come from the platform's descriptor.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ClientSideArgs } from "../core/args";
import type { ArgsMatch, Expect } from "../core/typeCheck";
import { deploymentResource } from "../deploymentResource";
import { platform } from "./platform";
import type { DedicatedDeploymentInputs, DedicatedDeploymentOutputs } from "./schema";

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
  ArgsMatch<DedicatedDeploymentArgs, z.input<typeof DedicatedDeploymentInputs>>
>;

/** A Roboflow Dedicated Deployment: a managed inference server that `pulumi up` creates, pauses, resumes and deletes. */
export class DedicatedDeployment extends deploymentResource<
  DedicatedDeploymentArgs,
  DedicatedDeploymentOutputs
>(platform) {}
