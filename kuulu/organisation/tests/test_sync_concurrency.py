"""Two HR syncs at once on PostgreSQL: they never interleave."""

from __future__ import annotations

import pytest

from kuulu.organisation.models import HrSyncRun, Person, Unit
from kuulu.organisation.sync.apply import apply_sync
from kuulu.organisation.tests.factories import make_county
from kuulu.organisation.tests.test_concurrency import _race
from kuulu.organisation.tests.test_sync_apply import UNITS, doc

pytestmark = pytest.mark.postgres

PEOPLE = "id,first_name,last_name,email,unit\n" + "".join(
    f"E{i},Etu{i},Suku{i},e{i}@example.test,{'U1' if i % 2 else 'T1'}\n" for i in range(60)
)


def test_the_same_file_applied_twice_at_once_adds_everything_once(postgres):
    county = make_county()
    outcomes = _race(
        lambda: apply_sync(county=county, document=doc(people=PEOPLE)),
        lambda: apply_sync(county=county, document=doc(people=PEOPLE)),
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    results = sorted((r for _, r in outcomes), key=lambda r: r.plan.is_empty)
    assert results[0].plan.counts["people"]["added"] == 60
    assert results[1].plan.is_empty  # the second waited for the first and found nothing to do
    assert Unit.objects.filter(county=county).count() == 4
    assert Person.objects.filter(county=county).count() == 60
    assert HrSyncRun.objects.filter(status="applied").count() == 2


def test_a_move_and_a_sync_racing_leave_consistent_paths(postgres):
    county = make_county()
    apply_sync(county=county, document=doc(people=PEOPLE))
    moved = UNITS.replace("U1,S1,", "U1,S2,")
    back = UNITS
    for _ in range(3):
        outcomes = _race(
            lambda: apply_sync(county=county, document=doc(units=moved, people=None)),
            lambda: apply_sync(county=county, document=doc(units=back, people=None)),
        )
        assert [kind for kind, _ in outcomes] == ["ok", "ok"]
        by_pk = {u.pk: u for u in Unit.objects.filter(county=county)}
        for unit in by_pk.values():
            expected = (by_pk[unit.parent_id].path if unit.parent_id else "") + f"{unit.pk}/"
            assert unit.path == expected
