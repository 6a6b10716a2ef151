"""One module per source app. Each exposes

- ``compute(*, county_id, scope, periods, today) -> dict[str, list[IndicatorValue]]``: every
  indicator of the source over each period (non-overlapping), in the order given; database
  aggregates only (one GROUP BY per query, bucketed by period in SQL), never rows in Python;
- ``fingerprint(*, county_id) -> tuple``: a cheap aggregate over exactly the columns the
  computation reads, so that any change to them (also bulk and conditional UPDATEs, which do not
  touch ``updated_at``) changes the fingerprint and so the cache key.
"""
