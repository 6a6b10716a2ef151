#!/usr/bin/env bash
# Run the whole test suite RUNS times in a row on PostgreSQL while CPU burners keep every core of
# the machine busy; stop at the first failing run. Proves that no test depends on a quiet machine
# (issue 14, "tests that hold under load"). See docs/TESTING.md.
#
#   scripts/test-under-load.sh [RUNS] [extra pytest args...]
#
# DATABASE_URL defaults to a database of its own (test_under_load) so that it never meets another
# run's test database; BURNERS defaults to the number of CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
shift || true
BURNERS="${BURNERS:-$(nproc)}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test_under_load}"
export KUULU_REQUIRE_BROWSER="${KUULU_REQUIRE_BROWSER:-1}"
PY=.venv/bin/python

burners=()
stop_burners() { for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_burners EXIT
for _ in $(seq 1 "$BURNERS"); do
  "$PY" -c 'while True: pass' &
  burners+=("$!")
done
echo "== $BURNERS CPU burners started; load: $(cut -d' ' -f1-3 /proc/loadavg)"

for run in $(seq 1 "$RUNS"); do
  start=$(date +%s)
  echo "== run $run of $RUNS at $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
  if ! "$PY" -m pytest -q -p no:cacheprovider "$@"; then
    echo "== run $run FAILED after $(( $(date +%s) - start )) s"
    exit 1
  fi
  echo "== run $run passed in $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "== all $RUNS runs passed under load"
