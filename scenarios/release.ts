/**
 * The release as users outside this repository get it: assets built by `scripts/release/main.ts` (what
 * `npm run release` runs) once per build of the package, a loopback server standing in for the GitHub
 * release page, and the Pulumi CLI run with a PATH that holds no Node.js and an empty PULUMI_HOME.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { sourceDateEpoch } from "../scripts/release/archive";
import { cliResult, pulumiCommand } from "./engine";
import { sdkHash } from "./python";
import { E2E_HOME, installOnce, packedPackage, ROOT } from "./workspace";

/** The package's version: every asset's. */
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;

/** The release page every schema and SDK names, which tests redirect to a loopback server. */
export const RELEASE_URL = `https://github.com/pulumi-dedicated-deployments/pulumi-dedicated-deployments/releases/download/v${VERSION}`;

/**
 * The release the end-to-end tests install from: every platform's linux-amd64 plugin (the machine's own
 * target), the npm package and the Python SDKs. The other targets are built apart, for one platform.
 */
export const LINUX_RELEASE = ["--targets", "linux-amd64", "--artifacts", "plugins,npm,python"] as const;

/** The other targets' plugins, for Roboflow only: their formats are checked, they cannot run here. */
export const CROSS_RELEASE = [
  "--targets",
  "linux-arm64,windows-amd64,darwin-amd64,darwin-arm64",
  "--platforms",
  "roboflow",
  "--artifacts",
  "plugins",
] as const;

/** The name of a plugin's asset for `target`. */
export function pluginAsset(platform: string, target: string): string {
  return `pulumi-resource-${platform}-v${VERSION}-${target}.tar.gz`;
}

/** A hash of the release scripts' sources: a changed build is a new release folder. */
function scriptsHash(): string {
  const dir = path.join(ROOT, "scripts", "release");
  const hash = createHash("sha256");
  for (const file of fs.readdirSync(dir).sort())
    hash.update(file).update(fs.readFileSync(path.join(dir, file)));
  return hash.digest("hex");
}

/** Runs `scripts/release/main.ts` with `args` (`--targets`, `--platforms`, `--artifacts`) into `out`. */
export function buildRelease(args: readonly string[], out: string): void {
  const tsNode = require.resolve("ts-node/dist/bin.js");
  execFileSync(
    process.execPath,
    [tsNode, "--transpile-only", path.join(ROOT, "scripts", "release", "main.ts"), ...args, "--out", out],
    { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 },
  );
}

const builds = new Map<string, Promise<string>>();

/**
 * The folder of a release built with `args` from the packed package's build (`dist/`) and the SDKs: made
 * once and reused while both, the release scripts and the commit are unchanged.
 */
export function releaseAssets(args: readonly string[]): Promise<string> {
  const key = args.join(" ");
  let build = builds.get(key);
  if (!build) {
    build = (async () => {
      const { hash } = await packedPackage(); // builds dist/ when no global setup did
      const id = createHash("sha256")
        // The archives' mtimes are the commit's time: a new commit is a new release, even of the same files.
        .update(`${hash} ${sdkHash()} ${scriptsHash()} ${sourceDateEpoch(ROOT)} ${key}`)
        .digest("hex")
        .slice(0, 12);
      const dir = path.join(E2E_HOME, `release-${id}`);
      // One build for the test files that share it, whichever worker comes first.
      await withLock(`${dir}.lock`, () => installOnce(dir, (folder) => buildRelease(args, folder)));
      return dir;
    })();
    builds.set(key, build);
  }
  return build;
}

/**
 * Runs `work` holding the lock folder `lock`, made atomically with the holder's pid inside; one whose holder
 * is gone (a run killed halfway) is taken over.
 */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!holderAlive(lock)) fs.rmSync(lock, { recursive: true, force: true });
      else await delay(500);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Whether the process that made `lock` still runs (a lock just made, its pid not yet written, counts). */
function holderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"));
  } catch {
    const made = fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    return Date.now() - made < 10_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A loopback server of a release folder's files, as the release page serves them, counting each request. */
export interface ReleaseServer {
  /** The URL standing in for {@link RELEASE_URL}. */
  url: string;
  /** Each requested path with its count. */
  requests: Map<string, number>;
  close(): Promise<void>;
}

/** Serves `dir`'s files at `/download/v<V>/<name>`. */
export async function serveRelease(dir: string): Promise<ReleaseServer> {
  const requests = new Map<string, number>();
  const prefix = `/download/v${VERSION}/`;
  const server = http.createServer((req, res) => {
    const url = req.url ?? "";
    requests.set(url, (requests.get(url) ?? 0) + 1);
    const name = decodeURIComponent(url.startsWith(prefix) ? url.slice(prefix.length) : "");
    const file = path.join(dir, name);
    if (!name || name.includes("/") || !fs.existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "application/gzip", "content-length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/download/v${VERSION}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES`: the release page to `url` (the engine allows no `,` or `=` in either). */
export function downloadOverride(url: string): string {
  return `^${RELEASE_URL.replaceAll(".", "\\.")}$=${url}`;
}

/**
 * A folder for PATH with the Pulumi CLI and the language hosts (`languages`) and nothing else: no
 * `node`, and none of the Node.js host's scripts.
 */
export async function pulumiOnlyBin(languages: readonly string[]): Promise<string> {
  const cli = await pulumiCommand(); // fails the test when the engine is missing
  const toolsBin = path.dirname(cli.command);
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-bin-"));
  for (const name of ["pulumi", ...languages]) {
    const from = path.join(toolsBin, name);
    if (!fs.existsSync(from)) {
      throw new Error(`${from} is missing: run scripts/setup.sh, which builds the engine and language hosts`);
    }
    fs.symlinkSync(fs.realpathSync(from), path.join(bin, name));
  }
  return bin;
}

/** The folders of `PATH` that hold a `node` (none, for a user with no Node.js). */
export function nodeOnPath(pathValue: string): string[] {
  return pathValue.split(path.delimiter).filter((dir) => dir && fs.existsSync(path.join(dir, "node")));
}

/** A user's environment with no Node.js: `PATH` as given, a private PULUMI_HOME, a file backend, offline. */
export function userEnv(options: {
  path: string;
  home: string;
  stateDir: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    HOME: process.env.HOME ?? os.homedir(),
    TMPDIR: os.tmpdir(),
    LANG: "C.UTF-8",
    PATH: options.path,
    PULUMI_HOME: options.home,
    PULUMI_BACKEND_URL: `file://${options.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...options.extra,
  };
}

/** Runs the `pulumi` of `env`'s PATH in `cwd`, spawned (the emulator answers from this process). */
export async function runPulumi(
  cwd: string,
  env: Record<string, string>,
  args: readonly string[],
): Promise<{ code: number | null; text: string }> {
  const child: ChildProcess = spawn("pulumi", [...args, "--non-interactive", "--color", "never"], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return cliResult(child);
}

/** The files of a plugin installed in `home` for `platform` at the version. */
export function installedPlugin(home: string, platform: string): string[] {
  const dir = path.join(home, "plugins", `resource-${platform}-v${VERSION}`);
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => !f.startsWith("."))
        .sort()
    : [];
}
