/**
 * What `npm pack` puts in the package users install: the built code and its types, and no source map,
 * since a map would name `.ts` files the package does not ship and stack traces would point at them.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

const packed = (): string[] => {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return (pack?.files ?? []).map((f) => f.path);
};

describe("the packed package", () => {
  let files: string[];
  beforeAll(() => {
    files = packed();
  });

  test("holds the built entry points and their types", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/provider/index.js",
        "dist/provider/index.d.ts",
        "dist/provider/roboflow/provider.js",
        "dist/provider/paperspace/provider.js",
        "dist/provider/nx1/provider.js",
        "dist/emulator/index.js",
        "package.json",
        "README.md",
      ]),
    );
  });

  test("ships no source map and no TypeScript source", () => {
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
  });
});
