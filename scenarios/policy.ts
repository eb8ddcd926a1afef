/**
 * The policy pack under the real engine, run as a user outside the repository runs it: the packed package
 * installed in the program's workspace, and `--policy-pack` given the launcher executable its `bin` puts in
 * `node_modules/.bin` (the Node.js language host built here cannot run the pack folder itself), with
 * `--policy-pack-config` a JSON file per run. Each run reports its exit code, the violations the engine
 * printed and the API calls the emulators received, for tests to assert and reports to print.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Emulator } from "../emulator";
import { cliResult, engineEnv, type TestStack } from "./engine";
import { ROOT } from "./workspace";

/** The launcher's name in package.json `bin`. */
export const POLICY_LAUNCHER = "pulumi-dedicated-deployments-policy";

/** The launcher as npm installed it beside a program of the shared workspace. */
export function launcherOf(t: Pick<TestStack, "dir">): string {
  return path.join(path.dirname(t.dir), "node_modules", ".bin", POLICY_LAUNCHER);
}

/** One violation as the engine printed it under "Policies". */
export interface PrintedViolation {
  level: string;
  policy: string;
  /** `<type>: <name>` as the engine names the resource. */
  resource: string;
  message: string;
}

/** What one CLI command with the pack did. */
export interface PolicyRun {
  label: string;
  code: number | null;
  text: string;
  /** API calls the emulators received during the run. */
  calls: number;
  violations: PrintedViolation[];
}

/**
 * The violations in a CLI output: each is a `- [level]  policy  (type: name)` line, the policy's
 * description, then its message (which starts with the policy's name).
 */
export function printedViolations(text: string): PrintedViolation[] {
  const lines = text.split("\n");
  const found: PrintedViolation[] = [];
  lines.forEach((line, i) => {
    const head = /^\s*- \[(\w+)\]\s+(\S+)\s+\((.*)\)\s*$/.exec(line);
    if (!head) {
      return;
    }
    const [, level = "", policy = "", resource = ""] = head;
    const message = lines.slice(i + 1, i + 4).find((l) => l.trim().startsWith(`${policy}:`));
    found.push({ level, policy, resource, message: message?.trim() ?? "" });
  });
  return found;
}

/** The policies that reported at `level`, each once, sorted. */
export function policiesAt(run: PolicyRun, level: string): string[] {
  return [...new Set(run.violations.filter((v) => v.level === level).map((v) => v.policy))].sort();
}

type Emulators = Array<Pick<Emulator<unknown>, "requests">>;

let configs = 0;

/** The pack's flags: the launcher, and `config` written to a `--policy-pack-config` file when given. */
function packFlags(t: Pick<TestStack, "dir">, config?: object): string[] {
  const flags = ["--policy-pack", launcherOf(t)];
  if (config) {
    const file = path.join(t.dir, `policy-config-${++configs}.json`);
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    flags.push("--policy-pack-config", file);
  }
  return flags;
}

/** Runs a CLI command, counting the calls the emulators receive meanwhile. */
async function counted(
  emulators: Emulators,
  label: string,
  run: () => Promise<{ code: number | null; text: string }>,
): Promise<PolicyRun> {
  for (const emulator of emulators) emulator.requests.reset();
  const { code, text } = await run();
  const calls = emulators.reduce(
    (n, e) => n + Object.values(e.requests.counts()).reduce((sum, c) => sum + c, 0),
    0,
  );
  return { label, code, text, calls, violations: printedViolations(text) };
}

/** Runs `pulumi <args>` on a stack with the pack (and `config` as its `--policy-pack-config` file). */
export function runWithPolicy(
  t: TestStack,
  emulators: Emulators,
  label: string,
  args: string[],
  config?: object,
): Promise<PolicyRun> {
  return counted(emulators, label, () => t.runCli([...args, ...packFlags(t, config)]));
}

/**
 * Runs `pulumi policy analyze --file <stateFile>` with the pack: the state as `pulumi stack export` wrote
 * it, read with no stack selected and no program run (the CLI refuses `--stack` beside `--file`).
 */
export function analyzeStateFile(
  t: TestStack,
  emulators: Emulators,
  label: string,
  stateFile: string,
  config?: object,
): Promise<PolicyRun> {
  const args = ["policy", "analyze", "--file", stateFile, ...packFlags(t, config)];
  return counted(emulators, label, async () => {
    const child = spawn(
      path.join(ROOT, ".tools", "pulumi", "bin", "pulumi"),
      [...args, "--non-interactive", "--color", "never"],
      { cwd: t.dir, env: { ...process.env, ...engineEnv(t.stateDir) }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const result = await cliResult(child);
    t.output.push(result.text);
    return result;
  });
}

/** One line per run: what a report prints and the figures the docs quote. */
export function runSummary(run: PolicyRun): string {
  const levels = ["mandatory", "advisory"]
    .map((level) => `${level}: ${policiesAt(run, level).join(", ") || "none"}`)
    .join("; ");
  return `${run.label}: exit ${run.code}, ${run.calls} API calls, ${levels}`;
}
