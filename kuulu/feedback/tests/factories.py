"""Test data made with the same services the product uses."""

from __future__ import annotations

from typing import Any

from kuulu.feedback import services
from kuulu.feedback.models import Complaint, ComplaintRouting, Feedback, Initiative, Theme
from kuulu.organisation.models import County, Unit


def make_theme(county: County, code: str = "waiting", **kwargs: Any) -> Theme:
    kwargs.setdefault("name_fi", "Jonotus")
    kwargs.setdefault("name_en", "Waiting times")
    return Theme.objects.create(county=county, code=code, **kwargs)


def make_feedback(county: County, unit: Unit | None = None, **kwargs: Any) -> Feedback:
    kwargs.setdefault("kind", Feedback.Kind.IDEA)
    kwargs.setdefault("text", f"Palautetta yksiköstä {unit.pk if unit else '-'} {id(kwargs)}")
    feedback, _created = services.submit_feedback(county=county, unit=unit, **kwargs)
    return feedback


def make_complaint(
    county: County, unit: Unit | None = None, director: Any = None, **kwargs: Any
) -> Complaint:
    if director is not None and unit is not None:
        ComplaintRouting.objects.get_or_create(unit=unit, defaults={"director": director})
    kwargs.setdefault("act", Complaint.Act.PATIENT)
    kwargs.setdefault("complainant_name", "Maija Meikäläinen")
    kwargs.setdefault("complainant_email", "maija@example.test")
    kwargs.setdefault("description", f"Hoito oli huonoa {id(kwargs)}")
    complaint, _created = services.submit_complaint(county=county, unit=unit, **kwargs)
    return complaint


def make_initiative(county: County, **kwargs: Any) -> Initiative:
    kwargs.setdefault("title", "Lisää penkkejä terveysaseman pihalle")
    kwargs.setdefault("text", f"Pihalla ei ole paikkaa levätä. {id(kwargs)}")
    kwargs.setdefault(
        "signers",
        [{"name": "Aino Aloittaja", "basis": "resident", "email": "aino@example.test"}],
    )
    initiative, _created = services.submit_initiative(county=county, **kwargs)
    return initiative
