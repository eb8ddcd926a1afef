/**
 * The code Pulumi serializes into state is parsed by the program's own `typescript`, or, in every
 * JavaScript program (which has none), by the TypeScript 3.8.3 that `@pulumi/pulumi` vendors. Here the
 * vendored parser is forced, each resource class's provider is serialized exactly as the resource does
 * it, and the text is loaded in another folder and called: here, from the repository's source, where the
 * serializer copies the forwarding methods by value; and in a plain Node process from a copy of the built
 * package under `node_modules`, as a user's program has it, where they are a `require` of the package.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SDK = resolve(__dirname, "..", "..", "node_modules", "@pulumi", "pulumi");
const VENDORED = join(SDK, "vendor", "typescript@3.8.3", "typescript.js");
jest.mock("typescript", () => jest.requireActual(VENDORED));

import * as pulumi from "@pulumi/pulumi";
import { nx1, paperspace, roboflow, shipyard } from "../../provider";

const ROOT = resolve(__dirname, "..", "..");

/**
 * Every resource class, constructed with inputs that pass its check, the platform it serves, and the stack
 * config its check needs besides an API key.
 */
const resources: Array<{
  type: string;
  platform: string;
  className: string;
  create: () => pulumi.CustomResource;
  inputs: object;
  config?: Record<string, string>;
}> = [
  {
    type: "roboflow:DedicatedDeployment",
    platform: "roboflow",
    className: "DedicatedDeployment",
    inputs: { deploymentName: "dev-testing", machineType: "dev-gpu", creatorEmail: "me@example.com" },
    create() {
      return new roboflow.DedicatedDeployment("serialized", this.inputs as roboflow.DedicatedDeploymentArgs);
    },
  },
  {
    type: "paperspace:Deployment",
    platform: "paperspace",
    className: "Deployment",
    inputs: {
      projectId: "pr1234",
      name: "serialized",
      image: "nginx:1.27",
      port: 80,
      resources: { machineType: "C4" },
    },
    create() {
      return new paperspace.Deployment("serialized", this.inputs as paperspace.DeploymentArgs);
    },
  },
  {
    type: "nx1:ModelDeployment",
    platform: "nx1",
    className: "ModelDeployment",
    inputs: {
      model: "churn",
      name: "serialized",
      modelVersion: "3",
      type: "online",
      domain: "marketing",
      owner: "ml-team",
    },
    // NX1 has no public URL: check fails without one.
    config: { "nx1:apiUrl": "https://nx1.example.invalid" },
    create() {
      return new nx1.ModelDeployment("serialized", this.inputs as nx1.ModelDeploymentArgs);
    },
  },
  {
    type: "shipyard:Deployment",
    platform: "shipyard",
    className: "Deployment",
    inputs: { template: "nginx", envVars: { MODE: "small" } },
    // Shipyard has no public URL either.
    config: { "shipyard:apiUrl": "http://127.0.0.1:9" },
    create() {
      return new shipyard.Deployment("serialized", this.inputs as shipyard.DeploymentArgs);
    },
  },
];

/** The `__provider` text of each resource the program registered, by type token. */
const serialized = new Map<string, string>();

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        serialized.set(args.type, String(args.inputs.__provider));
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "serialized-syntax",
    "test",
    true,
  );
});

