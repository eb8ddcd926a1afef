/**
 * `npm run report:scale`: teams at scale, measured. Branch stacks of examples/ephemeral brought up and
 * destroyed by concurrent runners on a shared PostgreSQL state backend (and, to compare, a shared file
 * backend and a single runner), against one emulated API account limited to 10 requests a second; then two
 * runners on one stack, a runner killed mid-`up`, and two stacks declaring the same deployment name. The
 * scenarios are the ones test/e2e/scale.test.ts asserts on. Prints figures; asserts nothing.
 *   --stacks N            stacks of the concurrent fleets (default 24)
 *   --runners N           runners of the concurrent fleets (default 6)
 *   --baseline-stacks N   stacks of the single-runner fleet (default 8: it runs them one after another)
 */
import { parseArgs } from "node:util";
import { postgresBin } from "../scenarios/postgres";
import { branchStacks, cliOutput } from "../scenarios/runners";
import { type FleetFigures, runFleet, SCALE_KEY, type ScaleApiOptions } from "../scenarios/scale";
import { runKilledRunner, runLockContention, runNameConflict } from "../scenarios/scaleSafety";
import { backendSecrets } from "../scenarios/stateBackends";

// Provisioning takes minutes on the real API; 12 s here keeps it the larger part of a stack's time (the
// engine's own work per stack is about 5 s alone, more when runners share 2 cores) within a short report.
const API: ScaleApiOptions = { requestsPerSecond: 10, pendingMs: 12_000, deleteMs: 4_000 };

const { values } = parseArgs({
  options: {
    stacks: { type: "string", default: "24" },
    runners: { type: "string", default: "6" },
    "baseline-stacks": { type: "string", default: "8" },
  },
});
const STACKS = Number(values.stacks);
const RUNNERS = Number(values.runners);
const BASELINE = Number(values["baseline-stacks"]);

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
};
const s = (x: number) => `${x.toFixed(1)} s`;

