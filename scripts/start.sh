#!/usr/bin/env bash
# The run command: installs what is missing, builds, and runs the quick start on the embedded
# in-memory driver (no server needed). The playground will take its place when it lands.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh
pnpm build
pnpm --filter @sessions/examples quickstart
