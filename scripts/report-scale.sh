#!/usr/bin/env bash
# `npm run report:scale`: installs what is needed (PostgreSQL included), then prints the scale figures:
# branch stacks by concurrent runners on a shared PostgreSQL backend (against a file backend and one
# runner), fairness under a shared rate limit, the stack lock, a killed runner, a deployment name
# declared by two stacks. Arguments go to scripts/scaleReport.ts (--stacks, --runners, --baseline-stacks).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
bash "$here/install-postgres.sh" >/dev/null
source "$here/env.sh"
cd "$PDD_ROOT"
exec npx ts-node --transpile-only scripts/scaleReport.ts "$@"
