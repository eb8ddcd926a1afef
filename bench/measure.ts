/**
 * How the engine benchmark measures: wall and CPU time of one command, and sizes in a stack's state.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { resourcesOfType } from "../scenarios/engine";
import { ROBOFLOW_TYPE } from "../scenarios/programs";

/** One timed command. */
export interface Timed {
  wallMs: number;
  cpuMs: number;
}

/** Sizes in one stack's state, in bytes. */
export interface StateFigures {
  resources: number;
  /** `__provider` bytes per resource, inputs and outputs together (the engine stores it in both). */
  providerBytesPerResource: number;
  providerBytesInOutputs: number;
  providerBytesInInputs: number;
  /** The state file as the backend wrote it, in bytes. */
  stateFileBytes: number;
  stateFileBytesPerResource: number;
  /** Share of the state file taken by serialized providers. */
  providerShare: number;
}

/** Runs `work` and measures it: wall time, and CPU time of the child processes that ended meanwhile. */
export async function time<T>(work: () => Promise<T>): Promise<Timed & { result: T }> {
  const cpu = childCpuMs();
  const started = performance.now();
  const result = await work();
  return { result, wallMs: performance.now() - started, cpuMs: childCpuMs() - cpu };
}

/** "9.6 s wall, 7.2 s CPU". */
export const describeTimed = (t: Timed) =>
  `${(t.wallMs / 1000).toFixed(1)} s wall, ${(t.cpuMs / 1000).toFixed(1)} s CPU`;

/**
 * CPU time (user + system) of this process's finished children and their waited-for descendants, in
 * milliseconds, from /proc (Linux); 0 elsewhere. The engine's CLI waits for its plugins, so a finished
 * `pulumi up` adds the CPU of the CLI, the language host, the program and the provider host.
 */
function childCpuMs(): number {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** USER_HZ, the unit of /proc times: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** Sizes in a stack's state: the serialized providers, and the state file as a whole. */
export function stateFigures(state: string, stateDir: string): StateFigures {
  const parsed = JSON.parse(state) as {
    resources?: Array<{ type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }>;
  };
  const custom = (parsed.resources ?? []).filter(
    (r) => r.type === ROBOFLOW_TYPE || r.type.startsWith("pulumi-nodejs:dynamic"),
  );
  if (custom.length === 0 || resourcesOfType(state, "pulumi:pulumi:Stack").length !== 1) {
    throw new Error("the state holds no dynamic resource: was the stack up?");
  }
  const bytes = (value: unknown) => (typeof value === "string" ? Buffer.byteLength(value) : 0);
  const inOutputs = custom.reduce((sum, r) => sum + bytes(r.outputs?.__provider), 0);
  const inInputs = custom.reduce((sum, r) => sum + bytes(r.inputs?.__provider), 0);
  const file = stateFile(stateDir);
  const fileBytes = fs.statSync(file).size;
  return {
    resources: custom.length,
    providerBytesPerResource: Math.round((inOutputs + inInputs) / custom.length),
    providerBytesInOutputs: Math.round(inOutputs / custom.length),
    providerBytesInInputs: Math.round(inInputs / custom.length),
    stateFileBytes: fileBytes,
    stateFileBytesPerResource: Math.round(fileBytes / custom.length),
    providerShare: Math.round(((inOutputs + inInputs) / fileBytes) * 1000) / 1000,
  };
}

/** The checkpoint file the file backend keeps for the stack (the one engine.ts's exportState reads). */
function stateFile(stateDir: string): string {
  const stacks = path.join(stateDir, ".pulumi", "stacks");
  const files = fs
    .readdirSync(stacks, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"));
  if (files.length !== 1) throw new Error(`expected one state file under ${stacks}, found ${files.length}`);
  return path.join(stacks, files[0] ?? "");
}
