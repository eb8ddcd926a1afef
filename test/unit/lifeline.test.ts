/**
 * The lifeline ends a provider process whose engine is gone: a closed stdin, a new parent, a broken stderr.
 * Each case runs a real child process that installs it, as the plugin and the dynamic provider host do.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { inDynamicProviderHost, isBrokenPipe } from "../../provider/core/lifeline";

jest.setTimeout(60_000);

const lifeline = path.resolve(__dirname, "../../provider/core/lifeline.ts");
const tsNode = require.resolve("ts-node/register/transpile-only");

/** Node code that installs the lifeline, says `ready` once its first parent check has passed, then idles. */
const child = (before = "") =>
  `${before}; require(${JSON.stringify(lifeline)}).installLifeline();` +
  `setTimeout(() => process.stdout.write("ready\\n"), 1500); setInterval(() => {}, 1000);`;

const exited = (proc: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (proc.exitCode !== null) {
      resolve(proc.exitCode);
    }
    proc.once("exit", (code) => resolve(code));
  });
const ready = (proc: ChildProcess) =>
  new Promise<void>((resolve) => proc.stdout?.on("data", (d) => String(d).includes("ready") && resolve()));

/** Whether `pid` has ended: no such process, or a zombie waiting for whoever adopted it to reap it. */
const gone = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z") ?? true;
  } catch {
    return true;
  }
};

test("a process whose stdin pipe closes (its engine died) exits, after running while it was open", async () => {
  const proc = spawn(process.execPath, ["-r", tsNode, "-e", child()], { stdio: ["pipe", "pipe", "pipe"] });
  await ready(proc);
  expect(proc.exitCode).toBeNull();
  proc.stdin?.end();
  expect(await exited(proc)).toBe(0);
});

test("a process with a broken stderr and a logger of uncaught errors exits instead of spinning", async () => {
  // Like the SDK's dynamic provider host: uncaught errors are logged to stderr, which is the broken pipe.
  const logger = `process.on("uncaughtException", (e) => console.error(e.stack));`;
  const writer = `setInterval(() => process.stderr.write("x".repeat(1024)), 5)`;
  const proc = spawn(process.execPath, ["-r", tsNode, "-e", `${child(logger)} ${writer}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  await ready(proc);
  proc.stderr?.destroy();
  expect(await exited(proc)).toBe(0);
});

test("a process whose parent is killed exits, though its stdin is not a pipe", async () => {
  const script = child().replaceAll("'", "'\\''");
  const shell = spawn(
    "sh",
    ["-c", `'${process.execPath}' -r '${tsNode}' -e '${script}' </dev/null >/dev/null 2>&1 & echo $!; wait`],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const pid = await new Promise<number>((resolve) => shell.stdout?.once("data", (d) => resolve(Number(d))));
  await new Promise((resolve) => setTimeout(resolve, 1500)); // let it install before its parent goes
  shell.kill("SIGKILL");
  while (!gone(pid)) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(gone(pid)).toBe(true);
});

test("broken-pipe errors are told apart from others", () => {
  expect(isBrokenPipe(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))).toBe(true);
  expect(isBrokenPipe(Object.assign(new Error("destroyed"), { code: "ERR_STREAM_DESTROYED" }))).toBe(true);
  expect(isBrokenPipe(new Error("boom"))).toBe(false);
  expect(isBrokenPipe(undefined)).toBe(false);
});

test("only the SDK's dynamic provider host counts as that host", () => {
  expect(inDynamicProviderHost("/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js")).toBe(true);
  expect(inDynamicProviderHost("/p/index.js")).toBe(false);
  expect(inDynamicProviderHost(undefined)).toBe(false);
  expect(inDynamicProviderHost()).toBe(false);
});
