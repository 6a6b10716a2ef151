from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from kuulu.assignments import services
from kuulu.assignments.models import Assignment
from kuulu.learning.models import Course, Module
from kuulu.organisation.models import County


def make_course(county: County, **kwargs: Any) -> Course:
    kwargs.setdefault("title_fi", "Palautteen vastaanottaminen")
    kwargs.setdefault("title_en", "Receiving feedback")
    kwargs.setdefault("status", Course.Status.PUBLISHED)
    course = Course.objects.create(county=county, **kwargs)
    Module.objects.create(course=course, title_fi="Luento", kind=Module.Kind.VIDEO)
    return course


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def make_assignment(county: County, **kwargs: Any) -> Assignment:
    if "course" not in kwargs and "event" not in kwargs:
        kwargs["course"] = make_course(county)
    kwargs.setdefault("due_on", in_days(30))
    return services.create_assignment(county=county, **kwargs)
