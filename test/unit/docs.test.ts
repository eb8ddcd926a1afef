import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configTable } from "../../provider/core/config";
import { type InputSchema, inputsTable } from "../../provider/core/fields";
import { nativePlatform, platforms } from "../../provider/native/platforms";
import { ModelDeploymentInputs } from "../../provider/nx1/schema";
import { DeploymentInputs } from "../../provider/paperspace/schema";
import { DedicatedDeploymentInputs } from "../../provider/roboflow/schema";
import { DeploymentInputs as ShipyardInputs } from "../../provider/shipyard/schema";

const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

describe("the README's tables of inputs", () => {
  test.each([
    ["roboflow.DedicatedDeployment", DedicatedDeploymentInputs],
    ["paperspace.Deployment", DeploymentInputs],
    ["nx1.ModelDeployment", ModelDeploymentInputs],
    ["shipyard.Deployment", ShipyardInputs],
  ] as Array<[string, InputSchema]>)(
    "are the ones the schema of %s derives, row for row",
    (_resource, schema) => {
      expect(readme).toContain(inputsTable(schema));
    },
  );
});

describe("the README's configuration tables", () => {
  test.each(platforms)("are the ones %s's provider config derives, row for row", (platform) => {
    const { settings } = nativePlatform(platform);
    expect(readme).toContain(configTable(settings.config, settings));
  });
});
