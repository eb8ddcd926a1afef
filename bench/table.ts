/** A plain-text table: a header, rows of cells, and section titles spanning the width. */
export type TableLine = { section: string } | { cells: string[] };

/** Renders `lines` with columns padded to their widest cell, so the table reads in any terminal or log. */
export function renderTable(header: string[], lines: TableLine[]): string {
  const rows = lines.filter((l): l is { cells: string[] } => "cells" in l).map((l) => l.cells);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const total = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1);
  const format = (cells: string[]) =>
    widths
      .map((w, i) => (cells[i] ?? "").padEnd(w))
      .join(" | ")
      .trimEnd();
  const out = [format(header), "-".repeat(total)];
  for (const line of lines) {
    out.push("cells" in line ? format(line.cells) : `${line.section}`);
  }
  return out.join("\n");
}

/** Milliseconds as seconds with one decimal: "12.3 s". */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The median of a non-empty list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** "POST /add 50, GET /get 50" for a count record; "none" when empty. */
export function describeCalls(counts: Record<string, number>): string {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (total === 0) return "0";
  const parts = Object.entries(counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([endpoint, n]) => `${endpoint} ${n}`);
  return `${total} (${parts.join(", ")})`;
}
