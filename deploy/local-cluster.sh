#!/usr/bin/env bash
# Two hub nodes, one PostgreSQL, one Redis and nginx in front, all on this machine: the setup of docs/deploy.md to
# try out. Everything runs on 127.0.0.1 in a temporary folder: a private PostgreSQL cluster (tests/services.sh),
# redis-server on 6380, node A on 5081, node B on 5082, nginx with deploy/nginx.conf on 8080. Installs PostgreSQL,
# redis-server and nginx with apt if they are missing (as root or with sudo). Prints the links to open (through
# nginx), then runs until Ctrl-C and stops and removes everything.
#
#   bash deploy/local-cluster.sh
#   STAKEHOLDERHUB_CLUSTER_SECONDS=20 bash deploy/local-cluster.sh   # stops by itself after 20 s (for a check)
#
# STAKEHOLDERHUB_CONFIGURATION (Release) is the build it runs; STAKEHOLDERHUB_NO_BUILD=1 runs the one already built
# (the test in tests/StakeholderHub.Tests/Cluster/LocalClusterScriptTests.cs does).
set -uo pipefail
cd "$(dirname "$0")/.."
source tests/services.sh

ROOT="$(mktemp -d /tmp/shub-cluster.XXXXXX)"
PIDS=()
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  stop_postgres
  rm -rf "$ROOT"
  echo "Stopped: both nodes, nginx, Redis and PostgreSQL."
}
trap stop_all EXIT
trap 'exit 130' INT TERM

for port in 5081 5082 6380 8080; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port on 127.0.0.1 is taken; this script needs 5081, 5082, 6380 and 8080."
    exit 1
  fi
done

ensure_cluster_tools >/dev/null || exit 1
start_postgres || exit 1
CONFIGURATION="${STAKEHOLDERHUB_CONFIGURATION:-Release}"
if [ -z "${STAKEHOLDERHUB_NO_BUILD:-}" ]; then
  echo "Building the hub ($CONFIGURATION) ..."
  dotnet build src/StakeholderHub -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly || exit 1
fi
APP="$PWD/src/StakeholderHub/bin/$CONFIGURATION/net10.0/StakeholderHub.dll"

# The database and the role that owns it, as an operator would make them.
PG_PORT="$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$STAKEHOLDERHUB_PG")"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE hub LOGIN PASSWORD 'hub'" -c "CREATE DATABASE stakeholderhub OWNER hub" || exit 1

"$STAKEHOLDERHUB_REDIS_SERVER" --port 6380 --bind 127.0.0.1 --save "" --appendonly no --dir "$ROOT" >"$ROOT/redis.log" 2>&1 &
PIDS+=($!)

export Storage__Provider=postgres
export Storage__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Database=stakeholderhub;Username=hub;Password=hub"
export Redis__ConnectionString=127.0.0.1:6380 Redis__ChannelPrefix=stakeholderhub
export Hub__PublicUrl=http://127.0.0.1:8080
for node in A:5081 B:5082; do
  name="${node%%:*}" port="${node##*:}"
  mkdir -p "$ROOT/data-$name"
  ASPNETCORE_URLS="http://127.0.0.1:$port" Storage__DataPath="$ROOT/data-$name" Hub__NodeName="node-$name" \
    dotnet "$APP" >"$ROOT/node-$name.log" 2>&1 &
  PIDS+=($!)
done
for port in 5081 5082; do
  for _ in $(seq 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
  curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "The node on $port did not start:"; tail -n 40 "$ROOT"/node-*.log; exit 1; }
done

mkdir -p "$ROOT/nginx"
"$STAKEHOLDERHUB_NGINX" -p "$ROOT/nginx/" -e "$ROOT/nginx/error.log" -c "$PWD/deploy/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
for _ in $(seq 20); do curl -fs http://127.0.0.1:8080/health >/dev/null && break; sleep 0.5; done

echo
echo "Two nodes behind nginx at http://127.0.0.1:8080 (node logs in $ROOT):"
curl -fs http://127.0.0.1:5081/health; echo
curl -fs http://127.0.0.1:5082/health; echo
# One of the two nodes made the default event and printed its links (both print them once the event exists).
grep -h -A6 "StakeholderHub is running" "$ROOT"/node-A.log | head -n 7
echo
echo "Ctrl-C stops everything."
if [ -n "${STAKEHOLDERHUB_CLUSTER_SECONDS:-}" ]; then
  sleep "$STAKEHOLDERHUB_CLUSTER_SECONDS"
else
  wait
fi
