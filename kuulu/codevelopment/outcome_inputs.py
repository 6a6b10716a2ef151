"""Co-development on the impact trail (see kuulu/outcomes/inputs.py): an experiment evaluated
and decided to be adopted, and a good practice, are inputs an outcome can draw on ("staff and
customers tried this and it worked"). Only adopted experiments are offered; public practices
have a public summary."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.codevelopment import access
from kuulu.codevelopment.models import Evaluation, Experiment, GoodPractice
from kuulu.organisation.access import actor_for
from kuulu.outcomes.inputs import (
    Choice,
    InputAdapter,
    fingerprint_row,
    period_bounds,
    register,
    short,
)


@register
class AdoptedExperimentAdapter(InputAdapter):
    kind = "codevelopment_experiment"
    verbose_name = gettext_lazy("Adopted development experiment")
    model = Experiment

    def queryset(self) -> QuerySet:
        return Experiment.objects.filter(evaluation__decision=Evaluation.Decision.ADOPT)

    def units(self, obj: Experiment) -> list[Any]:
        return list(obj.units.all())

    def can_view(self, user: Any, obj: Experiment) -> bool:
        return access.can_view_experiment(actor_for(user), obj)

    def label(self, obj: Experiment) -> str:
        return short(obj.title, 120)

    def staff_url(self, obj: Experiment) -> str:
        return reverse("codevelopment:experiment", args=[obj.pk])

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not access.can_use(actor_for(user)):
            return []
        qs = self.queryset().filter(county_id=county_id)
        if query.strip():
            qs = qs.filter(title__icontains=query.strip())
        return [Choice(key=str(e.pk), label=self.label(e)) for e in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = self.queryset().filter(county_id=county_id, evaluation__created_at__range=(low, high))
        if unit_path:
            qs = qs.filter(units__path__startswith=unit_path).distinct()
        return qs

    def fingerprint_queries(self, *, county_id: int) -> list[QuerySet]:
        # `received` reads the evaluation (its day and decision) and the units too.
        return [
            *super().fingerprint_queries(county_id=county_id),
            fingerprint_row(
                f"{self.kind}:evaluation",
                Evaluation.objects.filter(experiment__county_id=county_id),
            ),
            fingerprint_row(
                f"{self.kind}:units",
                Experiment.units.through.objects.filter(experiment__county_id=county_id),
            ),
        ]


@register
class GoodPracticeAdapter(InputAdapter):
    kind = "codevelopment_practice"
    received_field = "created_at"
    verbose_name = gettext_lazy("Good practice")
    model = GoodPractice
    select_related = ("unit",)

    def queryset(self) -> QuerySet:
        # The public summary counts adoptions; one grouped query for a whole list of inputs.
        return super().queryset().annotate(adoption_count=Count("adoptions"))

    def can_view(self, user: Any, obj: GoodPractice) -> bool:
        return access.can_view_practice(actor_for(user), obj)

    def label(self, obj: GoodPractice) -> str:
        return short(obj.title, 120)

    def staff_url(self, obj: GoodPractice) -> str:
        return reverse("codevelopment:practice", args=[obj.pk])

    def public_summary(self, obj: GoodPractice) -> str | None:
        if obj.visibility != GoodPractice.Visibility.PUBLIC:
            return None
        count = obj.adoption_count if hasattr(obj, "adoption_count") else obj.adoptions.count()
        return _("Good practice: %(title)s (adopted by %(count)s other units)") % {
            "title": short(obj.title, 200),
            "count": count,
        }

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not access.can_use(actor_for(user)):
            return []
        qs = GoodPractice.objects.filter(county_id=county_id)
        if query.strip():
            qs = qs.filter(title__icontains=query.strip())
        return [Choice(key=str(p.pk), label=self.label(p)) for p in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = GoodPractice.objects.filter(county_id=county_id, created_at__range=(low, high))
        if unit_path:
            qs = qs.filter(unit__path__startswith=unit_path)
        return qs
