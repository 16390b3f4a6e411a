#!/usr/bin/env bash
# ./emporium cluster up|status|down|kill|restart: the platform split into processes on one machine.
# Called by ./emporium with ROOT and JAVA_HOME set; see docs/operations.md ("A cluster on one machine").
set -euo pipefail

say() { printf '[emporium cluster] %s\n' "$*"; }
die() { printf '[emporium cluster] error: %s\n' "$*" >&2; exit 1; }

JAVA="$JAVA_HOME/bin/java"
PLATFORM_JAR="$ROOT/apps/emporium/target/emporium.jar"
GATEWAY_JAR="$ROOT/apps/gateway/target/gateway.jar"
NODE_JAR="$ROOT/tools/cluster/target/cluster-node.jar"
DEFAULT_GROUPS="identity,catalog,inventory,storefront;cart,promotion;order;payment"

# every port below is moved by EMPORIUM_CLUSTER_PORT_OFFSET (default 0), for a second cluster on the machine or a test
offset="${EMPORIUM_CLUSTER_PORT_OFFSET:-0}"
data="${EMPORIUM_CLUSTER_DIR:-$ROOT/cluster}"
groups="$DEFAULT_GROUPS"
gateway_port=$((8080 + offset))
first_group_port=$((8081 + offset))
postgres_url="" postgres_user="" postgres_password=""
postgres_port=$((15432 + offset))
extra_args="" # Spring arguments for every group, after --, kept quoted

zk_port() { echo $((12180 + offset + $1)); }
zk_peer() { echo "127.0.0.1:$((12880 + offset + $1)):$((13880 + offset + $1))"; }
kafka_port() { echo $((19090 + offset + $1)); }
controller_port() { echo $((19190 + offset + $1)); }
zk_connect() { echo "127.0.0.1:$(zk_port 1),127.0.0.1:$(zk_port 2),127.0.0.1:$(zk_port 3)"; }
kafka_servers() { echo "127.0.0.1:$(kafka_port 1),127.0.0.1:$(kafka_port 2),127.0.0.1:$(kafka_port 3)"; }

