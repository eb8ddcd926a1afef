import type * as grpcTypes from "@grpc/grpc-js";
import {
  CancelledError,
  isCancelledError,
  observeDynamicHostCancel,
  unlessCancelled,
} from "../../provider/core/cancellation";
import { isWaitError } from "../../provider/core/errors";
import { type PollOutcome, waitUntil } from "../../provider/core/wait";
import { grpc } from "../../provider/native/engine";
import { sdkRequire } from "../../provider/native/loader";

const pending: PollOutcome<string> = { done: false, progress: "status pending" };

describe("a wait in a cancelled run", () => {
  test("ends after the poll in flight with a CancelledError naming what it waited for", async () => {
    const cancellation = new AbortController();
    let polls = 0;
    const sleeps: number[] = [];
    const error = await waitUntil(
      async () => {
        polls++;
        if (polls === 3) cancellation.abort();
        return pending;
      },
      {
        what: "deployment dev-testing to be ready",
        timeoutMs: 600_000,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        signal: cancellation.signal,
      },
    ).catch((e: unknown) => e);
    expect(polls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(isCancelledError(error)).toBe(true);
    expect(isWaitError(error)).toBe(true);
    expect((error as Error).message).toBe(
      "the run was cancelled while waiting for deployment dev-testing to be ready (last seen: status pending); " +
        "it is recorded in the stack, and the next `pulumi up` waits for it again",
    );
  });

  test("stops a pause between polls at once", async () => {
    const cancellation = new AbortController();
    const started = Date.now();
    const wait = waitUntil(async () => pending, {
      what: "x",
      timeoutMs: 600_000,
      minIntervalMs: 60_000,
      signal: cancellation.signal,
    });
    setTimeout(() => cancellation.abort(), 50);
    await expect(wait).rejects.toThrow(CancelledError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("that is already cancelled still polls once, so the state it records is current", async () => {
    const cancellation = new AbortController();
    cancellation.abort();
    let polls = 0;
    await expect(
      waitUntil(async () => (++polls === 1 ? { done: true, value: "ready" } : pending), {
        what: "x",
        timeoutMs: 1_000,
        signal: cancellation.signal,
      }),
    ).resolves.toBe("ready");
    expect(polls).toBe(1);
  });

  test("of a deletion resolves undefined; any other failure still throws", async () => {
    await expect(unlessCancelled(Promise.reject(new CancelledError("x", "y")))).resolves.toBeUndefined();
    await expect(unlessCancelled(Promise.resolve(7))).resolves.toBe(7);
    await expect(unlessCancelled(Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});

describe("the dynamic provider host's Cancel", () => {
  const providerGrpc = sdkRequire(
    "@pulumi/pulumi/proto/provider_grpc_pb",
  ) as typeof import("@pulumi/pulumi/proto/provider_grpc_pb");
  const emptyPb = sdkRequire(
    "google-protobuf/google/protobuf/empty_pb",
  ) as typeof import("google-protobuf/google/protobuf/empty_pb");
  let server: grpcTypes.Server;
  let client: grpcTypes.Client & Record<string, (...args: unknown[]) => unknown>;
  const answered: string[] = [];
  const seen: string[] = [];

  beforeAll(async () => {
    // As the SDK's host does: a server built and serving before our code loads, answering Cancel itself.
    server = new grpc.Server();
    server.addService(providerGrpc.ResourceProviderService, {
      cancel: (_call: unknown, callback: (e: null, r: unknown) => void) => {
        answered.push("cancel");
        callback(null, new emptyPb.Empty());
      },
      getPluginInfo: (_call: unknown, callback: (e: Error) => void) => callback(new Error("not here")),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
        e ? reject(e) : resolve(p),
      ),
    );
    expect(observeDynamicHostCancel(__filename, () => seen.push("cancelled"))).toBe(true);
    client = new providerGrpc.ResourceProviderClient(
      `127.0.0.1:${port}`,
      grpc.credentials.createInsecure(),
    ) as unknown as typeof client;
  });
  afterAll(() => {
    client.close();
    server.forceShutdown();
  });

  const call = (method: string) =>
    new Promise((resolve, reject) =>
      client[method]?.(new emptyPb.Empty(), (e: Error | null, r: unknown) => (e ? reject(e) : resolve(r))),
    );

  test("is seen, and still answered by the host's own handler", async () => {
    await call("cancel");
    expect(seen).toEqual(["cancelled"]);
    expect(answered).toEqual(["cancel"]);
  });

  test("is the only call seen, and the watch is installed once", async () => {
    await expect(call("getPluginInfo")).rejects.toThrow("not here");
    expect(observeDynamicHostCancel(__filename, () => seen.push("twice"))).toBe(true);
    await call("cancel");
    expect(seen).toEqual(["cancelled", "cancelled"]);
  });
});
