#!/usr/bin/env bash
# The test command. On a fresh machine with the .NET SDK, Node.js, npm and apt it installs what the tests need
# and is missing, builds everything (the .NET build also builds web/), runs every test on SQLite and then again on
# a private PostgreSQL cluster (tests/services.sh), stops what it started, and ends with the line
# "N passed, N failed" (both passes together). STAKEHOLDERHUB_STORES=sqlite runs the SQLite pass only.
# The PostgreSQL pass also runs the cluster tests (tests/StakeholderHub.Tests/Cluster: two hub processes, redis-server
# and nginx, which it installs if missing); they stop their processes themselves, and this script's exit kills any
# they left behind (a crashed test host) from the list they keep in $STAKEHOLDERHUB_CLEANUP.
set -uo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's Chromium drives the browser tests through Playwright (whose NuGet package carries its own driver).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    { echo "Could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi
export STAKEHOLDERHUB_CHROMIUM="${STAKEHOLDERHUB_CHROMIUM:-$(command -v chromium)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

source tests/services.sh
results="$(mktemp -d)"
# The cluster tests write <name>.pid (a process they started: its id, then a word its command line contains) and
# <name>.dir (a folder they made) here, and remove each when they stopped or removed it themselves; what is still
# listed at exit is stopped and removed here.
export STAKEHOLDERHUB_CLEANUP="$results/cleanup"
mkdir -p "$STAKEHOLDERHUB_CLEANUP"
cleanup_leftovers() {
  local file pid word command child
  for file in "$STAKEHOLDERHUB_CLEANUP"/*.pid; do
    [ -e "$file" ] || continue
    { read -r pid; read -r word; } <"$file"
    command="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || continue
    # The id is only trusted while it is still the process the test started (ids are reused).
    if [ -n "$word" ] && [[ "$command" == *"$word"* ]]; then
      echo "Stopping a process a test left behind: $pid (${command:0:100})"
      # Its children first (nginx's workers outlive a killed master), each by its id.
      for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do kill -9 "$child" 2>/dev/null || true; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  for file in "$STAKEHOLDERHUB_CLEANUP"/*.dir; do
    [ -e "$file" ] || continue
    rm -rf "$(cat "$file")"
  done
}
trap 'cleanup_leftovers; rm -rf "$results"; stop_postgres' EXIT

if ! dotnet build StakeholderHub.sln -nologo -v quiet -clp:ErrorsOnly; then
  echo "The build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0

# Runs the whole suite once into results/$1 and adds its counts to the totals.
run_pass() {
  local pass="$1" status p=0 f=0 trx counters
  mkdir -p "$results/$pass"
  dotnet test StakeholderHub.sln --no-build -nologo --logger "trx;LogFilePrefix=results" --results-directory "$results/$pass" -- RunConfiguration.TestSessionTimeout=1800000
  status=$?
  for trx in "$results/$pass"/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    p=$((p + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
    f=$((f + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
  done
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1 # the run itself failed (a crash or a timeout) without a failed test to show for it
  fi
  if [ $((p + f)) -eq 0 ]; then
    echo "No test ran on $pass."
    f=1
  fi
  echo "$pass: $p passed, $f failed"
  passed=$((passed + p))
  failed=$((failed + f))
}

export STAKEHOLDERHUB_STORE=sqlite
run_pass sqlite

if [ "${STAKEHOLDERHUB_STORES:-sqlite,postgres}" != "sqlite" ]; then
  # The cluster tests (PostgreSQL pass only) start redis-server and nginx; without them they fail and say so.
  if ! ensure_cluster_tools; then
    echo "postgres: redis-server or nginx is missing, the cluster tests will fail"
  fi
  if start_postgres; then
    export STAKEHOLDERHUB_STORE=postgres
    run_pass postgres
    stop_postgres
  else
    echo "postgres: could not start a PostgreSQL cluster"
    failed=$((failed + 1))
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
