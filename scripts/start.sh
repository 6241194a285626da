#!/usr/bin/env bash
# The run command: installs what is missing, builds, and starts the playground (apps/playground)
# on its embedded SQLite store under apps/playground/data/ (no server to install). It prints the
# URL (port from PORT, default 3000) and serves until Ctrl+C.
#   bash scripts/start.sh --driver json --unique-per-owner   options go to the playground
#   bash scripts/start.sh quickstart                         the script-only quick start instead
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh
pnpm build

if [[ "${1:-}" == "quickstart" ]]; then
  exec pnpm quickstart
fi
exec pnpm playground "$@"
