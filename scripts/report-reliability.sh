#!/usr/bin/env bash
# `npm run report:reliability`: installs what is needed, then prints the reliability figures (fault matrix,
# ambiguous create, bad inputs, secrets, concurrency, killed run, provider processes a killed run leaves)
# from the scenarios the tests assert on.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
source "$here/env.sh"
cd "$PDD_ROOT"
exec npx ts-node --transpile-only scripts/reliabilityReport.ts
