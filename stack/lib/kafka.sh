# shellcheck shell=bash
# Kafka, single-node KRaft (broker and controller in one JVM), run from Maven artifacts: the
# classpath comes from stack/kafka-broker/pom.xml, so no Kafka distribution needs installing.

KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
KAFKA_READY_TIMEOUT_SECONDS=180

kafka_home() { echo "$STACK_DIR/kafka"; }
kafka_marker() { echo "$(kafka_home)/server.properties"; }
kafka_controller_port() { echo $((KAFKA_PORT + 1)); }

# The broker must match the kafka-clients the project compiles against: read it from the parent pom.
kafka_version() {
  sed -n 's:.*<kafka.version>\([^<]*\)</kafka.version>.*:\1:p' "$REPO_ROOT/pom.xml" | head -n 1
}

maven() {
  if [[ -x $REPO_ROOT/mvnw ]]; then
    "$REPO_ROOT/mvnw" "$@"
  else
    mvn "$@"
  fi
}

# A cached classpath is reusable while it names this Kafka version and every jar is still there
# (a cleaned ~/.m2 must not leave a broker that fails with NoClassDefFoundError).
kafka_classpath_valid() {
  local file=$1 version=$2 jar
  [[ -s $file ]] || return 1
  grep -qF "/kafka_2.13-$version.jar" "$file" || return 1
  while IFS= read -r -d : jar || [[ -n $jar ]]; do
    [[ -f $jar ]] || return 1
  done <"$file"
}

kafka_classpath() {
  local file=$STACK_DIR/kafka.classpath version
  version=$(kafka_version)
  [[ -n $version ]] || { say kafka "no <kafka.version> in $REPO_ROOT/pom.xml"; return 1; }
  if ! kafka_classpath_valid "$file" "$version"; then
    say kafka "resolving the broker classpath (kafka_2.13 $version) with Maven"
    maven -B -q -f "$REPO_ROOT/stack/kafka-broker/pom.xml" dependency:build-classpath \
      -Dkafka.version="$version" -Dmdep.includeScope=runtime -Dmdep.outputFile="$file.tmp" \
      >>"$(kafka_home)/kafka.log" 2>&1 9>&- || {
      say kafka "Maven could not resolve the broker classpath"
      show_log_tail "$(kafka_home)/kafka.log"
      return 1
    }
    # build-classpath writes no trailing newline; keep the file a single colon-separated line.
    mv "$file.tmp" "$file"
  fi
}

kafka_write_config() {
  local home controller_port
  home=$(kafka_home)
  controller_port=$(kafka_controller_port)
  # Every replication factor and min ISR is 1: with the defaults (3), a single node could not create
  # the offsets, transaction or share-state topics, and consumers or producers would hang.
  cat >"$home/server.properties" <<EOF
# Written by stack/stack.sh on every up; edits are lost.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$home/data
num.partitions=1
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Otherwise the first consumer of every group waits 3 s for others to join.
group.initial.rebalance.delay.ms=0
EOF
}

# Sets KAFKA_JAVA: java with the broker classpath and logging, for the broker and for StorageTool.
kafka_set_java() {
  KAFKA_JAVA=(java -cp "$(<"$STACK_DIR/kafka.classpath")" -Dkafka.logs.dir="$(kafka_home)"
    -Dlog4j2.configurationFile="$REPO_ROOT/stack/kafka-broker/log4j2.xml")
}

kafka_format() {
  local home cluster_id
  home=$(kafka_home)
  # A cluster id is 16 random bytes in URL-safe base64 without padding, like `kafka-storage random-uuid`,
  # which also draws again when the id begins with '-': the tool's argument parser would take such an
  # id for an option (about 1 start in 64).
  cluster_id=-
  while [[ $cluster_id == -* ]]; do
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  done
  say kafka "formatting $home/data (cluster id $cluster_id)"
  rm -rf "$home/data"
  kafka_set_java
  "${KAFKA_JAVA[@]}" -XX:TieredStopAtLevel=1 kafka.tools.StorageTool format \
    --cluster-id "$cluster_id" --config "$home/server.properties" >>"$home/kafka.log" 2>&1 || {
    say kafka "kafka-storage format failed"
    show_log_tail "$home/kafka.log"
    return 1
  }
}

# The readiness probe is compiled once per stack dir; javac costs more than the probe itself.
kafka_probe_classes() {
  local src=$REPO_ROOT/stack/kafka-broker/KafkaReady.java out
  out=$(kafka_home)/probe
  if [[ ! -f $out/KafkaReady.class || $src -nt $out/KafkaReady.class ]]; then
    mkdir -p "$out"
    javac -nowarn -cp "$(<"$STACK_DIR/kafka.classpath")" -d "$out" "$src" >>"$(kafka_home)/kafka.log" 2>&1 || {
      say kafka "could not compile $src"
      return 1
    }
  fi
  echo "$out"
}

# An open port is not enough: the broker binds its listener before it serves requests. The probe asks
# for cluster metadata, which the broker answers once it is unfenced and serving. It runs beside the
# broker's start-up (its own JVM start is then free) while we watch that the broker does not die.
kafka_wait_ready() {
  local broker=$1 probe_dir probe
  probe_dir=$(kafka_probe_classes) || return 1
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$probe_dir:$(<"$STACK_DIR/kafka.classpath")" \
    KafkaReady "127.0.0.1:$KAFKA_PORT" "$((KAFKA_READY_TIMEOUT_SECONDS * 1000))" \
    >>"$(kafka_home)/kafka.log" 2>&1 9>&- &
  probe=$!
  while true; do
    if ! process_alive "$probe"; then
      wait "$probe" && return 0
      say kafka "not ready after ${KAFKA_READY_TIMEOUT_SECONDS}s"
      return 1
    fi
    if ! process_alive "$broker"; then
      kill "$probe" 2>/dev/null || true
      say kafka "exited during start-up"
      return 1
    fi
    sleep 0.1
  done
}

kafka_up() {
  local start=$EPOCHREALTIME home pid heap
  home=$(kafka_home)
  mkdir -p "$home"
  kafka_classpath || return 1
  kafka_write_config
  if [[ ! -f $home/data/meta.properties ]]; then
    kafka_format || return 1
  fi
  kafka_set_java
  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  spawn "$(pid_file kafka)" "$home/kafka.log" "${KAFKA_JAVA[@]}" "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true kafka.Kafka "$home/server.properties"
  pid=$(<"$(pid_file kafka)")
  if ! kafka_wait_ready "$pid"; then
    show_log_tail "$home/kafka.log"
    return 1
  fi
  say kafka "ready in $(elapsed_since "$start")s: 127.0.0.1:$KAFKA_PORT (pid $pid)"
}

kafka_ports() {
  echo "$KAFKA_PORT --kafka-port"
  echo "$(kafka_controller_port) --kafka-port (the KRaft controller takes the next port)"
}

kafka_running() { live_pid kafka "$(kafka_marker)"; }

kafka_down() { stop_server kafka "$(kafka_marker)" TERM; }

kafka_endpoint() { echo "127.0.0.1:$KAFKA_PORT"; }