function fleetRow(label: string, f: FleetFigures): string[] {
  const wall = f.upSeconds + f.destroySeconds;
  const median = percentile(f.stackSeconds, 50);
  return [
    label,
    `${f.stacks}`,
    s(f.upSeconds),
    s(f.destroySeconds),
    (f.stacks / (wall / 60)).toFixed(1),
    s(median),
    s(percentile(f.stackSeconds, 95)),
    `${s(Math.max(...f.stackSeconds))} (${(Math.max(...f.stackSeconds) / median).toFixed(2)}x)`,
    `${f.apiCalls}`,
    `${f.rateLimited}`,
    `${f.failedUps.length}/${f.gaveUpOn429}`,
    `${f.afterUp.orphans + f.leftLive}/${f.afterUp.duplicates}/${f.afterUp.lostUpdates}`,
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")).join("\n");
}

async function main() {
  const started = Date.now();
  const section = (title: string) => console.log(`\n== ${title}`);
  console.log(
    `emulated API: ${API.requestsPerSecond} requests/s shared by every runner (429 + Retry-After beyond), ` +
      `pending ${API.pendingMs / 1000} s before ready, deleting ${API.deleteMs / 1000} s; PostgreSQL from ${postgresBin()}`,
  );

  section(`(a) ${STACKS} ephemeral branch stacks: up, then destroy --remove, by concurrent runners`);
  const envs = branchStacks(STACKS);
  const fleets: Array<[string, FleetFigures]> = [];
  fleets.push([`postgres, ${RUNNERS} runners`, await runFleet("postgres", envs, RUNNERS, API)]);
  fleets.push([`file, ${RUNNERS} runners`, await runFleet("file", envs, RUNNERS, API)]);
  fleets.push(["postgres, 1 runner", await runFleet("postgres", envs.slice(0, BASELINE), 1, API)]);
  const header = [
    "backend, runners",
    "stacks",
    "up wall",
    "destroy wall",
    "stacks/min",
    "p50/stack",
    "p95/stack",
    "slowest (x median)",
    "API calls",
    "429s",
    "failed/gave up on 429",
    "orphans/dup/lost",
  ];
  console.log(table([header, ...fleets.map(([label, f]) => fleetRow(label, f))]));
  const [pg, file, one] = fleets.map(([, f]) => f) as [FleetFigures, FleetFigures, FleetFigures];
  const rate = (f: FleetFigures) => f.stacks / ((f.upSeconds + f.destroySeconds) / 60);
  console.log(
    `per stack: time from a runner taking it (stack select --create, config set-all, up) to its up's end. ` +
      `${RUNNERS} runners on PostgreSQL do ${(rate(pg) / rate(one)).toFixed(1)}x the stacks per minute of 1 runner ` +
      `(its ${BASELINE} stacks run one after another, so its rate stands for ${STACKS}); PostgreSQL against the ` +
      `file backend: ${(rate(pg) / rate(file)).toFixed(2)}x.`,
  );
  for (const [label, f] of fleets) {
    for (const failure of [...f.failedUps, ...f.failedDestroys]) {
      console.log(`  FAILED (${label}) ${failure.stack}: ${failure.error}`);
    }
  }

  section(`Fairness under the shared limit (${RUNNERS} runners, PostgreSQL)`);
  console.log(
    `slowest stack ${s(Math.max(...pg.stackSeconds))} against a median of ${s(percentile(pg.stackSeconds, 50))} ` +
      `(${(Math.max(...pg.stackSeconds) / percentile(pg.stackSeconds, 50)).toFixed(2)}x); ${pg.rateLimited} of ` +
      `${pg.apiCalls} calls answered 429 and retried; creates that gave up on 429: ${pg.gaveUpOn429}; ` +
      `${pg.ready}/${pg.stacks} ready after the ups`,
  );

  section("(b) Two runners on one stack at once (PostgreSQL)");
  const lock = await runLockContention("postgres", API);
  console.log(
    `first up exit ${lock.firstCode}; second, started while the first held the lock, exit ${lock.secondCode}:\n` +
      `${lock.lockError.replace(/^/gm, "  ")}\n` +
      `names the holder's pid: ${lock.namesHolder}; locks left ${lock.locksAfter}; state records ` +
      `[${lock.recorded.join(", ")}] with ${lock.pendingOperations} pending operations; the refused runner's next up ` +
      `exit ${lock.rerunCode}, preview --expect-no-changes exit ${lock.previewNoChangesCode}; /add calls ${lock.addCalls}; ` +
      `orphans ${lock.after.orphans}, duplicates ${lock.after.duplicates}, lost updates ${lock.after.lostUpdates}`,
  );

  section("(c) A runner killed mid-up (PostgreSQL), recovered from another runner as docs/ci.md says");
  const killed = await runKilledRunner("postgres", API);
  console.log(
    `killed with ${killed.inFlight} create in flight, ${killed.locksLeft} lock left in the database; ` +
      `cancel / refresh --clear-pending-creates / ROBOFLOW_ADOPT_EXISTING=true up exit ${killed.steps.join(" / ")}; ` +
      `state records [${killed.recorded.join(", ")}]; /add calls ${killed.addCalls}; orphans ${killed.after.orphans}, ` +
      `duplicates ${killed.after.duplicates}, lost updates ${killed.after.lostUpdates}; left after destroy ${killed.leftLive}`,
  );

  section("(d) Two stacks declaring the same deploymentName, without adopt (PostgreSQL)");
  const conflicts = [
    ["plain", await runNameConflict("postgres", API)],
    ["second stack's /add answer lost", await runNameConflict("postgres", API, true)],
  ] as const;
  for (const [variant, c] of conflicts) {
    console.log(
      `${variant}: second up exit ${c.secondCode}: ${c.secondError}\n  first stack's deployment intact: ` +
        `${c.firstIntact}; second stack recorded [${c.secondRecorded.join(", ")}]; /delete calls before the first ` +
        `stack's destroy: ${c.deletesBySecond}; orphans ${c.after.orphans}, duplicates ${c.after.duplicates}, ` +
        `lost updates ${c.after.lostUpdates}`,
    );
  }

  section("Secrets");
  const printed = cliOutput.join("\n");
  const leaks = [SCALE_KEY, ...backendSecrets].reduce((n, secret) => n + printed.split(secret).length - 1, 0);
  console.log(
    `${printed.length} characters printed by ${cliOutput.length} CLI runs: API key and database passwords found ${leaks} times`,
  );

  const all = [
    ...fleets.map(([, f]) => ({ ...f.afterUp, orphans: f.afterUp.orphans + f.leftLive })),
    lock.after,
    { ...killed.after, orphans: killed.after.orphans + killed.leftLive },
    ...conflicts.map(([, c]) => c.after),
  ];
  const sum = (key: "orphans" | "duplicates" | "lostUpdates") => all.reduce((n, r) => n + r[key], 0);
  console.log(
    `\nreport finished in ${((Date.now() - started) / 1000).toFixed(0)} s (counts below: every scenario)`,
  );
  console.log(
    `scale: ${STACKS} stacks, ${RUNNERS} runners, ${sum("orphans")} orphans, ${sum("duplicates")} duplicates, ` +
      `${sum("lostUpdates")} lost updates`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
