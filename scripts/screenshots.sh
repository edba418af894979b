#!/usr/bin/env bash
# The README's screenshots: the home page, a record and the compliance list, on a phone (390 px)
# and a desktop (1280 px), taken from the demo with its full London-sized data.
#
#   scripts/screenshots.sh        # writes docs/screenshots/*.png
#
# Needs what scripts/browser-tests.sh needs (it installs chromium and the test dependencies the
# same way); honours MAPPA_BIN and CARGO_TARGET_DIR.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf 'screenshots: %s\n' "$*" >&2; }

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  log "$chromium is missing: run scripts/browser-tests.sh once, which installs it"
  exit 1
fi
(cd tests/browser && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
if [[ -n "${MAPPA_BIN:-}" ]]; then
  mappa="$MAPPA_BIN"
else
  cargo build -p mappa --bin mappa
  mappa="${CARGO_TARGET_DIR:-$root/target}/debug/mappa"
fi
export MAPPA_DEMO_PASSWORD=screenshot-password
source "$root/scripts/demo-server.sh"
start_demo_server "$mappa" 10174
mkdir -p docs/screenshots
BASE_URL="$base_url" CHROMIUM_PATH="$chromium" OUT="$root/docs/screenshots" node tests/browser/screenshots.mjs
