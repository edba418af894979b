#!/usr/bin/env bash
# Browser tests: builds mappa, starts `mappa demo` on a free local port with a fresh database and
# runs tests/browser (playwright-core driving Debian's chromium, axe-core on every page) against it.
#
#   scripts/browser-tests.sh [extra arguments for `node --test`]
#
# Needs Node.js 20+, npm and Python 3 (to start the server); installs chromium with apt-get when /usr/bin/chromium is missing (as
# root, which CI is). Honours CARGO_TARGET_DIR; MAPPA_BIN=path uses that binary instead of building. Set KEEP_SERVER_LOG=1 to print the server's log
# even when the tests pass. Exits non-zero when a test fails or the server does not start.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf 'browser-tests: %s\n' "$*" >&2; }

# 1. Chromium, from Debian (never a browser download: only the package registries are reachable).
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  log "installing chromium with apt-get"
  if [[ "$(id -u)" != 0 ]]; then
    log "$chromium is missing and this is not root: install Debian's chromium package first"
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
"$chromium" --version >&2

# 2. The test dependencies, exactly as locked.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "Node.js 20+ and npm are needed"
  exit 1
fi
for attempt in 1 2 3; do
  (cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) && break
  if [[ $attempt == 3 ]]; then log "npm ci failed 3 times"; exit 1; fi
  log "npm ci failed; trying again in 5 s"
  sleep 5
done

# 3. The binary (MAPPA_BIN names one already built, and skips the build).
if [[ -n "${MAPPA_BIN:-}" ]]; then
  mappa="$MAPPA_BIN"
else
  log "building mappa"
  cargo build -p mappa --bin mappa
  mappa="${CARGO_TARGET_DIR:-$root/target}/debug/mappa"
fi

# 4-5. The demo server, with a fresh database on a free port: synthetic people, and demo users
# whose password is this one.
export MAPPA_DEMO_PASSWORD=browser-test-password
source "$root/scripts/demo-server.sh"
start_demo_server "$mappa" 300

# 6. The tests (one file at a time: the journeys share one server and run in order).
export BASE_URL="$base_url" CHROMIUM_PATH="$chromium"
cd tests/browser
node --test --test-concurrency=1 "$@"
