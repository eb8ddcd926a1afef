#!/usr/bin/env node
/**
 * The executable of every native provider plugin: `pulumi-resource-roboflow`, `pulumi-resource-paperspace`
 * (package.json `bin`, one name per platform, all pointing here). The name it was started under says which
 * platform it serves; it then serves that platform's implementation through the SDK's provider server, and
 * prints the port the engine connects to.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { installLifeline } from "../core/lifeline";
import { PACKAGE_NAME, type Platform } from "../registry";
import { EngineLog } from "./engine";
import { nativeProvider } from "./host";
import { platforms, pluginName } from "./platforms";
import { serve } from "./server";

/** The platform a plugin executable serves, from the name it was started under (`pulumi-resource-roboflow`). */
export function platformOf(executable: string): Platform | undefined {
  const name = path.basename(executable).replace(/\.(js|cmd|exe)$/, "");
  return platforms.find((platform) => pluginName(platform) === name);
}

/** Starts the plugin for `platform` with the engine's arguments. */
export async function startPlugin(platform: Platform, args: string[]): Promise<void> {
  const log = new EngineLog(engineAddress(args));
  const version = packageVersion();
  const { provider, configure } = nativeProvider(platform, version, log);
  await serve(provider, { namespace: platform, configure, attach: (address) => log.attach(address) }, args);
}

/** The engine's address: the first argument that is not a logging or tracing flag (as the SDK reads it). */
export function engineAddress(args: readonly string[]): string | undefined {
  const rest = args.filter((arg, i) => !arg.startsWith("-") && args[i - 1] !== "--tracing");
  return rest[0];
}

/** This package's version, from its package.json (found upwards: the source and dist trees differ in depth). */
export function packageVersion(from = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
      if (manifest.name === PACKAGE_NAME) {
        return manifest.version;
      }
    }
  }
  throw new Error(`the package.json of ${PACKAGE_NAME} is missing above ${from}: reinstall the package`);
}

if (require.main === module) {
  installLifeline(); // Exit when the engine dies: it starts plugins in their own process group.
  const platform =
    platformOf(process.argv[1] ?? "") ?? platformOf(process.env.PULUMI_DEDICATED_DEPLOYMENTS_PLUGIN ?? "");
  if (!platform) {
    process.stderr.write(
      `start this program as one of ${platforms.map(pluginName).join(", ")} (the names package.json "bin" gives it), not as ${process.argv[1]}\n`,
    );
    process.exit(1);
  }
  startPlugin(platform, process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
