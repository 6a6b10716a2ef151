"""Real concurrency on PostgreSQL: the same import confirmed twice at the same moment."""

import pytest

from kuulu.core.tests.concurrency import race
from kuulu.methods import services
from kuulu.methods.models import MethodCard
from kuulu.methods.tests.factories import card_data, document
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.postgres


def test_the_same_import_confirmed_twice_at_once_creates_each_card_once(postgres):
    # A double click on "confirm", or two coordinators importing the same file: the second
    # import sees the first one's cards as unchanged instead of failing on their identifiers.
    county = make_county()
    doc = document(card_data(), card_data())
    outcomes = race(
        lambda: services.import_cards(county=county, document=doc),
        lambda: services.import_cards(county=county, document=doc),
    )
    assert [kind for kind, _result in outcomes] == ["ok", "ok"]
    results = sorted((r.created, r.unchanged) for _kind, r in outcomes)
    assert results == [(0, 2), (2, 0)]
    assert MethodCard.objects.filter(county=county).count() == 2
