# The real services the tests can use, started on loopback ports in temporary folders and stopped at exit.
# Sourced by tests/run.sh; on its own: `source tests/services.sh && start_postgres` (then `stop_postgres`).
#
# start_postgres: a private PostgreSQL cluster (Debian's PostgreSQL 15, installed with apt if missing) in a
# temporary folder owned by the postgres user (initdb refuses root), listening on 127.0.0.1 at a free port, with
# trust authentication for loopback only. It exports STAKEHOLDERHUB_PG, the connection string of its superuser;
# the tests make one database per test server in it. fsync is off: the cluster is thrown away at exit.
#
# ensure_cluster_tools: redis-server and nginx for the cluster tests (tests/StakeholderHub.Tests/Cluster), installed
# with apt if missing, without letting the packages start their system services. It only installs: each cluster test
# starts its own redis-server and nginx as child processes on free loopback ports and stops them itself. It exports
# STAKEHOLDERHUB_REDIS_SERVER and STAKEHOLDERHUB_NGINX, the programs the tests start.

PG_BIN="${PG_BIN:-}"
PG_DIR=""
PG_PORT=""

_services_as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

_services_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Runs a command as the postgres user when we are root, else as ourselves.
_services_as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

_find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

start_postgres() {
  if [ -z "$PG_BIN" ]; then
    PG_BIN="$(_find_pg_bin)" || {
      echo "Installing postgresql ..."
      _services_as_root apt-get update -qq &&
        _services_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null &&
        PG_BIN="$(_find_pg_bin)"
    } || { echo "PostgreSQL (initdb, pg_ctl) is not available"; return 1; }
  fi

  PG_DIR="$(mktemp -d /tmp/shub-pg.XXXXXX)"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_DIR"; fi
  _services_as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { echo "initdb failed:"; cat "$PG_DIR/initdb.log"; return 1; }

  PG_PORT="$(_services_free_port)"
  _services_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null ||
    { echo "PostgreSQL did not start:"; cat "$PG_DIR/server.log"; return 1; }

  export STAKEHOLDERHUB_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  echo "PostgreSQL is running on 127.0.0.1:$PG_PORT (cluster in $PG_DIR)"
}

stop_postgres() {
  if [ -n "$PG_DIR" ] && [ -d "$PG_DIR/data" ]; then
    _services_as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$PG_DIR" ]; then
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
  unset STAKEHOLDERHUB_PG
}

_find_program() {
  local name="$1" dir
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return 0
  fi
  # nginx lives in /usr/sbin, which is not on every user's PATH.
  for dir in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
    if [ -x "$dir/$name" ]; then
      echo "$dir/$name"
      return 0
    fi
  done
  return 1
}

# Installs Debian packages without starting their services: policy-rc.d answers 101 ("not allowed") to invoke-rc.d,
# so installing redis-server or nginx does not leave a system Redis on 6379 or an nginx on port 80 running.
_services_install_quietly() {
  local policy=/usr/sbin/policy-rc.d made=0 status
  if [ ! -e "$policy" ]; then
    _services_as_root sh -c "printf '#!/bin/sh\nexit 101\n' >$policy && chmod 755 $policy" && made=1
  fi
  _services_as_root apt-get update -qq &&
    _services_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  status=$?
  if [ "$made" -eq 1 ]; then _services_as_root rm -f "$policy"; fi
  return "$status"
}

ensure_cluster_tools() {
  local missing=()
  _find_program redis-server >/dev/null || missing+=(redis-server)
  _find_program nginx >/dev/null || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} ..."
    _services_install_quietly "${missing[@]}" || { echo "Could not install ${missing[*]}"; return 1; }
  fi
  STAKEHOLDERHUB_REDIS_SERVER="$(_find_program redis-server)" || { echo "redis-server is not available"; return 1; }
  STAKEHOLDERHUB_NGINX="$(_find_program nginx)" || { echo "nginx is not available"; return 1; }
  export STAKEHOLDERHUB_REDIS_SERVER STAKEHOLDERHUB_NGINX
  echo "Cluster tools: $STAKEHOLDERHUB_REDIS_SERVER, $STAKEHOLDERHUB_NGINX"
}
