import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configTable } from "../../provider/core/config";
import { inputsTable } from "../../provider/core/fields";
import { lookupsTable, outputsTable } from "../../provider/native/referenceTables";
import { type PlatformDescriptor, platformList } from "../../provider/platforms";

const root = join(__dirname, "..", "..");
const page = (platform: string) => readFileSync(join(root, "docs", `${platform}.md`), "utf8");
const platforms = platformList.map((p): [string, PlatformDescriptor] => [p.name, p]);

describe("the platform pages' tables of inputs", () => {
  test.each(platforms)("docs/%s.md holds the table its schema derives, row for row", (name, descriptor) => {
    expect(page(name)).toContain(inputsTable(descriptor.inputs));
  });
});

describe("the platform pages' configuration tables", () => {
  test.each(platforms)(
    "docs/%s.md holds the table its provider config derives, row for row",
    (name, { settings }) => {
      expect(page(name)).toContain(configTable(settings.config, settings));
    },
  );
});

describe("the platform pages' outputs and lookups", () => {
  test.each(platforms)(
    "docs/%s.md lists the outputs its descriptor declares beyond the inputs",
    (name, p) => {
      expect(page(name)).toContain(outputsTable(p.outputs, p.inputs));
    },
  );

  test.each(platforms)("docs/%s.md lists every lookup, its arguments and its result", (name, p) => {
    expect(page(name)).toContain(lookupsTable(name, p.lookups));
  });
});

describe("the README", () => {
  test("is an overview a newcomer reads in minutes: at most 300 lines", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(300);
  });
});
