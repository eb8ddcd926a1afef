#!/usr/bin/env bash
# `npm run report:crash`: installs what is needed, then runs the full kill-point sweep (scenarios/crashSweep.ts)
# on both paths and prints one table per platform and path, a total line and the negative control.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
source "$here/env.sh"
cd "$PDD_ROOT"
npm run --silent build
exec npx ts-node --transpile-only scripts/crashReport.ts "$@"
