"""Assessments and dialogues on the impact trail (see kuulu/outcomes/inputs.py): a finished,
published impact assessment and an Erätauko dialogue with a published summary are inputs an
outcome can draw on ("what we learnt before deciding"). Only their masked, published texts are
ever public; dialogue participants are never contacted (no names are kept)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.assessments import access, selectors
from kuulu.assessments.models import Assessment, Dialogue
from kuulu.organisation.access import actor_for, same_county
from kuulu.outcomes.inputs import Choice, InputAdapter, period_bounds, register, short


def _workable(user: Any, county_id: int, qs: QuerySet, rows_for: Any) -> QuerySet:
    """The rows a search offers: those the user works on (the same rule as access.py's, as a
    query, so that filtering never drops matches after a slice or costs a query per row)."""
    actor = actor_for(user)
    if not actor.is_staff or not same_county(actor, county_id):
        return qs.none()
    qs = qs.filter(county_id=county_id)
    if actor.is_coordinator:
        return qs
    return qs.filter(pk__in=rows_for(actor).values("pk"))


@register
class AssessmentAdapter(InputAdapter):
    kind = "impact_assessment"
    received_field = "published_at"
    verbose_name = gettext_lazy("Impact assessment")
    model = Assessment
    select_related = ("template", "unit")

    def queryset(self) -> QuerySet:
        return super().queryset().filter(published_at__isnull=False)

    def county_id(self, obj: Assessment) -> int | None:
        return obj.county_id

    def units(self, obj: Assessment) -> list[Any]:
        return [obj.unit] if obj.unit_id else []

    def can_view(self, user: Any, obj: Assessment) -> bool:
        return access.can_edit_assessment(user, obj)

    def label(self, obj: Assessment) -> str:
        return short(obj.title, 120)

    def staff_url(self, obj: Assessment) -> str:
        return reverse("assessments:assessment", args=[obj.pk])

    def public_summary(self, obj: Assessment) -> str | None:
        if not obj.is_published:
            return None
        return _("%(kind)s: %(title)s") % {
            "kind": obj.template.name,
            "title": short(obj.title, 200),
        }

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        qs = _workable(user, county_id, self.queryset(), selectors.assessments_for)
        if query.strip():
            qs = qs.filter(title__icontains=query.strip())
        return [Choice(key=str(a.pk), label=self.label(a)) for a in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = Assessment.objects.filter(county_id=county_id, published_at__range=(low, high))
        if unit_path:
            qs = qs.filter(unit__path__startswith=unit_path)
        return qs


@register
class DialogueAdapter(InputAdapter):
    kind = "eratauko_dialogue"
    received_field = "published_at"
    verbose_name = gettext_lazy("Erätauko dialogue")
    model = Dialogue
    select_related = ("unit",)

    def queryset(self) -> QuerySet:
        return super().queryset().filter(published_at__isnull=False)

    def county_id(self, obj: Dialogue) -> int | None:
        return obj.county_id

    def units(self, obj: Dialogue) -> list[Any]:
        return [obj.unit] if obj.unit_id else []

    def can_view(self, user: Any, obj: Dialogue) -> bool:
        return access.can_run_dialogue(user, obj)

    def label(self, obj: Dialogue) -> str:
        return short(obj.theme, 120)

    def staff_url(self, obj: Dialogue) -> str:
        return reverse("assessments:dialogue_run", args=[obj.pk])

    def public_summary(self, obj: Dialogue) -> str | None:
        if not obj.is_published:
            return None
        return _("Erätauko dialogue: %(theme)s") % {"theme": short(obj.theme, 200)}

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        qs = _workable(user, county_id, self.queryset(), selectors.dialogues_for)
        if query.strip():
            qs = qs.filter(theme__icontains=query.strip())
        return [Choice(key=str(d.pk), label=self.label(d)) for d in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = Dialogue.objects.filter(county_id=county_id, published_at__range=(low, high))
        if unit_path:
            qs = qs.filter(unit__path__startswith=unit_path)
        return qs
