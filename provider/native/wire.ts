/**
 * The two translations between the engine's messages and ours that need more than a line: the stack config
 * a Configure request carries, and the error of a create that failed after the API accepted it.
 */

import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerPbTypes from "@pulumi/pulumi/proto/provider_pb";
import type * as statusPbTypes from "@pulumi/pulumi/proto/status_pb";
import type * as anyPbTypes from "google-protobuf/google/protobuf/any_pb";
import type * as structPbTypes from "google-protobuf/google/protobuf/struct_pb";
import type { Props } from "../core/dynamic";
import { grpc } from "./engine";
import { sdkRequire } from "./loader";
import { reveal } from "./secrets";

const pb = sdkRequire("@pulumi/pulumi/proto/provider_pb") as typeof providerPbTypes;
const structPb = sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof structPbTypes;

/**
 * A create or update error as the engine reads it: one carrying `id` and `properties` says the deployment
 * exists but did not become ready ("created but failed to initialise"), so the engine keeps it in state.
 */
export function initFailure(e: unknown): grpcTypes.ServiceError {
  const error = (e instanceof Error ? e : new Error(String(e))) as Error & {
    id?: string;
    properties?: Props;
    reasons?: string[];
  };
  const metadata = new grpc.Metadata();
  if (error.id) {
    const anyPb = sdkRequire("google-protobuf/google/protobuf/any_pb") as typeof anyPbTypes;
    const statusPb = sdkRequire("@pulumi/pulumi/proto/status_pb") as typeof statusPbTypes;
    const detail = new pb.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(
      structPb.Struct.fromJavaScript(
        (error.properties ?? {}) as Record<string, structPbTypes.JavaScriptValue>,
      ),
    );
    detail.setReasonsList(error.reasons ?? []);
    const details = new anyPb.Any();
    details.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusPb.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(error.message);
    status.addDetails(details);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(error.message), {
    code: grpc.status.UNKNOWN,
    details: error.message,
    metadata,
  });
}

/**
 * The stack config of a Configure request as `<namespace>:<key>`: from its variables
 * (`roboflow:config:apiKey`), else from its arguments (`{apiKey}`, secrets possibly marked).
 */
export function configOf(
  request: providerPbTypes.ConfigureRequest,
  namespace: string,
): Record<string, string> {
  const config: Record<string, string> = {};
  const args = reveal(request.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
  for (const [key, value] of request.getVariablesMap().entries()) {
    const [namespace, , ...rest] = key.split(":");
    config[key.includes(":config:") ? `${namespace}:${rest.join(":")}` : key] = value;
  }
  for (const [key, value] of Object.entries(args)) {
    // A typed SDK may send a flag as a boolean: the config reads every key as stack config gives it, a string.
    const plain = typeof value === "boolean" || typeof value === "number" ? String(value) : value;
    if (typeof plain === "string" && !(`${namespace}:${key}` in config)) {
      config[`${namespace}:${key}`] = plain;
    }
  }
  return config;
}
