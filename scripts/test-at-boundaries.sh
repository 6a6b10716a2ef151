#!/usr/bin/env bash
# Run the suite (browser tests excluded) with the clock moved to just before the calendar
# boundaries where hour-dependent tests break: midnight in Helsinki, midnight UTC (02:00 in
# Helsinki), the 00:00-02:00 window where "two hours ago" is yesterday in Helsinki, a Sunday night
# (ISO weeks, weekly digests), New Year's Eve, the spring change to summer time and the autumn
# change back (an hour that happens twice), and the end of 29 February.
# See docs/TESTING.md, "Time of day".
#
#   scripts/test-at-boundaries.sh [extra pytest args...]
#   ONLY=sunday-night scripts/test-at-boundaries.sh -n 2     # one boundary
#
# Needs libfaketime (`apt-get install faketime`). The clock is moved by a relative offset
# (`faketime -f '+Nm'`), the same for every process: an absolute start (`-f '@...'`) restarts
# the fake clock in each new process, so the OpenID Connect test provider and Python disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
command -v faketime >/dev/null || { echo "faketime is missing: apt-get install faketime" >&2; exit 2; }

# offsets [LABEL]: "label offset-in-minutes" lines; each offset moves now to two minutes before its
# boundary. Computed again just before each run: a run takes minutes, so offsets computed once at
# the start would put the later runs past their boundaries.
offsets() {
  "$PY" - "$@" <<'EOF'
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

HKI = ZoneInfo("Europe/Helsinki")
now = datetime.now(tz=HKI)


def next_local(hour, minute, days_ahead=0):
    candidate = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    candidate += timedelta(days=days_ahead)
    while candidate <= now:
        candidate += timedelta(days=1)
    return candidate


def last_sunday(year, month):
    day = datetime(year, month + 1, 1, tzinfo=HKI) - timedelta(days=1)
    while day.weekday() != 6:
        day -= timedelta(days=1)
    return day


midnight = next_local(0, 0)
utc_midnight = (now.astimezone(UTC) + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
sunday = midnight + timedelta(days=(7 - midnight.weekday()) % 7)  # a Monday 00:00
year_end = datetime(now.year + 1, 1, 1, tzinfo=HKI)
spring = last_sunday(now.year + (now.month >= 3), 3).replace(hour=3)  # 03:00 becomes 04:00
autumn_year = now.year + (now.month >= 10)
autumn = datetime(autumn_year, 10, last_sunday(autumn_year, 10).day, 1, 0, tzinfo=UTC)  # 04:00 is 03:00 again
leap_year = next(y for y in range(now.year, now.year + 8) if y % 4 == 0 and datetime(y, 3, 1, tzinfo=HKI) > now)
leap_day_end = datetime(leap_year, 3, 1, tzinfo=HKI)
targets = {
    "before-midnight-helsinki": midnight - timedelta(minutes=2),
    "after-midnight-helsinki": midnight + timedelta(minutes=30),
    "before-midnight-utc": utc_midnight - timedelta(minutes=2),
    "sunday-night": sunday - timedelta(minutes=2),
    "new-years-eve": year_end - timedelta(minutes=2),
    "summer-time-starts": spring - timedelta(minutes=2),
    "summer-time-ends": autumn - timedelta(minutes=2),
    "end-of-a-leap-day": leap_day_end - timedelta(minutes=2),
}
for label, when in targets.items():
    if sys.argv[1:] in ([], [label]):
        print(label, int((when - now).total_seconds() // 60))
EOF
}

labels=$(offsets ${ONLY:-})
[ -n "$labels" ] || { echo "no boundary called '${ONLY:-}'" >&2; exit 2; }
failed=0
while read -r label _; do
  read -r _ minutes <<< "$(offsets "$label")"
  echo "== $label: clock +${minutes} min, fake now $(faketime -f "+${minutes}m" date -u +'%Y-%m-%d %H:%M UTC')"
  if ! faketime -f "+${minutes}m" "$PY" -m pytest -q -p no:cacheprovider -m 'not browser' "$@" < /dev/null; then
    echo "== $label FAILED"
    failed=1
  fi
done <<< "$labels"
exit "$failed"
