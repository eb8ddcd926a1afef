/**
 * How fast a native provider plugin is ready: the time from spawning `pulumi-resource-<platform>` (as the
 * engine does, from the packed package installed outside the repository) to the port it prints, and its
 * resident memory once at rest; beside the floor of a Node.js process that starts and prints a line.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { median } from "./table";

/** One plugin's start, medians of the runs. */
export interface PluginStartFigures {
  platform: string;
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
 * Starts each platform's plugin `runs` times from `workspace/node_modules/.bin`, alternating with the Node
 * floor so that machine load touches both alike.
 */
export async function measurePluginStart(
  workspace: string,
  platforms: readonly string[],
  runs = 5,
): Promise<{ plugins: PluginStartFigures[]; floor: NodeFloor }> {
  const env = { ...process.env, PULUMI_DEDICATED_DEPLOYMENTS_PLUGIN: "" };
  const floorRuns: Array<{ ms: number; rssMiB: number }> = [];
  const plugins: PluginStartFigures[] = [];
  for (const platform of platforms) {
    const bin = path.join(workspace, "node_modules", ".bin", `pulumi-resource-${platform}`);
    const starts: Array<{ ms: number; rssMiB: number }> = [];
    // One unmeasured start, as every later engine run finds the files in the page cache.
    await spawnToFirstLine(bin, [], env);
    for (let i = 0; i < runs; i++) {
      starts.push(await spawnToFirstLine(bin, [], env));
      floorRuns.push(await spawnToFirstLine(process.execPath, ["-e", FLOOR_PROGRAM], env));
    }
    plugins.push({
      platform,
      runs,
      spawnToPortMs: Math.round(median(starts.map((s) => s.ms))),
      spawnToPortRunsMs: starts.map((s) => Math.round(s.ms)),
      restingRssMiB: median(starts.map((s) => s.rssMiB)),
    });
  }
  return {
    plugins,
    floor: {
      spawnToLineMs: Math.round(median(floorRuns.map((s) => s.ms))),
      restingRssMiB: median(floorRuns.map((s) => s.rssMiB)),
    },
  };
}
