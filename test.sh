#!/usr/bin/env bash
# Runs every test: unit, bUnit, integration against the sandbox, and Playwright in Debian's Chromium,
# on SQLite (the default provider); then every non-browser test again on PostgreSQL.
# Installs what it needs when it is missing (Debian 12; as root, or with sudo): Chromium and a Hangul
# font for the browser tests, Debian's postgresql package for the second run.
# Prints a closing line "tests: N passed, N failed, N skipped" summed over both runs (each run's own
# line comes first); fails when either run fails.
# The circuit memory budget (Process=Alone) runs last, in a test process of its own (see below).
# E2E=0 skips the browser tests (Category=E2E).
# PG=0 skips the PostgreSQL run, for a quick local loop.
#
# The PostgreSQL run: a throwaway cluster of Debian's server (initdb in a temporary directory, on a
# loopback port, trust authentication), started here and deleted at the end, also on failure. As root
# (CI) the server runs as the postgres user, which it insists on; as anyone else, as that user.
# Every test gets a database of its own on it (see TestSupport/TempDatabase.cs). It runs every test
# outside the browser (Category!=E2E), except the few marked Database=SqliteOnly, which break or read
# the SQLite file itself, and the sandbox's own tests (namespace Tests.Sandbox), which test the PortOne
# emulator and never open the checkout's database. Unit tests that touch no database run again too:
# they cost seconds, and a filter that lists database tests by name would silently miss new ones.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Read by our own test code (BrowserFixture), not by Playwright.
export PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH="${PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH:-/usr/bin/chromium}"

sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
if [ "${E2E:-1}" != 0 ]; then
  # Playwright's own browser download cannot work offline: use Debian's Chromium, and a Hangul font
  # so screenshots show Korean instead of boxes.
  if ! [ -x "$PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH" ] || ! fc-list :lang=ko 2>/dev/null | grep -q .; then
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-nanum >/dev/null
  fi
fi

pg_dir=""
stop_postgres() {
  [ -n "$pg_dir" ] || return 0
  local ctl=(-D "$pg_dir/data" -m immediate stop)
  if [ "$(id -u)" = 0 ]; then su postgres -c "$pg_bin/pg_ctl ${ctl[*]}" >/dev/null 2>&1 || true
  else "$pg_bin/pg_ctl" "${ctl[@]}" >/dev/null 2>&1 || true; fi
  rm -rf "$pg_dir"
  pg_dir=""
}
trap stop_postgres EXIT

# Starts a throwaway cluster and exports the connection string the tests read.
start_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  pg_bin=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -1)/bin
  pg_dir=$(mktemp -d)
  local port=${PG_PORT:-55432}
  # fsync off: the cluster is deleted at the end, nothing in it has to survive a crash.
  local opts="-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$pg_dir"   # the server refuses to run as root
    su postgres -c "$pg_bin/initdb -D $pg_dir/data -A trust -U postgres >/dev/null && \
      $pg_bin/pg_ctl -D $pg_dir/data -o '$opts' -l $pg_dir/pg.log -w start >/dev/null"
  else
    "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >/dev/null
    "$pg_bin/pg_ctl" -D "$pg_dir/data" -o "$opts" -l "$pg_dir/pg.log" -w start >/dev/null
  fi
  export CHECKOUT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}

dotnet restore Checkout.sln
dotnet build Checkout.sln --no-restore -c Release

results=TestResults
rm -rf "$results"
total_passed=0; total_failed=0; total_skipped=0; rc=0

# Runs the tests with the given filter into $results/$1, adds its counters to the totals and prints its line.
run_tests() {
  local name=$1 trx run_rc=0 filter=()
  [ -n "$2" ] && filter=(--filter "$2")
  set +e
  dotnet test Checkout.sln --no-build -c Release "${filter[@]}" \
    --logger "trx;LogFileName=results.trx" --results-directory "$results/$name"
  run_rc=$?
  set -e
  # The counters come from the TRX file; dotnet test's own summary is not parsed.
  trx=$(find "$results/$name" -name results.trx 2>/dev/null | head -1)
  if [ -z "$trx" ]; then
    echo "$name tests: 0 passed, 1 failed"
    total_failed=$((total_failed + 1)); rc=1
    return
  fi
  local counters passed failed skipped
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(count passed); failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
  skipped=$(( $(count total) - $(count executed) ))
  echo "$name tests: $passed passed, $failed failed, $skipped skipped"
  total_passed=$((total_passed + passed)); total_failed=$((total_failed + failed)); total_skipped=$((total_skipped + skipped))
  if [ "$run_rc" != 0 ] || [ "$failed" != 0 ] || [ "$passed" = 0 ]; then rc=1; fi
}

# The heap budget (Process=Alone) reads the live heap of the process it runs in: after the other classes
# that heap is hundreds of MB and still moving, which put its figure anywhere from 136 to 303 KB against a
# 300 KB budget. In a test process of its own it reads the checkout alone (175-205 KB).
sqlite_filter="Process!=Alone"
[ "${E2E:-1}" = 0 ] && sqlite_filter="Category!=E2E&Process!=Alone"
CHECKOUT_TEST_DATABASE=Sqlite run_tests sqlite "$sqlite_filter"
if [ "${E2E:-1}" != 0 ]; then
  CHECKOUT_TEST_DATABASE=Sqlite run_tests sqlite-alone "Process=Alone"
fi

if [ "${PG:-1}" != 0 ]; then
  pg_started=$SECONDS
  start_postgres
  CHECKOUT_TEST_DATABASE=PostgreSQL run_tests postgresql \
    "Category!=E2E&Database!=SqliteOnly&FullyQualifiedName!~PortOne.Checkout.Tests.Sandbox."
  stop_postgres
  echo "PostgreSQL run: $((SECONDS - pg_started)) s, server start and stop included"
fi

echo "tests: $total_passed passed, $total_failed failed, $total_skipped skipped"
exit "$rc"
