import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type InputSchema, inputsTable } from "../../provider/core/fields";
import { ModelDeploymentInputs } from "../../provider/nx1/schema";
import { DeploymentInputs } from "../../provider/paperspace/schema";
import { DedicatedDeploymentInputs } from "../../provider/roboflow/schema";
import { DeploymentInputs as ShipyardInputs } from "../../provider/shipyard/schema";

const page = (platform: string) =>
  readFileSync(join(__dirname, "..", "..", "docs", `${platform}.md`), "utf8");

describe("the platform pages' tables of inputs", () => {
  test.each([
    ["roboflow", DedicatedDeploymentInputs],
    ["paperspace", DeploymentInputs],
    ["nx1", ModelDeploymentInputs],
    ["shipyard", ShipyardInputs],
  ] as Array<[string, InputSchema]>)("docs/%s.md holds the table its schema derives, row for row", (platform, schema) => {
    expect(page(platform)).toContain(inputsTable(schema));
  });
});

describe("the README", () => {
  test("is an overview a newcomer reads in minutes: at most 300 lines", () => {
    const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(300);
  });
});
