# Sourced by ./tandem and stack/stack.sh: what a shell entry point needs before it hands over to Java.
# ensure_built MODULE builds MODULE (and what it needs) with Maven when it was never built here, its
# target/runtime.classpath is gone (mvn clean), or a file it is built from is newer than its last build;
# then `classpath_of MODULE` is what `java -cp` needs. The modules each one is built from are listed here
# once, checked against the poms by the launcher's BootstrapModulesTest.
# shellcheck shell=bash

BOOTSTRAP_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

declare -A BUILT_FROM=(
  [stack]="command-line stack"
  [cli]="command-line admin-client cli"
  [launcher]="command-line stack admin-client launcher"
)

bootstrap_stale() {
  local module=$1 stamp=$BOOTSTRAP_ROOT/$1/target/tandem-build.stamp part sources=("$BOOTSTRAP_ROOT/pom.xml")
  [[ -f $stamp && -f $BOOTSTRAP_ROOT/$module/target/runtime.classpath ]] || return 0
  for part in ${BUILT_FROM[$module]}; do
    sources+=("$BOOTSTRAP_ROOT/$part/pom.xml" "$BOOTSTRAP_ROOT/$part/src/main")
  done
  [[ -n $(find "${sources[@]}" -newer "$stamp" -print -quit 2>/dev/null) ]]
}

ensure_built() {
  local module=$1 marker
  bootstrap_stale "$module" || return 0
  command -v java >/dev/null 2>&1 || {
    echo "tandem: java is not on the PATH (install a JDK 17, e.g. apt-get install openjdk-17-jdk-headless)" >&2
    exit 2
  }
  printf '%-12s %s\n' build "building $module with Maven (first use, or sources changed)" >&2
  mkdir -p "$BOOTSTRAP_ROOT/$module/target"
  # The stamp takes the time the build started: an edit made during the build still counts as newer.
  marker=$(mktemp "$BOOTSTRAP_ROOT/$module/target/build.XXXXXX")
  if ! (cd "$BOOTSTRAP_ROOT" && ./mvnw -q -B -DskipTests package -pl "$module" -am) >&2; then
    rm -f "$marker"
    echo "tandem: building $module failed (run ./mvnw -B -DskipTests package -pl $module -am to see why)" >&2
    exit 2
  fi
  mv "$marker" "$BOOTSTRAP_ROOT/$module/target/tandem-build.stamp"
}

classpath_of() {
  echo "$BOOTSTRAP_ROOT/$1/target/classes:$(<"$BOOTSTRAP_ROOT/$1/target/runtime.classpath")"
}
