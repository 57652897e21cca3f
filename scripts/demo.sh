#!/usr/bin/env bash
# `npm run demo`: installs what is missing, builds, and starts Rig with the simulated demo
# lab on the embedded default store (SQLite in ./rig-data). Extra flags go to `rig serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
if [ ! -f dist/cli/main.js ] || [ ! -f web/dist/index.html ] || [ -n "$(find src web/src -newer dist/cli/main.js -print -quit 2>/dev/null)" ]; then
  echo "rig: building" >&2
  npm run --silent build >/dev/null
fi
exec node dist/cli/main.js serve --demo "$@"
