import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageSchema } from "../../provider/native/packageSchema";
import { platforms, pluginName, resourceToken } from "../../provider/native/platforms";
import { engineAddress, platformOf, shippedSchema } from "../../provider/native/plugin";
import { schemaText } from "../../provider/native/writeSchemas";
import { descriptorOf } from "../../provider/platforms";

const ROOT = join(__dirname, "..", "..");
const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

type Property = {
  type?: string;
  $ref?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  default?: unknown;
};
type ResourceSpec = {
  inputProperties: Record<string, Property>;
  properties: Record<string, Property>;
  requiredInputs: string[];
};
const resourceOf = (platform: (typeof platforms)[number]) =>
  (packageSchema(platform, "1.2.3").resources as Record<string, ResourceSpec>)[
    resourceToken(platform)
  ] as ResourceSpec;

describe("the native plugins' package schemas", () => {
  test.each(platforms)(
    "schema/%s.json is what the generator makes (run npm run build after a schema change)",
    (platform) => {
      expect(readFileSync(join(ROOT, "schema", `${platform}.json`), "utf8")).toBe(schemaText(platform));
    },
  );

  test.each(platforms)("declares every input of %s with its facts", (platform) => {
    const resource = resourceOf(platform);
    expect(Object.keys(resource.inputProperties)).toEqual(Object.keys(descriptorOf(platform).inputs.shape));
    expect(resource.inputProperties.apiKey?.secret).toBe(true);
    expect(resource.properties.apiKey?.secret).toBe(true);
    expect(resource.inputProperties.readyTimeoutMinutes).toMatchObject({ type: "number", default: 20 });
  });

  test("marks the inputs that replace a Roboflow deployment, and only those", () => {
    const inputs = resourceOf("roboflow").inputProperties;
    const replacing = Object.keys(inputs).filter((key) => inputs[key]?.replaceOnChanges);
    expect(replacing).toEqual([
      "deploymentName",
      "machineType",
      "creatorEmail",
      "duration",
      "inferenceVersion",
      "minReplicas",
      "maxReplicas",
      "deleteOnExpiration",
    ]);
    expect(resourceOf("roboflow").requiredInputs).toEqual(["creatorEmail", "deploymentName", "machineType"]);
  });

  test("gives Paperspace's nested inputs named types and its secret map as a secret", () => {
    const schema = packageSchema("paperspace", "1.2.3");
    const inputs = resourceOf("paperspace").inputProperties;
    expect(inputs.resources?.$ref).toBe("#/types/paperspace:index:DeploymentResources");
    expect(inputs.env).toMatchObject({ type: "object", secret: true });
    expect(Object.keys(schema.types as object)).toContain("paperspace:index:DeploymentResourcesAutoscaling");
    expect(resourceOf("paperspace").inputProperties.projectId?.replaceOnChanges).toBe(true);
    expect(resourceOf("paperspace").inputProperties.image?.replaceOnChanges).toBeUndefined();
  });

  test("declares the config keys the dynamic resources read, the key secret, and the lookups as functions", () => {
    const schema = packageSchema("roboflow", "1.2.3") as {
      config: { variables: Record<string, Property> };
      functions: Record<string, unknown>;
    };
    expect(schema.config.variables.apiKey?.secret).toBe(true);
    expect(Object.keys(schema.config.variables)).toEqual(["apiKey", "apiUrl", "adoptExisting"]);
    expect(schema.config.variables.adoptExisting?.type).toBe("boolean");
    expect(Object.keys(schema.functions)).toEqual([
      "roboflow:index:getDeployment",
      "roboflow:index:listDeployments",
      "roboflow:index:listUnmanagedDeployments",
      "roboflow:index:getMachineTypes",
      "roboflow:index:getDeploymentLogs",
      "roboflow:index:getWorkspaceUsage",
      "roboflow:index:getDeploymentUsage",
    ]);
  });
});

describe("the plugin executables", () => {
  test.each(platforms)(
    "package.json bin names pulumi-resource-%s, pointing at the plugin launcher",
    (platform) => {
      expect(packageJson.bin[pluginName(platform)]).toBe("dist/provider/native/plugin.js");
    },
  );

  test("the launcher tells the platform from the name it was started under", () => {
    expect(platformOf("/p/node_modules/.bin/pulumi-resource-roboflow")).toBe("roboflow");
    expect(platformOf("C:\\x\\pulumi-resource-paperspace.cmd".replaceAll("\\", "/"))).toBe("paperspace");
    expect(platformOf("/p/dist/provider/native/plugin.js")).toBeUndefined();
  });

  test.each(platforms)(
    "the %s launcher answers GetSchema with the schema file the package ships, which is the generator's",
    (platform) => {
      expect(shippedSchema(platform)).toBe(schemaText(platform));
    },
  );

  test("the engine's address is the first argument that is not a logging or tracing flag", () => {
    expect(engineAddress(["--logtostderr", "-v=9", "--tracing", "x:1", "127.0.0.1:5"])).toBe("127.0.0.1:5");
    expect(engineAddress([])).toBeUndefined();
  });
});
