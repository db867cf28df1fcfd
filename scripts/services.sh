#!/usr/bin/env bash
# Backing services for Backtrack's integration tests and local runs.
#
#   bash scripts/services.sh up          # ensure Postgres, RabbitMQ, Kafka are up (idempotent)
#   bash scripts/services.sh down        # stop the Kafka broker this checkout started (only that)
#   bash scripts/services.sh status      # print each service's state (exit 1 if one is down)
#   bash scripts/services.sh kafka-logs [-f] [N]   # last N (100) lines of .kafka/kafka.log
#
# Postgres and RabbitMQ are the machine's own (Debian packages); `up` starts
# them if they are installed but not running. Kafka is a real single-node
# broker in KRaft combined mode, resolved from Maven Central by
# scripts/kafka/pom.xml into .kafka/lib (git-ignored), data in .kafka/data.
#
# Env (defaults in brackets) - set them to use services elsewhere:
#   DATABASE_URL  [postgres://postgres@127.0.0.1:5432/postgres]
#   AMQP_URL      [amqp://guest:guest@127.0.0.1:5672]
#   KAFKA_BROKERS [127.0.0.1:9092]   if set and reachable, no local broker is started
#   KAFKA_HEAP_OPTS [-Xms256m -Xmx768m], SERVICES_WAIT_PG [60], SERVICES_WAIT_RABBIT [60],
#   SERVICES_WAIT_KAFKA [90] (seconds)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA_SRC="$ROOT/scripts/kafka"
KAFKA_DIR="$ROOT/.kafka"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_DIR/kafka.log"
KAFKA_PROPS="$KAFKA_DIR/server.properties"

DEFAULT_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_AMQP_URL="amqp://guest:guest@127.0.0.1:5672"
DEFAULT_KAFKA_BROKERS="127.0.0.1:9092"
DATABASE_URL="${DATABASE_URL:-$DEFAULT_DATABASE_URL}"
AMQP_URL="${AMQP_URL:-$DEFAULT_AMQP_URL}"
KAFKA_BROKERS="${KAFKA_BROKERS:-$DEFAULT_KAFKA_BROKERS}"

WAIT_PG="${SERVICES_WAIT_PG:-60}"
WAIT_RABBIT="${SERVICES_WAIT_RABBIT:-60}"
WAIT_KAFKA="${SERVICES_WAIT_KAFKA:-90}"
RABBIT_PLUGIN="rabbitmq_consistent_hash_exchange"

