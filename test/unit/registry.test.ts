import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as surface from "../../provider";
import { platformList } from "../../provider/platforms";
import { implementations, PACKAGE_NAME, type Platform, providerOf } from "../../provider/registry";

const ROOT = join(__dirname, "..", "..");
const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const platforms = Object.keys(implementations) as Platform[];

describe("the implementation registry", () => {
  test.each(platforms)("names a subpath of %s that package.json exports by name", (platform) => {
    const { subpath } = implementations[platform];
    const entry = packageJson.exports[`./${subpath}`];
    expect(entry).toEqual({ types: `./${subpath}.d.ts`, default: `./${subpath}.js` });
  });

  test.each(platforms)("points %s at a source module that exports its class", async (platform) => {
    const { subpath, exportName } = implementations[platform];
    const source = join(ROOT, subpath.replace(/^dist\//, ""));
    expect(existsSync(`${source}.ts`)).toBe(true);
    const module = await import(source);
    expect(typeof module[exportName]).toBe("function");
    expect(typeof new module[exportName]({ env: {} }).create).toBe("function");
  });

  test("keeps the subpaths and export names that states written by earlier versions require", () => {
    expect(implementations.roboflow).toMatchObject({
      subpath: "dist/provider/roboflow/provider",
      exportName: "DedicatedDeploymentProvider",
    });
    expect(implementations.paperspace).toMatchObject({
      subpath: "dist/provider/paperspace/provider",
      exportName: "DeploymentProvider",
    });
    expect(implementations.nx1).toMatchObject({
      subpath: "dist/provider/nx1/provider",
      exportName: "ModelDeploymentProvider",
    });
    expect(implementations.shipyard).toMatchObject({
      subpath: "dist/provider/shipyard/provider",
      exportName: "DeploymentProvider",
    });
  });

  test("the package name said once in the code is package.json's", () => {
    expect(packageJson.name).toBe(PACKAGE_NAME);
  });

  test.each(platforms)(
    "finds %s's module from the sources' provider/ folder as the native loader does",
    (platform) => {
      const { modulePath, subpath } = implementations[platform];
      expect(subpath).toBe(`dist/provider/${modulePath}`);
      expect(existsSync(join(ROOT, "provider", `${modulePath}.ts`))).toBe(true);
    },
  );

  test("exports no wildcard subpath: the package's surface is what it names", () => {
    expect(Object.keys(packageJson.exports).filter((key) => key.includes("*"))).toEqual([]);
  });

  test("serves one serialized provider per platform", () => {
    expect(providerOf("roboflow")).toBe(providerOf("roboflow"));
    expect(providerOf("roboflow")).not.toBe(providerOf("paperspace"));
    expect(providerOf("nx1")).not.toBe(providerOf("paperspace"));
    expect(providerOf("shipyard")).not.toBe(providerOf("paperspace"));
  });
});

describe("the platform list", () => {
  const names = platformList.map((descriptor) => descriptor.name);

  test("is what package.json bin names as plugins, no more and no fewer", () => {
    const plugins = Object.keys(packageJson.bin).filter((name) => name.startsWith("pulumi-resource-"));
    expect(plugins.sort()).toEqual(names.map((name) => `pulumi-resource-${name}`).sort());
  });

  test("is what package.json exports as implementation subpaths, no more and no fewer", () => {
    // The serialized providers' shared forwarding module is exported beside them (core/forward).
    const subpaths = Object.keys(packageJson.exports).filter(
      (key) => key.startsWith("./dist/provider/") && !key.startsWith("./dist/provider/core/"),
    );
    expect(subpaths.sort()).toEqual(names.map((name) => `./${implementations[name].subpath}`).sort());
  });

  test("is the package's namespaces, one per platform", () => {
    expect(Object.keys(surface).sort()).toEqual([...names].sort());
  });

  test.each(names)("gives %s a schema file", (name) => {
    expect(existsSync(join(ROOT, "schema", `${name}.json`))).toBe(true);
  });
});
