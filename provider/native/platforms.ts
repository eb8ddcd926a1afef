/**
 * Each platform as a native provider plugin (`pulumi-resource-<platform>`) serves it, derived from the
 * platform list: the same implementation class the dynamic resource loads (required by its subpath, so a
 * plugin loads only its own platform's implementation), its schemas, its lookups as invokes, its texts.
 */
import * as path from "node:path";
import type { z } from "zod";
import type { LookupDefinition } from "../core/lookupDefinition";
import type { PlatformInputs, PlatformProvider } from "../core/platformProvider";
import type { PlatformSettings, ProviderEnvironment } from "../core/runtime";
import { descriptorOf, type Platform, platformNames } from "../platforms";

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
  functions: Readonly<Record<string, LookupDefinition>>;
  /** Its names and its provider config. */
  settings: PlatformSettings;
}

/** The platforms, in the list's order. */
export const platforms: Platform[] = platformNames();

/** The resource's type token: `roboflow:index:DedicatedDeployment`. */
export function resourceToken(platform: Platform): string {
  return `${platform}:index:${descriptorOf(platform).implementation.type}`;
}

/** The plugin's executable name, which the engine looks for: `pulumi-resource-roboflow`. */
export function pluginName(platform: Platform): string {
  return `pulumi-resource-${platform}`;
}

/** A platform's row, typed as the host and the schema read it. */
export function nativePlatform(platform: Platform): NativePlatform {
  const descriptor = descriptorOf(platform);
  const { subpath, exportName } = descriptor.implementation;
  return {
    ...descriptor.texts,
    inputs: descriptor.inputs,
    outputs: descriptor.outputs,
    settings: descriptor.settings,
    functions: descriptor.lookups,
    provider: (environment) => {
      // `dist/provider/roboflow/provider`, from this folder (`dist/provider/native`, or the sources' own).
      const module = require(path.join(__dirname, "..", path.relative("dist/provider", subpath)));
      return new module[exportName](environment);
    },
  };
}
