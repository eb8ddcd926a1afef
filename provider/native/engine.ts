/**
 * What a native provider learns about the engine's request besides its properties: the resource's URN (for
 * log lines on its own row) and the operation's timeout (`customTimeouts`), held in an async context for the
 * length of one request; and the engine's Log RPC, which takes that URN.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import { sdkRequire } from "./loader";

/** One engine request as the provider sees it while serving it. */
export interface RequestContext {
  /** The resource's URN; empty for requests about no resource. */
  urn: string;
  /** When the request arrived, in ms since the epoch. */
  started: number;
  /** The engine's timeout for the operation in seconds (`customTimeouts`); 0 when it set none. */
  timeoutSeconds: number;
}

const requests = new AsyncLocalStorage<RequestContext>();

/** Runs `work` as part of serving `context`. */
export function withRequest<T>(context: RequestContext, work: () => T): T {
  return requests.run(context, work);
}

/** The request being served, if any. */
export function currentRequest(): RequestContext | undefined {
  return requests.getStore();
}

/** When the current operation must end (ms since the epoch), when the engine sent a timeout. */
export function currentDeadline(): number | undefined {
  const request = currentRequest();
  return request && request.timeoutSeconds > 0 ? request.started + request.timeoutSeconds * 1000 : undefined;
}

/** The gRPC library the SDK's generated stubs use (our package does not depend on it itself). */
export const grpc = sdkRequire("@grpc/grpc-js") as typeof grpcTypes;

/**
 * Writes log lines to the engine through its Log RPC, with the URN of the resource they are about, so the
 * engine shows them on that resource's row rather than on the stack's. Without an engine address (a
 * provider started by hand), lines go to stderr.
 */
export class EngineLog {
  private client?: engineGrpc.EngineClient;
  private readonly pending = new Set<Promise<void>>();

  constructor(private address: string | undefined) {}

  /** The engine's address, from the command line or from a later `Attach`. */
  attach(address: string): void {
    this.client?.close();
    this.client = undefined;
    this.address = address;
  }

  /** Sends `message` as an informational line about `urn` (the stack's when empty). */
  info(message: string, urn = ""): void {
    const client = this.engine();
    if (!client) {
      process.stderr.write(`${message}\n`);
      return;
    }
    const pb = sdkRequire("@pulumi/pulumi/proto/engine_pb") as typeof enginePb;
    const request = new pb.LogRequest();
    request.setSeverity(pb.LogSeverity.INFO);
    request.setMessage(message);
    request.setUrn(urn);
    const sent = new Promise<void>((resolve) => {
      client.log(request, (error) => {
        if (error) {
          process.stderr.write(`${message}\n`);
        }
        resolve();
      });
    });
    this.pending.add(sent);
    void sent.then(() => this.pending.delete(sent));
  }

  /** Resolves once every line sent so far has reached the engine, so a step's lines arrive before its end. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private engine(): engineGrpc.EngineClient | undefined {
    if (this.client === undefined && this.address) {
      const stubs = sdkRequire("@pulumi/pulumi/proto/engine_grpc_pb") as typeof engineGrpc;
      this.client = new stubs.EngineClient(this.address, grpc.credentials.createInsecure());
    }
    return this.client;
  }
}
