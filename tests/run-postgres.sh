#!/usr/bin/env bash
# The test suite on PostgreSQL: starts a private cluster (tests/services.sh), runs the tests with
# STAKEHOLDERHUB_STORE=postgres (each test server gets its own database), stops the cluster, and ends with the line
# "N passed, N failed". Extra arguments go to `dotnet test` (for example --filter "FullyQualifiedName~Board").
set -uo pipefail
cd "$(dirname "$0")/.."
source tests/services.sh
trap stop_postgres EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export STAKEHOLDERHUB_CHROMIUM="${STAKEHOLDERHUB_CHROMIUM:-$(command -v chromium)}"

ensure_cluster_tools || { echo "0 passed, 1 failed"; exit 1; }
start_postgres || { echo "0 passed, 1 failed"; exit 1; }
export STAKEHOLDERHUB_STORE=postgres

if ! dotnet build StakeholderHub.sln -nologo -v quiet -clp:ErrorsOnly; then
  echo "The build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

results="$(mktemp -d)"
dotnet test StakeholderHub.sln --no-build -nologo --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" -- RunConfiguration.TestSessionTimeout=1800000
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done
if [ -n "${KEEP_RESULTS:-}" ]; then cp "$results"/*.trx "$KEEP_RESULTS"/ 2>/dev/null; fi
rm -rf "$results"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed (PostgreSQL)"
[ "$failed" -eq 0 ]