pid_of() { cat "$data/run/$1.pid" 2>/dev/null || true; }
alive() { local pid; pid="$(pid_of "$1")"; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
zk_mode() { # leader, follower or standalone; empty when it does not answer
  local out
  out="$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'srvr' >&3 && timeout 2 cat <&3) 2>/dev/null || true)"
  printf '%s' "$out" | sed -n 's/^Mode: //p'
}

# launch NAME COMMAND...: starts it in the background, output in DATA/logs/NAME.log, the command kept for restart
launch() {
  local name="$1"; shift
  mkdir -p "$data/run" "$data/logs"
  printf '%q ' "$@" >"$data/run/$name.cmd"
  if [ -f "$data/logs/$name.log" ]; then wc -c <"$data/logs/$name.log" >"$data/run/$name.offset"; else echo 0 >"$data/run/$name.offset"; fi
  nohup "$@" >>"$data/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$data/run/$name.pid"
}

# await NAME SECONDS CHECK...: waits until CHECK succeeds, failing if the process ends or time runs out
await() {
  local name="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    alive "$name" || die "$name stopped while starting; the end of $data/logs/$name.log:
$(tail -n 30 "$data/logs/$name.log")"
    [ $SECONDS -lt $deadline ] || die "$name did not become ready within ${seconds}s; see $data/logs/$name.log"
    sleep 1
  done
}

group_names() { local i=1 IFS=';'; for g in $groups; do echo "group$i"; i=$((i + 1)); done; }

# what the process logged since its last start
since_start() { tail -c +$(($(cat "$data/run/$1.offset" 2>/dev/null || echo 0) + 1)) "$data/logs/$1.log" 2>/dev/null; }
platform_ready() { since_start "$1" | grep -q "Emporium is ready at"; }
zk_answers() { [ -n "$(zk_mode "$(zk_port "$1")")" ]; }
gateway_ready() { curl -sf "http://127.0.0.1:$gateway_port/actuator/health" >/dev/null 2>&1; }

start_zookeeper() {
  local i="$1" peers
  peers="$(zk_peer 1),$(zk_peer 2),$(zk_peer 3)"
  launch "zookeeper$i" "$JAVA" -Xmx128m -jar "$NODE_JAR" zookeeper "$i" "$data/zookeeper$i" "$(zk_port "$i")" "$peers"
}

start_kafka() {
  local i="$1" voters="1@127.0.0.1:$(controller_port 1),2@127.0.0.1:$(controller_port 2),3@127.0.0.1:$(controller_port 3)"
  launch "kafka$i" "$JAVA" -Xmx256m -jar "$NODE_JAR" kafka "$i" "$data/kafka$i" "$(kafka_port "$i")" "$(controller_port "$i")" \
    "$voters" "$(cat "$data/kafka-cluster-id")"
}

# the database arguments of every group but the first when the first one runs the embedded PostgreSQL
database_args() {
  if [ -n "$postgres_url" ]; then
    printf '%s\n' "--spring.datasource.url=$postgres_url" "--spring.datasource.username=$postgres_user" \
      "--spring.datasource.password=$postgres_password"
  elif [ "$1" != group1 ]; then
    local runtime="$data/group1/runtime.properties"
    [ -f "$runtime" ] || die "group1 (which runs the embedded PostgreSQL) is not running; start it first"
    printf '%s\n' "--spring.datasource.url=$(sed -n 's/^jdbc\.url=//p' "$runtime" | sed 's/\\:/:/g; s/\\=/=/g')" \
      "--spring.datasource.username=$(sed -n 's/^jdbc\.user=//p' "$runtime")" \
      "--spring.datasource.password=$(sed -n 's/^jdbc\.password=//p' "$runtime")"
  fi
}

start_group() {
  local name="$1" n="${1#group}" services port args=()
  services="$(echo "$groups" | cut -d';' -f"$n")"
  port=$((first_group_port + n - 1))
  mapfile -t args < <(database_args "$name")
  eval "args+=($extra_args)"
  [ "$n" = 1 ] || args+=("--emporium.demo.enabled=false")
  [ "$n" != 1 ] || [ -n "$postgres_url" ] || args+=("--emporium.embedded.postgres-port=$postgres_port")
  EMPORIUM_SECURITY_TOKEN_SECRET="base64:$(cat "$data/token-secret")" \
    launch "$name" "$JAVA" ${EMPORIUM_JAVA_OPTS:--Xmx384m} -jar "$PLATFORM_JAR" "--server.port=$port" \
    "--emporium.data-dir=$data/$name" "--emporium.services=$services" "--emporium.zookeeper.connect-string=$(zk_connect)" \
    "--emporium.messaging.transport=kafka" "--emporium.kafka.bootstrap-servers=$(kafka_servers)" \
    "--emporium.storefront.api-url=http://localhost:$gateway_port" "${args[@]+"${args[@]}"}"
}

start_gateway() {
  local extra=() args=() arg
  eval "extra=($extra_args)"
  for arg in "${extra[@]+"${extra[@]}"}"; do case "$arg" in --emporium.gateway.*) args+=("$arg") ;; esac; done
  launch gateway "$JAVA" -Xmx192m -jar "$GATEWAY_JAR" "--server.port=$gateway_port" "--emporium.zookeeper.connect-string=$(zk_connect)" \
    "${args[@]+"${args[@]}"}"
}

start_one() { # by name, as up does; waits until it is ready
  case "$1" in
    zookeeper[1-3]) start_zookeeper "${1#zookeeper}"; await "$1" 60 zk_answers "${1#zookeeper}" ;;
    kafka[1-3]) start_kafka "${1#kafka}"; await "$1" 90 listening "$(kafka_port "${1#kafka}")" ;;
    group*) start_group "$1"; await "$1" 240 platform_ready "$1" ;;
    gateway) start_gateway; await gateway 90 gateway_ready ;;
    *) die "no process named $1 (see ./emporium cluster status)" ;;
  esac
}

load_settings() {
  [ -f "$data/cluster.env" ] || die "no cluster in $data (start one with ./emporium cluster up)"
  # shellcheck disable=SC1091
  . "$data/cluster.env"
}

