/**
 * A Node.js single executable application: the bundle injected into an official Node.js binary, which then
 * runs it as its main script with no Node.js installed. The blob is made by the Node.js running this build,
 * which must be the same release as the target's binary.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The fuse Node.js checks to know that a blob was injected (its documented value). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/**
 * Writes the executable `out` from `node` (the target's binary) and `bundle`. With `codeCache`, the blob
 * also holds V8's code cache of the bundle, which spares compiling it at every start; it is valid only on
 * the machine type and Node.js release that made it (so only for the target this build runs on), and it is
 * the same bytes twice only with a fixed hash seed, which the executable then starts with as well.
 */
export async function buildSea(options: {
  node: string;
  bundle: string;
  out: string;
  codeCache: boolean;
}): Promise<void> {
  const work = fs.mkdtempSync(`${options.out}.sea-`);
  try {
    // Names relative to the work folder: the blob then holds no path of this build.
    fs.copyFileSync(options.bundle, path.join(work, "plugin.js"));
    const execArgv = options.codeCache ? ["--hash-seed=1"] : [];
    const config = {
      main: "plugin.js",
      output: "sea.blob",
      disableExperimentalSEAWarning: true,
      useCodeCache: options.codeCache,
      useSnapshot: false,
      execArgv,
    };
    fs.writeFileSync(path.join(work, "sea-config.json"), JSON.stringify(config));
    execFileSync(process.execPath, [...execArgv, "--experimental-sea-config", "sea-config.json"], {
      cwd: work,
      stdio: ["ignore", "ignore", "inherit"],
    });
    fs.copyFileSync(options.node, options.out);
    fs.chmodSync(options.out, 0o755);
    const { inject } = require("postject") as {
      inject(file: string, name: string, data: Buffer, opts: Record<string, unknown>): Promise<void>;
    };
    await inject(options.out, "NODE_SEA_BLOB", fs.readFileSync(path.join(work, "sea.blob")), {
      sentinelFuse: SEA_FUSE,
      machoSegmentName: "NODE_SEA", // used for Mach-O (macOS) only, where Node.js looks for it
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