log() { echo "[services] $*"; }
warn() { echo "[services] WARNING: $*" >&2; }
die() {
  echo "[services] ERROR: $*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }

# port_open HOST PORT: does something accept TCP connections there (2 s max)?
port_open() {
  # shellcheck disable=SC2016 # $0/$1 are expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" >/dev/null 2>&1
}

# url_host_port URL DEFAULT_PORT -> "host port" (scheme://[user[:pass]@]host[:port][/...])
url_host_port() {
  local rest="${1#*://}"
  rest="${rest%%/*}"
  rest="${rest%%\?*}"
  rest="${rest##*@}"
  local host="${rest%:*}" port="${rest##*:}"
  if [[ "$rest" != *:* ]]; then
    host="$rest"
    port="$2"
  fi
  echo "${host:-127.0.0.1} ${port:-$2}"
}

# ---------------------------------------------------------------- Postgres
read -r PG_HOST PG_PORT <<<"$(url_host_port "$DATABASE_URL" 5432)"

pg_ready() {
  if have pg_isready; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    port_open "$PG_HOST" "$PG_PORT"
  fi
}

pg_start_local() {
  have pg_ctlcluster || return 1
  [[ -d /etc/postgresql ]] || return 1
  local ver
  ver="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n1)"
  [[ -n "$ver" && -d "/etc/postgresql/$ver/main" ]] || return 1
  log "postgres: starting cluster $ver/main (pg_ctlcluster)"
  # "already running" (e.g. listening elsewhere, still starting) is not an error here.
  pg_ctlcluster --skip-systemctl-redirect "$ver" main start ||
    warn "postgres: pg_ctlcluster $ver main start exited non-zero; waiting anyway"
}

pg_up() {
  if pg_ready; then
    log "postgres: ready at $PG_HOST:$PG_PORT"
    return 0
  fi
  if ! is_local "$PG_HOST"; then
    die "postgres: not reachable at $PG_HOST:$PG_PORT (DATABASE_URL=$DATABASE_URL)"
  fi
  pg_start_local ||
    die "postgres: not accepting connections on $PG_HOST:$PG_PORT and no local PostgreSQL cluster to start (apt-get install postgresql). Tests use DATABASE_URL=$DATABASE_URL"
  local deadline=$((SECONDS + WAIT_PG))
  until pg_ready; do
    ((SECONDS < deadline)) ||
      die "postgres: not ready after ${WAIT_PG}s at $PG_HOST:$PG_PORT (DATABASE_URL=$DATABASE_URL)"
    sleep 1
  done
  log "postgres: ready at $PG_HOST:$PG_PORT"
}

pg_status() {
  if pg_ready; then log "postgres: up     DATABASE_URL=$DATABASE_URL"; else
    log "postgres: DOWN   DATABASE_URL=$DATABASE_URL"
    return 1
  fi
}

# ---------------------------------------------------------------- RabbitMQ
read -r RABBIT_HOST RABBIT_PORT <<<"$(url_host_port "$AMQP_URL" 5672)"

rabbit_ready() { port_open "$RABBIT_HOST" "$RABBIT_PORT"; }

rabbit_plugin_enabled() {
  rabbitmq-plugins -q is_enabled "$RABBIT_PLUGIN" >/dev/null 2>&1
}

# A port that accepts is not enough: a wedged broker accepts and never answers, so speak AMQP to it.
rabbit_serves_amqp() {
  [[ -d "$ROOT/node_modules/amqplib" ]] || return 0
  if is_local "$RABBIT_HOST" && have rabbitmqctl; then
    local queues rc=0
    queues="$(mktemp)"
    timeout 30 rabbitmqctl -q list_queues name consumers >"$queues" 2>/dev/null || true
    AMQP_URL="$AMQP_URL" timeout 120 node "$ROOT/scripts/rabbitmq-check.js" --clean "$queues" || rc=$?
    rm -f "$queues"
    return $rc
  fi
  AMQP_URL="$AMQP_URL" timeout 30 node "$ROOT/scripts/rabbitmq-check.js"
}

# await_startup fails fast while the Erlang node is not registered yet: retry until WAIT_RABBIT runs out.
rabbit_await_startup() {
  local deadline=$((SECONDS + WAIT_RABBIT))
  until rabbitmqctl -q await_startup --timeout 10 >/dev/null 2>&1 && rabbit_ready; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

# Last resort for a local broker that stopped answering: restart it.
rabbit_restart() {
  is_local "$RABBIT_HOST" && have rabbitmq-server ||
    die "rabbitmq: $RABBIT_HOST:$RABBIT_PORT accepts connections but does not answer AMQP (AMQP_URL=$AMQP_URL)"
  warn "rabbitmq: not answering AMQP; restarting it"
  timeout 60 rabbitmqctl -q stop >/dev/null 2>&1 || pkill -9 -u rabbitmq beam.smp || true
  sleep 2
  rabbitmq-server -detached >/dev/null 2>&1 || true
  rabbit_await_startup || die "rabbitmq: did not come back after a restart; see /var/log/rabbitmq/"
  rabbit_serves_amqp || die "rabbitmq: still not answering AMQP after a restart (AMQP_URL=$AMQP_URL); see /var/log/rabbitmq/"
  log "rabbitmq: restarted and answering"
}

rabbit_up() {
  if ! rabbit_ready; then
    is_local "$RABBIT_HOST" ||
      die "rabbitmq: not reachable at $RABBIT_HOST:$RABBIT_PORT (AMQP_URL=$AMQP_URL)"
    have rabbitmq-server ||
      die "rabbitmq: nothing listens on $RABBIT_HOST:$RABBIT_PORT and rabbitmq-server is not installed (apt-get install rabbitmq-server). Tests use AMQP_URL=$AMQP_URL"
    log "rabbitmq: starting (rabbitmq-server -detached)"
    rabbitmq-server -detached >/dev/null 2>&1 || warn "rabbitmq: rabbitmq-server -detached exited non-zero; waiting anyway"
    rabbit_await_startup ||
      die "rabbitmq: not ready after ${WAIT_RABBIT}s on $RABBIT_HOST:$RABBIT_PORT (AMQP_URL=$AMQP_URL); see /var/log/rabbitmq/"
  fi
  log "rabbitmq: ready at $RABBIT_HOST:$RABBIT_PORT"
  rabbit_serves_amqp || rabbit_restart

  if ! is_local "$RABBIT_HOST"; then
    log "rabbitmq: remote broker, make sure plugin $RABBIT_PLUGIN is enabled there"
  elif ! have rabbitmq-plugins; then
    warn "rabbitmq: rabbitmq-plugins not found, cannot check plugin $RABBIT_PLUGIN"
  elif rabbit_plugin_enabled; then
    log "rabbitmq: plugin $RABBIT_PLUGIN enabled"
  else
    log "rabbitmq: enabling plugin $RABBIT_PLUGIN"
    rabbitmq-plugins -q enable --online "$RABBIT_PLUGIN" >/dev/null ||
      die "rabbitmq: could not enable $RABBIT_PLUGIN (AMQP_URL=$AMQP_URL)"
    rabbit_plugin_enabled || die "rabbitmq: $RABBIT_PLUGIN still not enabled (AMQP_URL=$AMQP_URL)"
    log "rabbitmq: plugin $RABBIT_PLUGIN enabled"
  fi
}

rabbit_status() {
  if ! rabbit_ready; then
    log "rabbitmq: DOWN   AMQP_URL=$AMQP_URL"
    return 1
  fi
  local plugin="plugin $RABBIT_PLUGIN: unknown"
  if is_local "$RABBIT_HOST" && have rabbitmq-plugins; then
    if rabbit_plugin_enabled; then plugin="plugin $RABBIT_PLUGIN: enabled"; else plugin="plugin $RABBIT_PLUGIN: NOT enabled"; fi
  fi
  log "rabbitmq: up     AMQP_URL=$AMQP_URL ($plugin)"
}

# ---------------------------------------------------------------- Kafka
KAFKA_FIRST="${KAFKA_BROKERS%%,*}"
KAFKA_HOST="${KAFKA_FIRST%:*}"
KAFKA_PORT="${KAFKA_FIRST##*:}"
KAFKA_STARTED_NOW=no
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_SRC/pom.xml" | head -n1)"

# Our broker's pid if the pid file points at a live kafka.Kafka process.
kafka_our_pid() {
  [[ -f "$KAFKA_PID" ]] || return 1
  local pid
  pid="$(cat "$KAFKA_PID" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

# Does the broker answer a real request? Uses kafkajs (the project's client)
# when node_modules is installed: metadata (listTopics), then a group
# coordinator lookup (creates __consumer_offsets so the first test does not
# wait for it) and an idempotent producer id. Without kafkajs, falls back to the
# broker log (ours) or the open port (someone else's).
kafka_answers() {
  if have node && (cd "$ROOT" && node -e "require.resolve('kafkajs')" >/dev/null 2>&1); then
    (cd "$ROOT" && timeout 30 node - "$KAFKA_BROKERS" <<'JS'
const { Kafka, logLevel } = require('kafkajs');
const brokers = process.argv[2].split(',');
const kafka = new Kafka({
  clientId: 'backtrack-services-check',
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  requestTimeout: 10000,
  retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 2000 },
});
(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.listTopics();
  await admin.fetchOffsets({ groupId: 'backtrack-services-check', topics: [] });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.disconnect();
})().then(
  () => process.exit(0),
  (e) => {
    console.error('[services] kafka: broker did not answer: ' + (e && e.message));
    process.exit(1);
  },
);
JS
    )
  elif [[ -n "$(kafka_our_pid || true)" ]]; then
    grep -q 'Kafka Server started' "$KAFKA_LOG" 2>/dev/null
  else
    port_open "$KAFKA_HOST" "$KAFKA_PORT"
  fi
}

kafka_lib_ready() {
  local want
  want="$KAFKA_VERSION $(sha1sum "$KAFKA_SRC/pom.xml" | cut -d' ' -f1)"
  [[ -f "$KAFKA_LIB/.complete" && "$(cat "$KAFKA_LIB/.complete")" == "$want" ]] && return 0
  have mvn || die "kafka: Maven (mvn) is needed once to fetch Kafka $KAFKA_VERSION jars (apt-get install maven), or set KAFKA_BROKERS to a running broker"
  log "kafka: resolving Kafka $KAFKA_VERSION jars from Maven Central into .kafka/lib (once)"
  local t0=$SECONDS
  rm -rf "$KAFKA_LIB.tmp"
  mkdir -p "$KAFKA_DIR"
  if ! mvn -q -B -Dstyle.color=never -f "$KAFKA_SRC/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB.tmp" </dev/null >"$KAFKA_DIR/mvn.log" 2>&1; then
    cat "$KAFKA_DIR/mvn.log" >&2
    rm -rf "$KAFKA_LIB.tmp"
    die "kafka: mvn could not resolve scripts/kafka/pom.xml (Kafka $KAFKA_VERSION); KAFKA_BROKERS=$KAFKA_BROKERS unavailable"
  fi
  rm -rf "$KAFKA_LIB"
  mv "$KAFKA_LIB.tmp" "$KAFKA_LIB"
  echo "$want" >"$KAFKA_LIB/.complete"
  log "kafka: $(find "$KAFKA_LIB" -name '*.jar' | wc -l) jars in .kafka/lib ($((SECONDS - t0))s)"
}

kafka_check_java() {
  have java || die "kafka: java (17+) not found (apt-get install openjdk-17-jre-headless), or set KAFKA_BROKERS to a running broker"
  local v
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  [[ -z "$v" || "$v" -ge 17 ]] || die "kafka: Kafka $KAFKA_VERSION needs Java 17+, found $v"
}

kafka_start() {
  kafka_check_java
  kafka_lib_ready
  mkdir -p "$KAFKA_DIR"
  sed "s#@KAFKA_DATA_DIR@#$KAFKA_DATA#g" "$KAFKA_SRC/server.properties" >"$KAFKA_PROPS"
  local log4j_tools="-Dlog4j2.configurationFile=$KAFKA_SRC/log4j2-tools.properties"
  if [[ ! -f "$KAFKA_DATA/meta.properties" ]]; then
    rm -rf "$KAFKA_DATA"
    mkdir -p "$KAFKA_DATA"
    local cluster_id
    # Same format as `kafka-storage random-uuid`: URL-safe base64 UUID, not starting with '-'.
    cluster_id="-"
    while [[ "$cluster_id" == -* ]]; do
      cluster_id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
    log "kafka: formatting storage in .kafka/data (cluster id $cluster_id)"
    java -Xmx256m "$log4j_tools" -cp "$KAFKA_LIB/*" kafka.tools.StorageTool format \
      --cluster-id "$cluster_id" --config "$KAFKA_PROPS" --standalone >/dev/null ||
      die "kafka: formatting .kafka/data failed"
  fi
  [[ -f "$KAFKA_LOG" ]] && mv -f "$KAFKA_LOG" "$KAFKA_LOG.1"
  log "kafka: starting Kafka $KAFKA_VERSION (KRaft broker+controller) on 127.0.0.1:9092, log .kafka/kafka.log"
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of JVM flags
  nohup setsid java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m} \
    -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true \
    -Dkafka.logs.dir="$KAFKA_DIR" -Dlog4j2.configurationFile="$KAFKA_SRC/log4j2.properties" \
    -cp "$KAFKA_LIB/*" kafka.Kafka "$KAFKA_PROPS" \
    >"$KAFKA_LOG" 2>&1 </dev/null 9>&- &
  echo $! >"$KAFKA_PID"
  KAFKA_STARTED_NOW=yes
}

