/**
 * Pulumi programs of every shape a user writes, each in its own folder outside the repository with its own
 * node_modules installed from the packed package by its own package manager: JavaScript (CommonJS and ESM,
 * no TypeScript installed), TypeScript as Pulumi's `typescript` template makes it, TypeScript ESM, Yarn
 * classic, and Node.js 24. Each declares one Roboflow and one Paperspace deployment.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { E2E_HOME, installOnce, PULUMI_VERSION, packedPackage, ROOT } from "./workspace";

/** One program shape of the matrix. */
export interface ConsumerCase {
  /** Short name, also the suffix of the deployments' names (`cons-<name>`). */
  name: string;
  description: string;
  /** Files of the program besides package.json (which {@link prepareConsumer} writes). */
  files: Record<string, string>;
  /** package.json fields besides name and dependencies on @pulumi/pulumi and the package. */
  manifest: Record<string, unknown>;
  packageManager: "npm" | "yarn";
  /** The Node.js major version the program runs on: the project's own (22) or the one of .tools/node24. */
  node: 22 | 24;
  /** Whether the program must run without any `typescript` in its node_modules. */
  noTypeScript: boolean;
}

/** The statements every shape shares, after its own imports of `pulumi`, `roboflow` and `paperspace`. */
const body = `
const config = new pulumi.Config();
const suffix = config.require("suffix");
const model = new roboflow.DedicatedDeployment("model", {
  deploymentName: "cons-" + suffix,
  machineType: "dev-gpu",
  creatorEmail: "ops@example.com",
  duration: 1,
});
const app = new paperspace.Deployment("app", {
  projectId: config.require("projectId"),
  name: "consumer-" + suffix,
  image: "nginx:1.27",
  port: 80,
  resources: { machineType: "C4", replicas: 1 },
});
`;

const commonJs = `"use strict";
const pulumi = require("@pulumi/pulumi");
const { roboflow, paperspace } = require("pulumi-dedicated-deployments");
${body}
exports.modelUrl = model.url;
exports.modelStatus = model.status;
exports.appId = app.deploymentId;
exports.node = process.version;
`;

const esModule = `import * as pulumi from "@pulumi/pulumi";
import { paperspace, roboflow } from "pulumi-dedicated-deployments";
${body}
export const modelUrl = model.url;
export const modelStatus = model.status;
export const appId = app.deploymentId;
export const node = process.version;
`;

/** Pulumi's `typescript` template: index.ts, this tsconfig, typescript and @types/node as dev dependencies. */
const templateTsconfig = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

const esmTsconfig = {
  compilerOptions: {
    strict: true,
    target: "es2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    skipLibCheck: true,
  },
  "ts-node": { esm: true },
  files: ["index.ts"],
};

const typeScriptDevDependencies = { "@types/node": "^22", typescript: "~5.9.3" };

const pulumiYaml = (name: string, main: string, packageManager: string) =>
  `name: consumer-${name}\nruntime:\n  name: nodejs\n  options:\n    packagemanager: ${packageManager}\nmain: ${main}\n`;

