/**
 * The plugin as one CommonJS file, built with esbuild from the compiled package (`dist/`): the same file
 * for every platform and target (the name it is started under says which platform it serves). The one
 * module that loads by computed names, `provider/native/loader`, is swapped for a table of literal
 * requires and embedded files made from its own lists, so the bundle carries the four implementations,
 * the SDK's gRPC library and stubs, and the package.json and schemas it reads, and reads nothing from disk.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { PACKAGE_NAME, SDK_MODULES } from "../../provider/native/loader";
import { descriptorOf, platformNames } from "../../provider/platforms";

const ROOT = path.join(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist", "provider");

/** The source of the loader the bundle uses in place of `dist/provider/native/loader.js`. */
function embeddedLoader(version: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: manifest.name, version, bin: manifest.bin }),
  };
  for (const platform of platformNames()) {
    files[`schema/${platform}.json`] = fs.readFileSync(path.join(ROOT, "schema", `${platform}.json`), "utf8");
  }
  const sdk = SDK_MODULES.map((name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(name)}),`);
  const implementations = platformNames().map((platform) => {
    const { subpath } = descriptorOf(platform).implementation;
    const file = path.join(DIST, path.relative("dist/provider", subpath));
    return `  ${JSON.stringify(subpath)}: () => require(${JSON.stringify(file)}),`;
  });
  return [
    `"use strict";`,
    `const sdk = {\n${sdk.join("\n")}\n};`,
    `const implementations = {\n${implementations.join("\n")}\n};`,
    `const files = ${JSON.stringify(files)};`,
    `exports.SDK_MODULES = Object.keys(sdk);`,
    `exports.PACKAGE_NAME = ${JSON.stringify(PACKAGE_NAME)};`,
    `exports.sdkRequire = (name) => sdk[name]();`,
    `exports.requireSubpath = (subpath) => implementations[subpath]();`,
    `exports.packageFile = (relative) => files[relative];`,
    `exports.packageRoot = () => { throw new Error("a self-contained plugin has no package folder"); };`,
  ].join("\n");
}

/** What the bundle runs: the plugin's main, named by the executable it was started as. */
const ENTRY = `require(${JSON.stringify(path.join(DIST, "native", "plugin.js"))}).main(
  [process.argv[1] || "", process.execPath],
  process.argv.slice(2),
);
`;

/**
 * Writes the bundle to `outfile`: minified (less to parse at every start), no source map, no absolute
 * paths of this machine left in it, the same bytes from the same commit.
 */
export async function bundlePlugin(
  outfile: string,
  version: string,
): Promise<{ bytes: number; inputs: string[] }> {
  const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: "release-entry.js", loader: "js" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    legalComments: "none",
    outfile,
    metafile: true,
    logLevel: "warning",
    plugins: [
      {
        name: "embedded-loader",
        setup(build) {
          build.onResolve({ filter: /^\.\/loader$/ }, (args) =>
            args.importer.startsWith(path.join(DIST, "native"))
              ? { path: "embedded-loader", namespace: "embedded-loader" }
              : undefined,
          );
          // The SDK's modules resolve from where @pulumi/pulumi is installed, as loader.ts resolves them.
          build.onLoad({ filter: /.*/, namespace: "embedded-loader" }, () => ({
            contents: embeddedLoader(version),
            resolveDir: sdkDir,
            loader: "js",
          }));
        },
      },
    ],
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  return { bytes: fs.statSync(outfile).size, inputs };
}
