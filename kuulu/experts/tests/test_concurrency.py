"""Two experts accepting the same request at the same moment on PostgreSQL: one wins, the
other is told the assignment is taken, and there is one engagement."""

import pytest

from kuulu.experts import services
from kuulu.experts.models import Engagement, Offer
from kuulu.experts.tests.factories import make_area, make_expert, make_request
from kuulu.organisation.tests.factories import (
    make_county,
    make_municipality,
    make_person,
    make_unit,
)
from kuulu.organisation.tests.test_concurrency import _race

pytestmark = pytest.mark.postgres


def test_parallel_acceptances_make_one_engagement(postgres):
    county = make_county()
    make_municipality(county)
    unit = make_unit(county, code="u")
    professional = make_person(county, kind="staff", unit=unit)
    area = make_area(county)
    for _ in range(3):
        expert_request = make_request(professional, areas=[area])
        offers = [
            services.make_offer(
                expert_request=expert_request, profile=make_expert(county, areas=[area])
            )
            for _ in range(4)
        ]
        outcomes = _race(
            *[
                lambda offer=offer: services.answer_offer(offer=offer, accept=True)
                for offer in offers
            ]
        )
        kinds = sorted(kind if kind == "ok" else type(result).__name__ for kind, result in outcomes)
        assert kinds == ["OfferTaken", "OfferTaken", "OfferTaken", "ok"]
        assert Engagement.objects.filter(request=expert_request).count() == 1
        assert Offer.objects.filter(request=expert_request, status="accepted").count() == 1
