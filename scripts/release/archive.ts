/**
 * Release archives with the same bytes from the same commit: entries sorted by name, one fixed mtime (the
 * commit's), owner 0:0 with no names, modes as given, and gzip without a timestamp or file name.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

/** The time every archived file carries: `SOURCE_DATE_EPOCH`, else the commit's time, in seconds. */
export function sourceDateEpoch(root: string): number {
  const given = process.env.SOURCE_DATE_EPOCH;
  if (given) return Number(given);
  return Number(execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: root, encoding: "utf8" }).trim());
}

/** One file of an archive: its name at the root, its bytes (or the file to copy them from), its mode. */
export interface ArchiveEntry {
  name: string;
  from: string;
  mode: number;
}

/**
 * Writes `entries` as a gzipped tar at `file` (GNU tar, which every engine's extractor reads), the
 * executable at the root as Pulumi expects it.
 */
export function writeTarGz(file: string, entries: readonly ArchiveEntry[], epoch: number): number {
  const stage = fs.mkdtempSync(`${file}.stage-`);
  try {
    for (const entry of entries) {
      const target = path.join(stage, entry.name);
      // A hard link where it can be (no copy of a 100 MB executable per platform), a copy across devices.
      try {
        fs.linkSync(entry.from, target);
      } catch {
        fs.copyFileSync(entry.from, target);
      }
      fs.chmodSync(target, entry.mode);
    }
    const gz = tarGz(
      stage,
      entries.map((entry) => entry.name),
      epoch,
    );
    fs.writeFileSync(file, gz);
    return gz.length;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * The gzipped tar of `names` (files or folders, recursively) under `dir`: GNU tar, entries sorted, the
 * mtime of every entry `epoch`, owner 0:0 with no names, modes as on disk; gzip at level 6 (within 0.5 % of
 * level 9's size in less than half the time) with no timestamp or name in its header.
 */
export function tarGz(dir: string, names: readonly string[], epoch: number): Buffer {
  const tar = execFileSync(
    "tar",
    [
      "--create",
      "--file=-",
      "--format=gnu",
      "--sort=name",
      `--mtime=@${epoch}`,
      "--owner=0",
      "--group=0",
      "--numeric-owner",
      "--hard-dereference",
      `--directory=${dir}`,
      ...[...names].sort(),
    ],
    { maxBuffer: 1 << 30 },
  );
  return zlib.gzipSync(tar);
}
