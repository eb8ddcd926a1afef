/**
 * Python programs of the native provider plugins under the real engine, installed as a user's would be: a
 * virtualenv outside the repository with `pulumi` from PyPI and the generated SDKs installed from wheels
 * built out of copies of `sdk/python/<platform>`, and a project folder in the shared workspace of the packed
 * package, whose Pulumi.yaml finds `pulumi-resource-<platform>` in that workspace's `node_modules/.bin`.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ConfigMap, LocalWorkspace } from "@pulumi/pulumi/automation";
import { cliResult, engineEnv, pulumiCommand, recordedOperations, type TestStack } from "./engine";
import { E2E_HOME, installOnce, PULUMI_VERSION, packedWorkspace, ROOT } from "./workspace";

const toolsBin = path.join(ROOT, ".tools", "pulumi", "bin");
const SDK_DIR = path.join(ROOT, "sdk", "python");
/** The platforms with a generated Python SDK, and the plugin each program may use. */
export const PYTHON_PLATFORMS = ["roboflow", "paperspace", "nx1", "shipyard"] as const;

/** Throws (so a test fails, never skips) when the Python language host or a Python 3 has not been found. */
export function requirePythonHost(): string {
  for (const binary of ["pulumi-language-python", "pulumi-language-python-exec"]) {
    if (!fs.existsSync(path.join(toolsBin, binary))) {
      throw new Error(
        `the Python language host is missing (${path.join(toolsBin, binary)}): run ` +
          "scripts/install-pulumi-python.sh, or scripts/setup.sh, which runs it",
      );
    }
  }
  return execFileSync("python3", ["-c", "import sys; print(sys.version.split()[0])"], {
    encoding: "utf8",
  }).trim();
}

/** A hash of every file of the generated Python SDKs: a new SDK is a new virtualenv. */
export function sdkHash(): string {
  const hash = createHash("sha256");
  const files = fs
    .readdirSync(SDK_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => fs.statSync(path.join(SDK_DIR, file)).isFile())
    .sort();
  for (const file of files) {
    hash.update(file).update(fs.readFileSync(path.join(SDK_DIR, file)));
  }
  return hash.digest("hex").slice(0, 12);
}

let venv: Promise<string> | undefined;

/**
 * The virtualenv every Python program runs in (its folder; `bin/` holds its `python`): made once per SDK,
 * Python and `pulumi` version and reused while they are unchanged. Everything comes from PyPI or from wheels
 * built in a temporary copy of the SDK, never from the repository's folders.
 */
export function pythonVirtualenv(): Promise<string> {
  venv ??= (async () => {
    const python = requirePythonHost();
    const key = createHash("sha256").update(`${sdkHash()} ${python} ${PULUMI_VERSION}`).digest("hex");
    const dir = path.join(E2E_HOME, `python-venv-${key.slice(0, 12)}`);
    await installOnce(dir, (folder) => {
      // A virtualenv's python finds its packages from where it lies, so the renamed folder keeps working
      // when run as `<venv>/bin/python` (only the console scripts' first lines name the staging folder).
      execFileSync("python3", ["-m", "venv", folder], { stdio: "inherit" });
      const pip = (...args: string[]) =>
        execFileSync(path.join(folder, "bin", "python"), ["-m", "pip", ...args, "--quiet"], {
          stdio: "inherit",
          env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" },
        });
      pip("install", `pulumi==${PULUMI_VERSION}`);
      const build = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-wheels-"));
      try {
        for (const platform of PYTHON_PLATFORMS) {
          const source = path.join(build, platform);
          fs.cpSync(path.join(SDK_DIR, platform), source, { recursive: true });
          pip("wheel", "--no-deps", "--wheel-dir", path.join(build, "wheels"), source);
        }
        const wheels = fs.readdirSync(path.join(build, "wheels")).map((w) => path.join(build, "wheels", w));
        pip("install", ...wheels);
      } finally {
        fs.rmSync(build, { recursive: true, force: true });
      }
    });
    return dir;
  })();
  return venv;
}

/** The Pulumi.yaml of a Python project that uses the plugins of the package installed one folder up. */
export function pythonProject(name: string): string {
  const providers = PYTHON_PLATFORMS.map((plugin) => ({ name: plugin, path: "../node_modules/.bin" }));
  return `${JSON.stringify({ name, runtime: "python", plugins: { providers } }, null, 2)}\n`;
}

/** A Python project's stack, driven through `LocalWorkspace` on its folder; `write` replaces a file. */
export interface PythonStack extends TestStack {
  write(file: string, text: string): void;
}

/**
 * A stack of the Python program `files` (`__main__.py` and any data files) in a project folder of the
 * shared workspace, run by the Python host with the virtualenv's `bin` first on PATH: the v3.68 host ignores
 * the CLI's `virtualenv` runtime option and runs the first `python` it finds.
 */
export async function createPythonStack(
  name: string,
  files: Record<string, string>,
  config: ConfigMap,
): Promise<PythonStack> {
  const venvDir = await pythonVirtualenv();
  const base = await packedWorkspace();
  const dir = fs.mkdtempSync(path.join(base, `${name}-`));
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-state-"));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-home-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pythonProject(name));
  for (const [file, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), text);
  }
  const env = pythonEnv(stateDir, venvDir);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "test", workDir: dir },
    { pulumiCommand: await pulumiCommand(), pulumiHome: home, envVars: env },
  );
  await stack.setAllConfig(config);
  const output: string[] = [];
  // Spawned, never run synchronously: the emulators answer from this same process.
  const runCli = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const child = spawn(
      path.join(toolsBin, "pulumi"),
      [...args, "--stack", "test", "--non-interactive", "--color", "never"],
      {
        cwd: dir,
        env: { ...process.env, ...env, PULUMI_HOME: home, ...extraEnv },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const result = await cliResult(child);
    output.push(result.text);
    return result;
  };
  return {
    stack,
    dir,
    stateDir,
    output,
    ...recordedOperations(stack, output),
    exportState: async () => JSON.stringify((await stack.exportStack()).deployment),
    setConfig: (more) => stack.setAllConfig(more),
    spawnCli: () => {
      throw new Error("spawnCli is not offered for Python stacks: use runCli");
    },
    runCli,
    write: (file, text) => fs.writeFileSync(path.join(dir, file), text),
    remove: async () => {
      await stack.workspace.removeStack("test", { force: true }).catch(() => undefined);
      for (const folder of [dir, stateDir, home]) {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}

/** The engine's environment for a Python program: the virtualenv's `bin` first on PATH. */
export function pythonEnv(stateDir: string, venvDir: string): Record<string, string> {
  const env = engineEnv(stateDir);
  return { ...env, PATH: `${path.join(venvDir, "bin")}:${env.PATH}`, PYTHONDONTWRITEBYTECODE: "1" };
}
