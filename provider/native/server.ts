/**
 * Our own `pulumirpc.ResourceProvider` gRPC service, over the generated stubs the SDK ships
 * (`@pulumi/pulumi/proto`). The SDK's Node provider server (3.259) drops Configure's variables, answers
 * UNIMPLEMENTED for CheckConfig and DiffConfig, passes no URN or timeout and fails an import's Read; so we
 * serve the engine ourselves. It loads only gRPC and the stubs, never the root `@pulumi/pulumi` module (half
 * a second of start-up), and the stubs that only some answers need are loaded when first needed.
 */
import { isDeepStrictEqual } from "node:util";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as pluginPbTypes from "@pulumi/pulumi/proto/plugin_pb";
import type * as providerGrpcTypes from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPbTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as emptyPbTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structPbTypes from "google-protobuf/google/protobuf/struct_pb";
import { cancelRun } from "../core/cancellation";
import type { CheckFailure, Props } from "../core/dynamic";
import { grpc, withRequest } from "./engine";
import { sdkRequire } from "./loader";
import { reveal } from "./secrets";
import { configOf, initFailure } from "./wire";

export { configOf } from "./wire";

const pb = sdkRequire("@pulumi/pulumi/proto/provider_pb") as typeof providerPbTypes;
const structPb = sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof structPbTypes;
const emptyPb = sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyPbTypes;

/** A platform's implementation as the server calls it: the engine's requests, secrets in wire form. */
export interface NativeProvider {
  getSchema(): Promise<string>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures?: CheckFailure[] }>;
  diff(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
  create(urn: string, inputs: Props): Promise<{ id: string; outs: Props }>;
  /** `oldInputs`: the inputs the program gave last (none on an import). */
  read(
    id: string,
    urn: string,
    props: Props,
    oldInputs?: Props,
  ): Promise<{ id: string; props: Props; inputs?: Props }>;
  update(id: string, urn: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, urn: string, props: Props): Promise<void>;
  invoke(token: string, args: Props): Promise<{ outputs?: Props; failures?: CheckFailure[] }>;
  /** The provider config's failures (`CheckConfig`), each naming its key; none when the config is valid. */
  checkConfig?(config: Props): CheckFailure[];
}

/** A platform's provider and what configures it, as the native host builds them. */
export interface HostedProvider {
  provider: NativeProvider;
  /** The stack config, keyed `<namespace>:<key>`, secrets in plaintext (they stay in this process). */
  configure(config: Record<string, string>): void;
}

/** What the server serves: one platform's plugin. */
export interface Plugin {
  /** The config namespace of the package: `roboflow`. */
  namespace: string;
  version: string;
  /**
   * The platform's provider, built on the first request that needs it: its code (and zod's) loads after
   * the port is printed, so the engine is not kept waiting for it.
   */
  host(): HostedProvider;
  /**
   * The package schema as the package ships it (`schema/<platform>.json`, which a unit test holds to the
   * generator), so that a language host that only asks for the schema (YAML's, at every run) never makes
   * the plugin load the platform's code; undefined when the file is missing, and the provider makes it.
   */
  schema?(): string | undefined;
  /** The engine's address, from Handshake or when the engine attaches to a provider it did not start. */
  attach(address: string): void;
}

type Callback<T> = (error: grpcTypes.ServiceError | Error | null, response?: T) => void;
type Unary<Req, Res> = (call: { request: Req }, callback: Callback<Res>) => void;

/** A unary handler from an async function; a thrown error becomes the call's error. */
function unary<Req, Res>(
  work: (request: Req) => Promise<Res> | Res,
  failure: (error: unknown) => grpcTypes.ServiceError | Error = asError,
): Unary<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => work(call.request))
      .then(
        (response) => callback(null, response),
        (e: unknown) => callback(failure(e)),
      );
  };
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/** The resource requests carry a URN, and some a timeout: each runs in a context holding both. */
function inRequest<T>(request: { getUrn(): string; getTimeout?(): number }, work: () => Promise<T>) {
  return withRequest(
    { urn: request.getUrn(), started: Date.now(), timeoutSeconds: request.getTimeout?.() ?? 0 },
    work,
  );
}

