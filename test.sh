#!/usr/bin/env bash
# Runs every test: unit, bUnit, integration against the sandbox, and Playwright in Debian's Chromium.
# Installs what the browser tests need when it is missing (Debian 12; as root, or with sudo).
# Prints a closing line "N passed, N failed, N skipped" read from the test results.
# E2E=0 skips the browser tests (Category=E2E).
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Read by our own test code (BrowserFixture), not by Playwright.
export PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH="${PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH:-/usr/bin/chromium}"

if [ "${E2E:-1}" != 0 ]; then
  # Playwright's own browser download cannot work offline: use Debian's Chromium, and a Hangul font
  # so screenshots show Korean instead of boxes.
  if ! [ -x "$PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH" ] || ! fc-list :lang=ko 2>/dev/null | grep -q .; then
    sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium fonts-nanum >/dev/null
  fi
fi

dotnet restore Checkout.sln
dotnet build Checkout.sln --no-restore -c Release

filter=()
[ "${E2E:-1}" = 0 ] && filter=(--filter "Category!=E2E")
results=TestResults
rm -rf "$results"
set +e
dotnet test Checkout.sln --no-build -c Release "${filter[@]}" \
  --logger "trx;LogFileName=results.trx" --results-directory "$results"
rc=$?
set -e

# The closing line comes from the TRX counters; dotnet test's own summary is not parsed.
trx=$(find "$results" -name results.trx 2>/dev/null | head -1)
if [ -z "$trx" ]; then
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(count passed); failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
skipped=$(( $(count total) - $(count executed) ))
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$rc" = 0 ] && [ "$failed" != 0 ]; then rc=1; fi
if [ "$rc" = 0 ] && [ "$passed" = 0 ]; then rc=1; fi
exit "$rc"
