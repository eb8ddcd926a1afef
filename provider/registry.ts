/**
 * Which implementation serves each platform's resource, in one table: the package subpath the engine
 * loads it from, the class that subpath exports, and the resource's type token. Resource classes take
 * their serialized provider and token from here; the export names are checked against the modules' types,
 * and a unit test checks that every subpath is a named export of package.json.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type ProviderImplementation, thinProvider } from "./core/dynamic";
import { type InputSchema, secretKeys } from "./core/fields";
import type * as nx1 from "./nx1/provider";
import type * as paperspace from "./paperspace/provider";
import type * as roboflow from "./roboflow/provider";
import type * as shipyard from "./shipyard/provider";

/** The package the engine resolves from the program's `node_modules`. */
export const PACKAGE_NAME = "pulumi-dedicated-deployments";

/** The names `M` exports that are implementation classes with a no-argument constructor. */
type ImplementationExport<M> = {
  [K in keyof M]: M[K] extends new () => Record<keyof ProviderImplementation, unknown> ? K : never;
}[keyof M] &
  string;

/** One row of the table. */
interface Implementation<M> {
  /**
   * The package subpath of the implementation module. States written by earlier versions require it by
   * this name (`<package>/dist/provider/<platform>/provider`): it must stay resolvable.
   */
  readonly subpath: string;
  /** The class the module exports. */
  readonly exportName: ImplementationExport<M>;
  /** The type token is `pulumi-nodejs:dynamic/<module>:<type>`: changing either is a new URN. */
  readonly module: string;
  readonly type: string;
}

/** Platform → implementation. Adding a platform adds one row (and its subpath to package.json `exports`). */
export const implementations = {
  roboflow: {
    subpath: "dist/provider/roboflow/provider",
    exportName: "DedicatedDeploymentProvider",
    module: "roboflow",
    type: "DedicatedDeployment",
  } satisfies Implementation<typeof roboflow>,
  paperspace: {
    subpath: "dist/provider/paperspace/provider",
    exportName: "DeploymentProvider",
    module: "paperspace",
    type: "Deployment",
  } satisfies Implementation<typeof paperspace>,
  nx1: {
    subpath: "dist/provider/nx1/provider",
    exportName: "ModelDeploymentProvider",
    module: "nx1",
    type: "ModelDeployment",
  } satisfies Implementation<typeof nx1>,
  shipyard: {
    subpath: "dist/provider/shipyard/provider",
    exportName: "DeploymentProvider",
    module: "shipyard",
    type: "Deployment",
  } satisfies Implementation<typeof shipyard>,
} as const;

export type Platform = keyof typeof implementations;

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
  platform: Platform,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
  schemas: { inputs: InputSchema; outputs: { readonly shape: object } },
): [pulumi.dynamic.ResourceProvider, string, pulumi.Inputs, pulumi.CustomResourceOptions, string, string] {
  // Required here, not at the top: the native plugin reads this table and must not load @pulumi/pulumi.
  const { resourceProps } = require("./core/resourceProps") as typeof import("./core/resourceProps");
  const { props, options } = resourceProps(args, opts, {
    outputs: schemas.outputs,
    secrets: secretKeys(schemas.inputs),
  });
  const { module, type } = implementations[platform];
  return [providerOf(platform), name, props, options, module, type];
}
