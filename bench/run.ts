/**
 * The benchmark: runs every measurement, prints one table, and writes the figures to bench/out/last.json.
 * Figures only, never a timed assertion; a check fails the run only when a command did not do its job.
 *
 *   npm run bench                                   # everything, as the README reports it
 *   npx ts-node --transpile-only bench/run.ts --only readiness
 *   npx ts-node --transpile-only bench/run.ts --count 10 --growth-count 40 --rounds 1 --growth-rounds 1
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { platformNames } from "../provider/platforms";
import { PULUMI_VERSION, packedWorkspace, ROOT } from "../scenarios/workspace";
import { type EngineFigures, measureEngine } from "./engine";
import { type LanguageFigures, measureLanguages } from "./languages";
import { measurePluginStart, type ReleaseAsset, releasedPlugins } from "./pluginStart";
import { measureReadiness, type ReadinessFigures } from "./readiness";
import { type Derived, derive, engineLines, readinessLines } from "./report";
import { languageLines, pluginLines, summarize } from "./summary";
import { renderTable } from "./table";

const OUT_FILE = path.join(ROOT, "bench", "out", "last.json");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      count: { type: "string", default: "50" },
      "growth-count": { type: "string", default: "200" },
      rounds: { type: "string", default: "5" },
      "growth-rounds": { type: "string", default: "2" },
      pairs: { type: "string", default: "5" },
      languages: { type: "string" },
    },
  });
  const only = values.only;
  const parts = ["readiness", "engine", "languages", "plugin"];
  if (only !== undefined && !parts.includes(only)) {
    throw new Error(`--only takes ${parts.join(", ")}, not ${only}`);
  }
  const runs = (part: string) => only === undefined || only === part;
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) {
    throw new Error(
      `Node ${process.versions.node}: run \`source scripts/env.sh\` first (Node >= 22 and the engine)`,
    );
  }
  const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const started = performance.now();

  let readiness: ReadinessFigures | undefined;
  if (runs("readiness")) {
    progress("readiness latency on a virtual clock");
    readiness = await measureReadiness();
  }
  let engine: EngineFigures | undefined;
  let derived: Derived | undefined;
  if (runs("engine")) {
    engine = await measureEngine({
      count: Number(values.count),
      growthCount: Number(values["growth-count"]),
      rounds: Number(values.rounds),
      growthRounds: Number(values["growth-rounds"]),
      progress,
    });
    derived = derive(engine);
  }
  let languages: LanguageFigures[] = [];
  if (runs("languages")) {
    progress("one resource beside an empty program, per language");
    languages = await measureLanguages(Number(values.pairs), progress, values.languages?.split(","));
  }
  let plugin: (Awaited<ReturnType<typeof measurePluginStart>> & { assets: ReleaseAsset[] }) | undefined;
  if (runs("plugin")) {
    progress("the release's assets (built once per build of the package)");
    const release = await releasedPlugins();
    progress("native plugins: spawn to port, memory at rest, npm script and self-contained");
    plugin = {
      ...(await measurePluginStart(
        await packedWorkspace(),
        platformNames(),
        Number(values.pairs),
        release.executables,
      )),
      assets: release.assets,
    };
  }
  const durationSeconds = Math.round((performance.now() - started) / 1000);

  const engineBlock = engine && derived ? engineLines(engine, derived) : { calls: [], rest: [] };
  const lines = [
    ...engineBlock.calls,
    ...(readiness ? readinessLines(readiness) : []),
    ...engineBlock.rest,
    ...languageLines(languages),
    ...pluginLines(plugin),
  ];
  const machine = {
    cpus: os.cpus().length,
    node: process.versions.node,
    pulumi: PULUMI_VERSION,
    platform: `${os.platform()} ${os.arch()}`,
  };
  console.log(
    `\nBenchmark, ${new Date().toISOString()}: ${machine.cpus} CPUs, Node ${machine.node}, Pulumi ${machine.pulumi}, ` +
      `${durationSeconds} s in all\n`,
  );
  console.log(renderTable(["Figure", "Measured", "Goal", "Met"], lines));

  fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
  // The headline figures first, side by side; the raw series after. `languages` holds one row per
  // language and way of serving the resource, `plugin` the native plugin's start (spawn to port, memory).
  const figures = {
    measuredAt: new Date().toISOString(),
    durationSeconds,
    machine,
    summary: summarize(engine, derived, readiness),
    languages,
    plugin: plugin ?? null,
    readiness,
    engine,
    derived,
  };
  fs.writeFileSync(OUT_FILE, `${JSON.stringify(figures, null, 2)}\n`);
  formatWithBiome(OUT_FILE);
  console.log(`\nfigures written to ${path.relative(process.cwd(), OUT_FILE)}`);
}

/** Keeps `biome check .` clean: bench/out is git-ignored, but Biome does not read .gitignore here. */
function formatWithBiome(file: string): void {
  const biome = path.join(ROOT, "node_modules", ".bin", "biome");
  try {
    execFileSync(biome, ["format", "--write", file], { cwd: ROOT, stdio: "ignore" });
  } catch {
    // Formatting is a courtesy to the linter; the figures are written either way.
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
