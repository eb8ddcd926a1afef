/**
 * The real Pulumi engine for end-to-end tests: the CLI built by scripts/install-pulumi.sh, a file backend
 * in a temporary folder, a private PULUMI_HOME, no update checks and no plugin downloads. Programs consume
 * the built, packed package from a shared workspace, as a user's project would.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  type ConfigMap,
  LocalWorkspace,
  type PreviewOptions,
  type PreviewResult,
  PulumiCommand,
  type Stack,
} from "@pulumi/pulumi/automation";
import { PULUMI_VERSION, packedWorkspace, ROOT } from "./workspace";

const toolsBin = path.join(ROOT, ".tools", "pulumi", "bin");
const nodeBin = path.join(ROOT, ".tools", "node", "bin");

let command: Promise<PulumiCommand> | undefined;

/** The pinned Pulumi CLI; throws (so the test fails, never skips) when it has not been installed. */
export function pulumiCommand(): Promise<PulumiCommand> {
  command ??= (async () => {
    for (const binary of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      if (!fs.existsSync(path.join(toolsBin, binary))) {
        throw new Error(
          `the Pulumi engine is missing (${path.join(toolsBin, binary)}): run scripts/install-pulumi.sh, ` +
            "or the README's test command, which installs it",
        );
      }
    }
    const cli = await PulumiCommand.get({ root: path.dirname(toolsBin), skipVersionCheck: true });
    const version = execFileSync(path.join(toolsBin, "pulumi"), ["version"], { encoding: "utf8" }).trim();
    if (version !== `v${PULUMI_VERSION}`) {
      throw new Error(
        `the Pulumi engine is ${version}, the SDK is ${PULUMI_VERSION}: run scripts/install-pulumi.sh`,
      );
    }
    return cli;
  })();
  return command;
}

/** A stack of a program in the shared workspace, with everything it prints collected for scanning. */
export interface TestStack {
  stack: Stack;
  dir: string;
  stateDir: string;
  /** Everything the CLI printed so far, stdout and stderr of every command. */
  output: string[];
  /** Every engine event of the Automation API's commands so far, as JSON (where the stack records them). */
  events?: string[];
  up(): Promise<import("@pulumi/pulumi/automation").UpResult>;
  preview(): Promise<import("@pulumi/pulumi/automation").PreviewResult>;
  refresh(): Promise<import("@pulumi/pulumi/automation").RefreshResult>;
  destroy(): Promise<import("@pulumi/pulumi/automation").DestroyResult>;
  /** The stack's state file as the backend stored it (secrets encrypted), as text. */
  exportState(): Promise<string>;
  setConfig(config: ConfigMap): Promise<void>;
  /** Starts the pulumi CLI on this stack in its own process group (so the whole run can be killed). */
  spawnCli(args: string[], extraEnv?: Record<string, string>): ChildProcess;
  /** Runs the pulumi CLI on this stack to its end; its output joins `output`. */
  runCli(args: string[], extraEnv?: Record<string, string>): Promise<{ code: number | null; text: string }>;
  remove(): Promise<void>;
}

/**
 * Creates a stack of `program` (CommonJS source) named `name`, with its own file backend; `files` instead
 * gives the project's files by name (a YAML program is its Pulumi.yaml).
 */
