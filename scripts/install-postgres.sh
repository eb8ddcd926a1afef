#!/usr/bin/env bash
# Installs PostgreSQL from the distribution's packages, for the scale tests and `npm run report:scale`,
# which run Pulumi's DIY PostgreSQL state backend against a throwaway cluster of their own (initdb and
# pg_ctl from /usr/lib/postgresql/<version>/bin, started by scenarios/postgres.ts on a loopback port,
# as an unprivileged user, in a temporary folder). Idempotent: does nothing when a server is installed.
# The package's own cluster is not wanted: on a fresh install none is created (createcluster.conf).
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1) already installed"
  exit 0
fi
if [[ "$(id -u)" != "0" ]] || ! command -v apt-get >/dev/null; then
  echo "error: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and this script can only" >&2
  echo "install it as root on Debian or Ubuntu: run 'apt-get install postgresql' as root" >&2
  exit 1
fi
start=$(date +%s)
if [[ ! -e /etc/postgresql-common/createcluster.conf ]]; then
  mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -o Dpkg::Options::=--force-confold postgresql >/dev/null
echo "postgresql: installed $(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1) ($(( $(date +%s) - start ))s)"
