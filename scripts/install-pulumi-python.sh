#!/usr/bin/env bash
# Puts the Python language host in .tools/pulumi/bin beside the CLI: `pulumi-language-python`, built with Go
# from the module proxy at the `sdk/v3` release tools/pulumi-language-python pins (the last one served here
# that contains it), and the `pulumi-language-python-exec` shim it runs Python programs through, taken from
# the same module. Cached beside the CLI build; a warm machine rebuilds nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
root="$PDD_ROOT"
version="$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi']")"
module="$root/tools/pulumi-language-python"
host_version="$(sed -n 's#^require github.com/pulumi/pulumi/sdk/v3 \(v[0-9.]*\)$#\1#p' "$module/go.mod")"
[ -n "$host_version" ] || { echo "tools/pulumi-language-python/go.mod does not pin github.com/pulumi/pulumi/sdk/v3" >&2; exit 1; }
bin="$root/.tools/pulumi/bin"
cache="$PDD_CACHE/pulumi-v$version"
mkdir -p "$bin" "$cache"

if [ -x "$cache/pulumi-language-python" ] && [ -x "$cache/pulumi-language-python-exec" ] &&
  [ "$(cat "$cache/pulumi-language-python.version" 2>/dev/null)" = "$host_version" ]; then
  echo "pulumi-language-python $host_version: cached" >&2
else
  echo "building pulumi-language-python $host_version with $(go version)" >&2
  start=$SECONDS
  (cd "$module" && go build -trimpath -o "$cache/pulumi-language-python.tmp" \
    github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python)
  # The shim is a Python script in the same module: the host runs it with the Python found on PATH.
  sdk_dir="$(cd "$module" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
  install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$cache/pulumi-language-python-exec"
  mv "$cache/pulumi-language-python.tmp" "$cache/pulumi-language-python"
  echo "$host_version" >"$cache/pulumi-language-python.version"
  echo "built pulumi-language-python in $((SECONDS - start)) s" >&2
fi
ln -sf "$cache/pulumi-language-python" "$bin/pulumi-language-python"
ln -sf "$cache/pulumi-language-python-exec" "$bin/pulumi-language-python-exec"
echo "$bin"
