# Sourced by the project's scripts: puts the project's Node (>= 22) and Pulumi engine first on PATH and keeps
# every Pulumi run offline. Tools live in .tools (git-ignored); built binaries are cached outside the clone.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PDD_ROOT="$root"
export PDD_CACHE="${PDD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-dedicated-deployments}"
export PATH="$root/.tools/pulumi/bin:$root/.tools/node/bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=false
