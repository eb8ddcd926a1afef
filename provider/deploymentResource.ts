/**
 * The base of every platform's resource class and its Node lookups, built from the platform's descriptor:
 * a platform's `resource.ts` states its documented Args and the resource's description, nothing else.
 */
import * as pulumi from "@pulumi/pulumi";
import { type NodeLookups, nodeLookups } from "./core/lookup";
import type { Platform, PlatformDescriptor } from "./platforms";
import { resourceArguments } from "./registry";

/** What a resource class reads from its descriptor. */
type ResourceDescriptor = Pick<
  PlatformDescriptor<Platform>,
  "name" | "inputs" | "outputs" | "implementation"
>;

/** A resource's output properties: every output of its schema, as the `pulumi.Output` of its type. */
export type OutputProperties<Outputs> = { readonly [K in keyof Outputs]-?: pulumi.Output<Outputs[K]> };

/** The class of a platform's resource: constructed from its Args, reading as its outputs. */
export type DeploymentResourceClass<Args, Outputs> = new (
  name: string,
  args: Args,
  opts?: pulumi.CustomResourceOptions,
) => pulumi.dynamic.Resource & OutputProperties<Outputs>;

/**
 * The base class of `platform`'s resource: a dynamic resource served by the platform's one serialized
 * provider under its type token, every output named in its props (so each is readable on the resource)
 * and the secret inputs wrapped as secrets. `Args` is the platform's documented Args interface.
 */
export function deploymentResource<Args extends object, Outputs>(
  platform: ResourceDescriptor,
): DeploymentResourceClass<Args, Outputs> {
  class DeploymentResource extends pulumi.dynamic.Resource {
    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      super(...resourceArguments(platform, name, args, opts));
    }
  }
  // The SDK sets an Output on the resource for each of its props, and the props name every output.
  return DeploymentResource as unknown as DeploymentResourceClass<Args, Outputs>;
}

/** The Node functions of `platform`'s lookups, each `getX` and `getXOutput`, from its descriptor. */
export function lookupsOf<D extends Pick<PlatformDescriptor<Platform>, "settings" | "lookups">>(
  platform: D,
): NodeLookups<D["lookups"]> {
  return nodeLookups<D["lookups"]>(platform.settings, platform.lookups);
}