kafka_fail() {
  echo "[services] ERROR: kafka: $1 (KAFKA_BROKERS=$KAFKA_BROKERS). Last 40 lines of .kafka/kafka.log:" >&2
  tail -n 40 "$KAFKA_LOG" >&2 2>/dev/null || true
  local pid
  # Only a broker this very invocation started is stopped again.
  if [[ "$KAFKA_STARTED_NOW" == yes ]] && pid="$(kafka_our_pid)"; then
    echo "[services] kafka: stopping the broker that failed to start (pid $pid)" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$KAFKA_PID"
  fi
  exit 1
}

kafka_wait() {
  local deadline=$((SECONDS + WAIT_KAFKA)) t0=$SECONDS
  while :; do
    kafka_our_pid >/dev/null || kafka_fail "broker process exited during startup"
    if port_open "$KAFKA_HOST" "$KAFKA_PORT" && kafka_answers 2>/dev/null; then
      log "kafka: ready at $KAFKA_BROKERS (pid $(cat "$KAFKA_PID"), $((SECONDS - t0))s)"
      return 0
    fi
    ((SECONDS < deadline)) || kafka_fail "not ready after ${WAIT_KAFKA}s"
    sleep 1
  done
}

kafka_up() {
  mkdir -p "$KAFKA_DIR"
  # Serialise concurrent `up`s (fd 9 is closed in the broker, see kafka_start).
  exec 9>"$KAFKA_DIR/.lock"
  if have flock; then flock -w 300 9 || die "kafka: timed out waiting for another services.sh"; fi

  local pid
  pid="$(kafka_our_pid || true)"
  if port_open "$KAFKA_HOST" "$KAFKA_PORT" && kafka_answers; then
    if [[ "$KAFKA_BROKERS" != "$DEFAULT_KAFKA_BROKERS" ]]; then
      log "kafka: reachable at KAFKA_BROKERS=$KAFKA_BROKERS (external; no local broker needed)"
    elif [[ -n "$pid" ]]; then
      log "kafka: already running at $KAFKA_BROKERS (pid $pid, Kafka $KAFKA_VERSION)"
    else
      log "kafka: reachable at $KAFKA_BROKERS (not started by this checkout; using it)"
    fi
    return 0
  fi
  if [[ "$KAFKA_BROKERS" != "$DEFAULT_KAFKA_BROKERS" ]]; then
    die "kafka: KAFKA_BROKERS=$KAFKA_BROKERS is set but not reachable; unset it to use a local broker on $DEFAULT_KAFKA_BROKERS"
  fi
  if [[ -n "$pid" ]]; then
    log "kafka: our broker (pid $pid) is running but not answering yet; waiting"
    kafka_wait
    return 0
  fi
  if port_open 127.0.0.1 9092 || port_open 127.0.0.1 9093; then
    die "kafka: 127.0.0.1:9092/9093 is taken by a process that is not a working Kafka broker (KAFKA_BROKERS=$KAFKA_BROKERS)"
  fi
  rm -f "$KAFKA_PID"
  kafka_start
  kafka_wait
}

