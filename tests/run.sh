#!/usr/bin/env bash
# The test command. On a fresh machine with the .NET SDK, Node.js, npm and apt it installs what the tests need
# and is missing, builds everything (the .NET build also builds web/), runs every test, stops what it started,
# and ends with the line "N passed, N failed".
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

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

if ! dotnet build StakeholderHub.sln -nologo -v quiet -clp:ErrorsOnly; then
  echo "The build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test StakeholderHub.sln --no-build -nologo --logger "trx;LogFilePrefix=results" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=900000
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the run itself failed (a crash or a timeout) without a failed test to show for it
fi
if [ $((passed + failed)) -eq 0 ]; then
  echo "No test ran."
  failed=1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
