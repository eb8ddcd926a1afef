/**
 * The engine's cancellation of a run, as a provider sees it. On the first SIGINT (a Ctrl-C, or the first
 * signal of a CI runner's cancel) the engine calls every provider's `Cancel`, starts no new step and waits
 * for the steps in flight; a runner kills the whole tree 10 s later. So a create or update that is only
 * waiting for readiness stops waiting at once and returns the deployment as created-but-not-ready (its id
 * in state, the next `up` waits again), and a delete whose request the API accepted returns without waiting
 * for the deployment to be gone. Nothing is abandoned half-sent: a request already on the wire finishes.
 *
 * The engine cancels a whole run, never one operation, and a provider process serves one run: one signal
 * per process. The native plugin's `Cancel` handler raises it (native/server.ts). The SDK's dynamic provider
 * host (`@pulumi/pulumi/cmd/dynamic-provider`, 3.259) answers `Cancel` itself with an empty reply and tells
 * no one; `observeDynamicHostCancel` watches for that call in the host's gRPC server.
 */
import { WaitError } from "./errors";

const controller = new AbortController();

/** The run's cancellation: aborted once the engine called `Cancel`. */
export function runCancellation(): AbortSignal {
  return controller.signal;
}

/** Records that the engine cancelled the run; the waits in flight end, and later ones end after one poll. */
export function cancelRun(): void {
  controller.abort();
}

/** A wait that ended because the engine cancelled the run, while the deployment was still getting ready. */
export class CancelledError extends WaitError {
  override name = "CancelledError";

  constructor(what: string, last: string) {
    super(
      `the run was cancelled while waiting for ${what} (last seen: ${last}); it is recorded in the stack, ` +
        "and the next `pulumi up` waits for it again",
      false,
    );
  }
}

/** Whether `e` is a {@link CancelledError}, across module copies. */
export function isCancelledError(e: unknown): e is CancelledError {
  return e instanceof CancelledError || (e instanceof Error && e.name === "CancelledError");
}

/**
 * A wait for a deletion the API already accepted, ended early (resolving undefined) when the run is
 * cancelled: the delete is done as far as the stack is concerned; the API finishes it on its own.
 */
export async function unlessCancelled<T>(wait: Promise<T>): Promise<T | undefined> {
  try {
    return await wait;
  } catch (e) {
    if (isCancelledError(e)) {
      return undefined;
    }
    throw e;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (so a cancelled wait ends within a moment). */
export function sleepUnlessAborted(
  sleep: (ms: number) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (!signal) {
    return sleep(ms);
  }
  if (signal.aborted) {
    return Promise.resolve();
  }
  return new Promise<void>((resolve, reject) => {
    const done = () => {
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    sleep(ms).then(done, (e: unknown) => {
      signal.removeEventListener("abort", done);
      reject(e);
    });
  });
}

/** The gRPC method the engine calls to cancel a provider. */
const CANCEL_PATH = "/pulumirpc.ResourceProvider/Cancel";

interface GrpcHandler {
  func: (...args: unknown[]) => unknown;
}

/**
 * Calls `onCancel` whenever the SDK's dynamic provider host receives the engine's `Cancel`. The host's
 * service answers it with an empty reply and exposes no hook (3.259), and its server was built before our
 * code loaded; so the lookup of the handler of each incoming call, on the gRPC server class the host uses
 * (`@grpc/grpc-js`, resolved from the host's own folder), is wrapped to notice that one method. Anything
 * unexpected (another gRPC version without that lookup) leaves the host as it was: cancellation is then
 * not seen, and a cancelled run waits for readiness as before. Returns whether the watch is installed.
 */
export function observeDynamicHostCancel(
  hostMain: string | undefined = require.main?.filename,
  onCancel: () => void = cancelRun,
): boolean {
  try {
    if (!hostMain) {
      return false;
    }
    const grpcPath = require.resolve("@grpc/grpc-js", { paths: [hostMain] });
    const server = (require(grpcPath) as { Server?: { prototype?: Record<string, unknown> } }).Server
      ?.prototype;
    const lookup = server?._retrieveHandler;
    if (!server || typeof lookup !== "function" || (lookup as { cancelWatch?: boolean }).cancelWatch) {
      return Boolean((lookup as { cancelWatch?: boolean } | undefined)?.cancelWatch);
    }
    const watched = function (this: unknown, path: string) {
      const handler = (lookup as (path: string) => GrpcHandler | null).call(this, path);
      if (path !== CANCEL_PATH || !handler) {
        return handler;
      }
      return {
        ...handler,
        func: (...args: unknown[]) => {
          onCancel();
          return handler.func(...args);
        },
      };
    };
    server._retrieveHandler = Object.assign(watched, { cancelWatch: true });
    return true;
  } catch {
    return false;
  }
}
