/**
 * The examples under `examples/` as a user runs them: each copied into a workspace whose node_modules holds
 * what the examples' package.json files ask for, with the packed package in place of the registry's, and
 * driven by the real engine under its own Pulumi.yaml (TypeScript through Pulumi's ts-node).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type ConfigMap, LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { engineEnv, pulumiCommand, recordedOperations } from "../../scenarios/engine";
import { E2E_HOME, installOnce, packedPackage, ROOT } from "../../scenarios/workspace";

export const EXAMPLES = path.join(ROOT, "examples");
const PACKAGE_NAME = "pulumi-dedicated-deployments";

/** The examples that are Pulumi programs (a folder with Pulumi.yaml and package.json). */
export function examplePrograms(): string[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((name) =>
      ["Pulumi.yaml", "package.json"].every((f) => fs.existsSync(path.join(EXAMPLES, name, f))),
    )
    .sort();
}

let workspace: Promise<string> | undefined;

/**
 * A folder whose node_modules holds the union of the examples' dependencies and devDependencies (TypeScript,
 * ts-node, @types/node included, as `npm install` in an example would bring), with this package from the
 * packed tarball of packedPackage(), outside the repository. Reused while the tarball and the examples' dependencies are unchanged.
 */
export function examplesWorkspace(): Promise<string> {
  workspace ??= (async () => {
    const { tarball, hash: packageHash } = await packedPackage();
    const dependencies: Record<string, string> = {};
    for (const example of examplePrograms()) {
      const pkg = JSON.parse(fs.readFileSync(path.join(EXAMPLES, example, "package.json"), "utf8"));
      Object.assign(dependencies, pkg.devDependencies, pkg.dependencies);
    }
    if (!(PACKAGE_NAME in dependencies)) throw new Error(`no example depends on ${PACKAGE_NAME}`);
    dependencies[PACKAGE_NAME] = "file:package.tgz";
    const hash = createHash("sha256")
      .update(packageHash)
      .update(JSON.stringify(dependencies))
      .digest("hex")
      .slice(0, 12);
    const dir = path.join(E2E_HOME, `examples-${hash}`);
    await installOnce(dir, (folder) => {
      fs.copyFileSync(tarball, path.join(folder, "package.tgz"));
      const manifest = { name: `examples-workspace-${hash}`, private: true, dependencies };
      fs.writeFileSync(path.join(folder, "package.json"), JSON.stringify(manifest, null, 2));
      execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: folder,
        stdio: "inherit",
      });
    });
    return dir;
  })();
  return workspace;
}

/** Copies an example's own files (no node_modules, no stack files) into a new folder of the workspace. */
export async function copyExample(example: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(await examplesWorkspace(), `${example}-`));
  for (const entry of fs.readdirSync(path.join(EXAMPLES, example), { withFileTypes: true })) {
    if (!entry.isFile() || /^Pulumi\..+\.yaml$/.test(entry.name)) continue;
    fs.copyFileSync(path.join(EXAMPLES, example, entry.name), path.join(dir, entry.name));
  }
  return dir;
}

/** A stack of an example, with its own file backend and everything the CLI printed. */
export interface ExampleStack {
  stack: Stack;
  /** The example's copy, the program's working directory. */
  dir: string;
  output: string[];
  preview(): ReturnType<Stack["preview"]>;
  up(): ReturnType<Stack["up"]>;
  refresh(): ReturnType<Stack["refresh"]>;
  destroy(): ReturnType<Stack["destroy"]>;
  /** The resources of the stack's last checkpoint, as `pulumi stack export` shows them. */
  resources(): Promise<Array<{ type: string; urn: string; id?: string }>>;
  /** `pulumi stack rm`, then the copy, the backend and PULUMI_HOME go. */
  remove(): Promise<void>;
}

/** Creates the stack `stackName` of a copy of `example`, with `config` set. */
export async function createExampleStack(
  example: string,
  stackName: string,
  config: ConfigMap,
): Promise<ExampleStack> {
  const dir = await copyExample(example);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-example-state-"));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-example-home-"));
  const stack = await LocalWorkspace.createStack(
    { stackName, workDir: dir },
    { pulumiCommand: await pulumiCommand(), pulumiHome: home, envVars: engineEnv(stateDir) },
  );
  await stack.setAllConfig(config);
  const output: string[] = [];
  return {
    stack,
    dir,
    output,
    ...recordedOperations(stack, output),
    resources: async () => (await stack.exportStack()).deployment?.resources ?? [],
    remove: async () => {
      // Forced only when a test left resources behind: an empty stack goes as `pulumi stack rm` would take it.
      await stack.workspace
        .removeStack(stackName)
        .catch(() => stack.workspace.removeStack(stackName, { force: true }))
        .catch(() => undefined);
      for (const d of [dir, stateDir, home]) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Runs an example's TypeScript file as a script with the workspace's ts-node, as the workflows do. */
export function runExampleScript(dir: string, file: string, args: string[]): string {
  const tsNode = path.join(path.dirname(dir), "node_modules", "ts-node", "dist", "bin.js");
  return execFileSync(process.execPath, [tsNode, file, ...args], { cwd: dir, encoding: "utf8" }).trim();
}
