#!/usr/bin/env bash
# Browser tests: builds mappa, starts `mappa demo` on a free local port with a fresh database and
# runs tests/browser (playwright-core driving Debian's chromium, axe-core on every page) against it.
#
#   scripts/browser-tests.sh [extra arguments for `node --test`]
#
# Needs Node.js 20+ and npm; installs chromium with apt-get when /usr/bin/chromium is missing (as
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

# 4. A fresh database and a free port.
work="$(mktemp -d "${TMPDIR:-/tmp}/mappa-browser-tests.XXXXXX")"
port="$(node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })')"
base_url="http://127.0.0.1:$port"
server_log="$work/server.log"
server_pid=""

cleanup() {
  local status=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 || -n "${KEEP_SERVER_LOG:-}" ]] && [[ -f "$server_log" ]]; then
    log "server log (last 100 lines):"
    tail -n 100 "$server_log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 5. The demo server: synthetic people, and demo users whose password is this one.
export MAPPA_DEMO_PASSWORD=browser-test-password
log "starting mappa demo on $base_url"
"$mappa" demo --database-url "sqlite://$work/demo.db" --bind "127.0.0.1:$port" --people 300 >"$server_log" 2>&1 &
server_pid=$!

deadline=$((SECONDS + 120))
healthy() {
  node -e 'fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' "$base_url/healthz"
}
until healthy; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    log "mappa demo exited before it was ready"
    exit 1
  fi
  if (( SECONDS >= deadline )); then
    log "mappa demo was not ready (GET /healthz -> 200) within 120 s"
    exit 1
  fi
  sleep 0.5
done
log "server ready"

# 6. The tests (one file at a time: the journeys share one server and run in order).
export BASE_URL="$base_url" CHROMIUM_PATH="$chromium"
cd tests/browser
node --test --test-concurrency=1 "$@"
