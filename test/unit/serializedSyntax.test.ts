/**
 * The code Pulumi serializes into state is parsed by the program's own `typescript`, or, in every
 * JavaScript program (which has none), by the TypeScript 3.8.3 that `@pulumi/pulumi` vendors. Here the
 * vendored parser is forced, each resource class's provider is serialized exactly as the resource does
 * it, and the text is loaded in another folder and called.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const SDK = resolve(__dirname, "..", "..", "node_modules", "@pulumi", "pulumi");
const VENDORED = join(SDK, "vendor", "typescript@3.8.3", "typescript.js");
jest.mock("typescript", () => jest.requireActual(VENDORED));

import * as pulumi from "@pulumi/pulumi";
import { nx1, paperspace, roboflow } from "../../provider";

const ROOT = resolve(__dirname, "..", "..");

/**
 * Every resource class, constructed with inputs that pass its check, the platform it serves, and the stack
 * config its check needs besides an API key.
 */
const resources: Array<{
  type: string;
  platform: string;
  create: () => pulumi.CustomResource;
  inputs: object;
  config?: Record<string, string>;
}> = [
  {
    type: "roboflow:DedicatedDeployment",
    platform: "roboflow",
    inputs: { deploymentName: "dev-testing", machineType: "dev-gpu", creatorEmail: "me@example.com" },
    create() {
      return new roboflow.DedicatedDeployment("serialized", this.inputs as roboflow.DedicatedDeploymentArgs);
    },
  },
  {
    type: "paperspace:Deployment",
    platform: "paperspace",
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
