/**
 * Ends a provider process whose engine has died. The engine starts every plugin in a process group of its
 * own, so when the CLI (or its whole process group) is SIGKILLed, as a cancelled CI job is, nothing kills
 * the plugin: it must notice by itself. The engine holds the write end of the plugin's stdin pipe and never
 * writes to it or closes it before killing the plugin, so end-of-file on stdin is the surest sign; a changed
 * parent pid (the native plugin is the engine's own child) and a broken stdout or stderr are the others.
 * Every watch is unref'd: it never keeps a process alive on its own.
 */
import * as fs from "node:fs";

/** How often the parent pid is compared, in milliseconds. */
const PARENT_POLL_MS = 1000;

/** The stream errors that say the reader of a pipe is gone. */
const BROKEN_PIPE_CODES = new Set(["EPIPE", "ERR_STREAM_DESTROYED", "ECONNRESET"]);

let installed = false;
let exiting = false;

/** Whether `error` says that a stdio pipe's other end is gone. */
export function isBrokenPipe(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && BROKEN_PIPE_CODES.has(code);
}

/**
 * Exits at once, writing nothing (the streams are what broke). A second call, from an exit handler that
 * fails in turn, kills the process outright, so the exit cannot loop.
 */
function exitQuietly(): void {
  if (exiting) {
    process.kill(process.pid, "SIGKILL");
    return;
  }
  exiting = true;
  process.exit(0);
}

/** Whether file descriptor `fd` is a pipe or socket, whose other end can go away (a file or tty cannot). */
function isPipe(fd: number): boolean {
  try {
    const stat = fs.fstatSync(fd);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

/**
 * Installs the watches once per process: end of stdin (when it is a pipe), a new parent pid, and broken
 * stdout or stderr, each ending the process within about a second. Also ends the process, quietly, on an
 * uncaught broken-pipe error: without that, a handler that logs uncaught errors to the broken stderr (the
 * SDK's dynamic provider host has one) fails again and again, spinning a core.
 */
export function installLifeline(): void {
  if (installed) {
    return;
  }
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: unknown) => {
      if (isBrokenPipe(error)) {
        exitQuietly();
      }
    });
  }
  // Registered first, so it runs before any handler that would write about the error to the broken stream.
  process.prependListener("uncaughtException", (error) => {
    if (isBrokenPipe(error)) {
      exitQuietly();
    }
  });
  if (isPipe(0)) {
    const stdin = process.stdin;
    stdin.on("end", exitQuietly);
    stdin.on("close", exitQuietly);
    stdin.on("error", exitQuietly);
    stdin.on("data", () => undefined); // Nothing is sent; reading is what reveals the end.
    (stdin as unknown as { unref?: () => void }).unref?.();
  }
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent || !alive(parent)) {
      exitQuietly();
    }
  }, PARENT_POLL_MS);
  timer.unref();
}

/** Whether a process with `pid` exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === "EPERM";
  }
}

/**
 * Whether this process is the SDK's dynamic provider host (`@pulumi/pulumi/cmd/dynamic-provider`), which
 * loads our implementation modules from the serialized provider: the lifeline is installed only there, and
 * never in a program or a test runner that merely imports the package.
 */
export function inDynamicProviderHost(main: string | undefined = require.main?.filename): boolean {
  return (
    main !== undefined && /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider[\\/]index\.js$/.test(main)
  );
}
