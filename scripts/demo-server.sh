# Sourced by the scripts that test against a running server (browser-tests.sh,
# api-contract-tests.sh): starts `mappa demo` on a free local port with a fresh
# SQLite database in a temporary folder, and stops it and removes the folder
# when the script exits (printing the server's log if it failed, or always
# with KEEP_SERVER_LOG=1).
#
#   start_demo_server MAPPA_BINARY PEOPLE     # sets base_url, work, server_log, server_pid
#
# The caller defines log() and exports MAPPA_DEMO_PASSWORD first.

start_demo_server() {
  local mappa="$1" people="$2" port
  work="$(mktemp -d "${TMPDIR:-/tmp}/mappa-demo-server.XXXXXX")"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  base_url="http://127.0.0.1:$port"
  server_log="$work/server.log"
  server_pid=""
  trap stop_demo_server EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  log "starting mappa demo on $base_url"
  "$mappa" demo --database-url "sqlite://$work/demo.db" --bind "127.0.0.1:$port" --people "$people" >"$server_log" 2>&1 &
  server_pid=$!
  local deadline=$((SECONDS + 120))
  until python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' "$base_url/healthz" 2>/dev/null; do
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
}

stop_demo_server() {
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
