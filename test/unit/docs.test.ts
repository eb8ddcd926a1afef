import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type InputSchema, inputsTable } from "../../provider/core/fields";
import { ModelDeploymentInputs } from "../../provider/nx1/schema";
import { DeploymentInputs } from "../../provider/paperspace/schema";
import { DedicatedDeploymentInputs } from "../../provider/roboflow/schema";

const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

describe("the README's tables of inputs", () => {
  test.each([
    ["roboflow.DedicatedDeployment", DedicatedDeploymentInputs],
    ["paperspace.Deployment", DeploymentInputs],
    ["nx1.ModelDeployment", ModelDeploymentInputs],
  ] as Array<[string, InputSchema]>)(
    "are the ones the schema of %s derives, row for row",
    (_resource, schema) => {
      expect(readme).toContain(inputsTable(schema));
    },
  );
});
