# shellcheck shell=bash
# PostgreSQL 15, the new engine: a private cluster under $STACK_DIR/postgres.
# wal_level=logical and replication slots because Debezium reads every engine change through pgoutput.

ENGINE_DB=tandem_engine
ENGINE_USER=tandem
ENGINE_PASSWORD=tandem
# initdb names the bootstrap superuser after this, whoever runs it, so provisioning needs no guessing.
PG_SUPERUSER=postgres

postgres_home() { echo "$STACK_DIR/postgres"; }
postgres_data() { echo "$STACK_DIR/postgres/data"; }
postgres_marker() { postgres_data; }

# PostgreSQL refuses to run as root: as root, run its tools as the postgres OS user.
as_postgres() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_write_config() {
  local data
  data=$(postgres_data)
  # Included from postgresql.conf (see postgres_init) and rewritten on every up, so ports can change.
  # synchronous_commit stays on: the WAL sender ships only flushed WAL, and CDC latency would jump.
  cat >"$data/tandem.conf" <<EOF
# Written by stack/stack.sh on every up; edits are lost.
listen_addresses = '127.0.0.1'
port = $ENGINE_PORT
unix_socket_directories = '$(postgres_home)'
max_connections = 300
wal_level = logical
max_replication_slots = 20
max_wal_senders = 20
EOF
  if is_root; then chown postgres:postgres "$data/tandem.conf"; fi
}

postgres_init() {
  local home data
  home=$(postgres_home)
  data=$(postgres_data)
  say postgres "initializing $data"
  rm -rf "$data"
  as_postgres "$PG_BIN/initdb" -D "$data" --auth=trust -E UTF8 --locale=C.UTF-8 -U "$PG_SUPERUSER" \
    >>"$home/postgres.log" 2>&1 || {
    say postgres "initdb failed"
    show_log_tail "$home/postgres.log"
    return 1
  }
  as_postgres tee -a "$data/postgresql.conf" >/dev/null <<<"include 'tandem.conf'"
  # initdb --auth=trust already writes this line on Debian; CDC needs it, so do not depend on that.
  if ! grep -qE '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$data/pg_hba.conf"; then
    as_postgres tee -a "$data/pg_hba.conf" >/dev/null <<<"host replication all 127.0.0.1/32 trust"
  fi
}

postgres_up() {
  local start=$EPOCHREALTIME home data pid
  home=$(postgres_home)
  data=$(postgres_data)
  mkdir -p "$home"
  touch "$home/postgres.log"
  if is_root; then chown postgres:postgres "$home" "$home/postgres.log"; fi
  if [[ ! -f $data/PG_VERSION ]]; then
    postgres_init || return 1
  fi
  postgres_write_config
  # pg_ctl detaches the postmaster into its own session; fd 9 (the stack lock) must not leak into it.
  # shellcheck disable=SC2094 # pg_ctl and the postmaster both only append to the log
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$home/postgres.log" -w -t 120 start >>"$home/postgres.log" 2>&1 9>&-; then
    say postgres "pg_ctl start failed"
    show_log_tail "$home/postgres.log"
    return 1
  fi
  pid=$(head -n 1 "$data/postmaster.pid")
  echo "$pid" >"$(pid_file postgres)"
  postgres_provision || return 1
  say postgres "ready in $(elapsed_since "$start")s: jdbc:postgresql://127.0.0.1:$ENGINE_PORT/$ENGINE_DB (user $ENGINE_USER, pid $pid)"
}

# Idempotent. SUPERUSER because tests create databases and publications; REPLICATION for CDC slots.
postgres_provision() {
  as_postgres "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(postgres_home)" -p "$ENGINE_PORT" \
    -U "$PG_SUPERUSER" -d postgres >/dev/null <<EOF || { say postgres "provisioning failed"; return 1; }
DO \$\$ BEGIN
  CREATE ROLE $ENGINE_USER;
EXCEPTION WHEN duplicate_object THEN NULL;
END \$\$;
ALTER ROLE $ENGINE_USER WITH LOGIN SUPERUSER REPLICATION PASSWORD '$ENGINE_PASSWORD';
SELECT 'CREATE DATABASE $ENGINE_DB OWNER $ENGINE_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$ENGINE_DB') \gexec
EOF
}

postgres_ports() { echo "$ENGINE_PORT --engine-port"; }

postgres_running() { live_pid postgres "$(postgres_marker)"; }

# SIGINT is PostgreSQL's "fast" shutdown; SIGTERM ("smart") would wait for every client to leave.
postgres_down() { stop_server postgres "$(postgres_marker)" INT; }

postgres_endpoint() { echo "jdbc:postgresql://127.0.0.1:$ENGINE_PORT/$ENGINE_DB"; }
