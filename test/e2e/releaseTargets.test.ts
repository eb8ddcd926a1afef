/**
 * The release's other targets and its reproducibility. The executables of linux-arm64, windows-amd64 and
 * darwin-amd64 cannot run here: each is checked for its format (ELF aarch64, PE32+ x86-64, Mach-O x86-64)
 * and for carrying the same bundle as the darwin-arm64 tarball, whose launcher runs that bundle with
 * `node` (run here for real). The linux-amd64 executable is run by the other release tests. A second
 * build of the same commit gives the same bytes: the SHA256SUMS lines of the files both builds made agree.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  buildRelease,
  CROSS_RELEASE,
  LINUX_RELEASE,
  pluginAsset,
  releaseAssets,
  VERSION,
} from "../../scenarios/release";

jest.setTimeout(600_000);

let crossRelease: string;
let work: string;
let bundle: Buffer;

/** The files of a release tarball, extracted into a folder of its own. */
function extract(tarball: string): string {
  const dir = fs.mkdtempSync(path.join(work, "x-"));
  execFileSync("tar", ["-xzf", tarball, "-C", dir]);
  return dir;
}

/** What the header of an executable says it is. */
function formatOf(file: string): string {
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.readUInt32BE(0) === 0x7f454c46) {
    const bits = head[4] === 2 ? 64 : 32;
    const machine = { 183: "aarch64", 62: "x86-64" }[head.readUInt16LE(18)] ?? "other";
    return `ELF ${bits}-bit ${machine}`;
  }
  if (head.toString("latin1", 0, 2) === "MZ") {
    const pe = head.readUInt32LE(0x3c);
    const signature = head.toString("latin1", pe, pe + 4);
    const machine = head.readUInt16LE(pe + 4) === 0x8664 ? "x86-64" : "other";
    const optional = head.readUInt16LE(pe + 24) === 0x20b ? "PE32+" : "PE32";
    return signature === "PE\0\0" ? `${optional} ${machine}` : "MZ";
  }
  if (head.readUInt32LE(0) === 0xfeedfacf) {
    return `Mach-O 64-bit ${head.readUInt32LE(4) === 0x01000007 ? "x86-64" : "other"}`;
  }
  return "unknown";
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-release-targets-"));
  crossRelease = await releaseAssets(CROSS_RELEASE);
  const launcherDir = extract(path.join(crossRelease, pluginAsset("roboflow", "darwin-arm64")));
  bundle = fs.readFileSync(path.join(launcherDir, "pulumi-resource-roboflow.js"));
}, 900_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test.each([
  ["linux-arm64", "pulumi-resource-roboflow", "ELF 64-bit aarch64"],
  ["windows-amd64", "pulumi-resource-roboflow.exe", "PE32+ x86-64"],
  ["darwin-amd64", "pulumi-resource-roboflow", "Mach-O 64-bit x86-64"],
])("the %s tarball holds one executable %s, %s, carrying the bundle", (target, name, format) => {
  const dir = extract(path.join(crossRelease, pluginAsset("roboflow", target)));
  expect(fs.readdirSync(dir)).toEqual([name]);
  const file = path.join(dir, name);
  expect((fs.statSync(file).mode & 0o777).toString(8)).toBe("755");
  expect(formatOf(file)).toBe(format);
  expect(fs.readFileSync(file).includes(bundle)).toBe(true);
});

test("the darwin-arm64 tarball's launcher runs the bundle with the node on PATH and prints a port", async () => {
  const dir = extract(path.join(crossRelease, pluginAsset("roboflow", "darwin-arm64")));
  expect(fs.readdirSync(dir).sort()).toEqual(["pulumi-resource-roboflow", "pulumi-resource-roboflow.js"]);
  expect((fs.statSync(path.join(dir, "pulumi-resource-roboflow")).mode & 0o777).toString(8)).toBe("755");
  const child = spawn(path.join(dir, "pulumi-resource-roboflow"), [], {
    env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` },
    stdio: ["pipe", "pipe", "pipe"],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      child.on("exit", (code) => reject(new Error(`the launcher exited (${code}) before printing a port`)));
    });
    expect(Number(line)).toBeGreaterThan(0);
  } finally {
    child.kill("SIGKILL");
  }
});

test("a second build of the same commit gives the same bytes", async () => {
  const first = await releaseAssets(LINUX_RELEASE);
  const again = path.join(work, "again");
  buildRelease(["--targets", "linux-amd64", "--platforms", "roboflow"], again);
  const sums = (dir: string) =>
    new Map(
      fs
        .readFileSync(path.join(dir, "SHA256SUMS"), "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split(/\s+/).reverse() as [string, string]),
    );
  const before = sums(first);
  const after = sums(again);
  const shared = [...after.keys()].filter((name) => before.has(name));
  expect(shared.sort()).toEqual(
    [
      pluginAsset("roboflow", "linux-amd64"),
      `pulumi-dedicated-deployments-${VERSION}.tgz`,
      `pulumi_roboflow-${VERSION}-py3-none-any.whl`,
      `pulumi_roboflow-${VERSION}.tar.gz`,
    ].sort(),
  );
  expect(shared.map((name) => [name, after.get(name)])).toEqual(
    shared.map((name) => [name, before.get(name)]),
  );
  // Every file of the second build is in its SHA256SUMS.
  expect(
    fs
      .readdirSync(again)
      .filter((f) => f !== "SHA256SUMS")
      .sort(),
  ).toEqual([...after.keys()].sort());
});
