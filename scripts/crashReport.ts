/**
 * `npm run report:crash`: the full kill-point sweep (scenarios/crashSweep.ts) on both paths: every
 * deterministic kill point, GitHub's cancel sequence and seeded random instants, each followed by the one
 * recovery command; then the negative control (recovery without its adopt settings). Prints one table per
 * platform and path and a total line. `--random N` sets the random kills per path (default 6); `--path`
 * limits it to `dynamic` or `native`; `--points a,b` to kill points whose name starts with one of them.
 */
import { parseArgs } from "node:util";
import { type KillOutcome, killPoints, randomKillPoint, runKill, sweepTables } from "../scenarios/crashSweep";
import type { ProviderPath } from "../scenarios/killedEngine";

async function main(): Promise<void> {
  const { values } = parseArgs({
    allowNegative: true,
    options: {
      random: { type: "string", default: "6" },
      path: { type: "string" },
      points: { type: "string" },
      control: { type: "boolean", default: true },
    },
  });
  const paths: ProviderPath[] = values.path ? [values.path as ProviderPath] : ["dynamic", "native"];
  const wanted = values.points?.split(",") ?? [];
  const points = killPoints.filter((p) => wanted.length === 0 || wanted.some((w) => p.name.startsWith(w)));
  const outcomes: KillOutcome[] = [];
  for (const path of paths) {
    const all = [
      ...points,
      ...Array.from({ length: Number(values.random) }, (_, i) => randomKillPoint(i + 1)),
    ];
    for (const point of all) {
      const started = Date.now();
      const outcome = await runKill(path, point);
      outcomes.push(outcome);
      const bad = Object.entries(outcome.platforms).filter(([, c]) => !c.converged || c.orphans > 0);
      console.log(
        `${path} | ${point.name}: ${outcome.cut ? "cut" : "ended before the kill"}, lock ${outcome.locked ? "removed" : "none"}, ` +
          `recovery exit ${outcome.recoveryCode}, ${bad.length === 0 ? "all converged" : `NOT converged: ${bad.map(([n]) => n).join(", ")}`} ` +
          `(${Math.round((Date.now() - started) / 1000)} s)`,
      );
      if (bad.length > 0) console.log(outcome.recoveryText.split("\n").slice(-40).join("\n"));
    }
  }
  console.log(sweepTables(outcomes));
  if (values.control) {
    const control = await runKill("native", killPoints[1] ?? randomKillPoint(1), false);
    const orphans = Object.entries(control.platforms)
      .map(([n, c]) => `${n} ${c.orphans}`)
      .join(", ");
    console.log(
      `\nnegative control (native, "${control.point}", recovery without ROBOFLOW_/NX1_ADOPT_EXISTING): ` +
        `recovery exit ${control.recoveryCode}, orphans ${orphans}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
