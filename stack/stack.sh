#!/usr/bin/env bash
# Starts, stops and reports the real servers Tandem runs against, as plain processes on 127.0.0.1
# (no Docker): MariaDB (the legacy store), PostgreSQL 15 (the new engine) and a single-node Kafka.
# Used by ./tandem (dev stack and test stack) and by TestStack in the test-harness module.
set -euo pipefail

# mariadbd and runuser live in /usr/sbin, which is not on a Debian user's PATH.
export PATH=$PATH:/usr/sbin:/sbin
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=${TANDEM_PG_BIN:-/usr/lib/postgresql/15/bin}
STOP_TIMEOUT_SECONDS=${TANDEM_STOP_TIMEOUT_SECONDS:-30}
SERVERS=(mariadb postgres kafka)
DEFAULT_LEGACY_PORT=33306
DEFAULT_ENGINE_PORT=55432
DEFAULT_KAFKA_PORT=59092

# shellcheck source=stack/lib/common.sh
source "$REPO_ROOT/stack/lib/common.sh"
# shellcheck source=stack/lib/mariadb.sh
source "$REPO_ROOT/stack/lib/mariadb.sh"
# shellcheck source=stack/lib/postgres.sh
source "$REPO_ROOT/stack/lib/postgres.sh"
# shellcheck source=stack/lib/kafka.sh
source "$REPO_ROOT/stack/lib/kafka.sh"

usage() {
  cat <<EOF
Usage: stack/stack.sh up|down|status [--dir DIR] [--legacy-port N] [--engine-port N] [--kafka-port N]

  up      Start whatever is not running yet (initializing data directories on first use), wait
          until each server answers, print its endpoint and write DIR/endpoints.env.
  down    Stop the servers by PID (graceful, SIGKILL after ${STOP_TIMEOUT_SECONDS}s); data stays in DIR.
  status  Show what runs; exit 0 if all three run, 3 otherwise.

Options:
  --dir DIR          state directory: data, logs, PID files (default: $REPO_ROOT/.tandem)
  --legacy-port N    MariaDB port (default $DEFAULT_LEGACY_PORT)
  --engine-port N    PostgreSQL port (default $DEFAULT_ENGINE_PORT)
  --kafka-port N     Kafka port (default $DEFAULT_KAFKA_PORT); the KRaft controller takes N+1

Servers listen on 127.0.0.1 only. Logs: DIR/mariadb/mariadb.log, DIR/postgres/postgres.log,
DIR/kafka/kafka.log. As root, missing Debian packages are installed with apt-get.
EOF
}

usage_error() {
  printf 'stack: %s (see stack/stack.sh --help)\n' "$*" >&2
  exit 2
}

port_arg() {
  if ! [[ $2 =~ ^[0-9]{1,5}$ ]] || ((10#$2 < 1024 || 10#$2 > 65534)); then
    usage_error "invalid $1 '$2' (valid: a port number from 1024 to 65534)"
  fi
  echo $((10#$2))
}

parse_args() {
  COMMAND=${1:-}
  case $COMMAND in
    up | down | status) shift ;;
    -h | --help | help) usage; exit 0 ;;
    '') usage_error "missing command (valid: up, down, status)" ;;
    *) usage_error "unknown command '$COMMAND' (valid: up, down, status)" ;;
  esac
  STACK_DIR=$REPO_ROOT/.tandem
  LEGACY_PORT='' ENGINE_PORT='' KAFKA_PORT=''
  while (($#)); do
    case $1 in
      --dir)
        [[ -n ${2:-} ]] || usage_error "--dir needs a directory"
        STACK_DIR=$2
        shift 2
        ;;
      --legacy-port) LEGACY_PORT=$(port_arg "$1" "${2:-}"); shift 2 ;;
      --engine-port) ENGINE_PORT=$(port_arg "$1" "${2:-}"); shift 2 ;;
      --kafka-port) KAFKA_PORT=$(port_arg "$1" "${2:-}"); shift 2 ;;
      -h | --help) usage; exit 0 ;;
      *) usage_error "unknown option '$1' for $COMMAND" ;;
    esac
  done
  # PID checks match on absolute paths, and servers run with another working directory.
  STACK_DIR=$(realpath -m -- "$STACK_DIR")
  resolve_ports
}

# Ports given on the command line win; otherwise those of the last `up` in this DIR, then defaults.
# `down` and `status` thus need no ports, and `up` refuses to move a running server to another port.
resolve_ports() {
  local saved_legacy='' saved_engine='' saved_kafka=''
  if [[ -f $STACK_DIR/ports.env ]]; then
    saved_legacy=$(sed -n 's/^LEGACY_PORT=//p' "$STACK_DIR/ports.env")
    saved_engine=$(sed -n 's/^ENGINE_PORT=//p' "$STACK_DIR/ports.env")
    saved_kafka=$(sed -n 's/^KAFKA_PORT=//p' "$STACK_DIR/ports.env")
  fi
  REQUESTED_LEGACY_PORT=$LEGACY_PORT REQUESTED_ENGINE_PORT=$ENGINE_PORT REQUESTED_KAFKA_PORT=$KAFKA_PORT
  SAVED_LEGACY_PORT=$saved_legacy SAVED_ENGINE_PORT=$saved_engine SAVED_KAFKA_PORT=$saved_kafka
  LEGACY_PORT=${LEGACY_PORT:-${saved_legacy:-$DEFAULT_LEGACY_PORT}}
  ENGINE_PORT=${ENGINE_PORT:-${saved_engine:-$DEFAULT_ENGINE_PORT}}
  KAFKA_PORT=${KAFKA_PORT:-${saved_kafka:-$DEFAULT_KAFKA_PORT}}
}

