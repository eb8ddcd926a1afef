/**
 * `npm run release`: writes `release/`, everything a GitHub release of the package's version carries, from
 * the built package (`dist/`), with the same bytes from the same commit:
 *
 * - `pulumi-resource-<platform>-v<V>-<os>-<arch>.tar.gz` per platform and target, the executable at the
 *   root: a Node.js single executable application of the plugin's bundle (no Node.js needed where it runs),
 *   or for darwin-arm64, where no Node.js 22 build is served, a launcher running the bundle with `node`;
 * - the npm package, each Python SDK's wheel and sdist, and `SHA256SUMS` over every file.
 *
 *   npm run release                                   # every target, platform and artifact
 *   npm run release -- --targets linux-amd64 --platforms roboflow --artifacts plugins --out /tmp/r
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { platformNames } from "../../provider/platforms";
import { type ArchiveEntry, sourceDateEpoch, writeTarGz } from "./archive";
import { bundlePlugin } from "./bundle";
import { hostTarget, nodeBinary, TARGETS, type Target } from "./nodeBinary";
import { buildPythonSdk } from "./python";
import { buildSea } from "./sea";

const ROOT = path.join(__dirname, "..", "..");
const ARTIFACTS = ["plugins", "npm", "python"] as const;

/** The launcher of the darwin-arm64 plugin: the bundle beside it, run by the `node` on PATH. */
function launcher(platform: string): string {
  return [
    "#!/bin/sh",
    "# No Node.js 22 single executable is built for this target: this runs the plugin's bundle with the",
    "# node on PATH (22 or later).",
    `exec node "$(dirname "$0")/pulumi-resource-${platform}.js" "$@"`,
    "",
  ].join("\n");
}

function listOption(value: string | undefined, all: readonly string[], name: string): string[] {
  const chosen = value ? value.split(",").filter(Boolean) : [...all];
  const unknown = chosen.filter((item) => !all.includes(item));
  if (unknown.length) throw new Error(`--${name} takes ${all.join(", ")}, not ${unknown.join(", ")}`);
  return chosen;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      targets: { type: "string" },
      platforms: { type: "string" },
      artifacts: { type: "string" },
      out: { type: "string", default: path.join(ROOT, "release") },
    },
  });
  const targets = listOption(values.targets, Object.keys(TARGETS), "targets") as Target[];
  const platforms = listOption(values.platforms, platformNames(), "platforms");
  const artifacts = listOption(values.artifacts, ARTIFACTS, "artifacts");
  const out = path.resolve(values.out as string);
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;
  const nodeVersion = process.versions.node;
  if (!nodeVersion.startsWith("22.")) {
    throw new Error(
      `Node.js ${nodeVersion} runs this build: the plugins are Node.js 22 executables (source scripts/env.sh)`,
    );
  }
  if (!fs.existsSync(path.join(ROOT, "dist", "provider", "native", "plugin.js"))) {
    throw new Error("dist/ is missing: run npm run build first");
  }
  const cache = process.env.PDD_CACHE as string;
  if (!cache) throw new Error("PDD_CACHE is not set: source scripts/env.sh");
  const epoch = sourceDateEpoch(ROOT);
  const log = (line: string) => process.stderr.write(`release: ${line}\n`);

  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const work = fs.mkdtempSync(path.join(out, ".work-"));
  try {
    if (artifacts.includes("plugins")) {
      const bundle = path.join(work, "plugin.js");
      const { bytes } = await bundlePlugin(bundle, version);
      log(`bundle ${(bytes / 1024).toFixed(0)} KiB`);
      for (const target of targets) {
        const { exe, sea } = TARGETS[target];
        let executable: string | undefined;
        if (sea) {
          executable = path.join(work, `plugin-${target}${exe}`);
          const codeCache = target === hostTarget();
          await buildSea({
            node: nodeBinary(target, nodeVersion, cache),
            bundle,
            out: executable,
            codeCache,
          });
          log(`${target}: Node.js ${nodeVersion} single executable${codeCache ? " with code cache" : ""}`);
        }
        for (const platform of platforms) {
          const name = `pulumi-resource-${platform}`;
          let entries: ArchiveEntry[];
          if (executable) {
            entries = [{ name: `${name}${exe}`, from: executable, mode: 0o755 }];
          } else {
            const script = path.join(work, `${name}-launcher`);
            fs.writeFileSync(script, launcher(platform));
            entries = [
              { name, from: script, mode: 0o755 },
              { name: `${name}.js`, from: bundle, mode: 0o644 },
            ];
          }
          const file = `${name}-v${version}-${target}.tar.gz`;
          const size = writeTarGz(path.join(out, file), entries, epoch);
          log(`${file} ${(size / 1024 / 1024).toFixed(1)} MiB`);
        }
      }
    }
    if (artifacts.includes("npm")) {
      const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", out], {
        cwd: ROOT,
        encoding: "utf8",
      }).trim();
      log(name);
    }
    if (artifacts.includes("python")) {
      for (const platform of platforms) {
        const sdk = path.join(ROOT, "sdk", "python", platform);
        log(buildPythonSdk({ sdk, out, cache, epoch }).join(", "));
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const sums = fs
    .readdirSync(out)
    .filter((name) => name !== "SHA256SUMS")
    .sort()
    .map(
      (name) =>
        `${createHash("sha256")
          .update(fs.readFileSync(path.join(out, name)))
          .digest("hex")}  ${name}\n`,
    );
  fs.writeFileSync(path.join(out, "SHA256SUMS"), sums.join(""));
  log(`${sums.length} files and SHA256SUMS in ${out}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`release: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
