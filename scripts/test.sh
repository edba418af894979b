#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, every Rust test, the API
# contract run and the browser journeys. With MAPPA_TEST_POSTGRES_URL set, the store conformance
# suite and the black-box tests run on PostgreSQL as well as SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is needed: $2" >&2; exit 1; }; }
need cargo "install Rust from https://rustup.rs"
need node "install Node.js 20 or later (it builds the GOV.UK Frontend assets)"
need npm "install npm (it comes with Node.js)"
need python3 "install Python 3.9 or later (the API contract run installs schemathesis from PyPI)"

echo "== formatting"
cargo fmt --all -- --check
echo "== lints"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== Rust tests${MAPPA_TEST_POSTGRES_URL:+ (SQLite and PostgreSQL)}"
cargo test --workspace --locked
echo "== API contract (schemathesis)"
scripts/api-contract-tests.sh
echo "== browser tests"
scripts/browser-tests.sh
