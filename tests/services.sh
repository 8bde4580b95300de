# The real services the tests can use, started on loopback ports in temporary folders and stopped at exit.
# Sourced by tests/run.sh; on its own: `source tests/services.sh && start_postgres` (then `stop_postgres`).
#
# start_postgres: a private PostgreSQL cluster (Debian's PostgreSQL 15, installed with apt if missing) in a
# temporary folder owned by the postgres user (initdb refuses root), listening on 127.0.0.1 at a free port, with
# trust authentication for loopback only. It exports STAKEHOLDERHUB_PG, the connection string of its superuser;
# the tests make one database per test server in it. fsync is off: the cluster is thrown away at exit.

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