const toJs = (value: structPbTypes.Struct | undefined): Props => (value?.toJavaScript() ?? {}) as Props;
const toStruct = (value: Props | undefined) =>
  structPb.Struct.fromJavaScript((value ?? {}) as Record<string, structPbTypes.JavaScriptValue>);

function failuresOf(failures: readonly CheckFailure[] = []): providerPbTypes.CheckFailure[] {
  return failures.map((f) => {
    const failure = new pb.CheckFailure();
    failure.setProperty(f.property);
    failure.setReason(f.reason);
    return failure;
  });
}

function checkResponse(inputs: Props, failures: readonly CheckFailure[]): providerPbTypes.CheckResponse {
  const response = new pb.CheckResponse();
  response.setInputs(toStruct(inputs));
  response.setFailuresList(failuresOf(failures));
  return response;
}

/** The service's handlers for `provider`. Methods we do not serve (Construct, Call, …) answer UNIMPLEMENTED. */
export function handlers(plugin: Plugin): Partial<providerGrpcTypes.IResourceProviderServer> {
  const empty = () => new emptyPb.Empty();
  const provider = () => plugin.host().provider;
  return {
    handshake: unary((request: providerPbTypes.ProviderHandshakeRequest) => {
      if (request.getEngineAddress()) {
        plugin.attach(request.getEngineAddress());
      }
      const response = new pb.ProviderHandshakeResponse();
      response.setAcceptSecrets(true);
      response.setAcceptResources(true);
      return response;
    }),
    getPluginInfo: unary(() => {
      const pluginPb = sdkRequire("@pulumi/pulumi/proto/plugin_pb") as typeof pluginPbTypes;
      const info = new pluginPb.PluginInfo();
      info.setVersion(plugin.version);
      return info;
    }),
    attach: unary((request: pluginPbTypes.PluginAttach) => {
      plugin.attach(request.getAddress());
      return empty();
    }),
    // The engine cancels the run (a first SIGINT): waits for readiness end, recording what was accepted.
    cancel: unary(() => {
      cancelRun();
      return empty();
    }),
    getSchema: unary(async (request: providerPbTypes.GetSchemaRequest) => {
      if (request.getVersion() !== 0) {
        throw new Error(`unsupported schema version ${request.getVersion()}`);
      }
      const response = new pb.GetSchemaResponse();
      response.setSchema(plugin.schema?.() ?? (await provider().getSchema()));
      return response;
    }),
    checkConfig: unary((request: providerPbTypes.CheckRequest) => {
      const news = toJs(request.getNews());
      return checkResponse(news, provider().checkConfig?.(reveal(news) as Props) ?? []);
    }),
    diffConfig: unary((request: providerPbTypes.DiffRequest) => {
      // A new key or URL changes no deployment: the provider is updated in place, never replaced.
      const response = new pb.DiffResponse();
      const same = isDeepStrictEqual(reveal(toJs(request.getOlds())), reveal(toJs(request.getNews())));
      response.setChanges(
        same ? pb.DiffResponse.DiffChanges.DIFF_NONE : pb.DiffResponse.DiffChanges.DIFF_SOME,
      );
      return response;
    }),
    configure: unary((request: providerPbTypes.ConfigureRequest) => {
      plugin.host().configure(configOf(request, plugin.namespace));
      const response = new pb.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setAcceptresources(true);
      return response;
    }),
    check: unary((request: providerPbTypes.CheckRequest) =>
      inRequest(request, async () => {
        const result = await provider().check(
          request.getUrn(),
          toJs(request.getOlds()),
          toJs(request.getNews()),
        );
        return checkResponse(result.inputs, result.failures ?? []);
      }),
    ),
    diff: unary((request: providerPbTypes.DiffRequest) =>
      inRequest(request, async () => {
        const result = await provider().diff(
          request.getId(),
          request.getUrn(),
          toJs(request.getOlds()),
          toJs(request.getNews()),
        );
        const response = new pb.DiffResponse();
        const { DIFF_SOME, DIFF_NONE, DIFF_UNKNOWN } = pb.DiffResponse.DiffChanges;
        response.setChanges(
          result.changes === true ? DIFF_SOME : result.changes === false ? DIFF_NONE : DIFF_UNKNOWN,
        );
        response.setReplacesList(result.replaces ?? []);
        response.setDeletebeforereplace(result.deleteBeforeReplace ?? false);
        return response;
      }),
    ),
    create: unary(
      (request: providerPbTypes.CreateRequest) =>
        inRequest(request, async () => {
          if (request.getPreview()) {
            // A preview plans the create (the Handshake tells the engine we tell previews apart): the inputs
            // stand for the outputs, and the API is never called.
            const planned = new pb.CreateResponse();
            planned.setProperties(request.getProperties());
            return planned;
          }
          const result = await provider().create(request.getUrn(), toJs(request.getProperties()));
          const response = new pb.CreateResponse();
          response.setId(result.id);
          response.setProperties(toStruct(result.outs));
          return response;
        }),
      initFailure,
    ),
    read: unary((request: providerPbTypes.ReadRequest) =>
      // An import reads with no state at all: an empty one.
      inRequest(request, async () => {
        const result = await provider().read(
          request.getId(),
          request.getUrn(),
          toJs(request.getProperties()),
          toJs(request.getInputs()),
        );
        const response = new pb.ReadResponse();
        response.setId(result.id);
        response.setProperties(toStruct(result.props));
        if (result.inputs !== undefined) {
          response.setInputs(toStruct(result.inputs));
        }
        return response;
      }),
    ),
    update: unary(
      (request: providerPbTypes.UpdateRequest) =>
        inRequest(request, async () => {
          if (request.getPreview()) {
            // A preview plans the update: the old outputs with the new inputs over them, and no API call.
            const planned = new pb.UpdateResponse();
            planned.setProperties(toStruct({ ...toJs(request.getOlds()), ...toJs(request.getNews()) }));
            return planned;
          }
          const result = await provider().update(
            request.getId(),
            request.getUrn(),
            toJs(request.getOlds()),
            toJs(request.getNews()),
          );
          const response = new pb.UpdateResponse();
          response.setProperties(toStruct(result.outs));
          return response;
        }),
      initFailure,
    ),
    delete: unary((request: providerPbTypes.DeleteRequest) =>
      inRequest(request, async () => {
        await provider().delete(request.getId(), request.getUrn(), toJs(request.getProperties()));
        return empty();
      }),
    ),
    invoke: unary(async (request: providerPbTypes.InvokeRequest) => {
      const result = await provider().invoke(request.getTok(), toJs(request.getArgs()));
      const response = new pb.InvokeResponse();
      if (result.outputs) {
        response.setReturn(toStruct(result.outputs));
      }
      response.setFailuresList(failuresOf(result.failures));
      return response;
    }),
  };
}

/** Serves `plugin` on a loopback port; resolves with the port, which the plugin prints for the engine. */
export async function serve(given: Plugin): Promise<{ server: grpcTypes.Server; port: number }> {
  let hosted: HostedProvider | undefined;
  const plugin: Plugin = {
    ...given,
    host: () => {
      hosted ??= given.host();
      return hosted;
    },
  };
  const stubs = sdkRequire("@pulumi/pulumi/proto/provider_grpc_pb") as typeof providerGrpcTypes;
  // The engine's messages can be large (a whole state's worth of properties): the SDK's limit, 400 MiB.
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(
    stubs.ResourceProviderService,
    handlers(plugin) as grpcTypes.UntypedServiceImplementation,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  // The platform's code loads on the first request that needs it, not before: the YAML host starts a plugin
  // of its own only for the schema, which the shipped file answers (measured: a YAML preview 1.85x an empty
  // one this way, 2.05x when every start loaded the platform right after printing its port).
  return { server, port };
}
