#!/usr/bin/env bash
# Puts actionlint (the GitHub Actions workflow linter) in .tools/actionlint/bin, built with Go from the Go
# module proxy at the version tools/actionlint/go.mod pins, and shellcheck beside it (Debian's package),
# which actionlint runs on every `run:` script. The binary is cached outside the clone: a warm machine
# rebuilds nothing. Prints the bin folder on its last line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
root="$PDD_ROOT"
module="$root/tools/actionlint"
version="$(sed -n 's/^require github.com\/rhysd\/actionlint \(v[0-9.]*\)$/\1/p' "$module/go.mod")"
[ -n "$version" ] || { echo "tools/actionlint/go.mod does not pin github.com/rhysd/actionlint" >&2; exit 1; }
bin="$root/.tools/actionlint/bin"
cache="$PDD_CACHE/actionlint-$version"
mkdir -p "$bin" "$cache"

if [ -x "$cache/actionlint" ] && [ "$("$cache/actionlint" -version 2>/dev/null | head -1)" = "$version" ]; then
  echo "actionlint $version: cached in $cache" >&2
else
  command -v go >/dev/null || { echo "actionlint: Go is needed to build it (https://go.dev/dl)" >&2; exit 1; }
  echo "building actionlint $version with $(go version)" >&2
  start=$SECONDS
  # The version is stamped the way actionlint's own release build does, so `actionlint -version` names it.
  (cd "$module" && go build -trimpath -o "$cache/actionlint.tmp" \
    -ldflags "-X github.com/rhysd/actionlint.version=$version" \
    github.com/rhysd/actionlint/cmd/actionlint)
  mv "$cache/actionlint.tmp" "$cache/actionlint"
  echo "built actionlint in $((SECONDS - start)) s" >&2
fi
ln -sf "$cache/actionlint" "$bin/actionlint"

# shellcheck: actionlint checks `run:` scripts with it. From Debian's packages; a machine without apt (or
# without root) must install it some other way and have it on PATH.
if ! command -v shellcheck >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "installing shellcheck from Debian's packages" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >&2
  else
    echo "shellcheck is missing: install it (apt-get install shellcheck) so actionlint checks run: scripts" >&2
    exit 1
  fi
fi
ln -sf "$(command -v shellcheck)" "$bin/shellcheck"
echo "$bin"
