"""Test data for the experience-expert bank, built with the services the product uses."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kuulu.experts import services
from kuulu.experts.models import ExperienceArea, ExpertProfile, ExpertRequest
from kuulu.organisation.models import County, Municipality, Person
from kuulu.organisation.tests.factories import make_person

_seq = itertools.count(1)


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def make_area(county: County, **kwargs: Any) -> ExperienceArea:
    n = next(_seq)
    kwargs.setdefault("slug", f"area-{n}")
    kwargs.setdefault("name_fi", f"Kokemusalue {n}")
    return ExperienceArea.objects.create(county=county, **kwargs)


def make_expert(
    county: County,
    *,
    areas: list[ExperienceArea] = (),  # type: ignore[assignment]
    municipalities: list[Municipality] = (),  # type: ignore[assignment]
    with_user: bool = True,
    person: Person | None = None,
    **data: Any,
) -> ExpertProfile:
    person = person or make_person(county, kind=Person.Kind.EXPERIENCE_EXPERT, with_user=with_user)
    values = {
        "languages": ["fi"],
        "preferred_types": ["lecture"],
        "fee_basis": "hourly",
        "fee_amount": Decimal("30.00"),
        "payee_number": f"P-{person.pk}",
        "agreement_signed_on": in_days(-100),
        "agreement_valid_until": in_days(365),
        "consent_given_on": in_days(-100),
        **data,
    }
    return services.create_profile(
        person=person, data=values, areas=list(areas), municipalities=list(municipalities)
    )


def make_request(
    requested_by: Person, *, areas: list[ExperienceArea], **data: Any
) -> ExpertRequest:
    values = {
        "need": "Luento tiimille toipumisesta.",
        "date_from": in_days(14),
        "type": "lecture",
        "remote": False,
        "municipality": requested_by.county.municipalities.first(),
        "language": "fi",
        "duration_hours": Decimal(2),
        **data,
    }
    return services.create_request(requested_by=requested_by, data=values, areas=areas)