# A running server keeps its port; asking for another one is an error rather than a silent no-op.
check_port_unchanged() {
  local name=$1 option=$2 requested=$3 saved=$4
  if [[ -n $requested && -n $saved && $requested != "$saved" ]]; then
    die "$name already runs in $STACK_DIR on port $saved, not $requested ($option): run down first"
  fi
}

# Serializes up/down on one DIR: test JVMs of parallel Maven modules may all call `up` at once.
lock_stack_dir() {
  exec 9>"$STACK_DIR/.lock"
  flock -w 900 9 || die "another stack.sh holds $STACK_DIR/.lock for more than 15 minutes"
}

write_endpoints() {
  local tmp=$STACK_DIR/endpoints.env.tmp
  cat >"$tmp" <<EOF
LEGACY_HOST=127.0.0.1
LEGACY_PORT=$LEGACY_PORT
LEGACY_DB=$LEGACY_DB
LEGACY_USER=$LEGACY_USER
LEGACY_PASSWORD=$LEGACY_PASSWORD
ENGINE_HOST=127.0.0.1
ENGINE_PORT=$ENGINE_PORT
ENGINE_DB=$ENGINE_DB
ENGINE_USER=$ENGINE_USER
ENGINE_PASSWORD=$ENGINE_PASSWORD
KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
EOF
  mv "$tmp" "$STACK_DIR/endpoints.env"
}

cmd_up() {
  ensure_packages
  if [[ ! -d $STACK_DIR ]]; then
    mkdir -p "$STACK_DIR"
    # The servers run as the mysql and postgres users when we are root: they must reach their dirs.
    chmod 755 "$STACK_DIR"
  fi
  lock_stack_dir
  require_reachable_by_servers "$STACK_DIR"
  local start=$EPOCHREALTIME server pid failed=()
  local -A jobs=()
  if pid=$(mariadb_running); then
    check_port_unchanged mariadb --legacy-port "$REQUESTED_LEGACY_PORT" "$SAVED_LEGACY_PORT"
  fi
  if pid=$(postgres_running); then
    check_port_unchanged postgres --engine-port "$REQUESTED_ENGINE_PORT" "$SAVED_ENGINE_PORT"
  fi
  if pid=$(kafka_running); then
    check_port_unchanged kafka --kafka-port "$REQUESTED_KAFKA_PORT" "$SAVED_KAFKA_PORT"
  fi
  local to_start=()
  for server in "${SERVERS[@]}"; do
    if pid=$("${server}_running"); then
      say "$server" "already running (pid $pid): $("${server}_endpoint")"
    else
      require_free_ports "$server"
      to_start+=("$server")
    fi
  done
  printf 'LEGACY_PORT=%s\nENGINE_PORT=%s\nKAFKA_PORT=%s\n' "$LEGACY_PORT" "$ENGINE_PORT" "$KAFKA_PORT" \
    >"$STACK_DIR/ports.env"
  # The servers start in parallel: each mostly waits on its own disk or JVM, and a cold up halves.
  for server in "${to_start[@]}"; do
    "${server}_up" &
    jobs[$server]=$!
  done
  for server in "${!jobs[@]}"; do
    wait "${jobs[$server]}" || failed+=("$server")
  done
  if ((${#failed[@]})); then
    die "up failed for: ${failed[*]} (logs under $STACK_DIR; stop the rest with: stack/stack.sh down --dir $STACK_DIR)"
  fi
  write_endpoints
  say stack "all up in $(elapsed_since "$start")s; endpoints in $STACK_DIR/endpoints.env"
}

cmd_down() {
  local server
  if [[ ! -d $STACK_DIR ]]; then
    say stack "nothing to stop: $STACK_DIR does not exist"
    return 0
  fi
  lock_stack_dir
  rm -f "$STACK_DIR/endpoints.env"
  for server in "${SERVERS[@]}"; do
    "${server}_down" &
  done
  wait
}

cmd_status() {
  local server pid down=0
  for server in "${SERVERS[@]}"; do
    if pid=$("${server}_running"); then
      say "$server" "running (pid $pid): $("${server}_endpoint")"
    else
      say "$server" "stopped"
      down=1
    fi
  done
  ((down == 0)) || exit 3
}

parse_args "$@"
"cmd_$COMMAND"
