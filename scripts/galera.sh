#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on loopback, for the cluster tests (src/test/java/.../galera).
#
# Usage:
#   scripts/galera.sh start          # a new, empty cluster (installs mariadb-server/galera-4/rsync if
#                                    # missing); prints ONLY the three JDBC URLs on stdout, comma-separated
#   scripts/galera.sh stop           # shuts every node down (no-op when none runs), keeps the files
#   scripts/galera.sh status         # one line per node: port, pid, state, cluster size
#   scripts/galera.sh urls           # prints the JDBC URLs again (stdout)
#   scripts/galera.sh kill N         # kill -9 of node N (1-3), as a crash
#   scripts/galera.sh restart N      # starts node N again at its recovered position (IST), waits for Synced
#
# Nodes: client ports 3307/3308/3309, Galera 4567/4577/4587 (IST one above), SST 4444/4454/4464, all on
# 127.0.0.1, each with its own datadir and config under $GALERA_DIR (default /tmp/wsms-galera), started
# with --defaults-file so that /etc/mysql and the Debian MariaDB on 3306 are left alone.
# The database $GALERA_DB (default wsms_galera) and the TCP user session/session are made on node 1 and
# replicated. Must run as root. Progress goes to stderr; every wait is bounded (GALERA_TIMEOUT, default
# 120 s per node). Settings: short evs.* timeouts (a dead node is dropped in ~3.5 s, not ~6 s) and a
# 256 MB gcache, so that a node down for a minute under write load still rejoins by IST (each set
# replicates its whole row; with 64 MB it fell back to a full copy that stops the donor's writes).
set -euo pipefail

BASE="${GALERA_DIR:-/tmp/wsms-galera}"
DB="${GALERA_DB:-wsms_galera}"
DB_USER="session"
DB_PASS="session"
MARIADBD="/usr/sbin/mariadbd"
PROVIDER="/usr/lib/galera/libgalera_smm.so"
NODES=(1 2 3)
JOIN_TIMEOUT="${GALERA_TIMEOUT:-120}"
STOP_TIMEOUT=60

