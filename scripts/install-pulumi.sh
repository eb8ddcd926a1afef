#!/usr/bin/env bash
# Puts the Pulumi engine for tests in .tools/pulumi/bin: the CLI and the Node.js language host, built with Go
# from the Go module proxy at the pinned release, plus the dynamic provider plugin script that ships inside
# @pulumi/pulumi. A warm machine rebuilds nothing. Prints the bin folder on its last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi']")"
bin="$root/.tools/pulumi/bin"
mkdir -p "$bin"

have_version() { [ -x "$1" ] && [ "$("$1" version 2>/dev/null)" = "v$version" ]; }

if have_version "$bin/pulumi"; then
  echo "pulumi v$version: cached in $bin" >&2
elif command -v pulumi >/dev/null && have_version "$(command -v pulumi)"; then
  ln -sf "$(command -v pulumi)" "$bin/pulumi"
  echo "pulumi v$version: using $(command -v pulumi) from PATH" >&2
else
  grep -q "github.com/pulumi/pulumi/pkg/v3 v$version" "$root/tools/pulumi-cli/go.mod" ||
    { echo "tools/pulumi-cli/go.mod does not pin pkg/v3 v$version: update it to match @pulumi/pulumi" >&2; exit 1; }
  echo "building pulumi v$version with $(go version) (a cold build downloads modules and takes minutes)" >&2
  start=$SECONDS
  (cd "$root/tools/pulumi-cli" && go build -trimpath -o "$bin/pulumi" \
    -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  echo "built pulumi in $((SECONDS - start)) s" >&2
fi

if [ -x "$bin/pulumi-language-nodejs" ]; then
  echo "pulumi-language-nodejs: cached" >&2
else
  start=$SECONDS
  (cd "$root/tools/pulumi-language-nodejs" && go build -trimpath -o "$bin/pulumi-language-nodejs" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs)
  echo "built pulumi-language-nodejs in $((SECONDS - start)) s" >&2
fi

# The dynamic provider plugin is a script inside the SDK; link the installed one so it always matches.
sdk="$root/node_modules/@pulumi/pulumi"
[ -d "$sdk" ] || { echo "run npm ci first: $sdk is missing" >&2; exit 1; }
ln -sf "$sdk/pulumi-resource-pulumi-nodejs" "$bin/pulumi-resource-pulumi-nodejs"
test -x "$bin/pulumi-resource-pulumi-nodejs"
echo "$bin"
