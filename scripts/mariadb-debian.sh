#!/usr/bin/env bash
# Start/stop a local MariaDB server on Debian for the JDBC session-store tests.
#
# Usage:
#   scripts/mariadb-debian.sh start   # installs (if needed), starts, provisions;
#                                     # prints ONLY the JDBC URL on stdout
#   scripts/mariadb-debian.sh stop    # shuts the server down (no-op if not running)
#
# Environment:
#   MARIADB_PORT   TCP port to listen on (default 3306); bound to 127.0.0.1 only.
#
# Must run as root (or with passwordless sudo). All progress goes to stderr.
set -euo pipefail

PORT="${MARIADB_PORT:-3306}"
DB="websocket_session_test"
DB_USER="session"
DB_PASS="session"
MARIADBD="/usr/sbin/mariadbd"
RUN_DIR="/run/mysqld"
DATA_DIR="/var/lib/mysql"
START_TIMEOUT=60

log() { printf '[mariadb-debian] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Run a command as root (directly when already root, otherwise via sudo).
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "must be run as root (or with sudo available): $*"
  fi
}

usage() {
  echo "usage: $0 {start|stop}" >&2
  exit 2
}

[[ "$PORT" =~ ^[0-9]+$ ]] || die "MARIADB_PORT must be numeric, got '$PORT'"

is_installed() {
  [[ -x "$MARIADBD" ]] || command -v mariadbd >/dev/null 2>&1
}

# Ping as root through the unix socket; silent, exit status only.
ping_server() {
  as_root mariadb-admin --protocol=socket ping >/dev/null 2>&1
}

install_server() {
  if is_installed; then
    return 0
  fi
  log "mariadbd not found; installing mariadb-server via apt-get ..."
  as_root apt-get update >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server >&2
  is_installed || die "mariadb-server installation did not provide $MARIADBD"
}

ensure_datadir() {
  # The Debian package initialises the data directory in its postinst; this is a
  # fallback for images where that step was skipped or the directory was wiped.
  if [[ ! -d "$DATA_DIR/mysql" ]]; then
    log "initialising data directory $DATA_DIR ..."
    as_root mkdir -p "$DATA_DIR"
    as_root chown mysql:mysql "$DATA_DIR"
    as_root mariadb-install-db --user=mysql --datadir="$DATA_DIR" \
      --auth-root-authentication-method=socket >&2
  fi
}

start_server() {
  install_server
  ensure_datadir

  as_root mkdir -p "$RUN_DIR"
  as_root chown mysql:mysql "$RUN_DIR"

  if ping_server; then
    log "server already running (answers ping); not starting another one"
  else
    log "starting mariadbd on 127.0.0.1:$PORT ..."
    as_root start-stop-daemon --start --oknodo --background --chuid mysql \
      --exec "$MARIADBD" -- \
      --user=mysql --bind-address=127.0.0.1 --port="$PORT" >&2
  fi

  local waited=0
  until ping_server; do
    if (( waited >= START_TIMEOUT )); then
      die "mariadbd did not answer 'mariadb-admin ping' within ${START_TIMEOUT}s;" \
          "its log went to stderr of the background process (discarded)." \
          "To see why, run it in the foreground:" \
          "$MARIADBD --user=mysql --bind-address=127.0.0.1 --port=$PORT"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "server is up (after ${waited}s)"

  local actual_port
  actual_port="$(as_root mariadb --protocol=socket --batch --skip-column-names -e 'SELECT @@port' 2>/dev/null || true)"
  if [[ "$actual_port" != "$PORT" ]]; then
    die "a server is already running on port '${actual_port:-?}', not $PORT; run '$0 stop' first"
  fi

  log "provisioning database '$DB' and user '$DB_USER' ..."
  as_root mariadb --protocol=socket --batch >&2 <<SQL
CREATE DATABASE IF NOT EXISTS \`$DB\`;
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON \`$DB\`.* TO '$DB_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$DB\`.* TO '$DB_USER'@'localhost';
FLUSH PRIVILEGES;
SQL
  log "ready"

  # The only line written to stdout.
  printf 'jdbc:mysql://127.0.0.1:%s/%s?user=%s&password=%s\n' "$PORT" "$DB" "$DB_USER" "$DB_PASS"
}

stop_server() {
  if ! is_installed; then
    log "mariadb-server is not installed; nothing to stop"
    return 0
  fi
  if ! ping_server; then
    log "server is not running; nothing to stop"
    return 0
  fi
  local pid=""
  pid="$(as_root cat "$RUN_DIR/mysqld.pid" 2>/dev/null || true)"
  log "shutting down mariadbd${pid:+ (pid $pid)} ..."
  # mariadb-admin shutdown waits until the server has removed its pid file.
  if ! as_root mariadb-admin --protocol=socket shutdown >&2; then
    if ping_server; then die "mariadb-admin shutdown failed"; fi
  fi
  local waited=0
  while [[ -n "$pid" ]] && as_root kill -0 "$pid" 2>/dev/null; do
    if (( waited >= START_TIMEOUT )); then
      die "mariadbd still running ${START_TIMEOUT}s after shutdown request"
    fi
    sleep 1
    waited=$((waited + 1))
  done
  log "stopped"
}

case "${1:-}" in
  start) start_server ;;
  stop)  stop_server ;;
  *)     usage ;;
esac
