#!/usr/bin/env bash
# The collector's load figure (docs/performance.md, "Collector"): N call records queued on a real
# Mosquitto for the collectors' persistent sessions while they are away, then the time from starting
# the collector(s) until the database holds all N. Usage: tests/load/collect-load.sh [N] [sqlite|postgres]
# Needs mosquitto, mosquitto_pub, python3, sqlite3 (sqlite) or PostgreSQL's initdb/pg_ctl/psql (postgres).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-20000}
DB=${2:-sqlite}
dotnet build tools/Gateway.Cli -c Release -v q >/dev/null
G="dotnet tools/Gateway.Cli/bin/Release/net10.0/gateway.dll"
work=$(mktemp -d /tmp/gateway-collect-load-XXXXXX)
chmod 755 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 0
$( [ "$(id -u)" -eq 0 ] && echo "user root" )
CONF
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 & broker=$!
pg=""
cleanup() { kill "$broker" 2>/dev/null || true; [ -n "$pg" ] && $pg stop -m immediate >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
sleep 0.5
if [ "$DB" = postgres ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  as=""; [ "$(id -u)" -eq 0 ] && { chown postgres "$work"; as="runuser -u postgres --"; }
  $as "$bin/initdb" -D "$work/pg" -U gateway --auth=trust -E UTF8 --locale=C >/dev/null
  pg="$as $bin/pg_ctl -D $work/pg"
  $pg -l "$work/pg.log" -w -o "-p $pgport -c listen_addresses=127.0.0.1 -k $work" start >/dev/null
  psql -h 127.0.0.1 -p "$pgport" -U gateway -d postgres -qc "CREATE DATABASE calls"
  store=(--postgres "Host=127.0.0.1;Port=$pgport;Username=gateway;Database=calls")
  count() { psql -h 127.0.0.1 -p "$pgport" -U gateway -d calls -tAc "SELECT count(*) FROM calls" 2>/dev/null || echo 0; }
  reset() { psql -h 127.0.0.1 -p "$pgport" -U gateway -d calls -qc "TRUNCATE calls" >/dev/null 2>&1 || true; }
else
  store=(--db "$work/calls.db")
  count() { sqlite3 "$work/calls.db" "SELECT count(*) FROM calls" 2>/dev/null || echo 0; }
  reset() { sqlite3 "$work/calls.db" "DELETE FROM calls" 2>/dev/null || true; }
fi
records() { # N realistic call records for box $1, one JSON per line
  python3 - "$N" "$1" <<'PY'
import json, sys
n, box = int(sys.argv[1]), sys.argv[2]
for i in range(1, n + 1):
    print(json.dumps({"seq": i, "box": box, "line": "1", "direction": "outgoing", "digits": "0301%06d" % i, "dial": "dtmf",
        "start": "2026-11-30T09:00:00.000Z", "end": "2026-11-30T09:01:00.000Z", "durationMs": 60000, "outcome": "completed",
        "rule": None, "blockedAtDigit": None, "flashes": 0, "emergency": False, "clockSynced": True}, separators=(",", ":")))
PY
}
run() { # $1 = number of collectors
  local n=$1; local group=(--group "load$n") ids=() pids=()
  for i in $(seq 1 "$n"); do ids+=("load$n-$i"); done
  for id in "${ids[@]}"; do $G collect --broker "mqtt://127.0.0.1:$port" "${store[@]}" --client-id "$id" "${group[@]}" --duration 2 2>/dev/null; done
  reset
  records "box-$n" | mosquitto_pub -p "$port" -t "gateway/box-$n/calls" -q 1 -l
  local t0; t0=$(date +%s.%N)
  for id in "${ids[@]}"; do $G collect --broker "mqtt://127.0.0.1:$port" "${store[@]}" --client-id "$id" "${group[@]}" 2>"$work/$id.log" & pids+=($!); done
  while [ "$(count)" -lt "$N" ]; do sleep 0.2; done
  local t1; t1=$(date +%s.%N)
  kill "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
  python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); print(f'$DB, $n collector(s): $N records stored in {t:.1f} s = {int($N/t)} records/s (from start, process start-up included)')" "$t0" "$t1"
}
run 1
run 2
