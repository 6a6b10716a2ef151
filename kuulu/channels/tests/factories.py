"""Test data built with the channels' own services."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.utils import timezone

from kuulu.channels import services
from kuulu.channels.models import Channel, Membership
from kuulu.organisation.models import County, Person
from kuulu.organisation.tests.factories import make_person

_seq = itertools.count(1)


def make_channel(county: County, **data: Any) -> Channel:
    n = next(_seq)
    data.setdefault("kind", Channel.Kind.CUSTOMER_PANEL)
    data.setdefault("name_fi", f"Kanava {n}")
    data.setdefault("slug", f"kanava-{n}")
    data.setdefault("purpose_fi", "Asiakkaat kehittävät palveluja.")
    data.setdefault("accepts_applications", True)
    return services.create_channel(county=county, data=data)


def make_council(county: County, **data: Any) -> Channel:
    data.setdefault("kind", Channel.Kind.STATUTORY_COUNCIL)
    data.setdefault("council", Channel.Council.OLDER_PEOPLE)
    data.setdefault("name_fi", "Vanhusneuvosto")
    data.setdefault("slug", f"vanhusneuvosto-{next(_seq)}")
    return make_channel(county, **data)


def make_member(
    channel: Channel,
    person: Person | None = None,
    *,
    term_start: date | None = None,
    public: bool = False,
    **kwargs: Any,
) -> Membership:
    person = person or make_person(channel.county, with_user=False)
    membership = services.add_membership(
        channel=channel,
        person=person,
        term_start=term_start or date(2025, 1, 1),
        **kwargs,
    )
    if public:
        services.record_consent(
            person=person,
            channel=channel,
            text="Nimeni saa näkyä.",
            public_listing=True,
            given_at=timezone.now(),
        )
    return membership