export async function createTestStack(
  name: string,
  program: string,
  config: ConfigMap,
  files: Record<string, string> = {
    "Pulumi.yaml": `name: ${name}\nruntime: nodejs\nmain: index.js\n`,
    "index.js": program,
  },
  /** The folder whose node_modules the program resolves from: the packed workspace by default. */
  workspace?: string,
): Promise<TestStack> {
  const base = workspace ?? (await packedWorkspace());
  const dir = fs.mkdtempSync(path.join(base, `${name}-`));
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-state-"));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-home-"));
  for (const [file, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), text);
  }
  const output: string[] = [];
  const events: string[] = [];
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "test", workDir: dir },
    {
      pulumiCommand: await pulumiCommand(),
      pulumiHome: home,
      envVars: engineEnv(stateDir),
    },
  );
  await stack.setAllConfig(config);
  return {
    stack,
    dir,
    stateDir,
    output,
    events,
    ...recordedOperations(stack, output, events),
    exportState: async () => readStateFile(stateDir),
    setConfig: (more) => stack.setAllConfig(more),
    spawnCli: (args, extraEnv = {}) => spawnCli(dir, home, stateDir, args, extraEnv),
    runCli: async (args, extraEnv = {}) => {
      const result = await cliResult(spawnCli(dir, home, stateDir, args, extraEnv));
      output.push(result.text);
      return result;
    },
    remove: async () => {
      await stack.workspace.removeStack("test", { force: true }).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(stateDir, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Waits for a CLI process to end: its exit code and everything it printed, stdout and stderr together. */
export function cliResult(child: ChildProcess): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk) => {
      text += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      text += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, text }));
  });
}

function spawnCli(
  dir: string,
  home: string,
  stateDir: string,
  args: string[],
  extraEnv: Record<string, string>,
): ChildProcess {
  return spawn(
    path.join(toolsBin, "pulumi"),
    [...args, "--stack", "test", "--non-interactive", "--color", "never"],
    {
      cwd: dir,
      env: { ...process.env, ...engineEnv(stateDir), PULUMI_HOME: home, ...extraEnv },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/**
 * The stack's operations with everything they print, and the message of any failure, pushed to `output`
 * (for secret scans and for reading what the engine said).
 */
export function recordedOperations(stack: Stack, output: string[], events?: string[]) {
  const onOutput = (line: string) => output.push(line);
  const onEvent = events ? (event: unknown) => events.push(JSON.stringify(event)) : undefined;
  const options = { onOutput, onError: onOutput, onEvent, color: "never" as const };
  const collect = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      output.push(String(e instanceof Error ? e.message : e));
      throw e;
    }
  };
  return {
    up: () => collect(() => stack.up(options)),
    preview: () => collect(() => previewWithSummary(stack, { ...options, diff: true })),
    refresh: () => collect(() => stack.refresh(options)),
    destroy: () => collect(() => stack.destroy(options)),
  };
}

/**
 * A preview and its change summary. On a loaded machine the Automation API can miss the summary event: it
 * then warns and returns an empty summary although the preview succeeded. A preview changes nothing, so it
 * is run again (at most twice more) rather than taken for a preview of no resources.
 */
export async function previewWithSummary(stack: Stack, options: PreviewOptions): Promise<PreviewResult> {
  let result = await stack.preview(options);
  for (let again = 0; again < 2 && Object.keys(result.changeSummary).length === 0; again++) {
    result = await stack.preview(options);
  }
  return result;
}

/** The checkpoint the file backend wrote: what a user's state bucket would hold, byte for byte. */
function readStateFile(stateDir: string): string {
  const stacks = path.join(stateDir, ".pulumi", "stacks");
  const files = fs
    .readdirSync(stacks, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"));
  if (files.length !== 1) {
    throw new Error(`expected one state file under ${stacks}, found ${files.join(", ") || "none"}`);
  }
  const checkpoint = JSON.parse(fs.readFileSync(path.join(stacks, files[0] ?? ""), "utf8"));
  return JSON.stringify(checkpoint.checkpoint?.latest ?? checkpoint);
}

/** The environment of every engine run: offline, file backend, the project's Node and engine first on PATH. */
export function engineEnv(stateDir: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PATH: `${toolsBin}:${nodeBin}:${process.env.PATH ?? ""}`,
  };
}

/** The resources of one type in an exported state. */
export function resourcesOfType(
  state: string,
  type: string,
): Array<{ urn: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }> {
  const deployment = JSON.parse(state) as { resources?: Array<{ type: string; urn: string }> };
  return (deployment.resources ?? []).filter((r) => r.type === type);
}
