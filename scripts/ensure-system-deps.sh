#!/usr/bin/env bash
# Makes sure the programs the test suites start are installed: redis-server, the PostgreSQL
# server binaries (initdb, pg_ctl, postgres) and Chromium (the playground's browser tests drive
# /usr/bin/chromium through playwright-core). Installs them with apt-get when running as root;
# otherwise says what to install and exits 1. A no-op when everything is present.
set -euo pipefail

INSTALL_HINT="apt-get install -y redis-server postgresql chromium"

has_pg_server() {
  local dir
  dir="$(pg_config --bindir 2>/dev/null || true)"
  if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
    return 0
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      return 0
    fi
  done
  return 1
}

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
has_pg_server || missing+=(postgresql)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "ensure-system-deps: missing ${missing[*]}. Install as root: ${INSTALL_HINT}" >&2
  exit 1
fi

echo "ensure-system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive

# Debian's packages start their services (postgresql creates and starts a cluster on port 5432)
# from the maintainer scripts. The tests run their own servers on free ports, so deny service
# starts during the install; policy-rc.d is removed again afterwards if we created it.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  created_policy=1
fi
cleanup() {
  if [[ "$created_policy" -eq 1 ]]; then rm -f "$policy"; fi
}
trap cleanup EXIT

apt-get update
apt-get install -y "${missing[@]}"

command -v redis-server >/dev/null 2>&1 || { echo "ensure-system-deps: redis-server still missing" >&2; exit 1; }
has_pg_server || { echo "ensure-system-deps: PostgreSQL server binaries still missing" >&2; exit 1; }
[[ -x /usr/bin/chromium ]] || { echo "ensure-system-deps: /usr/bin/chromium still missing" >&2; exit 1; }
echo "ensure-system-deps: ok" >&2
