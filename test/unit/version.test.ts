/**
 * One version, written once in package.json, and everything that names a version follows it: the
 * CHANGELOG's newest section, the package schemas (and the download URL of the plugins they name), what
 * each plugin answers to GetPluginInfo, the Python SDKs (their package version and the pulumi-plugin.json
 * the Python host reads to know which plugin to fetch) and the Go SDK's default version and download URL.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerGrpcTypes from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as emptyPbTypes from "google-protobuf/google/protobuf/empty_pb";
import { grpc } from "../../provider/native/engine";
import { sdkRequire } from "../../provider/native/loader";
import { pluginDownloadURL } from "../../provider/native/packageSchema";
import { packageVersion, startPlugin } from "../../provider/native/plugin";
import { platformNames } from "../../provider/platforms";

const ROOT = path.join(__dirname, "..", "..");
const read = (...parts: string[]) => fs.readFileSync(path.join(ROOT, ...parts), "utf8");
const VERSION = JSON.parse(read("package.json")).version as string;
const URL = `https://github.com/pulumi-dedicated-deployments/pulumi-dedicated-deployments/releases/download/v${VERSION}`;

test("package.json's version is the CHANGELOG's newest section", () => {
  expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  expect(/^## (\S+)/m.exec(read("CHANGELOG.md"))?.[1]).toBe(VERSION);
  expect(packageVersion()).toBe(VERSION);
  expect(pluginDownloadURL(VERSION)).toBe(URL);
});

describe.each(platformNames())("the %s package", (platform) => {
  test("schema names the version and the release it downloads its plugin from", () => {
    const schema = JSON.parse(read("schema", `${platform}.json`));
    expect({ version: schema.version, pluginDownloadURL: schema.pluginDownloadURL }).toEqual({
      version: VERSION,
      pluginDownloadURL: URL,
    });
  });

  test("Python SDK is that version and asks for that plugin from that release", () => {
    const pyproject = read("sdk", "python", platform, "pyproject.toml");
    expect(/^\s*version = "([^"]+)"/m.exec(pyproject)?.[1]).toBe(VERSION);
    const plugin = JSON.parse(read("sdk", "python", platform, `pulumi_${platform}`, "pulumi-plugin.json"));
    expect(plugin).toEqual({ resource: true, name: platform, version: VERSION, server: URL });
  });

  test("Go SDK defaults to that version and that release", () => {
    const utilities = read("sdk", "go", platform, "internal", "pulumiUtilities.go");
    const versions = [...utilities.matchAll(/semver\.MustParse\("([^"]+)"\)/g)].map((m) => m[1]);
    const urls = [...utilities.matchAll(/pulumi\.PluginDownloadURL\("([^"]+)"\)/g)].map((m) => m[1]);
    // Once for resources, once for invokes.
    expect({ versions, urls }).toEqual({ versions: [VERSION, VERSION], urls: [URL, URL] });
    const plugin = JSON.parse(read("sdk", "go", platform, "pulumi-plugin.json"));
    expect({ version: plugin.version, server: plugin.server }).toEqual({ version: VERSION, server: URL });
  });
});

test("each plugin answers GetPluginInfo with the version", async () => {
  const stubs = sdkRequire("@pulumi/pulumi/proto/provider_grpc_pb") as typeof providerGrpcTypes;
  const emptyPb = sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyPbTypes;
  const write = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  const answers: Record<string, string> = {};
  try {
    for (const platform of platformNames()) {
      const { server, port } = await startPlugin(platform, []);
      const client = new stubs.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      try {
        answers[platform] = await new Promise<string>((resolve, reject) =>
          client.getPluginInfo(new emptyPb.Empty(), (error: grpcTypes.ServiceError | null, info) =>
            error ? reject(error) : resolve(info.getVersion()),
          ),
        );
      } finally {
        client.close();
        server.forceShutdown();
      }
    }
  } finally {
    write.mockRestore();
  }
  expect(answers).toEqual(Object.fromEntries(platformNames().map((platform) => [platform, VERSION])));
});

test("the examples' package.json files accept the version", () => {
  const examples = fs.readdirSync(path.join(ROOT, "examples"));
  for (const example of examples) {
    const file = path.join(ROOT, "examples", example, "package.json");
    if (!fs.existsSync(file)) continue;
    const range = JSON.parse(fs.readFileSync(file, "utf8")).dependencies?.["pulumi-dedicated-deployments"];
    expect({ example, range }).toEqual({ example, range: `^${VERSION}` });
  }
  expect(read("examples", "python", "requirements.txt")).toContain(`pulumi_roboflow==${VERSION}\n`);
});

test("the install steps of the README and docs name the version", () => {
  const files = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((f) => path.join("docs", f))];
  const named = files.flatMap((file) =>
    [
      ...read(file).matchAll(
        /releases\/download\/v([\d.]+)|sdk\/go@v([\d.]+)|plugin install resource \w+ ([\d.]+)|pulumi_\w+-([\d.]+?)-py3/g,
      ),
    ].map((m) => ({ file, version: m.slice(1).find(Boolean) })),
  );
  expect(named.length).toBeGreaterThan(5);
  expect(named.filter((n) => n.version !== VERSION)).toEqual([]);
});
