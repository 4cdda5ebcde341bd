#!/usr/bin/env bash
# The real servers Tandem runs against (MariaDB, PostgreSQL 15, a single-node Kafka) from the command
# line: `stack/stack.sh up|down|status [--dir DIR] [--legacy-port N] [--engine-port N] [--kafka-port N]`.
# The stack module (dev.tandem.stack) does the work, for ./tandem here and in-process for the tests;
# this wrapper only builds it when its sources are newer than its last build, then hands over.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODULE=$ROOT/stack
STAMP=$MODULE/target/tandem-build.stamp
CLASSPATH_FILE=$MODULE/target/runtime.classpath

if [[ ! -f $STAMP || ! -f $CLASSPATH_FILE ]] ||
  [[ -n $(find "$ROOT/pom.xml" "$ROOT/command-line/pom.xml" "$ROOT/command-line/src/main" "$MODULE/pom.xml" \
    "$MODULE/src/main" -newer "$STAMP" -print -quit 2>/dev/null) ]]; then
  echo "stack     building the stack module with Maven (first use, or sources changed)" >&2
  mkdir -p "$MODULE/target"
  # The stamp takes the time the build started: an edit made during the build still counts as newer.
  marker=$(mktemp "$MODULE/target/build.XXXXXX")
  if ! (cd "$ROOT" && ./mvnw -q -B -DskipTests package -pl stack -am) >&2; then
    rm -f "$marker"
    echo "stack: building the stack module failed (run ./mvnw -B -DskipTests package -pl stack -am to see why)" >&2
    exit 2
  fi
  mv "$marker" "$STAMP"
fi

# Short-lived: skip the optimizing compiler. The servers it starts are processes of their own.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -D"tandem.repo.root=$ROOT" \
  -cp "$MODULE/target/classes:$(<"$CLASSPATH_FILE")" dev.tandem.stack.cli.StackMain "$@"
