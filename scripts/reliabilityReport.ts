/**
 * `npm run report:reliability`: runs the seven reliability scenarios (the same code the tests assert on)
 * and prints their figures as tables. Needs the engine installed (`npm test` or scripts/setup.sh).
 */
import { runAmbiguousCreates } from "../scenarios/ambiguousCreate";
import { badInputs } from "../scenarios/badInputs";
import { formatFaultMatrix, runFaultMatrix } from "../scenarios/faultMatrix";
import { runKilledEngine } from "../scenarios/killedEngine";
import { runBadInputsAtPreview, runConcurrency, runKilledRun, runSecretScan } from "../scenarios/reliability";

async function main() {
  const started = Date.now();
  const section = (title: string) => console.log(`\n== ${title}`);

  section(
    "1. Fault matrix: outcome (calls to the faulted endpoint); DIVERGED marks a record unequal to the emulator",
  );
  const cells = await runFaultMatrix();
  console.log(formatFaultMatrix(cells));
  const bad = cells.filter((c) => c.outcome === "unclear error" || !c.converged || c.orphans || c.duplicates);
  console.log(
    `${cells.length} cells: ${cells.filter((c) => c.outcome === "recovered").length} recovered, ` +
      `${cells.filter((c) => c.outcome === "clear error").length} clear errors, ${bad.length} bad; ` +
      `orphans ${cells.reduce((a, c) => a + c.orphans, 0)}, duplicates ${cells.reduce((a, c) => a + c.duplicates, 0)}`,
  );

  section("2. Ambiguous create");
  for (const r of await runAmbiguousCreates()) {
    console.log(
      `${r.variant}: ${r.error ? `error: ${r.error}` : "no error"}, ${r.records} deployment(s), ${r.addCalls} /add calls, state ${r.recorded ? "records it" : "MISSING"}`,
    );
  }

  section("3. Bad inputs at preview");
  const inputs = await runBadInputsAtPreview();
  console.log(
    `${inputs.refused.length}/${inputs.total} refused with the property named, ${inputs.apiCalls} API calls`,
  );
  for (const e of inputs.errors.filter((e) => !inputs.refused.includes(e.what))) {
    console.log(`  NOT REFUSED as expected: ${e.what}: ${e.error.slice(0, 200)}`);
  }
  console.log(
    `(${badInputs.length} cases; an unknown machine type is refused at create with the valid ones listed)`,
  );

  section("4. Secrets");
  const secrets = await runSecretScan();
  console.log(
    `${secrets.scannedCharacters} characters of state and CLI output scanned: key found ${secrets.occurrences} times`,
  );

  section("5. Concurrency: 50 deployments, emulator limited to 10 requests/s");
  const c = await runConcurrency(50, 10);
  console.log(
    `up ${c.upSeconds.toFixed(1)} s, destroy ${c.destroySeconds.toFixed(1)} s, ${c.requests} requests, ` +
      `${c.rateLimited} answered 429 and retried, ${c.ready}/${c.deployments} ready, ${c.duplicates} duplicates, ${c.leftLive} left after destroy`,
  );

  section("6. Killed run");
  const k = await runKilledRun();
  console.log(
    `${k.inFlight} creates in flight when killed; cancel/refresh/up exit ${k.cancelCode}/${k.refreshCode}/${k.upCode}; ` +
      `${k.managed.length} managed, ${k.orphans} orphans, ${k.duplicates} duplicates, ${k.addCalls} /add calls in all; ` +
      `next preview ${JSON.stringify(k.previewAfter)}`,
  );

  section("7. Provider processes left by a killed up (process group SIGKILLed mid-create), 10 s after");
  for (const path of ["dynamic", "native"] as const) {
    const e = await runKilledEngine(path);
    console.log(
      `${path}: ${e.before} provider process(es) before the kill, ${e.leftover} left, ${e.busy} using CPU` +
        (e.goneAfterMs === undefined ? "" : `; all gone ${e.goneAfterMs} ms after the kill`) +
        `; other processes of the run left (engine language host, killed after): ${e.otherLeftover.length}`,
    );
  }
  console.log(`\nreport finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
