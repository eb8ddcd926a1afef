#!/usr/bin/env node
/**
 * The executable of every native provider plugin: `pulumi-resource-roboflow`, `pulumi-resource-paperspace`
 * (package.json `bin`, one name per platform, all pointing here). The name it was started under says which
 * platform it serves; it then serves that platform's implementation through our provider server, and prints
 * the port the engine connects to. It loads the platform's code only once the port is printed: start-up is
 * Node, gRPC and the stubs.
 */
import * as path from "node:path";
import { installLifeline } from "../core/lifeline";
import type { Platform } from "../registry";
import { EngineLog } from "./engine";
import { packageFile } from "./loader";
import { serve } from "./server";

const PLUGIN_PREFIX = "pulumi-resource-";

/**
 * The platform a plugin executable serves, from the name it was started under (`pulumi-resource-roboflow`):
 * one of the names package.json `bin` points here (a unit test holds them to the platform list, which this
 * start-up path does not load).
 */
export function platformOf(executable: string): Platform | undefined {
  const name = path.basename(executable).replace(/\.(js|cmd|exe)$/, "");
  return pluginNames().includes(name) ? (name.slice(PLUGIN_PREFIX.length) as Platform) : undefined;
}

function pluginNames(): string[] {
  const bin = (manifest().bin ?? {}) as Record<string, string>;
  return Object.keys(bin).filter(
    (name) => name.startsWith(PLUGIN_PREFIX) && bin[name] === "dist/provider/native/plugin.js",
  );
}

/** Starts the plugin for `platform` with the engine's arguments; resolves with its server once the port is printed. */
export async function startPlugin(
  platform: Platform,
  args: string[],
): Promise<Awaited<ReturnType<typeof serve>>> {
  const log = new EngineLog(engineAddress(args));
  const version = packageVersion();
  const served = await serve({
    namespace: platform,
    version,
    host: () => (require("./host") as typeof import("./host")).nativeProvider(platform, version, log),
    schema: () => shippedSchema(platform),
    attach: (address) => log.attach(address),
  });
  // The engine reads the port from the plugin's first line of output.
  process.stdout.write(`${served.port}\n`);
  return served;
}

/** The text of `schema/<platform>.json` of this package, if it is there. */
export function shippedSchema(platform: Platform): string | undefined {
  return packageFile(`schema/${platform}.json`);
}

/** The engine's address: the first argument that is not a logging or tracing flag (as the SDK reads it). */
export function engineAddress(args: readonly string[]): string | undefined {
  const rest = args.filter((arg, i) => !arg.startsWith("-") && args[i - 1] !== "--tracing");
  return rest[0];
}

/** This package's version, from its package.json. */
export function packageVersion(): string {
  return manifest().version as string;
}

/** This package's package.json. */
function manifest(): Record<string, unknown> {
  const text = packageFile("package.json");
  if (text === undefined) {
    throw new Error("the package.json of pulumi-dedicated-deployments is missing: reinstall the package");
  }
  return JSON.parse(text);
}

/**
 * Runs the plugin the way the engine starts it: the platform from the name of the executable (the npm
 * package's `bin` script, or the self-contained release executable), the engine's arguments after it.
 */
export function main(executables: readonly string[], args: readonly string[]): void {
  installLifeline(); // Exit when the engine dies: it starts plugins in their own process group.
  const platform = [...executables, process.env.PULUMI_DEDICATED_DEPLOYMENTS_PLUGIN ?? ""]
    .map(platformOf)
    .find((found) => found !== undefined);
  if (!platform) {
    process.stderr.write(
      `start this program as one of ${pluginNames().join(", ")} (the names package.json "bin" gives it), not as ${executables[0]}\n`,
    );
    process.exit(1);
  }
  startPlugin(platform, [...args]).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

if (require.main === module) {
  main([process.argv[1] ?? ""], process.argv.slice(2));
}
