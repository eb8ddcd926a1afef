import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const SDK = join(ROOT, "sdk");
// The Go module's own files are kept by hand (`go mod tidy`); everything else under sdk/ is generated.
const HAND_KEPT = new Set(["go/go.mod", "go/go.sum"]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe("the generated SDKs under sdk/", () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), "pdd-sdkgen-"));
    // Builds tools/sdkgen once per machine (cached beside the CLI), then generates in about a second.
    execFileSync("bash", [join(ROOT, "scripts", "generate-sdks.sh"), out], { stdio: "pipe" });
  }, 600_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test("are exactly what scripts/generate-sdks.sh writes from schema/ (run it after a schema change)", () => {
    const committed = filesUnder(SDK).filter((file) => !HAND_KEPT.has(file));
    expect(committed).toEqual(filesUnder(out));
    for (const file of committed) {
      expect({ file, text: readFileSync(join(SDK, file), "utf8") }).toEqual({
        file,
        text: readFileSync(join(out, file), "utf8"),
      });
    }
  });

  test("hold a Python package and a Go package per platform schema", () => {
    const platforms = readdirSync(join(ROOT, "schema")).map((name) => name.replace(/\.json$/, ""));
    for (const platform of platforms) {
      expect(readFileSync(join(SDK, "python", platform, "pyproject.toml"), "utf8")).toContain(
        `name = "pulumi_${platform}"`,
      );
      expect(readdirSync(join(SDK, "go", platform))).toContain("provider.go");
    }
  });
});
