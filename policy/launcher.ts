#!/usr/bin/env node
/**
 * The policy pack as one executable, `pulumi-dedicated-deployments-policy` (package.json `bin`), for an
 * engine whose Node.js language host cannot run a pack folder (it answers `not supported`). The engine runs
 * an executable given as `--policy-pack` as an analyzer plugin, with its address as the one argument; this
 * does what a current host does for the folder: starts `@pulumi/pulumi/cmd/run-policy-pack` on the pack's
 * folder, from that folder, in this process. The runner prints the port the engine connects to.
 */
import * as path from "node:path";
import { installLifeline } from "../provider/core/lifeline";

/** The package's root: two folders up from the built `dist/policy`, one up from the source `policy/`. */
const PACKAGE_ROOT = path.resolve(
  __dirname,
  path.basename(path.dirname(__dirname)) === "dist" ? "../.." : "..",
);

/** The pack's folder in the package: `<package>/policy`, beside `<package>/dist`. */
export const PACK_DIR = path.join(PACKAGE_ROOT, "policy");

/** The runner's path, resolved from the pack's folder as a language host resolves it. */
export function runnerPath(): string {
  return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK_DIR] });
}

if (require.main === module) {
  installLifeline(); // Exit when the engine dies: it starts analyzers in their own process group.
  const [engineAddress = ""] = process.argv.slice(2);
  const runner = runnerPath();
  process.chdir(PACK_DIR);
  process.argv = [process.argv[0] ?? "node", runner, engineAddress, "."];
  require(runner);
}
