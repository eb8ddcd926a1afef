#!/usr/bin/env bash
# `npm run release`: builds the package, then writes release/ (scripts/release/main.ts; its options, such
# as --targets linux-amd64, pass through). Needs Node.js 22 (scripts/env.sh), npm, python3 and GNU tar.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/install-node.sh"
source "$here/env.sh"
cd "$PDD_ROOT"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
exec npx ts-node --transpile-only scripts/release/main.ts "$@"
