import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { thinProvider } from "../../provider/core/dynamic";

const PACKAGE = "pulumi-dedicated-deployments";
const MODULE = "dist/provider/roboflow/provider";
const SECRET = "rf-key-Zq81XvK3pL-thin";

/** Serializes a provider the way `@pulumi/pulumi/dynamic` does for every resource's `__provider`. */
async function serialize(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  expect(serialized.containsSecrets).toBe(false);
  return serialized.text;
}

describe("the thin provider", () => {
  const savedKey = process.env.ROBOFLOW_API_KEY;
  beforeAll(() => {
    process.env.ROBOFLOW_API_KEY = SECRET;
  });
  afterAll(() => {
    if (savedKey === undefined) delete process.env.ROBOFLOW_API_KEY;
    else process.env.ROBOFLOW_API_KEY = savedKey;
  });

  test("serializes to a few kilobytes", async () => {
    const text = await serialize(thinProvider(PACKAGE, MODULE, "DedicatedDeploymentProvider"));
    const bytes = Buffer.byteLength(text);
    console.log(`serialized thin provider: ${bytes} bytes`);
    expect(bytes).toBeLessThan(8 * 1024);
  });

  test("captures no secret, no library and no schema", async () => {
    const text = await serialize(thinProvider(PACKAGE, MODULE, "DedicatedDeploymentProvider"));
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/zod|ZodObject|RoboflowClient|deployment_name/);
  });

  test("requires the implementation by package name at call time", async () => {
    const text = await serialize(thinProvider(PACKAGE, MODULE, "DedicatedDeploymentProvider"));
    expect(text).toContain(`.target = "${PACKAGE}/${MODULE}"`);
    expect(text).toContain('.exportName = "DedicatedDeploymentProvider"');
    expect(text).toMatch(/require\(provider\.target\)\[provider\.exportName\]/);
  });

  describe("loaded from its serialized text in another directory", () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), "thin-provider-"));
      const implDir = join(dir, "node_modules", PACKAGE, "dist", "provider", "roboflow");
      mkdirSync(implDir, { recursive: true });
      writeFileSync(join(dir, "node_modules", PACKAGE, "package.json"), JSON.stringify({ name: PACKAGE }));
      // A stand-in implementation that says which method ran with which arguments.
      writeFileSync(
        join(implDir, "provider.js"),
        `let instances = 0;
        class DedicatedDeploymentProvider {
          constructor() { this.instance = ++instances; }
          async configure(req) { this.key = req.config.get("roboflow:apiKey"); }
          async check(olds, news) { return { inputs: news, failures: [], instance: this.instance, key: this.key }; }
          async diff(id, olds, news) { return { changes: true, id }; }
          async create(inputs) { return { id: inputs.deploymentName, outs: inputs }; }
          async read(id, props) { return { id, props }; }
          async update(id, olds, news) { return { outs: news }; }
          async delete(id) { this.deleted = id; }
        }
        module.exports = { DedicatedDeploymentProvider };`,
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test("delegates every method to one instance of the implementation", async () => {
      const text = await serialize(thinProvider(PACKAGE, MODULE, "DedicatedDeploymentProvider"));
      writeFileSync(join(dir, "shim.js"), text);
      const { handler } = require(join(dir, "shim.js")) as { handler: () => pulumi.dynamic.ResourceProvider };
      const provider = handler();
      await provider.configure?.({ config: { get: () => "configured", require: () => "configured" } });
      const checked = (await provider.check?.({}, { deploymentName: "dev-testing" })) as unknown as {
        instance: number;
        key: string;
      };
      expect(checked).toMatchObject({
        inputs: { deploymentName: "dev-testing" },
        instance: 1,
        key: "configured",
      });
      expect(await provider.diff?.("dev-testing", {}, {})).toEqual({ changes: true, id: "dev-testing" });
      expect(await provider.create?.({ deploymentName: "dev-testing" })).toEqual({
        id: "dev-testing",
        outs: { deploymentName: "dev-testing" },
      });
      expect(await provider.read?.("dev-testing", { a: 1 })).toEqual({ id: "dev-testing", props: { a: 1 } });
      expect(await provider.update?.("dev-testing", {}, { b: 2 })).toEqual({ outs: { b: 2 } });
      await provider.delete?.("dev-testing", {});
      const again = (await provider.check?.({}, {})) as unknown as { instance: number };
      expect(again.instance).toBe(1);
    });
  });
});
