#!/usr/bin/env bash
# Writes the typed Python and Go SDKs of every platform from schema/<platform>.json into sdk/ (or into the
# folder given as $1), with tools/sdkgen: the code generators of the Pulumi release the engine is built from.
# The sdkgen binary is cached beside the CLI, keyed by a hash of its sources, so a warm run builds nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
root="$PDD_ROOT"
out="${1:-$root/sdk}"
version="$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi']")"
grep -q "github.com/pulumi/pulumi/pkg/v3 v$version" "$root/tools/sdkgen/go.mod" ||
  { echo "tools/sdkgen/go.mod does not pin pkg/v3 v$version: update it to match @pulumi/pulumi" >&2; exit 1; }
key="$(cat "$root/tools/sdkgen/go.mod" "$root/tools/sdkgen/go.sum" "$root/tools/sdkgen/main.go" | sha256sum | cut -c1-12)"
cache="$PDD_CACHE/pulumi-v$version"
sdkgen="$cache/sdkgen-$key"
mkdir -p "$cache"
if [ -x "$sdkgen" ]; then
  echo "sdkgen: cached" >&2
else
  echo "building sdkgen with $(go version) (a cold build downloads modules and takes minutes)" >&2
  start=$SECONDS
  (cd "$root/tools/sdkgen" && go build -trimpath -o "$sdkgen.tmp" .)
  mv "$sdkgen.tmp" "$sdkgen"
  echo "built sdkgen in $((SECONDS - start)) s" >&2
fi
platforms="$(cd "$root/schema" && ls -- *.json | sed "s/\.json$//")"
# shellcheck disable=SC2086 # one argument per platform
"$sdkgen" -schema "$root/schema" -out "$out" $platforms
echo "$out"
