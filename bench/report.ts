/**
 * The report: ratios drawn from the raw figures, and the table lines that print them with their goals.
 */
import type { EngineFigures, Timings } from "./engine";
import type { ReadinessFigures } from "./readiness";
import { GOALS } from "./summary";
import { describeCalls, median, seconds, type TableLine } from "./table";

/** The goal for CPU time of our stack over the no-op stack (CPU: what other load disturbs least). */
const OVERHEAD_GOAL = GOALS.overheadCpu;

/** A ratio of medians, in wall time and in CPU time of the engine's processes. */
export interface Ratio {
  wall: number;
  cpu: number;
}

/** Ratios drawn from the engine timings: medians over rounds, and each round's own ratio for spread. */
export interface Derived {
  overhead: { up: Ratio; destroy: Ratio; upAndDestroy: Ratio; perRoundWall: number[] };
  /** Parts of the overhead, each a no-op stack with one of our costs added, over the plain no-op stack. */
  attribution: { packageInProgram: Ratio; ourProperties: Ratio };
  /** Deployments over no-op resources with as many properties: what remains is our provider's own work. */
  overSameProperties: { up: Ratio; destroy: Ratio };
  growth: { deployments: Ratio; noop: Ratio; noopWithOurProperties: Ratio };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const upAndDestroy = (t: Timings) => t.up.map((up, i) => up + (t.destroy[i] ?? 0));
const upAndDestroyCpu = (t: Timings) => t.upCpu.map((up, i) => up + (t.destroyCpu[i] ?? 0));

/** median(a) / median(b), for the wall and CPU series `pick` chooses. */
function ratio(a: Timings, b: Timings, pick: (t: Timings) => [number[], number[]]): Ratio {
  const [aWall, aCpu] = pick(a);
  const [bWall, bCpu] = pick(b);
  return { wall: round2(median(aWall) / median(bWall)), cpu: round2(median(aCpu) / median(bCpu)) };
}

export function derive(engine: EngineFigures): Derived {
  const { deployments, noop, noopWithPackage, noopWithOurProperties } = engine.timings;
  const both = (t: Timings): [number[], number[]] => [upAndDestroy(t), upAndDestroyCpu(t)];
  const nn = upAndDestroy(noop);
  return {
    overhead: {
      up: ratio(deployments, noop, (t) => [t.up, t.upCpu]),
      destroy: ratio(deployments, noop, (t) => [t.destroy, t.destroyCpu]),
      upAndDestroy: ratio(deployments, noop, both),
      perRoundWall: upAndDestroy(deployments).map((d, i) => round2(d / (nn[i] ?? Number.NaN))),
    },
    attribution: {
      packageInProgram: ratio(noopWithPackage, noop, both),
      ourProperties: ratio(noopWithOurProperties, noop, both),
    },
    overSameProperties: {
      up: ratio(deployments, noopWithOurProperties, (t) => [t.up, t.upCpu]),
      destroy: ratio(deployments, noopWithOurProperties, (t) => [t.destroy, t.destroyCpu]),
    },
    growth: {
      deployments: ratio(engine.growthTimings.deployments, deployments, both),
      noop: ratio(engine.growthTimings.noop, noop, both),
      noopWithOurProperties: ratio(engine.growthTimings.noopWithOurProperties, noopWithOurProperties, both),
    },
  };
}

const met = (ok: boolean) => (ok ? "yes" : "NO");
const wallAndCpu = (r: Ratio) => `${r.wall.toFixed(2)} wall, ${r.cpu.toFixed(2)} CPU`;

export function readinessLines(r: ReadinessFigures): TableLine[] {
  const lines: TableLine[] = [{ section: "2. Readiness latency after the flip to ready (virtual clock)" }];
  for (const row of r.rows) {
    const pending = seconds(row.pendingMs).replace(".0 s", " s");
    const pollGoal = row.pendingMs === 300_000 ? 30 : undefined;
    const ok =
      row.provider.latencyMs <= row.latencyGoalMs &&
      (pollGoal === undefined || row.provider.polls <= pollGoal);
    lines.push({
      cells: [
        `  pending ${pending}: provider`,
        `${seconds(row.provider.latencyMs)}, ${row.provider.polls} polls`,
        `<= ${seconds(row.latencyGoalMs)}${pollGoal ? `, <= ${pollGoal} polls` : ""}`,
        met(ok),
      ],
    });
    lines.push({
      cells: [
        `  pending ${pending}: fixed 30 s poll`,
        `${seconds(row.fixed30s.latencyMs)}, ${row.fixed30s.polls} polls`,
        "(official CLI)",
        "",
      ],
    });
  }
  const { sweep } = r;
  const span = `${sweep.pendingSeconds.from}-${sweep.pendingSeconds.to} s`;
  for (const [label, s] of [
    ["provider", sweep.provider],
    ["fixed 30 s poll", sweep.fixed30s],
  ] as const) {
    lines.push({
      cells: [
        `  sweep ${span} (${sweep.pendingSeconds.runs} runs): ${label}`,
        `mean ${seconds(s.meanLatencyMs)} (${Math.round(s.meanLatencyShare * 100)} % of pending), ` +
          `worst ${Math.round(s.maxLatencyShare * 100)} %, ${s.meanPolls} polls`,
        label === "provider" ? "worst <= 20 %" : "",
        label === "provider" ? met(s.maxLatencyShare <= 0.2 || s.maxLatencyMs <= 1000) : "",
      ],
    });
  }
  return lines;
}

/** Section 1 (calls) and sections 3-5 (overhead, state, growth); readiness goes between them. */
export function engineLines(e: EngineFigures, d: Derived): { calls: TableLine[]; rest: TableLine[] } {
  const n = e.count;
  const zero = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0) === 0;
  const t = e.timings;
  const g = e.growthTimings;
  const s = e.state;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const spread = (ratios: number[]) =>
    ratios.length > 1
      ? `; wall by round ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`
      : "";
  const calls: TableLine[] = [
    { section: "1. API calls (emulator request log)" },
    {
      cells: [
        `  preview, new stack of ${n}`,
        describeCalls(e.calls.previewNew),
        "0",
        met(zero(e.calls.previewNew)),
      ],
    },
    {
      cells: [
        `  preview, no change (${n})`,
        describeCalls(e.calls.previewNoChange),
        "0",
        met(zero(e.calls.previewNoChange)),
      ],
    },
    {
      cells: [
        `  up, no change (${n})`,
        describeCalls(e.calls.upNoChange),
        "0",
        met(zero(e.calls.upNoChange)),
      ],
    },
    { cells: [`  up, creating ${n}`, describeCalls(e.calls.up), "(reference)", ""] },
    { cells: [`  refresh (${n})`, describeCalls(e.calls.refresh), "(reference)", ""] },
    { cells: [`  destroy (${n})`, describeCalls(e.calls.destroy), "(reference)", ""] },
  ];
  const rest: TableLine[] = [
    {
      section: `3. Overhead: ${n} deployments / ${n} no-op dynamic resources (medians of ${t.noop.up.length} rounds)`,
    },
    {
      cells: [
        "  up",
        `${wallAndCpu(d.overhead.up)} (${seconds(median(t.deployments.up))} / ${seconds(median(t.noop.up))})`,
        `<= ${OVERHEAD_GOAL}`,
        met(d.overhead.up.cpu <= OVERHEAD_GOAL),
      ],
    },
    {
      cells: [
        "  destroy",
        `${wallAndCpu(d.overhead.destroy)} (${seconds(median(t.deployments.destroy))} / ${seconds(median(t.noop.destroy))})`,
        `<= ${OVERHEAD_GOAL}`,
        met(d.overhead.destroy.cpu <= OVERHEAD_GOAL),
      ],
    },
    {
      cells: [
        "  up + destroy",
        `${wallAndCpu(d.overhead.upAndDestroy)}${spread(d.overhead.perRoundWall)}`,
        `<= ${OVERHEAD_GOAL}`,
        met(d.overhead.upAndDestroy.cpu <= OVERHEAD_GOAL),
      ],
    },
    {
      cells: [
        "  part: no-op + program requires package",
        `${wallAndCpu(d.attribution.packageInProgram)} of no-op`,
        "(reference)",
        "",
      ],
    },
    {
      cells: [
        "  part: no-op with a deployment's properties",
        `${wallAndCpu(d.attribution.ourProperties)} of no-op`,
        "(reference)",
        "",
      ],
    },
    {
      cells: [
        "  deployments / no-op with their properties",
        `up ${wallAndCpu(d.overSameProperties.up)}; destroy ${wallAndCpu(d.overSameProperties.destroy)}`,
        "(our code alone)",
        "",
      ],
    },
    { section: "4. State (file backend)" },
    {
      cells: [
        "  __provider per deployment",
        `${s.deployments.providerBytesInOutputs} B a copy; ${s.deployments.providerBytesPerResource} B with the copy in inputs (no-op: ${s.noop.providerBytesInOutputs} B a copy)`,
        "<= 1 KB a copy",
        met(s.deployments.providerBytesInOutputs <= GOALS.providerBytesPerCopy),
      ],
    },
    {
      cells: [
        `  state file, ${n} deployments`,
        `${kb(s.deployments.stateFileBytes)} (${kb(s.deployments.stateFileBytesPerResource)} each; providers ${Math.round(s.deployments.providerShare * 100)} %)`,
        "",
        "",
      ],
    },
    {
      cells: [
        `  state file, ${n} no-op resources`,
        `${kb(s.noop.stateFileBytes)} (${kb(s.noop.stateFileBytesPerResource)} each; providers ${Math.round(s.noop.providerShare * 100)} %)`,
        "(reference)",
        "",
      ],
    },
    { section: `5. Growth: time(${e.growthCount}) / time(${n}), up + destroy, medians` },
    {
      cells: [
        "  deployments",
        `${wallAndCpu(d.growth.deployments)} (${seconds(median(g.deployments.up))} up, ${seconds(median(g.deployments.destroy))} destroy)`,
        `<= ${GOALS.growth} CPU (linear ${e.growthCount / n})`,
        met(d.growth.deployments.cpu <= GOALS.growth),
      ],
    },
    {
      cells: [
        "  no-op dynamic resources",
        `${wallAndCpu(d.growth.noop)} (${seconds(median(g.noop.up))} up, ${seconds(median(g.noop.destroy))} destroy)`,
        "(reference)",
        "",
      ],
    },
    {
      cells: [
        "  no-op with a deployment's properties",
        `${wallAndCpu(d.growth.noopWithOurProperties)} (${seconds(median(g.noopWithOurProperties.up))} up, ${seconds(median(g.noopWithOurProperties.destroy))} destroy)`,
        "(reference)",
        "",
      ],
    },
  ];
  return { calls, rest };
}
