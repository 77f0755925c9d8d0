#!/usr/bin/env bash
# Checklist row T1: the date-sensitive tests pass on any day of the year. Runs them on SQLite
# under libfaketime (Debian package `faketime`) on the first and the last day of a month,
# 29 February and the day summer time starts, each at a time of day that is awkward for it.
# Usage: scripts/test-dates.sh [pytest args]   (DATES="2028-02-29 10:00:00" to pick one day)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends faketime
  else
    echo "faketime is missing: apt-get install faketime" >&2
    exit 1
  fi
fi

# UTC instants. 2027-03-01 00:30 UTC is 01:30 on the 1st in Stockholm; 2027-01-31 22:30 UTC is
# 23:30 on the 31st; 2027-03-28 01:30 UTC is 03:30 CEST, just after the clocks went forward.
DEFAULT_DATES=("2027-03-01 00:30:00" "2027-01-31 22:30:00" "2028-02-29 10:00:00"
               "2027-03-28 01:30:00")
if [ -n "${DATES:-}" ]; then dates=("$DATES"); else dates=("${DEFAULT_DATES[@]}"); fi

# The tests whose meaning depends on today's date (marker `dates`, see tests/conftest.py).
status=0
mkdir -p test-output
for when in "${dates[@]}"; do
  tag=${when%% *}
  echo "== date-sensitive tests on $when UTC (faketime) =="
  run=0
  # A hang (a timed wait that a faked clock never ends) fails the day instead of eating CI.
  timeout --kill-after=30 "${DAY_TIMEOUT:-1500}" \
    env TZ=UTC faketime "$when" env -u REGISTRY_TEST_DATABASE_URL .venv/bin/pytest -m dates \
    -p no:cacheprovider -q "$@" 2>&1 | tee "test-output/pytest-dates-$tag.log" || run=$?
  if [ "$run" != 0 ]; then
    echo "== FAILED on $when (test-output/pytest-dates-$tag.log) ==" >&2
    status=1
  fi
done
exit "$status"
