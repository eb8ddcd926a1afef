/**
 * Which implementation serves each platform's resource, derived from the platform list: the package
 * subpath the engine loads it from, the class that subpath exports, and the resource's type token. Resource
 * classes take their serialized provider and token from here; each descriptor checks its export name against
 * its module's types, and a unit test checks that every subpath is a named export of package.json.
 */
import type * as pulumi from "@pulumi/pulumi";
import { thinProvider } from "./core/dynamic";
import { secretKeys } from "./core/fields";
import { PACKAGE_NAME } from "./core/location";
import { type Implementation, type Platform, type PlatformDescriptor, platformList } from "./platforms";

export { PACKAGE_NAME } from "./core/location";
export type { Platform } from "./platforms";

/** Platform → implementation, from each platform's descriptor. */
export const implementations = Object.fromEntries(
  platformList.map((descriptor) => [descriptor.name, descriptor.implementation]),
) as Readonly<Record<Platform, Implementation>>;

const providers = new Map<Platform, pulumi.dynamic.ResourceProvider>();

/**
 * The serialized provider of a platform's resources, one instance per platform: a shim that loads the
 * implementation by package name when the engine calls it.
 */
export function providerOf(platform: Platform): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(platform);
  if (provider === undefined) {
    const { subpath, exportName } = implementations[platform];
    provider = thinProvider(PACKAGE_NAME, subpath, exportName);
    providers.set(platform, provider);
  }
  return provider;
}

/**
 * The arguments of `pulumi.dynamic.Resource`'s constructor for a platform's resource: its one serialized
 * provider, its props and options (every output named, secret inputs wrapped) and its type token.
 */
export function resourceArguments(
  platform: Pick<PlatformDescriptor<Platform>, "name" | "inputs" | "outputs" | "implementation">,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
): [pulumi.dynamic.ResourceProvider, string, pulumi.Inputs, pulumi.CustomResourceOptions, string, string] {
  // Required here, not at the top: the native plugin reads this table and must not load @pulumi/pulumi.
  const { resourceProps } = require("./core/resourceProps") as typeof import("./core/resourceProps");
  const { module, type } = platform.implementation;
  const { props, options } = resourceProps(args, opts, {
    outputs: platform.outputs,
    secrets: secretKeys(platform.inputs),
    identity: { type: `pulumi-nodejs:dynamic/${module}:${type}`, name },
  });
  return [providerOf(platform.name), name, props, options, module, type];
}
