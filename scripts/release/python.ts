/**
 * Each Python SDK as a wheel and an sdist, built from a copy of `sdk/python/<platform>` by the `build`
 * front end in a virtualenv of its own under `$PDD_CACHE` (pinned `build`, `setuptools` and `wheel` from
 * PyPI, no build isolation: nothing else is fetched per build). `SOURCE_DATE_EPOCH` fixes the wheel's
 * timestamps; the sdist is then written again as a reproducible tar.gz.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { tarGz } from "./archive";

const TOOLS = ["build==1.6.1", "setuptools==84.2.1", "wheel==0.48.0"];

/** The virtualenv's python, made once. */
function buildPython(cache: string): string {
  const venv = path.join(cache, `release-python-${TOOLS.join("-").replace(/[^a-z0-9.-]/gi, "")}`);
  const python = path.join(venv, "bin", "python");
  if (fs.existsSync(path.join(venv, ".installed"))) return python;
  fs.rmSync(venv, { recursive: true, force: true });
  execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
  execFileSync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...TOOLS], {
    stdio: "inherit",
  });
  fs.writeFileSync(path.join(venv, ".installed"), "");
  return python;
}

/** Builds `pulumi_<platform>`'s wheel and sdist into `out`; returns their file names. */
export function buildPythonSdk(options: {
  sdk: string;
  out: string;
  cache: string;
  epoch: number;
}): string[] {
  const python = buildPython(options.cache);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-pysdk-"));
  try {
    const source = path.join(work, "source");
    const dist = path.join(work, "dist");
    fs.cpSync(options.sdk, source, { recursive: true });
    execFileSync(python, ["-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", dist, source], {
      stdio: "pipe", // its warnings stay quiet; a failure's output comes with the error
      env: { ...process.env, SOURCE_DATE_EPOCH: String(options.epoch), PYTHONHASHSEED: "0" },
    });
    const names = fs.readdirSync(dist).sort();
    for (const name of names) {
      const from = path.join(dist, name);
      const to = path.join(options.out, name);
      if (name.endsWith(".tar.gz")) {
        normalizeSdist(from, to, options.epoch);
      } else {
        fs.copyFileSync(from, to);
      }
    }
    return names;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Writes the sdist `from` again with sorted entries, one mtime, owner 0:0 and a gzip without timestamp. */
function normalizeSdist(from: string, to: string, epoch: number): void {
  const dir = fs.mkdtempSync(`${to}.unpacked-`);
  try {
    execFileSync("tar", ["-xzf", from, "-C", dir]);
    // Modes normalized too: the build leaves the umask's.
    execFileSync("chmod", ["-R", "u+rwX,go+rX,go-w", dir]);
    fs.writeFileSync(to, tarGz(dir, fs.readdirSync(dir), epoch));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
