#!/usr/bin/env bash
# Puts the Pulumi engine for tests in .tools/pulumi/bin: the CLI and the Node.js language host, built with Go
# from the Go module proxy at the pinned release, plus the dynamic provider plugin script that ships inside
# @pulumi/pulumi. A warm machine rebuilds nothing. Prints the bin folder on its last line.
# With --at-least (the demo), a `pulumi` already on PATH at the pinned release or later is used as it is,
# with the Node.js language host installed beside it, and nothing is built for them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
root="$PDD_ROOT"
version="$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi']")"
bin="$root/.tools/pulumi/bin"
cache="$PDD_CACHE/pulumi-v$version"
mkdir -p "$bin" "$cache"

have_version() { [ -x "$1" ] && [ "$("$1" version 2>/dev/null)" = "v$version" ]; }
# Whether the pulumi at $1 is the pinned release or a later one (sort -V orders x.y.z numerically).
at_least_version() {
  local found
  found="$("$1" version 2>/dev/null | sed 's/^v//')" || return 1
  [ -n "$found" ] && [ "$(printf '%s\n%s\n' "$version" "$found" | sort -V | head -1)" = "$version" ]
}

# The first pulumi on PATH other than ours (env.sh may have put our bin folder on PATH more than once).
path_without_bin="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$bin" | paste -sd: -)"
on_path="$(PATH="$path_without_bin" command -v pulumi || true)"
if [ "${1:-}" = "--at-least" ] && [ -n "$on_path" ] && at_least_version "$on_path"; then
  host="$(dirname "$on_path")/pulumi-language-nodejs"
  if [ -x "$host" ]; then
    ln -sf "$on_path" "$bin/pulumi"
    ln -sf "$host" "$bin/pulumi-language-nodejs"
    echo "pulumi $("$on_path" version): using $on_path from PATH (v$version or later)" >&2
    on_path_used=true
  fi
fi
if [ "${on_path_used:-}" = true ]; then
  :
elif have_version "$cache/pulumi"; then
  echo "pulumi v$version: cached in $cache" >&2
elif [ -n "$on_path" ] && have_version "$on_path"; then
  ln -sf "$on_path" "$cache/pulumi"
  echo "pulumi v$version: using $on_path from PATH" >&2
else
  grep -q "github.com/pulumi/pulumi/pkg/v3 v$version" "$root/tools/pulumi-cli/go.mod" ||
    { echo "tools/pulumi-cli/go.mod does not pin pkg/v3 v$version: update it to match @pulumi/pulumi" >&2; exit 1; }
  echo "building pulumi v$version with $(go version) (a cold build downloads modules and takes minutes)" >&2
  start=$SECONDS
  (cd "$root/tools/pulumi-cli" && go build -trimpath -o "$cache/pulumi.tmp" \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv "$cache/pulumi.tmp" "$cache/pulumi"
  echo "built pulumi in $((SECONDS - start)) s" >&2
fi

if [ "${on_path_used:-}" = true ]; then
  :
elif [ -x "$cache/pulumi-language-nodejs" ]; then
  echo "pulumi-language-nodejs: cached" >&2
else
  start=$SECONDS
  (cd "$root/tools/pulumi-language-nodejs" && go build -trimpath -o "$cache/pulumi-language-nodejs.tmp" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs)
  mv "$cache/pulumi-language-nodejs.tmp" "$cache/pulumi-language-nodejs"
  echo "built pulumi-language-nodejs in $((SECONDS - start)) s" >&2
fi

if [ "${on_path_used:-}" != true ]; then
  ln -sf "$cache/pulumi" "$bin/pulumi"
  ln -sf "$cache/pulumi-language-nodejs" "$bin/pulumi-language-nodejs"
fi

# The dynamic provider plugin is a small script inside the SDK that runs the SDK installed beside the program.
# It goes beside the CLI binary, where the engine finds bundled plugins without a warning.
sdk="$root/node_modules/@pulumi/pulumi"
[ -d "$sdk" ] || { echo "run npm ci first: $sdk is missing" >&2; exit 1; }
cp "$sdk/pulumi-resource-pulumi-nodejs" "$cache/pulumi-resource-pulumi-nodejs"
chmod +x "$cache/pulumi-resource-pulumi-nodejs"
ln -sf "$cache/pulumi-resource-pulumi-nodejs" "$bin/pulumi-resource-pulumi-nodejs"
echo "$bin"
