import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configTable } from "../../provider/core/config";
import { inputsTable } from "../../provider/core/fields";
import { type PlatformDescriptor, platformList } from "../../provider/platforms";

const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

describe("the README's tables of inputs", () => {
  test.each(platformList.map((p): [string, PlatformDescriptor] => [`${p.name}.${p.implementation.type}`, p]))(
    "are the ones the schema of %s derives, row for row",
    (_resource, descriptor) => {
      expect(readme).toContain(inputsTable(descriptor.inputs));
    },
  );
});

describe("the README's configuration tables", () => {
  test.each(platformList.map((p) => [p.name, p] as const))(
    "are the ones %s's provider config derives, row for row",
    (_name, { settings }) => {
      expect(readme).toContain(configTable(settings.config, settings));
    },
  );
});
