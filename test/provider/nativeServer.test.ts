/**
 * Our ResourceProvider gRPC service as the engine calls it, through the SDK's generated client: Configure's
 * variables reach the host, CheckConfig and DiffConfig are answered, every resource request runs with its
 * URN and timeout, an import's Read has a state to read, and a create that failed after the API accepted it
 * says so in the error's details.
 */
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerGrpcTypes from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPbTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as statusPbTypes from "@pulumi/pulumi/proto/status_pb";
import type * as emptyPbTypes from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { Props } from "../../provider/core/dynamic";
import { currentRequest, grpc } from "../../provider/native/engine";
import { sdkRequire } from "../../provider/native/loader";
import { type NativeProvider, serve } from "../../provider/native/server";

const providerPb = sdkRequire("@pulumi/pulumi/proto/provider_pb") as typeof providerPbTypes;
const providerGrpc = sdkRequire("@pulumi/pulumi/proto/provider_grpc_pb") as typeof providerGrpcTypes;
const emptyPb = sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyPbTypes;
const statusPb = sdkRequire("@pulumi/pulumi/proto/status_pb") as typeof statusPbTypes;

const URN = "urn:pulumi:test::yaml::roboflow:index:DedicatedDeployment::alpha";

const seen: Array<{ method: string; urn?: string; timeoutSeconds?: number; props?: Props }> = [];
const configured: Array<Record<string, string>> = [];
let hostsBuilt = 0;

const record = (method: string, props?: Props) => {
  const request = currentRequest();
  seen.push({ method, urn: request?.urn, timeoutSeconds: request?.timeoutSeconds, props });
};

const fake: NativeProvider = {
  getSchema: async () => '{"name":"roboflow"}',
  checkConfig: (config) =>
    String(config.apiUrl).startsWith("http://example.com")
      ? [{ property: "apiUrl", reason: "roboflow:apiUrl must use https" }]
      : [],
  check: async (_urn, _olds, news) => {
    record("check", news);
    return { inputs: news, failures: [] };
  },
  diff: async () => ({ changes: true, replaces: ["machineType"], deleteBeforeReplace: true }),
  create: async (_urn, inputs) => {
    record("create", inputs);
    if (inputs.fail) {
      throw Object.assign(new Error("timed out waiting"), { id: "dep-1", properties: { status: "pending" } });
    }
    return { id: "dep-1", outs: { ...inputs, status: "ready" } };
  },
  read: async (id, _urn, props) => {
    record("read", props);
    return { id, props: { status: "ready" }, inputs: { deploymentName: id } };
  },
  update: async (_id, _urn, _olds, news) => ({ outs: news }),
  delete: async (_id, _urn, props) => record("delete", props),
  invoke: async (token, args) => ({ outputs: { token, ...args } }),
};

let server: grpcTypes.Server;
let client: grpcTypes.Client &
  Record<string, (request: unknown, callback: (e: unknown, r: unknown) => void) => void>;

/** One unary call through the generated client. */
function call<T>(method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    client[method]?.(request, (error, response) => (error ? reject(error) : resolve(response as T))),
  );
}
const struct = (value: Record<string, unknown>) =>
  structproto.Struct.fromJavaScript(value as Record<string, structproto.JavaScriptValue>);

beforeAll(async () => {
  const served = await serve({
    namespace: "roboflow",
    version: "1.2.3",
    host: () => {
      hostsBuilt += 1;
      return { provider: fake, configure: (config) => configured.push(config) };
    },
    attach: () => {},
  });
  server = served.server;
  // Called by method name below: the generated client's methods as a table.
  client = new providerGrpc.ResourceProviderClient(
    `127.0.0.1:${served.port}`,
    grpc.credentials.createInsecure(),
  ) as unknown as typeof client;
});
afterAll(() => {
  client.close();
  server.forceShutdown();
});

test("answers GetPluginInfo with the package version, and builds the provider once", async () => {
  const info = await call<{ getVersion(): string }>("getPluginInfo", new emptyPb.Empty());
  expect(info.getVersion()).toBe("1.2.3");
  await call("getSchema", new providerPb.GetSchemaRequest());
  await call("getSchema", new providerPb.GetSchemaRequest());
  expect(hostsBuilt).toBe(1);
});

test("hands Configure's variables to the host as <namespace>:<key>", async () => {
  const request = new providerPb.ConfigureRequest();
  request.getVariablesMap().set("roboflow:config:apiKey", "k-1");
  const response = await call<{ getAcceptsecrets(): boolean }>("configure", request);
  expect(configured.at(-1)).toEqual({ "roboflow:apiKey": "k-1" });
  expect(response.getAcceptsecrets()).toBe(true);
});

test("answers CheckConfig with the provider's failures, naming the key", async () => {
  const request = new providerPb.CheckRequest();
  request.setNews(struct({ apiUrl: "http://example.com/api" }));
  const response = await call<{ getFailuresList(): Array<{ getProperty(): string }> }>(
    "checkConfig",
    request,
  );
  expect(response.getFailuresList().map((f) => f.getProperty())).toEqual(["apiUrl"]);
});

