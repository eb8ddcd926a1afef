#!/usr/bin/env bash
# Installs the official Roboflow Python package (its `roboflow` CLI) into .tools/roboflow-venv, so the
# emulator's fidelity test (test/emulator/officialCli.test.ts) can run the official client against it.
# Idempotent: does nothing when the package is already installed. Needs python3 (3.9+) with venv.
#   ROBOFLOW_PIP_SPEC  what to install (default "roboflow==1.7.3", the version the fidelity test was written against)
#   FORCE=1            reinstall even when present
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/roboflow-venv"
spec="${ROBOFLOW_PIP_SPEC:-roboflow==1.7.3}"

if [[ "${FORCE:-0}" != "1" && -x "$venv/bin/roboflow" ]] && "$venv/bin/python" -c "import roboflow" 2>/dev/null; then
  echo "roboflow $("$venv/bin/python" -c 'import roboflow; print(roboflow.__version__)') already installed in $venv"
  exit 0
fi

python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "error: $python not found; install Python 3 with venv" >&2; exit 1; }

mkdir -p "$root/.tools"
if [[ ! -x "$venv/bin/python" ]]; then
  "$python" -m venv "$venv"
fi
start=$(date +%s)
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$spec"
echo "installed roboflow $("$venv/bin/python" -c 'import roboflow; print(roboflow.__version__)') in $venv ($(( $(date +%s) - start ))s)"