kafka_down() {
  local pid
  if ! pid="$(kafka_our_pid)"; then
    rm -f "$KAFKA_PID"
    log "kafka: not running (no broker started by this checkout)"
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      log "kafka: note: something else listens on $KAFKA_HOST:$KAFKA_PORT; left alone"
    fi
    return 0
  fi
  log "kafka: stopping pid $pid"
  kill "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      warn "kafka: pid $pid did not stop in 30s; killing"
      kill -9 "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$KAFKA_PID"
  log "kafka: stopped"
}

kafka_status() {
  local pid
  pid="$(kafka_our_pid || true)"
  if port_open "$KAFKA_HOST" "$KAFKA_PORT" && kafka_answers 2>/dev/null; then
    if [[ -n "$pid" ]]; then
      log "kafka:   up     KAFKA_BROKERS=$KAFKA_BROKERS (pid $pid, Kafka $KAFKA_VERSION, log .kafka/kafka.log)"
    else
      log "kafka:   up     KAFKA_BROKERS=$KAFKA_BROKERS (not started by this checkout)"
    fi
  elif [[ -n "$pid" ]]; then
    log "kafka:   STARTING/UNRESPONSIVE KAFKA_BROKERS=$KAFKA_BROKERS (pid $pid; see: bash scripts/services.sh kafka-logs)"
    return 1
  else
    log "kafka:   DOWN   KAFKA_BROKERS=$KAFKA_BROKERS"
    return 1
  fi
}

