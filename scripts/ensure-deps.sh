#!/usr/bin/env bash
# Installs what Rig needs when it is missing, and nothing when it is there:
#   node modules (npm ci from the lockfile), and with --test the Debian packages and the
#   PostgreSQL server the tests use. Safe to run on every test run.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

# Node modules: reinstall when the lockfile is newer than the installed tree.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "rig: installing node modules (npm ci; the SQLite driver compiles, ~2 min the first time)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

if $want_test; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  # The TLS tests make a self-signed certificate with openssl.
  command -v openssl >/dev/null || missing+=(openssl)
  # The sidecar tests run R2lab-style Python clients on the legacy websockets client (10.4).
  /usr/bin/python3 -c 'import websockets' 2>/dev/null || missing+=(python3-websockets)
  # The SSH key tests generate real keys and compare fingerprints with ssh-keygen's.
  command -v ssh-keygen >/dev/null || missing+=(openssh-client)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "rig: installing Debian packages: ${missing[*]}" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # PostgreSQL: start the installed cluster when it is stopped (the tests use 127.0.0.1:5432).
  if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      echo "rig: starting PostgreSQL" >&2
      as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
      for _ in $(seq 1 20); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
    fi
  fi
fi
