#!/usr/bin/env bash
# The real servers Tandem runs against (MariaDB, PostgreSQL 15, a single-node Kafka) from the command
# line: `stack/stack.sh up|down|status [--dir DIR] [--legacy-port N] [--engine-port N] [--kafka-port N]`.
# The stack module (dev.tandem.stack) does the work, for ./tandem and in-process for the tests; this
# wrapper builds it when stale, then hands over.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=launcher/bootstrap.sh
source "$ROOT/launcher/bootstrap.sh"
ensure_built stack

# Short-lived: skip the optimizing compiler. The servers it starts are processes of their own.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -D"tandem.repo.root=$ROOT" -cp "$(classpath_of stack)" \
  dev.tandem.stack.cli.StackMain "$@"
