/**
 * THE list of platforms: one descriptor per platform (`<platform>/platform.ts`), from which the
 * implementation registry, the native plugin table, the package schemas and the checks of package.json
 * derive. Adding a platform is its folder and one line here (and the `exports`/`bin` lines of package.json
 * and the namespace in index.ts that the unit tests name).
 */
import type { z } from "zod";
import type { DiffSpec, ProviderImplementation } from "./core/dynamic";
import type { LookupDefinition } from "./core/lookupDefinition";
import type { PlatformInputs } from "./core/platformProvider";
import type { PlatformSettings } from "./core/runtime";
import type { Equal, Expect } from "./core/typeCheck";
import { platform as nx1 } from "./nx1/platform";
import { platform as paperspace } from "./paperspace/platform";
import { platform as roboflow } from "./roboflow/platform";
import { platform as shipyard } from "./shipyard/platform";

/** The names `M` exports that are implementation classes with a no-argument constructor. */
type ImplementationExport<M> = {
  [K in keyof M]: M[K] extends new () => Record<keyof ProviderImplementation, unknown> ? K : never;
}[keyof M] &
  string;

/** Where a platform's implementation class lives, and the type token of its dynamic resource. */
export interface Implementation<M = never> {
  /**
   * The package subpath of the implementation module. States written by earlier versions require it by
   * this name (`<package>/dist/provider/<platform>/provider`): it must stay resolvable.
   */
  readonly subpath: string;
  /** The same module relative to the `provider/` folder (`roboflow/provider`), as the native loader requires it. */
  readonly modulePath: string;
  /** The class the module exports. */
  readonly exportName: [M] extends [never] ? string : ImplementationExport<M>;
  /** The type token is `pulumi-nodejs:dynamic/<module>:<type>`: changing either is a new URN. */
  readonly module: string;
  /** The resource type: `DedicatedDeployment`; the native token is `<platform>:index:<type>`. */
  readonly type: string;
}

/** Everything the package states about one platform, in one object. */
export interface PlatformDescriptor<Name extends string = string> {
  /** The platform's name: its config namespace, namespace export, plugin and schema file. */
  readonly name: Name;
  /** Its names, settings and provider config. */
  readonly settings: PlatformSettings;
  /** The resource's inputs (fields declared with `field()`) and outputs. */
  readonly inputs: PlatformInputs;
  readonly outputs: z.ZodObject;
  readonly implementation: Implementation;
  /** Whether a replacement must delete the old deployment first (the name it keeps is unique). */
  readonly deleteBeforeReplace?: DiffSpec["deleteBeforeReplace"];
  /** Its lookups, each served as a Node function and as a native invoke. */
  readonly lookups: Readonly<Record<string, LookupDefinition>>;
  /** What the package schema says of it. */
  readonly texts: {
    /** The package's display name: "Roboflow Dedicated Deployments". */
    readonly displayName: string;
    /** One sentence on what the package manages. */
    readonly description: string;
    /** The resource's description, with how to import one. */
    readonly resourceDescription: string;
  };
}

/** The platforms, in the order the package lists them. */
export const platformList = [roboflow, paperspace, nx1, shipyard] as const;

/** Whether descriptor `D` names a class its implementation module `M` exports. */
type Exports<D extends { implementation: { exportName: string } }, M> =
  D["implementation"]["exportName"] extends ImplementationExport<M> ? true : false;

/**
 * Fails the build when a descriptor names an implementation class its module does not export (a rename).
 * @internal
 */
export type ImplementationsExist = Expect<
  Equal<
    [
      Exports<typeof roboflow, typeof import("./roboflow/provider")>,
      Exports<typeof paperspace, typeof import("./paperspace/provider")>,
      Exports<typeof nx1, typeof import("./nx1/provider")>,
      Exports<typeof shipyard, typeof import("./shipyard/provider")>,
    ],
    [true, true, true, true]
  >
>;

/** A platform's name: "roboflow". */
export type Platform = (typeof platformList)[number]["name"];

/** The descriptor of `platform`. */
export function descriptorOf(platform: Platform): PlatformDescriptor<Platform> {
  const found = platformList.find((descriptor) => descriptor.name === platform);
  if (!found) {
    throw new Error(`unknown platform ${platform}: the package has ${platformNames().join(", ")}`);
  }
  return found;
}

/** The platforms' names, in order. */
export function platformNames(): Platform[] {
  return platformList.map((descriptor) => descriptor.name);
}
