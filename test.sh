#!/usr/bin/env bash
# Runs the whole MovieSync test suite on a fresh Debian machine: installs what the tests need (qbittorrent-nox,
# chromium, postgresql) with apt-get, starts a private PostgreSQL server for the journal specs (stopped at the end),
# builds, runs every test project, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

scripts/test-setup.sh || exit 1

# The journal specs run on SQLite and on PostgreSQL; TEST_POSTGRES names this run's server (a database per spec).
postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/moviesync-postgres-XXXXXX")
trap 'scripts/test-postgres.sh stop "$postgres_dir"' EXIT
TEST_POSTGRES=$(scripts/test-postgres.sh start "$postgres_dir") || exit 1
export TEST_POSTGRES

results=TestResults
rm -rf "$results"
dotnet build MovieSync.sln -c Release
status=$?
if [ "$status" -eq 0 ]; then
  # MovieSync.Tests (real processes, about 10 minutes) runs beside the other test projects, which run one after another
  # meanwhile: the wall time is about the longest one's rather than the sum.
  dotnet test tests/MovieSync.Tests -c Release --no-build --logger "trx" --results-directory "$results" "$@" &
  main=$!
  for project in tests/*/*.Tests.csproj; do
    [ "$project" = tests/MovieSync.Tests/MovieSync.Tests.csproj ] && continue
    dotnet test "$project" -c Release --no-build --logger "trx" --results-directory "$results" "$@" || status=1
  done
  wait "$main" || status=1
fi

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  # A test that errored, timed out or was aborted with its test host counts as failed too.
  for outcome in failed error timeout aborted; do
    n=$(grep -o " $outcome=\"[0-9]*\"" <<<"$counters" | grep -o '[0-9]*' || true)
    failed=$((failed + ${n:-0}))
  done
done

echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
