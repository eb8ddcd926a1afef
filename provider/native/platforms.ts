/**
 * What a native provider plugin (`pulumi-resource-<platform>`) adds to a platform's descriptor: its token,
 * its executable's name, and the implementation class the dynamic resource loads too (required by its
 * subpath, so a plugin loads only its own platform's implementation).
 */
import { assertGuarded, type PlatformInputs, type PlatformProvider } from "../core/platformProvider";
import type { ProviderEnvironment } from "../core/runtime";
import { descriptorOf, type Platform, platformNames } from "../platforms";
import { requireSubpath } from "./loader";

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
  const { subpath, exportName } = descriptorOf(platform).implementation;
  const Implementation = requireSubpath(subpath)[exportName] as new (
    environment: ProviderEnvironment,
  ) => PlatformProvider<PlatformInputs, Record<string, unknown>>;
  const instance = new Implementation(environment);
  assertGuarded(instance);
  return instance;
}