up() {
  for name in zookeeper1 kafka1 group1 gateway; do
    ! alive "$name" || die "a cluster already runs in $data ($name, pid $(pid_of "$name")); ./emporium cluster down first"
  done
  mkdir -p "$data/run" "$data/logs"
  printf 'groups=%q\ngateway_port=%q\nfirst_group_port=%q\npostgres_url=%q\npostgres_user=%q\npostgres_password=%q\noffset=%q\npostgres_port=%q\nextra_args=%q\n' \
    "$groups" "$gateway_port" "$first_group_port" "$postgres_url" "$postgres_user" "$postgres_password" "$offset" "$postgres_port" \
    "$extra_args" >"$data/cluster.env"
  # (the embedded PostgreSQL of group1 listens on 127.0.0.1:$postgres_port)
  chmod 600 "$data/cluster.env"
  [ -f "$data/token-secret" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$data/token-secret")
  [ -f "$data/kafka-cluster-id" ] || head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22 >"$data/kafka-cluster-id"
  echo "$groups" | tr ';' '\n' | head -n1 | grep -q 'identity' && echo "$groups" | tr ';' '\n' | head -n1 | grep -q 'catalog' \
    && echo "$groups" | tr ';' '\n' | head -n1 | grep -q 'inventory' \
    || say "note: the first group does not run identity, catalog and inventory together: no demo data is seeded"

  say "Starting a 3-server ZooKeeper ensemble (ports $(zk_port 1)-$(zk_port 3))"
  for i in 1 2 3; do start_zookeeper "$i"; done
  for i in 1 2 3; do await "zookeeper$i" 60 zk_answers "$i"; done
  say "  ZooKeeper: $(for i in 1 2 3; do printf 'zookeeper%s %s  ' "$i" "$(zk_mode "$(zk_port "$i")")"; done)"
  say "Starting a 3-node Kafka KRaft quorum (brokers $(kafka_port 1)-$(kafka_port 3), controllers $(controller_port 1)-$(controller_port 3))"
  for i in 1 2 3; do start_kafka "$i"; done
  for i in 1 2 3; do await "kafka$i" 90 listening "$(kafka_port "$i")"; done
  if [ -n "$postgres_url" ]; then say "PostgreSQL: $postgres_url"; else say "PostgreSQL: the embedded one, in group1 ($data/group1/postgres)"; fi
  local first=1
  for name in $(group_names); do
    say "Starting $name: $(echo "$groups" | cut -d';' -f"${name#group}") on port $((first_group_port + ${name#group} - 1))"
    start_group "$name"
    if [ $first = 1 ]; then await "$name" 240 platform_ready "$name"; first=0; fi # the others need its database
  done
  for name in $(group_names); do await "$name" 240 platform_ready "$name"; done
  say "Starting the gateway on port $gateway_port"
  start_gateway
  await gateway 90 gateway_ready
  status
  say "Ready: the storefront and the API at http://localhost:$gateway_port (logs in $data/logs)"
}

status() {
  printf '%-12s %-8s %-7s %-42s %s\n' PROCESS PID STATE WHAT ADDRESS
  local name pid state what address
  for i in 1 2 3; do
    name="zookeeper$i"; pid="$(pid_of "$name")"; state=down; alive "$name" && state="$(zk_mode "$(zk_port "$i")")"
    printf '%-12s %-8s %-7s %-42s %s\n' "$name" "${pid:--}" "${state:-noanswer}" "ZooKeeper server $i" "127.0.0.1:$(zk_port "$i")"
  done
  for i in 1 2 3; do
    name="kafka$i"; pid="$(pid_of "$name")"; state=down
    alive "$name" && { listening "$(kafka_port "$i")" && state=up || state=starting; }
    printf '%-12s %-8s %-7s %-42s %s\n' "$name" "${pid:--}" "$state" "Kafka broker+controller $i" "127.0.0.1:$(kafka_port "$i")"
  done
  for name in $(group_names); do
    pid="$(pid_of "$name")"; address="http://127.0.0.1:$((first_group_port + ${name#group} - 1))"; state=down
    if alive "$name"; then
      state="$(curl -s -o /dev/null -w '%{http_code}' "$address/actuator/health/readiness" 2>/dev/null || true)"
      case "$state" in 200) state=ready ;; *) state=notready ;; esac
    fi
    printf '%-12s %-8s %-7s %-42s %s\n' "$name" "${pid:--}" "$state" "$(echo "$groups" | cut -d';' -f"${name#group}")" "$address"
  done
  pid="$(pid_of gateway)"; state=down; alive gateway && { gateway_ready && state=ready || state=notready; }
  printf '%-12s %-8s %-7s %-42s %s\n' gateway "${pid:--}" "$state" "gateway (storefront and API)" "http://127.0.0.1:$gateway_port"
  leaders
}

# Which process leads each service's jobs and outbox relay: each group's admin view of its elections
leaders() {
  gateway_ready || return 0
  local token
  token="$(curl -s -X POST -H 'Content-Type: application/json' "http://127.0.0.1:$gateway_port/api/identity/tokens" \
    -d '{"email":"admin@demo.emporium","password":"demo-pass-1"}' 2>/dev/null | sed -n 's/.*"accessToken" *: *"\([^"]*\)".*/\1/p')"
  [ -n "$token" ] || { say "(leaders: cannot sign in as the demo admin)"; return 0; }
  printf '\n%-26s %s\n' ELECTION LEADER
  for name in $(group_names); do
    alive "$name" || continue
    local port=$((first_group_port + ${name#group} - 1)) pid
    pid="$(pid_of "$name")"
    curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/admin/coordination" 2>/dev/null \
      | grep -o '"group":"[^"]*","leader":"[^"]*","participants":\[[^]]*\],"self":"[^"]*"' \
      | sed 's/"group":"\([^"]*\)","leader":"\([^"]*\)",.*"self":"\([^"]*\)"/\1 \2 \3/' \
      | while read -r election leader self; do
          if [ "$leader" = "$self" ]; then printf '%-26s %s\n' "$election" "$name (pid $pid)"; fi
        done || true
  done
}

stop_one() { # TERM, then KILL after 40 s
  local name="$1" pid
  pid="$(pid_of "$name")"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 40))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$data/run/$name.pid"
}

