/** docs/policy.md says what the pack is: its reference table row for row, and a section per policy. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { policies } from "../../policy/policies";
import { policiesTable } from "../../policy/reference";

const root = join(__dirname, "..", "..");
const read = (file: string) => readFileSync(join(root, file), "utf8");

describe("docs/policy.md", () => {
  const page = read("docs/policy.md");

  test("holds the table the policies derive, row for row", () => {
    expect(page).toContain(policiesTable());
  });

  test.each(policies.map((p) => [p.name, p.enforcementLevel] as const))(
    "has a section on %s, headed with its default level (%s)",
    (name, level) => {
      const heading = new RegExp(`^### \`${name}\` \\((${level}|${level} by default)\\)$`, "m");
      expect(page).toMatch(heading);
    },
  );

  test("is linked from the README and the GitOps example", () => {
    expect(read("README.md")).toContain("(docs/policy.md)");
    expect(read("examples/gitops/README.md")).toContain("(../../docs/policy.md)");
  });
});