test("answers DiffConfig with a change but never a replacement when a key changes", async () => {
  const request = new providerPb.DiffRequest();
  request.setOlds(struct({ apiKey: "a" }));
  request.setNews(struct({ apiKey: "b" }));
  const changed = await call<{ getChanges(): number; getReplacesList(): string[] }>("diffConfig", request);
  expect(changed.getChanges()).toBe(providerPb.DiffResponse.DiffChanges.DIFF_SOME);
  expect(changed.getReplacesList()).toEqual([]);
  request.setNews(struct({ apiKey: "a" }));
  const same = await call<{ getChanges(): number }>("diffConfig", request);
  expect(same.getChanges()).toBe(providerPb.DiffResponse.DiffChanges.DIFF_NONE);
});

test("runs check and create with the request's URN and timeout", async () => {
  seen.length = 0;
  const check = new providerPb.CheckRequest();
  check.setUrn(URN);
  check.setNews(struct({ deploymentName: "alpha" }));
  await call("check", check);
  const create = new providerPb.CreateRequest();
  create.setUrn(URN);
  create.setTimeout(90);
  create.setProperties(struct({ deploymentName: "alpha" }));
  const created = await call<{ getId(): string }>("create", create);
  expect(created.getId()).toBe("dep-1");
  expect(seen).toEqual([
    { method: "check", urn: URN, timeoutSeconds: 0, props: { deploymentName: "alpha" } },
    { method: "create", urn: URN, timeoutSeconds: 90, props: { deploymentName: "alpha" } },
  ]);
});

test("reads an import, which carries no state, from an empty one and returns its inputs", async () => {
  seen.length = 0;
  const request = new providerPb.ReadRequest();
  request.setId("alpha");
  request.setUrn(URN);
  const read = await call<{ getInputs(): structproto.Struct | undefined }>("read", request);
  expect(seen).toEqual([{ method: "read", urn: URN, timeoutSeconds: 0, props: {} }]);
  expect(read.getInputs()?.toJavaScript()).toEqual({ deploymentName: "alpha" });
});

test("reports a create that failed after the API accepted it with the deployment's id in the details", async () => {
  const request = new providerPb.CreateRequest();
  request.setUrn(URN);
  request.setProperties(struct({ fail: true }));
  const error = await call("create", request).catch((e: grpcTypes.ServiceError) => e);
  const details = (error as grpcTypes.ServiceError).metadata.get("grpc-status-details-bin")[0] as Buffer;
  const status = statusPb.Status.deserializeBinary(new Uint8Array(details));
  const detail = status.getDetailsList()[0];
  expect(detail.getTypeUrl()).toMatch(/pulumirpc\.ErrorResourceInitFailed$/);
  const failed = providerPb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
  expect(failed.getId()).toBe("dep-1");
  expect((error as Error).message).toMatch(/timed out waiting/);
});

test("answers Cancel, and UNIMPLEMENTED for what it does not serve", async () => {
  await expect(call("cancel", new emptyPb.Empty())).resolves.toBeDefined();
  await expect(call("construct", new providerPb.ConstructRequest())).rejects.toMatchObject({
    code: grpc.status.UNIMPLEMENTED,
  });
});

test("answers GetSchema from the schema the package ships, without asking the provider", async () => {
  let asked = 0;
  const provider = { ...fake, getSchema: async () => `${++asked}` };
  const shipped = await serve({
    namespace: "roboflow",
    version: "1.2.3",
    host: () => ({ provider, configure: () => {} }),
    schema: () => '{"name":"roboflow","shipped":true}',
    attach: () => {},
  });
  const schemaClient = new providerGrpc.ResourceProviderClient(
    `127.0.0.1:${shipped.port}`,
    grpc.credentials.createInsecure(),
  );
  try {
    const response = await new Promise<{ getSchema(): string }>((resolve, reject) =>
      schemaClient.getSchema(new providerPb.GetSchemaRequest(), (e: unknown, r: { getSchema(): string }) =>
        e ? reject(e) : resolve(r),
      ),
    );
    expect(JSON.parse(response.getSchema())).toEqual({ name: "roboflow", shipped: true });
    expect(asked).toBe(0);
  } finally {
    schemaClient.close();
    shipped.server.forceShutdown();
  }
});

test("plans a create and an update in a preview without calling the provider", async () => {
  const before = seen.length;
  let updates = 0;
  const original = fake.update;
  fake.update = async (...args) => {
    updates += 1;
    return original(...args);
  };
  try {
    const create = new providerPb.CreateRequest();
    create.setUrn(URN);
    create.setProperties(struct({ deploymentName: "alpha" }));
    create.setPreview(true);
    const created = await call<{ getProperties(): structproto.Struct }>("create", create);
    expect(created.getProperties().toJavaScript()).toEqual({ deploymentName: "alpha" });

    const update = new providerPb.UpdateRequest();
    update.setUrn(URN);
    update.setId("alpha");
    update.setOlds(struct({ deploymentName: "alpha", paused: false, url: "https://alpha.example" }));
    update.setNews(struct({ deploymentName: "alpha", paused: true }));
    update.setPreview(true);
    const updated = await call<{ getProperties(): structproto.Struct }>("update", update);
    expect(updated.getProperties().toJavaScript()).toEqual({
      deploymentName: "alpha",
      paused: true,
      url: "https://alpha.example",
    });
    expect(seen.slice(before).filter((s) => s.method === "create")).toEqual([]);
    expect(updates).toBe(0);
  } finally {
    fake.update = original;
  }
});
