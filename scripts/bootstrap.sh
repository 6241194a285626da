#!/usr/bin/env bash
# Installs the pinned pnpm (with npm: corepack is broken on these machines) and the workspace's
# dependencies from the lockfile.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PNPM_VERSION=10.34.9

if [[ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]]; then
  echo "bootstrap: installing pnpm@${PNPM_VERSION}" >&2
  npm install -g "pnpm@${PNPM_VERSION}"
fi

pnpm install --frozen-lockfile
