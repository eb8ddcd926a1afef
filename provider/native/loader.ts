/**
 * Everything a plugin loads by a name computed at run time: the gRPC library and generated stubs of the
 * SDK (resolved from where `@pulumi/pulumi` is installed, so the stubs and our server share one gRPC
 * module), a platform's implementation (by its package subpath, so a plugin loads only its own
 * platform's code) and the package's own files (package.json, `schema/<platform>.json`). It is the one
 * module that does, so the self-contained release plugin (`scripts/release/bundle.ts`) swaps it whole for a
 * table of literal requires and embedded files made from the same lists: a bundler follows only those.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { PACKAGE_NAME } from "../core/location";

/** The SDK modules a plugin loads, each by {@link sdkRequire}: the bundle includes exactly these. */
export const SDK_MODULES = [
  "@grpc/grpc-js",
  "@pulumi/pulumi/proto/engine_grpc_pb",
  "@pulumi/pulumi/proto/engine_pb",
  "@pulumi/pulumi/proto/plugin_pb",
  "@pulumi/pulumi/proto/provider_grpc_pb",
  "@pulumi/pulumi/proto/provider_pb",
  "@pulumi/pulumi/proto/status_pb",
  "google-protobuf/google/protobuf/any_pb",
  "google-protobuf/google/protobuf/empty_pb",
  "google-protobuf/google/protobuf/struct_pb",
] as const;

/** One of {@link SDK_MODULES}. */
export type SdkModule = (typeof SDK_MODULES)[number];

/** The package whose files {@link packageFile} reads (found upwards: the source and dist trees differ in depth). */
export { PACKAGE_NAME };

let fromSdk: NodeJS.Require | undefined;

/** Loads one of the SDK's modules, as `@pulumi/pulumi` itself would resolve it. */
export function sdkRequire(name: SdkModule): unknown {
  fromSdk ??= createRequire(require.resolve("@pulumi/pulumi/package.json"));
  return fromSdk(name);
}

/** Loads the module of a platform's implementation by its package subpath (`./dist/provider/roboflow/provider`). */
export function requireSubpath(subpath: string): Record<string, unknown> {
  // From this folder (`dist/provider/native`, or the sources' own).
  return require(path.join(__dirname, "..", path.relative("dist/provider", subpath)));
}

/** The text of a file of this package (`package.json`, `schema/roboflow.json`); undefined when missing. */
export function packageFile(relative: string): string | undefined {
  try {
    return fs.readFileSync(path.join(packageRoot(), relative), "utf8");
  } catch {
    return undefined;
  }
}

/** The folder of this package's package.json. */
export function packageRoot(from = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).name === PACKAGE_NAME) {
      return dir;
    }
  }
  throw new Error(`the package.json of ${PACKAGE_NAME} is missing above ${from}: reinstall the package`);
}
