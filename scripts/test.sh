#!/usr/bin/env bash
# `npm test [-- filter…]`: installs what the tests need, builds, runs Vitest and ends with a
# plain "N passed, N failed" line. A filter runs one feature's tests: `npm test -- sidecar`.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh --test || exit 1
mkdir -p .test-results
rm -f .test-results/vitest.json
npm run --silent build >/dev/null || { echo "rig: build failed" >&2; npm run build; exit 1; }
# The whole suite also type-checks (the bundler does not); a filtered run stays quick.
if [ $# -eq 0 ]; then
  npm run --silent typecheck || { echo "rig: type errors" >&2; node scripts/test-summary.mjs none 1; exit 1; }
fi
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json "$@"
status=$?
node scripts/test-summary.mjs .test-results/vitest.json "$status"
exit $status
