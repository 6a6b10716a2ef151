"""Outcomes made with the app's own services."""

from __future__ import annotations

from datetime import date
from typing import Any

from kuulu.organisation.models import County, Unit
from kuulu.outcomes import records
from kuulu.outcomes.models import Outcome, OutcomeInput

TODAY = date(2026, 6, 15)


def make_outcome(county: County, *, units: list[Unit] | None = None, **data: Any) -> Outcome:
    if "title_fi" not in data:  # a test that names the Finnish title reads it in any language
        data["title_fi"] = "Kotihoidon käyntiajat joustavammiksi"
        data.setdefault("title_en", "More flexible home care visit times")
    data.setdefault("decided_by", "Aluehallitus")
    data.setdefault("decided_on", date(2026, 3, 1))
    return records.create_outcome(county=county, data=data, units=units or [], today=TODAY)


def link(outcome: Outcome, kind: str, obj: Any, label: str = "label") -> OutcomeInput:
    """A link row made directly (tests of reading; linking itself is tested through links)."""
    return OutcomeInput.objects.create(
        outcome=outcome, kind=kind, object_id=str(obj.pk), label=label
    )


def make_statement(county: County, given_on: date, *, council: Any = None) -> Any:
    from kuulu.channels.models import Statement, StatementRequest
    from kuulu.channels.tests.factories import make_council

    council = council or make_council(county)
    request = StatementRequest.objects.create(
        channel=council,
        title="Palveluverkkosuunnitelma",
        draft_text="Luonnos",
        requested_on=given_on,
        deadline=given_on,
        status=StatementRequest.Status.STATEMENT_GIVEN,
    )
    return Statement.objects.create(
        request=request, text="Neuvosto puoltaa.", given_on=given_on, given_by="Neuvosto"
    )
