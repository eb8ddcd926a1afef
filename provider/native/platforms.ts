/**
 * What a native provider plugin (`pulumi-resource-<platform>`) adds to a platform's descriptor: its token,
 * its executable's name, and the implementation class the dynamic resource loads too (required by its
 * subpath, so a plugin loads only its own platform's implementation).
 */
import * as path from "node:path";
import { assertGuarded, type PlatformInputs, type PlatformProvider } from "../core/platformProvider";
import type { ProviderEnvironment } from "../core/runtime";
import { descriptorOf, type Platform, platformNames } from "../platforms";

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

/**
 * The implementation class the dynamic resource loads too, built for the native host: required by its
 * subpath, so that a plugin loads only its own platform's implementation.
 */
export function implementationFor(
  platform: Platform,
  environment: ProviderEnvironment,
): PlatformProvider<PlatformInputs, Record<string, unknown>> {
  const { modulePath, exportName } = descriptorOf(platform).implementation;
  // `roboflow/provider`, from this folder's parent (`dist/provider`, or the sources' `provider`).
  const module = require(path.join(__dirname, "..", modulePath));
  const instance = new module[exportName](environment);
  assertGuarded(instance);
  return instance;
}
