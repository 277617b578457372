#!/usr/bin/env bash
# A throwaway two-shard ClickHouse cluster on loopback, for tests and benchmarks.
#
#   scripts/clickhouse-cluster.sh start DIR   starts two servers with data under DIR and
#                                             prints a URL listing both HTTP ports
#                                             (clickhouse://127.0.0.1:P1,127.0.0.1:P2/default)
#   scripts/clickhouse-cluster.sh stop DIR    stops them (harmless if they are not running)
#
# Both servers know the cluster `seg_cluster` (one shard each), so a Distributed
# table on either reads and writes both. insert_distributed_sync=1: an INSERT into
# a Distributed table returns only when every shard has its rows, so a test can
# read what it just wrote. Works with Debian's clickhouse-server 18.16 (the
# binary is /usr/sbin/clickhouse-server) and with current releases.
set -euo pipefail

SERVER="${CLICKHOUSE_SERVER:-$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)}"
CLUSTER=seg_cluster

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1 dir=$2

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# config N HTTP TCP INTERSERVER TCP1 TCP2: the config file of server N.
config() {
  local n=$1 http=$2 tcp=$3 inter=$4 tcp1=$5 tcp2=$6 data="$dir/node$1"
  cat <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$data/server.log</log><errorlog>$data/server.err.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <interserver_http_port>$inter</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$data/</path>
  <tmp_path>$data/tmp/</tmp_path>
  <user_files_path>$data/user_files/</user_files_path>
  <format_schema_path>$data/format_schemas/</format_schema_path>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <mlock_executable>false</mlock_executable>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <users_config>$dir/users.xml</users_config>
  <remote_servers>
    <$CLUSTER>
      <shard><replica><host>127.0.0.1</host><port>$tcp1</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$tcp2</port></replica></shard>
    </$CLUSTER>
  </remote_servers>
</yandex>
EOF
}

users() {
  cat <<'EOF'
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>2000000000</max_memory_usage>
      <insert_distributed_sync>1</insert_distributed_sync>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
EOF
}

answers() { curl -sf "http://127.0.0.1:$1/ping" >/dev/null 2>&1 || node -e 'require("http").get(process.argv[1], r => process.exit(r.statusCode === 200 ? 0 : 1)).on("error", () => process.exit(1))' "http://127.0.0.1:$1/ping"; }

# Both servers get SIGTERM at once; one still running after 3 s gets SIGKILL (the data is throwaway).
stop() {
  local n pids=()
  for n in 1 2; do
    [ -f "$dir/node$n/pid" ] || continue
    pids+=("$(cat "$dir/node$n/pid")")
    rm -f "$dir/node$n/pid"
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill "${pids[@]}" 2>/dev/null || true
  # A zombie (exited, not yet reaped by whoever adopted it) counts as stopped.
  alive() { local p; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$p/stat" 2>/dev/null && return 0; done; return 1; }
  for _ in $(seq 1 30); do alive || break; sleep 0.1; done
  alive || return 0
  kill -9 "${pids[@]}" 2>/dev/null || true
  # SIGKILL is not instant on a loaded machine: wait until they are gone (or zombies).
  for _ in $(seq 1 100); do alive || return 0; sleep 0.1; done
  echo "clickhouse-cluster: servers ${pids[*]} still running after SIGKILL" >&2
}

start() {
  [ -x "$SERVER" ] || { echo "clickhouse-cluster: no clickhouse-server binary ($SERVER)" >&2; return 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  users >"$dir/users.xml"
  local http1 http2 tcp1 tcp2 inter1 inter2 n
  http1=$(free_port) http2=$(free_port) tcp1=$(free_port) tcp2=$(free_port) inter1=$(free_port) inter2=$(free_port)
  config 1 "$http1" "$tcp1" "$inter1" "$tcp1" "$tcp2" >"$dir/node1.xml"
  config 2 "$http2" "$tcp2" "$inter2" "$tcp1" "$tcp2" >"$dir/node2.xml"
  for n in 1 2; do
    mkdir -p "$dir/node$n/tmp" "$dir/node$n/user_files" "$dir/node$n/format_schemas"
    # The server refuses to run as root over files owned by another user, and the
    # Debian package runs it as `clickhouse`; here it runs as whoever calls this.
    "$SERVER" --config-file="$dir/node$n.xml" >"$dir/node$n/stdout.log" 2>&1 &
    echo $! >"$dir/node$n/pid"
  done
  for _ in $(seq 1 300); do
    if answers "$http1" && answers "$http2"; then
      echo "$http1 $http2" >"$dir/ports"
      echo "clickhouse://127.0.0.1:$http1,127.0.0.1:$http2/default"
      return 0
    fi
    for n in 1 2; do
      if ! kill -0 "$(cat "$dir/node$n/pid")" 2>/dev/null; then
        echo "clickhouse-cluster: server $n exited; its log:" >&2
        tail -n 30 "$dir/node$n/stdout.log" "$dir/node$n/server.err.log" >&2 2>/dev/null || true
        stop; return 1
      fi
    done
    sleep 0.1
  done
  echo "clickhouse-cluster: the servers did not answer within 30 s" >&2
  stop; return 1
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
