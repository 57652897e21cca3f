#!/usr/bin/env bash
# `npm run bench [-- --quick] [-- --only fanout,list,cold,leases] [-- --help]`: builds Rig, then runs
# its four benchmarks (bench/main.ts), each against a baseline measured in the same run, and
# prints a summary with PASS/FAIL per target. Takes a few minutes; --quick about one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
npm run --silent build >/dev/null || { echo "rig: build failed" >&2; npm run build; exit 1; }
exec node --import tsx bench/main.ts "$@"
