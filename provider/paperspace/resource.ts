/**
 * The Deployment resource of Paperspace Deployments as a Pulumi program sees it: its documented Args, held
 * to the input schema by the compiler, and the class, whose outputs and constructor come from the platform's
 * descriptor.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ClientSideArgs } from "../core/args";
import type { ArgsMatch, Expect } from "../core/typeCheck";
import { deploymentResource } from "../deploymentResource";
import { platform } from "./platform";
import type { Autoscaling, DeploymentInputs, DeploymentOutputs, HealthCheck, Integration } from "./schema";

/** What the deployment runs on and how many replicas serve it. */
export interface DeploymentResourcesArgs {
  /** The machine type of every replica, such as `C4` or `A4000`. Updated **in place**. */
  readonly machineType: pulumi.Input<string>;
  /** How many replicas run (0 or more); the floor when autoscaling. Default 1. Updated **in place**. */
  readonly replicas?: pulumi.Input<number>;
  /**
   * Scaling between `replicas` and `maxReplicas` on cpu (percent), memory (percent) or requestDuration
   * (seconds) targets. Updated **in place**.
   */
  readonly autoscaling?: pulumi.Input<{
    enabled?: pulumi.Input<boolean>;
    maxReplicas: pulumi.Input<number>;
    metrics: pulumi.Input<pulumi.Input<Autoscaling["metrics"][number]>[]>;
  }>;
}

/**
 * The desired state of a Paperspace Deployment. Besides these, `readyTimeoutMinutes` (default 20), `adopt`
 * (an existing deployment of the name gets the inputs as its spec) and `apiKey` (instead of the
 * `paperspace:apiKey` config or `PAPERSPACE_API_KEY`), all client side.
 */
export interface DeploymentArgs extends ClientSideArgs {
  /**
   * The project the deployment belongs to. Changing it **replaces** the deployment (the new one is created
   * first).
   */
  readonly projectId: pulumi.Input<string>;
  /**
   * The deployment's name, unique in the project (at most 128 characters). Updated **in place**. A create
   * fails when the project already has a deployment of this name, unless `adopt` is set.
   */
  readonly name: pulumi.Input<string>;
  /**
   * The container image, such as `paperspace/fastapi-deployment:latest`. Updated **in place** (a new
   * rollout).
   */
  readonly image: pulumi.Input<string>;
  /** The one port the container listens on. Give `port` or `ports`, not both. Updated **in place**. */
  readonly port?: pulumi.Input<number>;
  /** The ports the container listens on; the first is served at the endpoint. Updated **in place**. */
  readonly ports?: pulumi.Input<pulumi.Input<number>[]>;
  /** Machine type, replicas and autoscaling. Updated **in place**. */
  readonly resources: pulumi.Input<DeploymentResourcesArgs>;
  /**
   * Environment variables of the container. Every value is kept **secret** in state and output. Updated **in
   * place**.
   */
  readonly env?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The command that replaces the image's entrypoint, as a list of arguments. Updated **in place**. */
  readonly command?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Liveness, readiness and startup probes: HTTP (`{path, port?, ...}`) or command (`{exec: [...]}`). Updated
   * **in place**.
   */
  readonly healthChecks?: pulumi.Input<{
    liveness?: pulumi.Input<HealthCheck>;
    readiness?: pulumi.Input<HealthCheck>;
    startup?: pulumi.Input<HealthCheck>;
  }>;
  /**
   * Volumes, datasets or model sources mounted into the container, each `{type, name?, path?, ...}`. Updated
   * **in place**.
   */
  readonly integrations?: pulumi.Input<pulumi.Input<Integration>[]>;
  /** The name of the team's container registry to pull a private image from. Updated **in place**. */
  readonly containerRegistry?: pulumi.Input<string>;
  /**
   * The region, such as `ny2` or `ams1`; the API's default when unset. Changing it **replaces** the
   * deployment (the old one is deleted first when the name is kept).
   */
  readonly region?: pulumi.Input<string>;
  /**
   * Whether the deployment runs; false scales it to nothing and keeps its configuration. Default true.
   * Updated **in place**.
   */
  readonly enabled?: pulumi.Input<boolean>;
  /** The key that protects the endpoint with basic authentication. Kept **secret**. Updated **in place**. */
  readonly basicAuthKey?: pulumi.Input<string>;
  /**
   * Whether `pulumi up` waits until the spec is applied and healthy. Client side: a change is recorded in
   * state only. Default true.
   */
  readonly waitForHealthy?: pulumi.Input<boolean>;
}

/**
 * Fails the build when the Args interface and the input schema name different inputs.
 * @internal
 */
export type ArgsMatchSchema = Expect<ArgsMatch<DeploymentArgs, z.input<typeof DeploymentInputs>>>;

/**
 * A Paperspace Deployment: a container served at an HTTPS endpoint, created, updated in place and deleted by
 * `pulumi up`.
 */
export class Deployment extends deploymentResource<DeploymentArgs, DeploymentOutputs>(platform) {}
