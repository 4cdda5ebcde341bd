# shellcheck shell=bash
# MariaDB, the legacy store: a private instance under $STACK_DIR/mariadb with its own my.cnf.
# Binlog in ROW format with full row images because Debezium reads every legacy change from it.

LEGACY_DB=tandem_legacy
LEGACY_USER=tandem
LEGACY_PASSWORD=tandem

mariadb_home() { echo "$STACK_DIR/mariadb"; }
mariadb_marker() { echo "$(mariadb_home)/my.cnf"; }

mariadb_write_config() {
  local home
  home=$(mariadb_home)
  {
    echo "# Written by stack/stack.sh on every up; edits are lost."
    echo "[mariadbd]"
    # mariadbd refuses to run as root; started by root, it switches to this user itself.
    if is_root; then echo "user=mysql"; fi
    cat <<EOF
datadir=$home/data
socket=$home/mariadb.sock
pid-file=$home/mariadbd.pid
# Temporary tables of its own, not in /tmp: anything that cleans /tmp would fail the queries using them
# (a verification failed so, on "Error on delete of '/tmp/#sql-temptable-...'").
tmpdir=$home/tmp
log_error=$home/mariadb.log
port=$LEGACY_PORT
bind-address=127.0.0.1
skip-name-resolve
character-set-server=utf8mb4
server_id=1
log_bin=binlog
binlog_format=ROW
binlog_row_image=FULL
binlog_expire_logs_seconds=259200
# Durability traded for speed: this is a dev/test box, and the binlog is still written before commit returns.
innodb_flush_log_at_trx_commit=2
sync_binlog=0
innodb_buffer_pool_size=512M
max_connections=500

[client]
socket=$home/mariadb.sock
port=$LEGACY_PORT
EOF
  } >"$home/my.cnf"
}

mariadb_up() {
  local start=$EPOCHREALTIME home pid
  home=$(mariadb_home)
  mkdir -p "$home/tmp"
  touch "$home/mariadb.log"
  if is_root; then chown mysql:mysql "$home" "$home/tmp" "$home/mariadb.log"; fi
  mariadb_write_config
  if [[ ! -d $home/data/mysql ]]; then
    say mariadb "initializing $home/data"
    rm -rf "$home/data"
    mariadb-install-db --defaults-file="$home/my.cnf" --skip-test-db >>"$home/mariadb.log" 2>&1 || {
      say mariadb "mariadb-install-db failed"
      show_log_tail "$home/mariadb.log"
      return 1
    }
  fi
  spawn "$(pid_file mariadb)" "$home/mariadb.log" mariadbd --defaults-file="$home/my.cnf"
  pid=$(<"$(pid_file mariadb)")
  if ! wait_for 120 "$pid" mariadb mariadb-admin --defaults-file="$home/my.cnf" --connect-timeout=1 ping; then
    show_log_tail "$home/mariadb.log"
    return 1
  fi
  mariadb_provision || return 1
  say mariadb "ready in $(elapsed_since "$start")s: jdbc:mariadb://127.0.0.1:$LEGACY_PORT/$LEGACY_DB (user $LEGACY_USER, pid $pid)"
}

# Idempotent. Tests create and drop databases, hence ALL PRIVILEGES ON *.*; the second grant names
# what the Debezium MariaDB connector needs, so that nobody narrows the first one below it unawares.
mariadb_provision() {
  # The client logs in over the socket as the OS user, which mariadb-install-db authorised (unix_socket).
  mariadb --defaults-file="$(mariadb_home)/my.cnf" --batch <<EOF || { say mariadb "provisioning failed"; return 1; }
CREATE DATABASE IF NOT EXISTS $LEGACY_DB;
CREATE USER IF NOT EXISTS '$LEGACY_USER'@'127.0.0.1' IDENTIFIED BY '$LEGACY_PASSWORD';
CREATE USER IF NOT EXISTS '$LEGACY_USER'@'localhost' IDENTIFIED BY '$LEGACY_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$LEGACY_USER'@'127.0.0.1', '$LEGACY_USER'@'localhost';
GRANT REPLICATION SLAVE, REPLICATION CLIENT, BINLOG MONITOR, RELOAD, SELECT, LOCK TABLES, SHOW DATABASES
  ON *.* TO '$LEGACY_USER'@'127.0.0.1', '$LEGACY_USER'@'localhost';
EOF
}

mariadb_ports() { echo "$LEGACY_PORT --legacy-port"; }

mariadb_running() { live_pid mariadb "$(mariadb_marker)"; }

mariadb_down() { stop_server mariadb "$(mariadb_marker)" TERM; }

mariadb_endpoint() { echo "jdbc:mariadb://127.0.0.1:$LEGACY_PORT/$LEGACY_DB"; }