describe("serialized provider code under the vendored TypeScript 3.8.3 parser", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pdd-serialized-"));
    // The folder a user's program runs in: the package resolves by name from its node_modules.
    const modules = join(dir, "node_modules");
    require("node:fs").mkdirSync(join(modules, "@pulumi"), { recursive: true });
    symlinkSync(ROOT, join(modules, "pulumi-dedicated-deployments"), "dir");
    symlinkSync(SDK, join(modules, "@pulumi", "pulumi"), "dir");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("the parser in force is the vendored 3.8.3, not the repository's TypeScript", () => {
    expect(require("typescript").version).toBe("3.8.3");
  });

  test("rejects syntax 3.8 does not know, so this guard can fail", async () => {
    const box: { value?: number } = {};
    // Built from text so that no compiler down-levels it: what a serialized closure would carry.
    const assignIfUnset = new Function("box", "box.value ??= 1; return box.value;") as (b: object) => number;
    await expect(pulumi.runtime.serializeFunction(() => assignIfUnset(box))).rejects.toThrow(
      /could not be parsed/,
    );
  });

  test.each(resources)(
    "$type serializes, loads in a program's folder and answers check",
    async (resource) => {
      const token = `pulumi-nodejs:dynamic/${resource.type}`;
      const instance = resource.create();
      await new Promise<void>((done) => instance.urn.apply(() => done()));
      const text = serialized.get(token);
      expect(text).toBeDefined();
      expect(text).toContain("exports.handler");

      const file = join(dir, `${resource.platform}-provider.js`);
      writeFileSync(file, text ?? "");
      const { handler } = require(file) as { handler: () => pulumi.dynamic.ResourceProvider };
      const provider = handler();
      await provider.configure?.({
        config: {
          get: (key: string) =>
            resource.config?.[key] ?? (key.endsWith(":apiKey") ? "serialized-key" : undefined),
          require: (key: string) => key,
        },
      });
      const checked = await provider.check?.({}, { ...resource.inputs, __provider: text });
      expect(checked?.failures).toEqual([]);
      expect(checked?.inputs).toMatchObject(resource.inputs);
      const invalid = await provider.check?.({}, { __provider: text });
      expect(invalid?.failures?.length).toBeGreaterThan(0);
    },
  );
});

describe("serialized provider of the installed package", () => {
  let dir: string;
  let results: Array<{
    platform: string;
    type: string;
    text: string;
    failures: unknown[];
    typescript: string;
  }>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pdd-installed-"));
    // A copy, not a link: the serializer names a module by its real path, which must lie in node_modules.
    const installed = join(dir, "node_modules", "pulumi-dedicated-deployments");
    mkdirSync(join(dir, "node_modules", "@pulumi"), { recursive: true });
    cpSync(join(ROOT, "package.json"), join(installed, "package.json"));
    cpSync(join(ROOT, "dist", "provider"), join(installed, "dist", "provider"), { recursive: true });
    symlinkSync(SDK, join(dir, "node_modules", "@pulumi", "pulumi"), "dir");
    symlinkSync(join(ROOT, "node_modules", "zod"), join(dir, "node_modules", "zod"), "dir");
    cpSync(join(__dirname, "fixtures", "serializeInstalled.js"), join(dir, "serialize.js"));
    const inputs = resources.map(({ platform, className, inputs, config }) => ({
      platform,
      className,
      args: inputs,
      config,
    }));
    writeFileSync(join(dir, "inputs.json"), JSON.stringify(inputs));
    const out = execFileSync(process.execPath, [join(dir, "serialize.js"), VENDORED], {
      cwd: dir,
      encoding: "utf8",
    });
    results = JSON.parse(out);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("is serialized under the vendored 3.8.3 parser", () => {
    expect(results.map((r) => r.typescript)).toEqual(resources.map(() => "3.8.3"));
  });

  test.each(resources)(
    "$type names the forwarding module, its implementation and export, in under 1 KB",
    (resource) => {
      const result = results.find((r) => r.platform === resource.platform);
      expect(result?.type).toBe(`pulumi-nodejs:dynamic/${resource.type}`);
      const text = result?.text ?? "";
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
      // The file's name where the serializer cannot read our package.json (here: the SDK is linked from the
      // repository), its export otherwise; package.json exports both.
      expect(text).toMatch(/require\("pulumi-dedicated-deployments\/dist\/provider\/core\/forward(\.js)?"\)/);
      expect(text).toContain(
        `.target = "pulumi-dedicated-deployments/dist/provider/${resource.platform}/provider"`,
      );
      expect(text).not.toContain("function __f1");
    },
  );

  test.each(resources)("$type loaded back from its text answers check", (resource) => {
    expect(results.find((r) => r.platform === resource.platform)?.failures).toEqual([]);
  });
});
