/**
 * The package as users get it: built and packed once per test run, installed from its tarball into folders
 * under the system's temporary directory, outside the repository, so that nothing resolves from the
 * repository's own node_modules (no `typescript`, no dev dependency): a program sees only what a user's would.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..");
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
export const PULUMI_VERSION: string = packageJson.dependencies["@pulumi/pulumi"];

/** The packed package: the tarball `npm pack` made of the built package, and a hash of its bytes. */
export interface PackedPackage {
  tarball: string;
  hash: string;
}

/**
 * Set by the e2e projects' global setup (test/helpers/e2eSetup.ts), so that parallel jest workers share one
 * build and one pack instead of racing to make their own.
 */
const PACKED_ENV = "PDD_E2E_PACKED";

let packed: Promise<PackedPackage> | undefined;

/** Builds and packs the package once per test run (or takes the one the global setup made). */
export function packedPackage(): Promise<PackedPackage> {
  packed ??= (async () => {
    const shared = process.env[PACKED_ENV];
    if (shared && fs.existsSync(shared)) {
      return { tarball: shared, hash: hashOf(shared) };
    }
    const packDir = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-pack-"));
    execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
    execFileSync("npm", ["pack", "--silent", "--pack-destination", packDir], { cwd: ROOT, stdio: "ignore" });
    const name = fs.readdirSync(packDir).find((f) => f.endsWith(".tgz"));
    if (!name) {
      throw new Error(`npm pack wrote no tarball into ${packDir}`);
    }
    const tarball = path.join(packDir, name);
    process.env[PACKED_ENV] = tarball;
    return { tarball, hash: hashOf(tarball) };
  })();
  return packed;
}

function hashOf(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex").slice(0, 12);
}

/** Where test programs and their installs live. */
export const E2E_HOME = path.join(os.tmpdir(), "pdd-e2e");

let workspace: Promise<string> | undefined;

/**
 * A folder whose node_modules holds the packed package and @pulumi/pulumi, shared by every test program
 * (programs live in subfolders and resolve modules upwards). Reused while the packed package is unchanged.
 */
export function packedWorkspace(): Promise<string> {
  workspace ??= (async () => {
    const { tarball, hash } = await packedPackage();
    const dir = path.join(E2E_HOME, `workspace-${hash}`);
    await installOnce(dir, (folder) => {
      fs.copyFileSync(tarball, path.join(folder, "package.tgz"));
      fs.writeFileSync(
        path.join(folder, "package.json"),
        JSON.stringify({
          name: "e2e-workspace",
          private: true,
          dependencies: {
            "@pulumi/pulumi": PULUMI_VERSION,
            "pulumi-dedicated-deployments": "file:package.tgz",
          },
        }),
      );
      execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: folder,
        stdio: "inherit",
      });
    });
    return dir;
  })();
  return workspace;
}

/**
 * Makes `dir` with `install(folder)` unless a finished one is there. The work happens in a sibling folder
 * that is renamed into place when complete, so that parallel workers and a run killed halfway never leave or
 * take a half-made install.
 */
export async function installOnce(
  dir: string,
  install: (folder: string) => void | Promise<void>,
): Promise<void> {
  const marker = (folder: string) => path.join(folder, ".installed");
  if (fs.existsSync(marker(dir))) {
    return;
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const staging = fs.mkdtempSync(`${dir}.staging-`);
  try {
    await install(staging);
    fs.writeFileSync(marker(staging), new Date().toISOString());
    if (!fs.existsSync(marker(dir))) {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(staging, dir);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
