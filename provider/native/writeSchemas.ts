/**
 * Writes each platform's package schema to `schema/<platform>.json` at the package root: run by
 * `npm run build`; a unit test checks that the committed files are what the generator makes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Platform } from "../registry";
import { packageSchema } from "./packageSchema";
import { platforms } from "./platforms";
import { packageVersion } from "./plugin";

/** The schema file's text for `platform`: two-space JSON with a final newline. */
export function schemaText(platform: Platform, version = packageVersion()): string {
  return `${JSON.stringify(packageSchema(platform, version), null, 2)}\n`;
}

/** The folder the schema files live in: `schema/` beside package.json. */
export function schemaDir(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    dir = path.dirname(dir);
  }
  return path.join(dir, "schema");
}

if (require.main === module) {
  fs.mkdirSync(schemaDir(), { recursive: true });
  for (const platform of platforms) {
    fs.writeFileSync(path.join(schemaDir(), `${platform}.json`), schemaText(platform));
  }
}