# ---------------------------------------------------------------- debian packages
# ensure_debian_packages PKG...: apt-get installs the ones missing (asciinema and tmux: the real-player check
# of the asciicast export; chromium: the share page's browser spec; zsh: the zsh integration spec). A failure only
# warns: the other services still come up, the spec that needs it fails.
ensure_debian_packages() {
  have dpkg-query || { warn "not Debian (no dpkg-query): install $* yourself"; return 0; }
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]} > 0)) || return 0
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    "${sudo[@]}" apt-get update -qq >/dev/null 2>&1 || true
    "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null ||
      warn "apt-get could not install ${missing[*]}"
  fi
}

# ---------------------------------------------------------------- main
print_env() {
  log "environment:"
  echo "  export DATABASE_URL=$DATABASE_URL"
  echo "  export AMQP_URL=$AMQP_URL"
  echo "  export KAFKA_BROKERS=$KAFKA_BROKERS"
}

cmd="${1:-}"
case "$cmd" in
  up)
    t0=$SECONDS
    ensure_debian_packages asciinema tmux chromium zsh
    pg_up
    rabbit_up
    kafka_up
    print_env
    log "all services up ($((SECONDS - t0))s)"
    ;;
  down)
    kafka_down
    log "postgres and rabbitmq are system services; left running"
    ;;
  status)
    rc=0
    pg_status || rc=1
    rabbit_status || rc=1
    kafka_status || rc=1
    exit "$rc"
    ;;
  kafka-logs)
    shift
    follow=""
    lines=100
    for a in "$@"; do
      case "$a" in
        -f) follow="-f" ;;
        *[!0-9]* | "") die "usage: $0 kafka-logs [-f] [LINES]" ;;
        *) lines="$a" ;;
      esac
    done
    [[ -f "$KAFKA_LOG" ]] || die "kafka: no log yet ($KAFKA_LOG)"
    exec tail -n "$lines" $follow "$KAFKA_LOG"
    ;;
  *)
    echo "usage: $0 up|down|status|kafka-logs [-f] [LINES]" >&2
    exit 2
    ;;
esac