/** The matrix: every program shape, package manager and Node.js version docs/nodejs.md says is tested. */
export const CONSUMER_CASES: ConsumerCase[] = [
  {
    name: "jscjs",
    description: "JavaScript, CommonJS (Pulumi's javascript template), no TypeScript installed",
    files: { "index.js": commonJs, "Pulumi.yaml": pulumiYaml("jscjs", "index.js", "npm") },
    manifest: { main: "index.js" },
    packageManager: "npm",
    node: 22,
    noTypeScript: true,
  },
  {
    name: "jsesm",
    description: 'JavaScript, ECMAScript module ("type": "module"), no TypeScript installed',
    files: { "index.js": esModule, "Pulumi.yaml": pulumiYaml("jsesm", "index.js", "npm") },
    manifest: { type: "module", main: "index.js" },
    packageManager: "npm",
    node: 22,
    noTypeScript: true,
  },
  {
    name: "ts",
    description: "TypeScript as Pulumi's typescript template makes it",
    files: {
      "index.ts": esModule,
      "tsconfig.json": JSON.stringify(templateTsconfig, null, 4),
      "Pulumi.yaml": pulumiYaml("ts", "index.ts", "npm"),
    },
    manifest: { main: "index.ts", devDependencies: typeScriptDevDependencies },
    packageManager: "npm",
    node: 22,
    noTypeScript: false,
  },
  {
    name: "tsesm",
    description: "TypeScript, ECMAScript module (module nodenext, ts-node)",
    files: {
      "index.ts": esModule,
      "tsconfig.json": JSON.stringify(esmTsconfig, null, 2),
      "Pulumi.yaml": pulumiYaml("tsesm", "index.ts", "npm"),
    },
    manifest: {
      type: "module",
      main: "index.ts",
      devDependencies: { ...typeScriptDevDependencies, "ts-node": "^10.9.2" },
    },
    packageManager: "npm",
    node: 22,
    noTypeScript: false,
  },
  {
    name: "yarn",
    description: "JavaScript, CommonJS, installed with Yarn classic",
    files: { "index.js": commonJs, "Pulumi.yaml": pulumiYaml("yarn", "index.js", "yarn") },
    manifest: { main: "index.js" },
    packageManager: "yarn",
    node: 22,
    noTypeScript: true,
  },
  {
    name: "node24",
    description: "JavaScript, CommonJS, on Node.js 24",
    files: { "index.js": commonJs, "Pulumi.yaml": pulumiYaml("node24", "index.js", "npm") },
    manifest: { main: "index.js" },
    packageManager: "npm",
    node: 24,
    noTypeScript: true,
  },
];

/** The bin folder holding the `node` a case runs on. */
export function nodeBinFor(c: ConsumerCase): string {
  return path.join(ROOT, ".tools", c.node === 24 ? "node24" : "node", "bin");
}

const yarnScript = path.join(ROOT, ".tools", "yarn", "bin", "yarn");

/**
 * A folder outside the repository holding the case's program and the node_modules its package manager
 * installed: the packed package from its tarball, @pulumi/pulumi from the registry. Reused while the
 * tarball and the case are unchanged.
 */
export async function prepareConsumer(c: ConsumerCase): Promise<string> {
  const { tarball, hash } = await packedPackage();
  const dir = path.join(E2E_HOME, `consumer-${c.name}-${hash}`);
  await installOnce(dir, (folder) => {
    fs.copyFileSync(tarball, path.join(folder, "package.tgz"));
    const manifest = {
      name: `consumer-${c.name}`,
      private: true,
      ...c.manifest,
      dependencies: { "@pulumi/pulumi": PULUMI_VERSION, "pulumi-dedicated-deployments": "file:package.tgz" },
    };
    fs.writeFileSync(path.join(folder, "package.json"), JSON.stringify(manifest, null, 2));
    const env = { ...process.env, PATH: `${nodeBinFor(c)}:${process.env.PATH ?? ""}` };
    if (c.packageManager === "yarn") {
      if (!fs.existsSync(yarnScript)) {
        throw new Error(`Yarn classic is missing (${yarnScript}): run scripts/install-consumer-tools.sh`);
      }
      const registry = execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim();
      // A cache of its own for each install: Yarn classic caches a file: tarball and installs that copy
      // again for a later build of the same name and version, whatever `yarn cache clean` was told.
      const cache = fs.mkdtempSync(path.join(E2E_HOME, "yarn-cache-"));
      try {
        execFileSync(
          path.join(nodeBinFor(c), "node"),
          [yarnScript, "install", "--non-interactive", "--silent", "--no-progress", "--registry", registry],
          { cwd: folder, env: { ...env, YARN_CACHE_FOLDER: cache }, stdio: "inherit" },
        );
      } finally {
        fs.rmSync(cache, { recursive: true, force: true });
      }
    } else {
      execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: folder,
        env,
        stdio: "inherit",
      });
    }
  });
  // The program's own files are written on every run, so that a change to them needs no new install.
  for (const [file, text] of Object.entries(c.files)) {
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}
