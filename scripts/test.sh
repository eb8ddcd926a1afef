#!/usr/bin/env bash
# The README's test command: installs everything, type-checks, lints, then runs every jest project (the
# fast ones in parallel, the engine-driven ones two files at a time, sharing one packed package built by
# the e2e global setup) and prints one closing line for all.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh" --tests
source "$here/env.sh"
cd "$PDD_ROOT"

echo "== tsc --noEmit"
npx tsc --noEmit -p tsconfig.json
echo "== biome check"
npx biome check .

results="$(mktemp -d)"
status=0
echo "== jest: unit, emulator, provider"
npx jest --ci --selectProjects unit emulator provider --json --outputFile "$results/fast.json" "$@" || status=$?
echo "== jest: e2e (real Pulumi engine)"
e2e_start=$SECONDS
npx jest --ci --selectProjects e2e --maxWorkers=2 --json --outputFile "$results/e2e.json" "$@" || status=$?
echo "e2e: $((SECONDS - e2e_start)) s"
node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of process.argv.slice(1)) {
    if (!fs.existsSync(f)) { failed++; continue; }
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
' "$results/fast.json" "$results/e2e.json"
rm -rf "$results"
exit $status
