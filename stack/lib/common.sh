# shellcheck shell=bash
# Helpers shared by the per-server scripts: output, packages, PID files, ports and waiting.
# Sourced by stack.sh, which sets STACK_DIR (absolute) and REPO_ROOT before calling anything here.

# One line per event, prefixed by the server it concerns, so the output of servers that start in
# parallel stays readable.
say() {
  printf '%-9s %s\n' "$1" "${*:2}"
}

die() {
  printf 'stack: %s\n' "$*" >&2
  exit 1
}

is_root() {
  [[ $(id -u) -eq 0 ]]
}

# Run by root, the databases run as the mysql and postgres users, who must be able to walk down to
# their directories: a checkout under a private directory (/root, a mktemp -d) otherwise fails deep in
# initdb with "Permission denied". Said once, up front, with the directory to open.
require_reachable_by_servers() {
  local dir=$1 user parent
  is_root || return 0
  for user in mysql postgres; do
    id -u "$user" >/dev/null 2>&1 || continue
    if ! runuser -u "$user" -- test -x "$dir"; then
      parent=$dir
      while [[ $parent != / ]] && ! runuser -u "$user" -- test -x "$(dirname "$parent")"; do
        parent=$(dirname "$parent")
      done
      # $parent is now the highest directory on the way that the user cannot enter.
      die "the $user user, as which the database servers run, cannot reach $dir: $parent is not open to others (try: chmod o+x $parent, or work under a directory others can enter)"
    fi
  done
}

# Seconds since $1 (an EPOCHREALTIME value), with one decimal.
elapsed_since() {
  local start=$1 now=$EPOCHREALTIME
  awk -v a="$start" -v b="$now" 'BEGIN { printf "%.1f", b - a }'
}

# Prints the last lines of a server log after a failure, indented, so the cause is on screen.
show_log_tail() {
  local file=$1
  [[ -r $file ]] || return 0
  printf '          last lines of %s:\n' "$file" >&2
  tail -n 15 "$file" | sed 's/^/            /' >&2
}

# ---- packages ------------------------------------------------------------------------------------

# Each entry is "command-or-path package": the Debian package that provides the command.
required_commands() {
  cat <<EOF
mariadbd mariadb-server
mariadb-install-db mariadb-server
mariadb mariadb-client
mariadb-admin mariadb-client
$PG_BIN/initdb postgresql-15
$PG_BIN/pg_ctl postgresql-15
$PG_BIN/postgres postgresql-15
$PG_BIN/psql postgresql-client-15
java openjdk-17-jdk-headless
javac openjdk-17-jdk-headless
flock util-linux
setsid util-linux
EOF
  if is_root; then
    echo "runuser util-linux"
  fi
}

missing_packages() {
  local cmd pkg
  while read -r cmd pkg; do
    command -v "$cmd" >/dev/null 2>&1 || echo "$pkg"
  done < <(required_commands) | sort -u
}

# Installs what is missing when we may (root), else names the packages and fails.
ensure_packages() {
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  missing=${missing% }
  [[ -z $missing ]] && return 0
  if ! is_root; then
    die "missing Debian packages: $missing (install them with: sudo apt-get install -y $missing)"
  fi
  say stack "installing missing Debian packages: $missing"
  # Waits for the dpkg lock: another stack.sh (a parallel test JVM) or apt run may hold it.
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -q)
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" update >/dev/null || die "apt-get update failed"
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends $missing >/dev/null ||
    die "apt-get install -y $missing failed"
  missing=$(missing_packages | tr '\n' ' ')
  [[ -z $missing ]] || die "still missing after apt-get install: $missing"
}

# ---- processes -----------------------------------------------------------------------------------

pid_file() {
  echo "$STACK_DIR/$1.pid"
}

# Prints the PID of server $1 when its PID file names a live process whose command line contains $2.
# PIDs are recycled after a reboot or a crash: only a process that names this stack's files is ours.
live_pid() {
  local file pid state
  file=$(pid_file "$1")
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $state != Z ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$2" || return 1
  echo "$pid"
}

process_alive() {
  local state
  state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ $state != Z ]]
}

# spawn PIDFILE LOGFILE COMMAND...: starts COMMAND in its own session (Ctrl-C in the terminal that
# ran `up` must not reach the servers), detached from our stdio (a caller that reads our output,
# such as TestStack, would otherwise wait for the servers to exit), and without the stack lock on
# fd 9 (a server holding it would block every later up/down). The inner shell writes its own PID
# and then execs, so the PID file names the server even if setsid had to fork.
spawn() {
  local pidfile=$1 logfile=$2
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s $pidfile ]] && return 0
    sleep 0.05
  done
  die "could not start $1: no PID after 5 s"
}

# stop_server NAME MARKER SIGNAL: graceful stop with SIGNAL, then SIGKILL after STOP_TIMEOUT_SECONDS.
stop_server() {
  local name=$1 marker=$2 signal=$3 pid i
  if ! pid=$(live_pid "$name" "$marker"); then
    rm -f "$(pid_file "$name")"
    say "$name" "not running"
    return 0
  fi
  local start=$EPOCHREALTIME
  kill -s "$signal" "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT_SECONDS * 10; i++)); do
    process_alive "$pid" || break
    sleep 0.1
  done
  if process_alive "$pid"; then
    kill -s KILL "$pid" 2>/dev/null || true
    say "$name" "did not stop within ${STOP_TIMEOUT_SECONDS}s after SIG$signal: killed (pid $pid)"
  else
    say "$name" "stopped (pid $pid, $(elapsed_since "$start")s)"
  fi
  rm -f "$(pid_file "$name")"
}

# ---- ports ---------------------------------------------------------------------------------------

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Fails with a hint when another process already listens where server $1 wants to, before anything
# is initialized or started.
require_free_ports() {
  local name=$1 port option
  while read -r port option; do
    if port_open "$port"; then
      die "$name: port $port on 127.0.0.1 is already in use by another process (not this stack's); stop it or choose another port with $option"
    fi
  done < <("${name}_ports")
}

# wait_for SECONDS PID DESCRIPTION COMMAND...: polls COMMAND until it succeeds, the process PID
# dies, or SECONDS pass.
wait_for() {
  local seconds=$1 pid=$2 what=$3 i
  shift 3
  for ((i = 0; i < seconds * 10; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    process_alive "$pid" || {
      say "$what" "exited during start-up"
      return 1
    }
    sleep 0.1
  done
  say "$what" "not ready after ${seconds}s"
  return 1
}
