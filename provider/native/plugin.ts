#!/usr/bin/env node
/**
 * The executable of every native provider plugin: `pulumi-resource-roboflow`, `pulumi-resource-paperspace`
 * (package.json `bin`, one name per platform, all pointing here). The name it was started under says which
 * platform it serves; it then serves that platform's implementation through our provider server, and prints
 * the port the engine connects to. It loads the platform's code only once the port is printed: start-up is
 * Node, gRPC and the stubs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { installLifeline } from "../core/lifeline";
import { PACKAGE_NAME } from "../core/location";
import type { Platform } from "../registry";
import { EngineLog } from "./engine";
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

/** Starts the plugin for `platform` with the engine's arguments. */
export async function startPlugin(platform: Platform, args: string[]): Promise<void> {
  const log = new EngineLog(engineAddress(args));
  const version = packageVersion();
  const { port } = await serve({
    namespace: platform,
    version,
    host: () => (require("./host") as typeof import("./host")).nativeProvider(platform, version, log),
    schema: () => shippedSchema(platform),
    attach: (address) => log.attach(address),
  });
  // The engine reads the port from the plugin's first line of output.
  process.stdout.write(`${port}\n`);
}

/** The text of `schema/<platform>.json` beside this package's package.json, if it is there. */
export function shippedSchema(platform: Platform, from = __dirname): string | undefined {
  try {
    return fs.readFileSync(path.join(packageRoot(from), "schema", `${platform}.json`), "utf8");
  } catch {
    return undefined;
  }
}

/** The engine's address: the first argument that is not a logging or tracing flag (as the SDK reads it). */
export function engineAddress(args: readonly string[]): string | undefined {
  const rest = args.filter((arg, i) => !arg.startsWith("-") && args[i - 1] !== "--tracing");
  return rest[0];
}

/** This package's version, from its package.json. */
export function packageVersion(from = __dirname): string {
  return manifest(from).version as string;
}

/** The folder of this package's package.json (found upwards: the source and dist trees differ in depth). */
function packageRoot(from = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).name === PACKAGE_NAME) {
      return dir;
    }
  }
  throw new Error(`the package.json of ${PACKAGE_NAME} is missing above ${from}: reinstall the package`);
}

/** This package's package.json. */
function manifest(from = __dirname): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(from), "package.json"), "utf8"));
}

if (require.main === module) {
  installLifeline(); // Exit when the engine dies: it starts plugins in their own process group.
  const platform =
    platformOf(process.argv[1] ?? "") ?? platformOf(process.env.PULUMI_DEDICATED_DEPLOYMENTS_PLUGIN ?? "");
  if (!platform) {
    process.stderr.write(
      `start this program as one of ${pluginNames().join(", ")} (the names package.json "bin" gives it), not as ${process.argv[1]}\n`,
    );
    process.exit(1);
  }
  startPlugin(platform, process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
