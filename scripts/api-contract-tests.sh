#!/usr/bin/env bash
# The API contract run: schemathesis (from PyPI) generates requests for every operation in the
# OpenAPI document, at most MAPPA_CONTRACT_EXAMPLES (100) per operation, against `mappa demo`
# on a free local port with a fresh database, and fails on any server error or any answer that
# breaks the document (status, content type, headers, schema), and on a request the document
# says is invalid being accepted.
#
#   scripts/api-contract-tests.sh
#
# Needs Python 3.9+ (a virtual environment is made under the target directory). Honours
# CARGO_TARGET_DIR; MAPPA_BIN=path uses that binary instead of building. KEEP_SERVER_LOG=1 prints
# the server's log even when the run passes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
log() { printf 'api-contract: %s\n' "$*" >&2; }
target="${CARGO_TARGET_DIR:-$root/target}"
examples="${MAPPA_CONTRACT_EXAMPLES:-100}"

# 1. schemathesis, exactly as pinned, in its own environment.
venv="$target/api-contract-venv"
if [[ ! -x "$venv/bin/schemathesis" ]] || ! cmp -s tests/api-contract/requirements.txt "$venv/requirements.txt"; then
  log "installing schemathesis"
  python3 -m venv "$venv"
  for attempt in 1 2 3; do
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/api-contract/requirements.txt && break
    if [[ $attempt == 3 ]]; then log "pip install failed 3 times"; exit 1; fi
    sleep 5
  done
  cp tests/api-contract/requirements.txt "$venv/requirements.txt"
fi

# 2. The binary.
if [[ -n "${MAPPA_BIN:-}" ]]; then
  mappa="$MAPPA_BIN"
else
  cargo build -p mappa --bin mappa
  mappa="$target/debug/mappa"
fi

# 3. The demo server, with a fresh database on a free port.
export MAPPA_DEMO_PASSWORD=api-contract-password
source "$root/scripts/demo-server.sh"
start_demo_server "$mappa" 200

# 4. One record with one of everything, and who runs each operation.
"$venv/bin/python" tests/api-contract/prepare.py "$base_url" "$MAPPA_DEMO_PASSWORD" "$work/schemathesis.toml"

# schemathesis keeps a cache of what it found in its working folder: the run's own, not the repository.
run() {
  (cd "$work" && "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$base_url/api/v1/openapi.json" \
    --max-examples "$examples" --workers 2 --no-color --seed 20261202 "$@")
}
# 5. Every operation but the two that end the caller's own sessions (and this document, which
#    schemathesis leaves out of a run that excludes anything); then those three, last.
log "every operation, up to $examples examples each"
run --exclude-operation-id revokeToken --exclude-operation-id signOutEverywhere
log "the document, and signing out"
run --include-operation-id getOpenApiDocument --include-operation-id revokeToken --include-operation-id signOutEverywhere
