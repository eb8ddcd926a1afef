/**
 * The SDK's provider server (`@pulumi/pulumi/provider`, `main`) with the two things it does not do on 3.259
 * done around it. Its `Configure` answers without passing the stack config on, so ours reads the request's
 * variables (`roboflow:config:apiKey`) and arguments and hands them to the provider. And it passes neither
 * the URN of a request nor its timeout to `check`, `create`, …, so every resource request runs in an async
 * context holding both; and its `Read` fails on an import, whose request carries no state, so ours gives it
 * an empty one. The handlers are replaced on the server object as `main` registers it with gRPC.
 */

import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as sdkProvider from "@pulumi/pulumi/provider";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import { grpc, sdkRequire, withRequest } from "./engine";
import { reveal } from "./secrets";

/** What the server tells the provider host that the SDK's server would not. */
export interface ServeHooks {
  /** The config namespace of the package: `roboflow`. */
  namespace: string;
  /** The stack config, keyed `<namespace>:<key>`, secrets in plaintext (they stay in this process). */
  configure(config: Record<string, string>): void;
  /** The engine's address, when the engine attaches to a provider it did not start. */
  attach(address: string): void;
}

type Handler = (
  call: { request: unknown },
  callback: (error: unknown, response?: unknown) => void,
) => unknown;
type ServiceDefinition = Record<string, { path?: string }>;

/** The resource requests whose URN and timeout the provider needs. */
const resourceMethods = ["check", "diff", "create", "read", "update", "delete"] as const;

/** Serves `provider` as the SDK does, with `hooks` told what the SDK's server drops. Resolves once listening. */
export async function serve(
  provider: sdkProvider.Provider,
  hooks: ServeHooks,
  args: string[],
): Promise<void> {
  const prototype = grpc.Server.prototype as unknown as {
    addService(service: ServiceDefinition, implementation: Record<string, Handler>): void;
  };
  const addService = prototype.addService;
  let patched = false;
  prototype.addService = function (this: unknown, service, implementation) {
    if (service.configure?.path === "/pulumirpc.ResourceProvider/Configure") {
      patchHandlers(implementation, hooks);
      patched = true;
    }
    return addService.call(this, service, implementation);
  };
  let listening: Promise<void>;
  try {
    // `main` registers its service before its first await: the patch is in place for exactly that call.
    listening = sdkProvider.main(provider, args);
  } finally {
    prototype.addService = addService;
  }
  if (!patched) {
    throw new Error(
      "the provider server of @pulumi/pulumi did not register its service as expected; install the @pulumi/pulumi version this package depends on",
    );
  }
  await listening;
}

function patchHandlers(implementation: Record<string, Handler>, hooks: ServeHooks): void {
  const pb = sdkRequire("@pulumi/pulumi/proto/provider_pb") as typeof providerPb;
  const struct = sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof structPb;
  implementation.configure = (call, callback) => {
    try {
      hooks.configure(configOf(call.request as providerPb.ConfigureRequest, hooks.namespace));
      const response = new pb.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setAcceptresources(true);
      callback(undefined, response);
    } catch (e) {
      callback(e);
    }
  };
  const attach = implementation.attach?.bind(implementation);
  implementation.attach = (call, callback) => {
    hooks.attach((call.request as { getAddress(): string }).getAddress());
    return attach?.(call, callback);
  };
  for (const method of resourceMethods) {
    const original = implementation[method]?.bind(implementation);
    if (!original) {
      continue;
    }
    implementation[method] = (call, callback) => {
      const request = call.request as {
        getUrn(): string;
        getTimeout?(): number;
        getProperties?(): unknown;
        setProperties?(value: unknown): void;
      };
      if (method === "read" && request.getProperties?.() === undefined) {
        // An import reads with no state at all, and the SDK's read would fail on the missing struct.
        request.setProperties?.(new struct.Struct());
      }
      const context = {
        urn: request.getUrn(),
        started: Date.now(),
        timeoutSeconds: request.getTimeout?.() ?? 0,
      };
      return withRequest(context, () => original(call, callback));
    };
  }
}

/**
 * The stack config of a Configure request as `<namespace>:<key>`: from its variables
 * (`roboflow:config:apiKey`), else from its arguments (`{apiKey}`, secrets possibly marked).
 */
export function configOf(request: providerPb.ConfigureRequest, namespace: string): Record<string, string> {
  const config: Record<string, string> = {};
  const args = reveal(request.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
  for (const [key, value] of request.getVariablesMap().entries()) {
    const [namespace, , ...rest] = key.split(":");
    config[key.includes(":config:") ? `${namespace}:${rest.join(":")}` : key] = value;
  }
  for (const [key, value] of Object.entries(args)) {
    if (typeof value === "string" && !(`${namespace}:${key}` in config)) {
      config[`${namespace}:${key}`] = value;
    }
  }
  return config;
}
