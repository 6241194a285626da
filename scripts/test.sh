#!/usr/bin/env bash
# The one test command: installs what is missing, builds, type-checks (tests included),
# lints and runs every package's vitest suite, then prints `tests: N passed, M failed,
# K skipped` as its last line (also when something failed). Exits non-zero when any step
# failed or no test ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Stale reports from an earlier run must not be counted.
rm -f packages/*/test-results.json apps/*/test-results.json tests/*/test-results.json bench/test-results.json

summarize() {
  local status=$?
  trap - EXIT
  node scripts/summarize-tests.mjs "$status" || exit $?
  exit "$status"
}
trap summarize EXIT

bash scripts/bootstrap.sh
bash scripts/ensure-system-deps.sh
pnpm build
pnpm typecheck
pnpm lint
pnpm test
