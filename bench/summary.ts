/**
 * The headline figures of a run, side by side (what the issue asks, with its goals), and the table lines of
 * the per-language section. The raw series stay in `engine`, `readiness` and `languages` of last.json.
 */
import type { EngineFigures } from "./engine";
import type { LanguageFigures } from "./languages";
import type { NodeFloor, PluginStartFigures } from "./pluginStart";
import type { ReadinessFigures } from "./readiness";
import type { Derived } from "./report";
import { median, seconds, type TableLine } from "./table";

/** The goals. */
export const GOALS = {
  overheadCpu: 1.15,
  providerBytesPerCopy: 1024,
  growth: 2.5,
  pollsAt300s: 30,
  worstLatencyShare: 0.2,
  previewRatio: { javascript: 1.5, typescript: 1.5, yaml: 2.0, python: 1.3 } as Record<string, number>,
  pluginSpawnToPortMs: 200,
  /** The release's self-contained plugin (a Node.js single executable application). */
  selfContainedSpawnToPortMs: 100,
};

/** The dynamic path's figures, the poll figures, and each language's preview and up ratios. */
export function summarize(
  engine: EngineFigures | undefined,
  derived: Derived | undefined,
  readiness: ReadinessFigures | undefined,
) {
  const at300 = readiness?.rows.find((r) => r.pendingMs === 300_000);
  return {
    dynamic:
      engine && derived
        ? {
            count: engine.count,
            cpuRatio: { up: derived.overhead.up.cpu, destroy: derived.overhead.destroy.cpu },
            wallRatio: { up: derived.overhead.up.wall, destroy: derived.overhead.destroy.wall },
            serializedProviderBytesPerCopy: engine.state.deployments.providerBytesInOutputs,
            stateFileBytes: engine.state.deployments.stateFileBytes,
            growthCount: engine.growthCount,
            growth: derived.growth.deployments,
            goals: {
              cpuRatio: GOALS.overheadCpu,
              serializedProviderBytesPerCopy: GOALS.providerBytesPerCopy,
              growth: GOALS.growth,
            },
          }
        : null,
    polls:
      readiness && at300
        ? {
            at300s: at300.provider.polls,
            latencyAt300sMs: at300.provider.latencyMs,
            worstLatencyShare: readiness.sweep.provider.maxLatencyShare,
            meanLatencyMs: readiness.sweep.provider.meanLatencyMs,
            goals: { at300s: GOALS.pollsAt300s, worstLatencyShare: GOALS.worstLatencyShare },
          }
        : null,
  };
}

const met = (ok: boolean) => (ok ? "yes" : "NO");

/** Section 6: per language, the one-resource program's preview and up beside the empty program's. */
export function languageLines(rows: LanguageFigures[]): TableLine[] {
  if (rows.length === 0) return [];
  const lines: TableLine[] = [
    {
      section: `6. One resource / an empty program, same language (medians of ${rows[0]?.pairs} alternating pairs)`,
    },
  ];
  for (const row of rows) {
    const goal = GOALS.previewRatio[row.language];
    for (const command of ["preview", "up"] as const) {
      const f = row[command];
      const label = command === "preview" ? "preview, no change" : "up, creating it";
      lines.push({
        cells: [
          `  ${row.language} (${row.via}): ${label}`,
          `${f.wallRatio.toFixed(2)} wall, ${f.cpuRatio.toFixed(2)} CPU (${seconds(median(f.resource.wallMs))} / ${seconds(median(f.empty.wallMs))})`,
          command === "preview" && goal !== undefined ? `<= ${goal}` : "(reference)",
          command === "preview" && goal !== undefined ? met(f.wallRatio <= goal) : "",
        ],
      });
      if (f.reference) {
        lines.push({
          cells: [
            `    reference: one no-op ${row.via}`,
            `${f.reference.wallRatio.toFixed(2)} wall, ${f.reference.cpuRatio.toFixed(2)} CPU (${seconds(median(f.reference.program.wallMs))}): the engine's floor for one`,
            "(reference)",
            "",
          ],
        });
      }
    }
  }
  return lines;
}

/** The table lines of the native plugins' start: spawn to port and memory at rest, beside Node's floor. */
export function pluginLines(
  figures:
    | { plugins: PluginStartFigures[]; floor: NodeFloor; assets?: Array<{ name: string; bytes: number }> }
    | undefined,
): TableLine[] {
  if (!figures) return [];
  const lines: TableLine[] = [
    {
      section: `7. Native plugin start (medians of ${figures.plugins[0]?.runs} spawns each, as the engine starts it)`,
    },
  ];
  for (const p of figures.plugins) {
    const goal = p.via === "self-contained" ? GOALS.selfContainedSpawnToPortMs : GOALS.pluginSpawnToPortMs;
    lines.push({
      cells: [
        `  pulumi-resource-${p.platform} (${p.via}): spawn to port`,
        `${p.spawnToPortMs} ms (runs ${p.spawnToPortRunsMs.join(", ")}); ${p.restingRssMiB} MiB resident at rest`,
        `<= ${goal} ms`,
        met(p.spawnToPortMs <= goal),
      ],
    });
  }
  lines.push({
    cells: [
      "  reference: a Node.js process that prints a line",
      `${figures.floor.spawnToLineMs} ms; ${figures.floor.restingRssMiB} MiB resident`,
      "(reference)",
      "",
    ],
  });
  for (const asset of figures.assets ?? []) {
    lines.push({
      cells: [
        `  release asset ${asset.name}`,
        asset.bytes >= 1 << 20
          ? `${(asset.bytes / (1 << 20)).toFixed(1)} MiB`
          : `${(asset.bytes / 1024).toFixed(0)} KiB`,
        "(size)",
        "",
      ],
    });
  }
  return lines;
}
