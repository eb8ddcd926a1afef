#!/usr/bin/env node
/**
 * Runs an emulator of one platform (Roboflow Dedicated Deployments unless `--platform` says otherwise)
 * until SIGINT or SIGTERM, for stacks and clients that should work offline: point them at the printed URL
 * with the printed API key. The platforms and their flags come from the registry.
 */
import { parseArgs } from "node:util";
import { createEmulator, DEFAULT_PLATFORM, type PlatformName, platforms } from "./registry";

const names = Object.keys(platforms) as PlatformName[];
const column = (flag: string) => `  ${flag.padEnd(18)} `;
/** `a, b or c`. */
const oneOf = (words: string[]) => words.join(", ").replace(/, ([^,]*)$/, " or $1");
const USAGE = [
  "Usage: pulumi-dedicated-deployments-emulator [options]",
  "",
  `${column("--platform <name>")}${oneOf(names.map((n) => (n === DEFAULT_PLATFORM ? `${n} (default)` : n)))}`,
  `${column("--port <n>")}port to listen on (default 8080; 0 picks a free one)`,
  `${column("--host <address>")}interface to listen on (default 127.0.0.1)`,
  `${column("--api-key <key>")}the API key to accept (default emulator-key)`,
  ...names.flatMap((name) =>
    platforms[name].flags.map(
      (f) =>
        `${column(f.switch ? `--${f.name}` : `--${f.name} <n>`)}${name === DEFAULT_PLATFORM ? "" : `${name}: `}${f.help}`,
    ),
  ),
  `${column("--quiet")}do not print one line per request`,
  `${column("--help")}show this help`,
].join("\n");

function toNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${flag} needs a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const platformFlags = names.flatMap((name) => platforms[name].flags);
  const { values } = parseArgs({
    options: {
      platform: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      "api-key": { type: "string" },
      ...Object.fromEntries(
        platformFlags.map((f) => [f.name, { type: f.switch ? ("boolean" as const) : ("string" as const) }]),
      ),
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const platform = (values.platform ?? DEFAULT_PLATFORM) as PlatformName;
  if (!names.includes(platform)) {
    throw new Error(`--platform must be ${oneOf(names)}, got "${platform}"`);
  }
  const options: Record<string, unknown> = {
    platform,
    host: (values.host as string | undefined) ?? "127.0.0.1",
    port: toNumber("port", values.port as string | undefined) ?? 8080,
    apiKey: values["api-key"],
    log: values.quiet ? undefined : (line: string) => console.error(line),
  };
  // Flags of other platforms are accepted and ignored, so one command line serves either.
  for (const flag of platforms[platform].flags) {
    const given = (values as Record<string, unknown>)[flag.name];
    if (flag.switch) {
      if (given === true) flag.apply(options);
      continue;
    }
    const value = toNumber(flag.name, given as string | undefined);
    if (value !== undefined) flag.apply(options, value);
  }
  const emulator = await createEmulator(options as { platform: PlatformName });
  console.log(`${platform} emulator listening on ${emulator.url} (api key: ${emulator.apiKey})`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(`${error.message}\n\n${USAGE}`);
  process.exit(2);
});