down() {
  say "Stopping the gateway, the groups, Kafka and ZooKeeper"
  stop_one gateway
  for name in $(group_names | sort -r); do stop_one "$name" & done
  wait
  for i in 1 2 3; do stop_one "kafka$i" & done
  wait
  for i in 1 2 3; do stop_one "zookeeper$i" & done
  wait
  rm -f "$data"/run/*.pid
  # every process has ended: the locks they held are free, and a killed one could not remove its files itself
  rm -f "$data"/group*/emporium.pid "$data"/group*/emporium.lock "$data"/kafka*/logs/.lock
  say "Stopped; the data stays in $data (delete it to start afresh)"
}

command="${1:-}"
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --data=*) data="${1#*=}"; shift ;;
    --groups) groups="$2"; shift 2 ;;
    --groups=*) groups="${1#*=}"; shift ;;
    --port) gateway_port="$2"; first_group_port=$(($2 + 1)); shift 2 ;;
    --port=*) gateway_port="${1#*=}"; first_group_port=$((${1#*=} + 1)); shift ;;
    --postgres-url) postgres_url="$2"; shift 2 ;;
    --postgres-user) postgres_user="$2"; shift 2 ;;
    --postgres-password) postgres_password="$2"; shift 2 ;;
    --) shift; extra_args="$(printf '%q ' "$@")"; break ;;
    -*) die "unknown option $1" ;;
    *) target="$1"; shift ;;
  esac
done
case "$data" in /*) ;; *) data="$PWD/$data" ;; esac
case "$command" in
  up) up ;;
  status) load_settings; status ;;
  down) load_settings; down ;;
  kill) load_settings; [ -n "${target:-}" ] || die "kill needs a process name (see status)"
    pid="$(pid_of "$target")"; [ -n "$pid" ] || die "no process named $target is running"
    kill -9 "$pid" 2>/dev/null || true; say "killed $target (pid $pid)" ;;
  restart) load_settings; [ -n "${target:-}" ] || die "restart needs a process name (see status)"
    stop_one "$target"; say "starting $target"; start_one "$target"; say "$target is ready (pid $(pid_of "$target"))" ;;
  *) die "usage: ./emporium cluster up|status|down|kill NAME|restart NAME [--data DIR] [--groups 'a,b;c;d'] [--port N] [--postgres-url URL --postgres-user U --postgres-password P] [-- --spring.property=value ...]" ;;
esac
