/**
 * What the policy pack finds of each platform in its descriptor: the type tokens of both paths and where
 * the inputs keep the fields the policies judge. A renamed input or a new platform changes this table.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACK_DIR, runnerPath } from "../../policy/launcher";
import { pathText, policyTargets, targetOfType, valueAt } from "../../policy/targets";
import { platformList } from "../../provider/platforms";

const ROOT = join(__dirname, "..", "..");
const readJson = (file: string) => JSON.parse(readFileSync(join(ROOT, file), "utf8"));

describe("the policy targets", () => {
  test("are the platform list's platforms, in its order", () => {
    expect(policyTargets.map((t) => t.platform)).toEqual(platformList.map((d) => d.name));
  });

  test("find each platform's fields in its input schema", () => {
    const table = Object.fromEntries(
      policyTargets.map((t) => [
        t.platform,
        {
          resource: t.resource,
          machineType: t.machineType && pathText(t.machineType),
          replicas: t.replicas.map(pathText),
          duration: t.duration && pathText(t.duration),
          deleteOnExpiration: t.deleteOnExpiration && pathText(t.deleteOnExpiration),
          name: t.name && pathText(t.name),
          apiKey: t.apiKey && pathText(t.apiKey),
          key: `${t.keyConfig} / ${t.keyEnv}`,
        },
      ]),
    );
    expect(table).toEqual({
      roboflow: {
        resource: "roboflow.DedicatedDeployment",
        machineType: "machineType",
        replicas: ["maxReplicas"],
        duration: "duration",
        deleteOnExpiration: "deleteOnExpiration",
        name: "deploymentName",
        apiKey: "apiKey",
        key: "roboflow:apiKey / ROBOFLOW_API_KEY",
      },
      paperspace: {
        resource: "paperspace.Deployment",
        machineType: "resources.machineType",
        replicas: ["resources.replicas", "resources.autoscaling.maxReplicas"],
        duration: undefined,
        deleteOnExpiration: undefined,
        name: "name",
        apiKey: "apiKey",
        key: "paperspace:apiKey / PAPERSPACE_API_KEY",
      },
      nx1: {
        resource: "nx1.ModelDeployment",
        machineType: undefined,
        replicas: [],
        duration: undefined,
        deleteOnExpiration: undefined,
        name: "name",
        apiKey: "apiKey",
        key: "nx1:apiKey / NX1_API_KEY",
      },
      shipyard: {
        resource: "shipyard.Deployment",
        machineType: undefined,
        replicas: [],
        duration: undefined,
        deleteOnExpiration: undefined,
        name: "name",
        apiKey: "apiKey",
        key: "shipyard:apiKey / SHIPYARD_API_KEY",
      },
    });
  });

  test.each(platformList.map((d) => [d.name, d.implementation.type] as const))(
    "recognise %s's resource by its dynamic and its native token",
    (platform, type) => {
      expect(targetOfType(`pulumi-nodejs:dynamic/${platform}:${type}`)?.platform).toBe(platform);
      expect(targetOfType(`${platform}:index:${type}`)?.platform).toBe(platform);
    },
  );

  test("leave every other resource alone", () => {
    expect(targetOfType("pulumi:pulumi:Stack")).toBeUndefined();
    expect(targetOfType("pulumi:providers:roboflow")).toBeUndefined();
    expect(targetOfType("aws:s3/bucket:Bucket")).toBeUndefined();
  });

  test("read a value along a path, and nothing where a step is missing or not an object", () => {
    const props = { resources: { replicas: 2, autoscaling: null }, name: "x" };
    expect(valueAt(props, ["resources", "replicas"])).toBe(2);
    expect(valueAt(props, ["resources", "autoscaling", "maxReplicas"])).toBeUndefined();
    expect(valueAt(props, ["name", "length"])).toBeUndefined();
    expect(valueAt(props, ["missing", "deeper"])).toBeUndefined();
  });
});

describe("the policy pack as the package ships it", () => {
  const packageJson = readJson("package.json");

  test("is a pack folder the engine loads: PulumiPolicy.yaml with the nodejs runtime", () => {
    expect(readFileSync(join(ROOT, "policy", "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  });

  test("has the package's version and points at the built pack program", () => {
    const pack = readJson("policy/package.json");
    expect(pack.version).toBe(packageJson.version);
    expect(pack.main).toBe("../dist/policy/pack.js");
  });

  test("is packed, with its launcher as a bin and @pulumi/policy as a dependency", () => {
    expect(packageJson.files).toEqual(
      expect.arrayContaining(["dist/policy", "policy/PulumiPolicy.yaml", "policy/package.json"]),
    );
    expect(packageJson.bin["pulumi-dedicated-deployments-policy"]).toBe("dist/policy/launcher.js");
    expect(packageJson.dependencies["@pulumi/policy"]).toMatch(/^\^1\./);
  });

  test("has a launcher that finds the pack folder and the policy pack runner", () => {
    expect(PACK_DIR).toBe(join(ROOT, "policy"));
    expect(runnerPath()).toBe(require.resolve("@pulumi/pulumi/cmd/run-policy-pack"));
  });
});
