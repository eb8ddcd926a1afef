/**
 * CI runners for the scale scenarios: each runner is a checkout of `examples/ephemeral` (its own folder and
 * its own PULUMI_HOME, as on a separate machine) that runs the real `pulumi` CLI as separate processes
 * against one shared state backend (PostgreSQL or a shared folder) and one API account (the key in
 * `ROBOFLOW_API_KEY`, as a CI secret). Runners take the stacks of a queue until it is empty.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deploymentNameFor } from "../examples/ephemeral/names";
import { copyExample } from "../test/helpers/examples";
import { cliResult, engineEnv, pulumiCommand } from "./engine";
import { ROOT } from "./workspace";

/** What one CLI command did. */
export interface CliResult {
  code: number | null;
  text: string;
  ms: number;
}

/** One runner: a checkout of the example and a PULUMI_HOME of its own. */
export interface Runner {
  id: number;
  dir: string;
  /** Its PULUMI_HOME. */
  home: string;
  /** Starts `pulumi <args>` in its own process group (so that a whole run can be killed). */
  spawn(args: string[], extraEnv?: Record<string, string>): ChildProcess;
  /** Runs `pulumi <args>` to its end. */
  cli(args: string[], extraEnv?: Record<string, string>): Promise<CliResult>;
  remove(): void;
}

/** Everything every CLI run printed, for the secret scan. */
export const cliOutput: string[] = [];

/** `count` runners on the backend that `backendEnv` names (`PULUMI_BACKEND_URL`…), with the API key `apiKey`. */
export async function createRunners(
  count: number,
  backendEnv: Record<string, string>,
  apiKey: string,
): Promise<Runner[]> {
  await pulumiCommand(); // fails with the setup hint when the engine is missing
  const runners: Runner[] = [];
  for (let id = 1; id <= count; id++) {
    const dir = await copyExample("ephemeral");
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-runner-home-"));
    const env = {
      ...process.env,
      ...engineEnv(""),
      ...backendEnv,
      PULUMI_HOME: home,
      ROBOFLOW_API_KEY: apiKey,
    };
    const start = (args: string[], extraEnv: Record<string, string> = {}) =>
      spawn(path.join(ROOT, ".tools", "pulumi", "bin", "pulumi"), [...args, "--non-interactive"], {
        cwd: dir,
        env: { ...env, ...extraEnv },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
    runners.push({
      id,
      dir,
      home,
      spawn: start,
      cli: (args, extraEnv) => finished(start(args, extraEnv)),
      remove: () => {
        killLeftovers(home);
        for (const d of [dir, home]) fs.rmSync(d, { recursive: true, force: true });
      },
    });
  }
  return runners;
}

/**
 * Kills what a killed run left behind: the engine starts each provider plugin in a process group of its own,
 * so killing the CLI's group leaves the plugin running (and spinning). Found by this runner's PULUMI_HOME
 * in their environment, so only processes this runner started are touched.
 */
export function killLeftovers(home: string): number {
  const marker = `PULUMI_HOME=${home}\0`;
  let killed = 0;
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    let environ = "";
    try {
      environ = fs.readFileSync(`/proc/${pid}/environ`, "latin1");
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (`${environ}\0`.includes(marker) && Number(pid) !== process.pid) {
      try {
        process.kill(Number(pid), "SIGKILL");
        killed++;
      } catch {
        // already gone
      }
    }
  }
  return killed;
}

/** Waits for a CLI process to end, collecting what it printed. */
export async function finished(child: ChildProcess): Promise<CliResult> {
  const started = Date.now();
  const { code, text } = await cliResult(child);
  cliOutput.push(text);
  return { code, text, ms: Date.now() - started };
}

/** A branch's environment: the stack and deployment name the example derives from the branch. */
export interface BranchStack {
  branch: string;
  stack: string;
}

/** `count` branches with their stack names (`deploymentNameFor`, as the workflows name stacks). */
export function branchStacks(count: number, prefix = "feature/scale"): BranchStack[] {
  return Array.from({ length: count }, (_, i) => {
    const branch = `${prefix}-${String(i + 1).padStart(2, "0")}`;
    return { branch, stack: deploymentNameFor(branch) };
  });
}

/** A CI job's first steps: select (or create) the branch's stack and set its config. */
export async function prepareStack(
  runner: Runner,
  env: BranchStack,
  apiUrl: string,
  configBranch = env.branch,
): Promise<CliResult> {
  const select = await runner.cli(["stack", "select", "--create", env.stack]);
  if (select.code !== 0) return select;
  const config = await runner.cli([
    "config",
    "set-all",
    "--stack",
    env.stack,
    "--plaintext",
    `branch=${configBranch}`,
    "--plaintext",
    "creatorEmail=ops@example.com",
    "--plaintext",
    `roboflow:apiUrl=${apiUrl}`,
  ]);
  return { ...config, text: select.text + config.text, ms: select.ms + config.ms };
}

/** The CI job of a pull request: the branch's stack and config, then `pulumi up`. */
export async function bringUp(
  runner: Runner,
  env: BranchStack,
  apiUrl: string,
  configBranch = env.branch,
): Promise<CliResult> {
  const prepared = await prepareStack(runner, env, apiUrl, configBranch);
  if (prepared.code !== 0) return prepared;
  const up = await runner.cli(["up", "--yes", "--skip-preview", "--stack", env.stack]);
  return { ...up, text: prepared.text + up.text, ms: prepared.ms + up.ms };
}

/** The CI job of a closed pull request: `pulumi destroy --remove` (the stack goes with its resources). */
export function tearDown(runner: Runner, env: BranchStack): Promise<CliResult> {
  return runner.cli(["destroy", "--yes", "--skip-preview", "--remove", "--stack", env.stack]);
}

/**
 * Runs `job` for every item on `runners`, each runner taking the next item when it is free (a CI pool).
 * Results come back in the items' order, with the runner that did each.
 */
export async function onRunners<T, R>(
  runners: Runner[],
  items: T[],
  job: (runner: Runner, item: T) => Promise<R>,
): Promise<Array<{ item: T; runner: number; result: R }>> {
  const results: Array<{ item: T; runner: number; result: R }> = new Array(items.length);
  let next = 0;
  await Promise.all(
    runners.map(async (runner) => {
      while (next < items.length) {
        const index = next++;
        const item = items[index] as T;
        results[index] = { item, runner: runner.id, result: await job(runner, item) };
      }
    }),
  );
  return results;
}