log() { printf '[galera] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ "$(id -u)" -eq 0 ]] || die "must run as root (it runs mariadbd --user=mysql)"

port() { echo $((3306 + $1)); }
gport() { echo $((4557 + 10 * $1)); }
sstport() { echo $((4434 + 10 * $1)); }
dir() { echo "$BASE/node$1"; }
sock() { echo "$(dir "$1")/mysqld.sock"; }
pidfile() { echo "$(dir "$1")/mysqld.pid"; }
cnf() { echo "$(dir "$1")/my.cnf"; }
errlog() { echo "$(dir "$1")/error.log"; }

url() {
  printf 'jdbc:mysql://127.0.0.1:%s/%s?user=%s&password=%s' "$(port "$1")" "$DB" "$DB_USER" "$DB_PASS"
}

check_node() {
  [[ "${1:-}" =~ ^[123]$ ]] || die "node must be 1, 2 or 3, got '${1:-}'"
}

install_packages() {
  if [[ -x "$MARIADBD" && -f "$PROVIDER" ]] && command -v rsync >/dev/null 2>&1; then
    return 0
  fi
  log "installing mariadb-server, galera-4 and rsync via apt-get ..."
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y mariadb-server galera-4 rsync >&2
  [[ -x "$MARIADBD" && -f "$PROVIDER" ]] || die "mariadb-server/galera-4 did not provide $MARIADBD and $PROVIDER"
}

pid_of() {
  local p
  p="$(cat "$(pidfile "$1")" 2>/dev/null || true)"
  if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && grep -q mariadbd "/proc/$p/comm" 2>/dev/null; then
    echo "$p"
  fi
}

# Runs SQL as root over node N's socket (root logs in by unix_socket only).
sql() {
  local n="$1"; shift
  mariadb --no-defaults --protocol=socket --socket="$(sock "$n")" -uroot --batch --skip-column-names \
    --connect-timeout=2 "$@"
}

status_var() {
  sql "$1" -e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | awk '{print $2}'
}

write_config() {
  local n="$1" d
  d="$(dir "$n")"
  local ga; ga="$(gport "$n")"
  cat >"$(cnf "$n")" <<CNF
[mariadbd]
user=mysql
datadir=$d/data
socket=$(sock "$n")
pid-file=$(pidfile "$n")
log-error=$(errlog "$n")
port=$(port "$n")
bind-address=127.0.0.1
skip-name-resolve
max_connections=200
binlog_format=ROW
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
innodb_flush_log_at_trx_commit=2
performance_schema=OFF
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=wsms_galera
wsrep_cluster_address=gcomm://127.0.0.1:$(gport 1),127.0.0.1:$(gport 2),127.0.0.1:$(gport 3)
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$ga
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$ga;ist.recv_addr=127.0.0.1:$((ga + 1));gcache.size=256M;evs.keepalive_period=PT0.5S;evs.inactive_check_period=PT0.5S;evs.suspect_timeout=PT2S;evs.inactive_timeout=PT4S;evs.install_timeout=PT4S"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$(sstport "$n")
CNF
}

# Starts node N in the background with extra mariadbd options.
launch() {
  local n="$1"; shift
  setsid "$MARIADBD" --defaults-file="$(cnf "$n")" "$@" </dev/null >>"$(dir "$n")/stdout.log" 2>&1 &
  LAUNCHED=$!
}

# Waits until node N (started by launch) is Synced and ready, failing when it exits or takes too long.
wait_synced() {
  local n="$1" t0="$2" state ready
  while true; do
    if ! kill -0 "$LAUNCHED" 2>/dev/null; then
      tail -n 30 "$(errlog "$n")" >&2 || true
      die "node $n (port $(port "$n")) exited while starting; its log is $(errlog "$n")"
    fi
    state="$(status_var "$n" wsrep_local_state_comment || true)"
    ready="$(status_var "$n" wsrep_ready || true)"
    if [[ "$state" == "Synced" && "$ready" == "ON" ]]; then
      break
    fi
    if (( $(date +%s) - t0 >= JOIN_TIMEOUT )); then
      tail -n 30 "$(errlog "$n")" >&2 || true
      die "node $n did not reach Synced within ${JOIN_TIMEOUT}s (state '${state:-no answer}'); log $(errlog "$n")"
    fi
    sleep 0.2
  done
}

free_ports() {
  local n p
  for n in "${NODES[@]}"; do
    for p in "$(port "$n")" "$(gport "$n")" "$(($(gport "$n") + 1))" "$(sstport "$n")"; do
      if ss -Hltn "sport = :$p" | grep -q .; then
        die "port $p (node $n) is in use by another process; stop it or run '$0 stop'"
      fi
    done
  done
}

start_cluster() {
  install_packages
  local running=0 n
  for n in "${NODES[@]}"; do
    [[ -n "$(pid_of "$n")" ]] && running=$((running + 1))
  done
  if (( running == 3 )) && [[ "$(status_var 1 wsrep_cluster_size)" == "3" ]]; then
    log "cluster already running with 3 nodes; not starting another"
    print_urls
    return 0
  fi
  (( running == 0 )) || stop_cluster
  free_ports
  local t0; t0="$(date +%s.%N)"
  log "new cluster under $BASE"
  # Only ever wipe a directory this script made (or an empty one).
  if [[ -d "$BASE" && ! -f "$BASE/node1/my.cnf" ]] && [[ -n "$(ls -A "$BASE")" ]]; then
    die "$BASE exists and was not made by this script; set GALERA_DIR to another directory"
  fi
  rm -rf "$BASE"
  mkdir -p "$(dir 1)/data"
  mariadb-install-db --no-defaults --user=mysql --skip-test-db --datadir="$(dir 1)/data" \
    >"$(dir 1)/install.log" 2>&1 || { cat "$(dir 1)/install.log" >&2; die "mariadb-install-db failed"; }
  # Nodes 2 and 3 start empty: they get node 1's files by a full state transfer (rsync) as they join.
  for n in "${NODES[@]}"; do
    mkdir -p "$(dir "$n")/data"
    write_config "$n"
  done
  chown -R mysql:mysql "$BASE"
  for n in "${NODES[@]}"; do
    log "starting node $n on 127.0.0.1:$(port "$n") ..."
    if (( n == 1 )); then
      launch 1 --wsrep-new-cluster
    else
      launch "$n"
    fi
    wait_synced "$n" "$(date +%s)"
  done
  log "provisioning database '$DB' and user '$DB_USER' on node 1 (replicated) ..."
  sql 1 <<SQL
CREATE DATABASE IF NOT EXISTS \`$DB\`;
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON \`$DB\`.* TO '$DB_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$DB\`.* TO '$DB_USER'@'localhost';
SQL
  # Wait until the grants reached node 3 (the last one to join), so that a client can use any node at once.
  local i
  for i in $(seq 1 50); do
    [[ "$(sql 3 -e "SELECT COUNT(*) FROM mysql.global_priv WHERE User='$DB_USER'" 2>/dev/null)" == "2" ]] && break
    sleep 0.1
  done
  log "ready: 3 nodes Synced in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t0}") s"
  print_urls
}

print_urls() {
  printf '%s,%s,%s\n' "$(url 1)" "$(url 2)" "$(url 3)"
}

stop_node() {
  local n="$1" p waited=0
  p="$(pid_of "$n")"
  [[ -n "$p" ]] || return 0
  log "stopping node $n (pid $p) ..."
  kill -TERM "$p" 2>/dev/null || true
  while kill -0 "$p" 2>/dev/null; do
    if (( waited >= STOP_TIMEOUT * 5 )); then
      log "node $n still running ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
      kill -KILL "$p" 2>/dev/null || true
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
}

stop_cluster() {
  local n
  # The last node to stop is the one that can bootstrap again; stop 3, 2, then 1.
  for n in 3 2 1; do
    stop_node "$n"
  done
  log "stopped"
}

status_cluster() {
  local n p
  for n in "${NODES[@]}"; do
    p="$(pid_of "$n")"
    if [[ -z "$p" ]]; then
      printf 'node%s port %s: not running\n' "$n" "$(port "$n")"
    else
      printf 'node%s port %s: pid %s, %s, ready %s, cluster size %s, last committed %s\n' "$n" "$(port "$n")" "$p" \
        "$(status_var "$n" wsrep_local_state_comment)" "$(status_var "$n" wsrep_ready)" \
        "$(status_var "$n" wsrep_cluster_size)" "$(status_var "$n" wsrep_last_committed)"
    fi
  done
}

kill_node() {
  local n="$1" p
  check_node "$n"
  p="$(pid_of "$n")"
  [[ -n "$p" ]] || die "node $n is not running"
  kill -KILL "$p"
  local i
  for i in $(seq 1 50); do
    kill -0 "$p" 2>/dev/null || { log "node $n (pid $p) killed with SIGKILL"; return 0; }
    sleep 0.1
  done
  die "node $n (pid $p) did not die within 5 s of SIGKILL"
}

restart_node() {
  local n="$1"
  check_node "$n"
  [[ -f "$(cnf "$n")" ]] || die "node $n was never set up; run '$0 start'"
  if [[ -n "$(pid_of "$n")" ]]; then
    log "node $n is already running"
    return 0
  fi
  local t0; t0="$(date +%s.%N)"
  # The position the node's InnoDB reached; with it the node asks a donor for the missing
  # write sets only (IST) instead of a full copy (SST).
  local rec="$(dir "$n")/recover.log" pos
  rm -f "$rec"
  timeout 60 "$MARIADBD" --defaults-file="$(cnf "$n")" --wsrep-recover --log-error="$rec" >/dev/null 2>&1 \
    || die "mariadbd --wsrep-recover failed for node $n; see $rec"
  pos="$(sed -n 's/.*WSREP: Recovered position: *\([0-9a-f-]*:-\{0,1\}[0-9]*\).*/\1/p' "$rec" | tail -n 1)"
  if [[ -n "$pos" && "$pos" != *":-1" ]]; then
    log "node $n recovered position $pos; starting it (IST) ..."
    launch "$n" --wsrep_start_position="$pos"
  else
    log "node $n has no recovered position; starting it (full state transfer) ..."
    launch "$n"
  fi
  wait_synced "$n" "$(date +%s)"
  log "node $n Synced again in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $t0}") s"
}

case "${1:-}" in
  start) start_cluster ;;
  stop) stop_cluster ;;
  status) status_cluster ;;
  urls) print_urls ;;
  kill) kill_node "${2:-}" ;;
  restart) restart_node "${2:-}" ;;
  *) echo "usage: $0 {start|stop|status|urls|kill N|restart N}" >&2; exit 2 ;;
esac
