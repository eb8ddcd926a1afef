#!/usr/bin/env bash
# Installs everything the project needs, idempotently: Node >= 22, the npm packages, the Pulumi engine
# (the CLI, the Node.js, YAML and Python language hosts), the built package. With --demo, only what the demo
# runs: the CLI and the Node.js host (or a `pulumi` already on PATH at the pinned release or later). With
# --tests, also the official Roboflow CLI used by the emulator's fidelity test, actionlint, Node.js 24 and
# Yarn classic for the consumer matrix, and PostgreSQL for the scale tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/install-node.sh"
source "$here/env.sh"
cd "$PDD_ROOT"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # Where the registry does not serve other platforms' optional builds (of Biome and others), the lock
  # lacks them and `npm ci` calls it out of sync; `npm install` then installs the versions the lock pins.
  npm ci --no-audit --no-fund --loglevel=silent ||
    npm install --no-audit --no-fund --loglevel=error
fi
# The demo stack is this package's own repository: the serialized provider loads the package by name
# from the program's node_modules, so the repository links the package to itself there.
ln -sfn .. node_modules/pulumi-dedicated-deployments
if [ "${1:-}" = "--demo" ]; then
  bash "$here/install-pulumi.sh" --at-least >/dev/null
else
  bash "$here/install-pulumi.sh" >/dev/null
  bash "$here/install-pulumi-yaml.sh" >/dev/null
  bash "$here/install-pulumi-python.sh" >/dev/null
fi
npm run --silent build
if [ "${1:-}" = "--tests" ]; then
  bash "$here/install-roboflow-cli.sh"
  bash "$here/install-actionlint.sh" >/dev/null
  bash "$here/install-consumer-tools.sh"
  bash "$here/install-postgres.sh"
fi
