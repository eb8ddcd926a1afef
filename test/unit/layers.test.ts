/**
 * The layers, held by tests rather than comments: `provider/core/` knows no host and no platform, bench and
 * scripts run what `scenarios/` holds and nothing of `test/`, and a native plugin serving requests has
 * never loaded the root `@pulumi/pulumi` module (half a second of start-up and a second copy of the SDK).
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as providerGrpcTypes from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPbTypes from "@pulumi/pulumi/proto/provider_pb";
import { grpc } from "../../provider/native/engine";
import { sdkRequire } from "../../provider/native/loader";

const ROOT = path.join(__dirname, "..", "..");

/** Every relative module each `.ts` file under `folder` imports (static imports and `require` calls). */
function relativeImports(folder: string): Array<{ file: string; target: string }> {
  const files = fs.readdirSync(path.join(ROOT, folder), { recursive: true, encoding: "utf8" });
  return files
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => {
      const text = fs.readFileSync(path.join(ROOT, folder, file), "utf8");
      const targets = [...text.matchAll(/(?:from\s+|require\(|import\()\s*"(\.[^"]*)"/g)].map(
        (m) => m[1] ?? "",
      );
      return targets.map((target) => ({
        file: path.join(folder, file),
        target: path.relative(ROOT, path.resolve(ROOT, folder, path.dirname(file), target)),
      }));
    });
}

test("provider/core imports nothing from native/, a platform, or the platform list", () => {
  const outside = relativeImports("provider/core").filter(
    ({ target }) => !target.startsWith("provider/core"),
  );
  expect(outside).toEqual([]);
});

test.each(["bench", "scripts"])(
  "%s imports nothing from test/ (shared runners live in scenarios/)",
  (folder) => {
    const fromTests = relativeImports(folder).filter(({ target }) => target.startsWith("test"));
    expect(fromTests).toEqual([]);
  },
);

test("relativeImports sees an import that points up, so the tests above could fail", () => {
  expect(relativeImports("provider/native")).toContainEqual({
    file: "provider/native/host.ts",
    target: "provider/core/fields",
  });
});

describe("a native plugin process", () => {
  let plugin: ChildProcess;
  let dump: string;

  afterAll(() => {
    plugin?.kill("SIGKILL");
  });

  test("serves GetSchema and Check without ever loading the root @pulumi/pulumi module", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pdd-layers-"));
    dump = path.join(dir, "modules.json");
    // Preloaded into the plugin: on SIGUSR2, writes every module the process has loaded.
    const preload = path.join(dir, "dump.js");
    fs.writeFileSync(
      preload,
      `process.on("SIGUSR2", () => require("fs").writeFileSync(${JSON.stringify(dump)}, JSON.stringify(Object.keys(require.cache))));`,
    );
    plugin = spawn(
      process.execPath,
      ["-r", preload, "-r", "ts-node/register/transpile-only", path.join(ROOT, "provider/native/plugin.ts")],
      {
        cwd: ROOT,
        env: { ...process.env, PULUMI_DEDICATED_DEPLOYMENTS_PLUGIN: "pulumi-resource-roboflow" },
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      plugin.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.trim());
      });
      plugin.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before printing its port`)));
    });
    const { ResourceProviderClient } = sdkRequire(
      "@pulumi/pulumi/proto/provider_grpc_pb",
    ) as typeof providerGrpcTypes;
    const pb = sdkRequire("@pulumi/pulumi/proto/provider_pb") as typeof providerPbTypes;
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = <T>(method: (req: never, cb: (e: Error | null, r: T) => void) => void, req: unknown) =>
      new Promise<T>((resolve, reject) =>
        method.call(client, req as never, (e, r) => (e ? reject(e) : resolve(r))),
      );
    const schema = await call<providerPbTypes.GetSchemaResponse>(client.getSchema, new pb.GetSchemaRequest());
    expect(JSON.parse(schema.getSchema()).name).toBe("roboflow");
    const check = new pb.CheckRequest();
    check.setUrn("urn:pulumi:s::p::roboflow:index:DedicatedDeployment::d");
    const checked = await call<providerPbTypes.CheckResponse>(client.check, check);
    expect(checked.getFailuresList().length).toBeGreaterThan(0); // no inputs: the platform's schema answered
    client.close();

    plugin.kill("SIGUSR2");
    for (let i = 0; i < 50 && !fs.existsSync(dump); i++) await new Promise((r) => setTimeout(r, 100));
    const loaded = JSON.parse(fs.readFileSync(dump, "utf8")) as string[];
    expect(loaded.some((file) => file.endsWith(path.join("provider", "roboflow", "schema.ts")))).toBe(true);
    const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    // The SDK's stubs are loaded from the same folder, so the paths compare.
    expect(loaded).toContain(path.join(sdkRoot, "proto", "provider_pb.js"));
    expect(loaded).not.toContain(path.join(sdkRoot, "index.js"));
    expect(loaded.filter((file) => file.startsWith(path.join(sdkRoot, "runtime")))).toEqual([]);
  }, 60_000);
});
