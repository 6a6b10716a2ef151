"""Test data built with the same services the product uses."""

from __future__ import annotations

import itertools
from typing import Any

from kuulu.accounts.models import User
from kuulu.organisation import services
from kuulu.organisation.models import County, Municipality, Person, Unit

_seq = itertools.count(1)

PASSWORD = "test-password-123"


def make_county(**kwargs: Any) -> County:
    n = next(_seq)
    defaults = {
        "slug": f"county-{n}",
        "name_fi": f"Hyvinvointialue {n}",
        "name_sv": f"Välfärdsområde {n}",
    }
    return County.objects.create(**{**defaults, **kwargs})


def make_municipality(county: County, **kwargs: Any) -> Municipality:
    n = next(_seq)
    defaults = {"code": f"{n % 1000:03d}", "name_fi": f"Kunta {n}"}
    return Municipality.objects.create(county=county, **{**defaults, **kwargs})


def make_unit(county: County, parent: Unit | None = None, **kwargs: Any) -> Unit:
    n = next(_seq)
    kwargs.setdefault("code", f"unit-{n}")
    kwargs.setdefault("name_fi", f"Yksikkö {n}")
    kwargs.setdefault("kind", Unit.Kind.SERVICE_AREA if parent is None else Unit.Kind.UNIT)
    return services.create_unit(county=county, parent=parent, **kwargs)


def make_user(email: str | None = None, **kwargs: Any) -> User:
    email = email or f"user{next(_seq)}@example.test"
    return User.objects.create_user(email=email, password=PASSWORD, **kwargs)


def make_person(county: County, *, with_user: bool = True, **data: Any) -> Person:
    n = next(_seq)
    data.setdefault("kind", Person.Kind.RESIDENT)
    data.setdefault("first_name", f"Etu{n}")
    data.setdefault("last_name", f"Suku{n}")
    data.setdefault("email", f"person{n}@example.test")
    person = services.create_person(county=county, data=data)
    if with_user:
        person.user = make_user(email=person.email)
        person.save(update_fields=["user"])
    return person
