#!/usr/bin/env bash
# Puts the Pulumi YAML language host in .tools/pulumi/bin beside the CLI: built with Go from the Go module
# proxy (tools/pulumi-language-yaml pins the pulumi-yaml release), cached beside the CLI build, so the
# engine finds it as a bundled plugin without a warning. A warm machine rebuilds nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
root="$PDD_ROOT"
version="$(node -p "require('$root/package.json').dependencies['@pulumi/pulumi']")"
yaml_version="$(sed -n 's#^require github.com/pulumi/pulumi-yaml \(v[0-9.]*\)$#\1#p' "$root/tools/pulumi-language-yaml/go.mod")"
[ -n "$yaml_version" ] || { echo "tools/pulumi-language-yaml/go.mod does not pin github.com/pulumi/pulumi-yaml" >&2; exit 1; }
bin="$root/.tools/pulumi/bin"
cache="$PDD_CACHE/pulumi-v$version"
mkdir -p "$bin" "$cache"

if [ -x "$cache/pulumi-language-yaml" ] && [ "$(cat "$cache/pulumi-language-yaml.version" 2>/dev/null)" = "$yaml_version" ]; then
  echo "pulumi-language-yaml $yaml_version: cached" >&2
else
  echo "building pulumi-language-yaml $yaml_version with $(go version) (a cold build takes minutes)" >&2
  start=$SECONDS
  (cd "$root/tools/pulumi-language-yaml" && go build -trimpath -o "$cache/pulumi-language-yaml.tmp" \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml)
  mv "$cache/pulumi-language-yaml.tmp" "$cache/pulumi-language-yaml"
  echo "$yaml_version" >"$cache/pulumi-language-yaml.version"
  echo "built pulumi-language-yaml in $((SECONDS - start)) s" >&2
fi
ln -sf "$cache/pulumi-language-yaml" "$bin/pulumi-language-yaml"
echo "$bin"
