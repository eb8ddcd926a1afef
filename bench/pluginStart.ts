/**
 * How fast a native provider plugin is ready: the time from spawning `pulumi-resource-<platform>` (as the
 * engine does) to the port it prints, and its resident memory once at rest, for the npm package's script
 * (from the packed package installed outside the repository, run by the Node.js on PATH) and for the
 * release's self-contained executable (a Node.js single executable application); beside the floor of a
 * Node.js process that starts and prints a line.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { platformNames } from "../provider/platforms";
import { CROSS_RELEASE, LINUX_RELEASE, pluginAsset, releaseAssets } from "../scenarios/release";
import { median } from "./table";

/** One plugin's start, medians of the runs. */
export interface PluginStartFigures {
  platform: string;
  /** Which plugin: the npm package's script, or the release's self-contained executable. */
  via: "npm script" | "self-contained";
  runs: number;
  /** Spawn to the port line on stdout, in ms: median and each run. */
  spawnToPortMs: number;
  spawnToPortRunsMs: number[];
  /** Resident memory a second after the port was printed, in MiB. */
  restingRssMiB: number;
}

/** The same figures of a Node.js process that prints a line and idles: the floor no Node.js plugin can beat. */
export interface NodeFloor {
  spawnToLineMs: number;
  restingRssMiB: number;
}

const FLOOR_PROGRAM = "console.log(1); setInterval(() => {}, 1000);";

/** Spawns `command`, resolves with the ms to its first stdout line and its RSS a second later. */
async function spawnToFirstLine(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; rssMiB: number }> {
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(performance.now() - started);
      });
      child.on("exit", (code) => reject(new Error(`${command} exited (${code}) before printing: ${stderr}`)));
      child.on("error", reject);
    });
    await delay(1000);
    return { ms, rssMiB: rssMiB(child.pid) };
  } finally {
    child.kill("SIGKILL");
  }
}

/** VmRSS of a process in MiB, from /proc (Linux); 0 elsewhere. */
function rssMiB(pid: number | undefined): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}

/**
 * Starts each platform's plugin `runs` times from `workspace/node_modules/.bin`, and its self-contained
 * executable from `released` (platform -> path) when given, alternating with the Node floor so that machine
 * load touches all alike.
 */
export async function measurePluginStart(
  workspace: string,
  platforms: readonly string[],
  runs = 5,
  released: Record<string, string> = {},
): Promise<{ plugins: PluginStartFigures[]; floor: NodeFloor }> {
  const env = { ...process.env, PULUMI_DEDICATED_DEPLOYMENTS_PLUGIN: "" };
  const floorRuns: Array<{ ms: number; rssMiB: number }> = [];
  const plugins: PluginStartFigures[] = [];
  for (const platform of platforms) {
    const kinds: Array<[PluginStartFigures["via"], string]> = [
      ["npm script", path.join(workspace, "node_modules", ".bin", `pulumi-resource-${platform}`)],
    ];
    if (released[platform]) kinds.push(["self-contained", released[platform]]);
    const starts = new Map(kinds.map(([via]) => [via, [] as Array<{ ms: number; rssMiB: number }>]));
    // One unmeasured start each, as every later engine run finds the files in the page cache.
    for (const [, bin] of kinds) await spawnToFirstLine(bin, [], env);
    for (let i = 0; i < runs; i++) {
      for (const [via, bin] of kinds) starts.get(via)?.push(await spawnToFirstLine(bin, [], env));
      floorRuns.push(await spawnToFirstLine(process.execPath, ["-e", FLOOR_PROGRAM], env));
    }
    for (const [via, runsOf] of starts) {
      plugins.push({
        platform,
        via,
        runs,
        spawnToPortMs: Math.round(median(runsOf.map((s) => s.ms))),
        spawnToPortRunsMs: runsOf.map((s) => Math.round(s.ms)),
        restingRssMiB: median(runsOf.map((s) => s.rssMiB)),
      });
    }
  }
  return {
    plugins,
    floor: {
      spawnToLineMs: Math.round(median(floorRuns.map((s) => s.ms))),
      restingRssMiB: median(floorRuns.map((s) => s.rssMiB)),
    },
  };
}

/** One file of the release and its size. */
export interface ReleaseAsset {
  name: string;
  bytes: number;
}

/**
 * The release's linux-amd64 plugins (every platform) and the other targets' (Roboflow's), built as the
 * end-to-end tests build them (cached while the package is unchanged): each platform's extracted
 * self-contained executable, and the size of every asset.
 */
export async function releasedPlugins(): Promise<{
  executables: Record<string, string>;
  assets: ReleaseAsset[];
}> {
  const linux = await releaseAssets(LINUX_RELEASE);
  const cross = await releaseAssets(CROSS_RELEASE);
  // Extracted beside the assets, once: a hidden folder that no asset listing or server shows.
  const executables: Record<string, string> = {};
  for (const platform of platformNames()) {
    const dir = path.join(linux, ".extracted", platform);
    executables[platform] = path.join(dir, `pulumi-resource-${platform}`);
    if (fs.existsSync(executables[platform])) continue;
    fs.mkdirSync(dir, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(linux, pluginAsset(platform, "linux-amd64")), "-C", dir]);
  }
  const assets = [linux, cross].flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((name) => !name.startsWith(".") && name !== "SHA256SUMS")
      .map((name) => ({ name, bytes: fs.statSync(path.join(dir, name)).size })),
  );
  return { executables, assets: assets.sort((a, b) => a.name.localeCompare(b.name)) };
}
