"""Survey results as inputs of the impact trail (see kuulu/outcomes/inputs.py): a whole
survey, one question, or one instrument's scores in a survey. Publicly they are shown only by
title and question wording (aggregates), never an answer."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.core.numbers import id_from
from kuulu.organisation.access import actor_for
from kuulu.outcomes.inputs import (
    Choice,
    InputAdapter,
    fingerprint_row,
    period_bounds,
    register,
    short,
)
from kuulu.surveys.models import Instrument, Question, Survey
from kuulu.surveys.results import can_see_results


def _visible_surveys(user: Any, county_id: int) -> list[Survey]:
    actor = actor_for(user)
    if not actor.is_staff:
        return []
    qs = Survey.objects.filter(county_id=county_id).prefetch_related("units").order_by("-id")
    return [s for s in qs[:300] if can_see_results(actor, s)]


@register
class SurveyAdapter(InputAdapter):
    kind = "survey"
    received_field = "closes_at"  # what `received` filters the period on
    verbose_name = gettext_lazy("Survey results")
    model = Survey

    def units(self, obj: Survey) -> list[Any]:
        return list(obj.units.all())

    def can_view(self, user: Any, obj: Survey) -> bool:
        return can_see_results(actor_for(user), obj)

    def label(self, obj: Survey) -> str:
        return short(obj.title, 200)

    def staff_url(self, obj: Survey) -> str:
        return reverse("surveys:results", args=[obj.pk])

    def public_summary(self, obj: Survey) -> str | None:
        return _("Results of the survey “%(title)s”") % {"title": obj.title}

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        query = query.strip().lower()
        found = [s for s in _visible_surveys(user, county_id) if query in s.title.lower()]
        return [Choice(key=str(s.pk), label=self.label(s)) for s in found[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = Survey.objects.filter(county_id=county_id, closes_at__range=(low, high))
        if unit_path:
            qs = qs.filter(units__path__startswith=unit_path).distinct()
        return qs

    def fingerprint_queries(self, *, county_id: int) -> list[QuerySet]:
        # `received` narrows to a unit through the survey's units too.
        return [
            *super().fingerprint_queries(county_id=county_id),
            fingerprint_row(
                f"{self.kind}:units",
                Survey.units.through.objects.filter(survey__county_id=county_id),
            ),
        ]

    def trail_keys(self, obj: Survey) -> list[tuple[str, str]]:
        """The survey's page shows outcomes of the survey, its questions and instruments."""
        keys = [(self.kind, str(obj.pk))]
        rows = Question.objects.filter(version__survey=obj).values_list(
            "pk", "instrument_item__instrument_id"
        )
        instruments = set()
        for question_id, instrument_id in rows:
            keys.append(("survey_question", str(question_id)))
            if instrument_id is not None:
                instruments.add(instrument_id)
        keys += [("survey_instrument", f"{obj.pk}:{pk}") for pk in sorted(instruments)]
        return keys


@register
class QuestionAdapter(InputAdapter):
    kind = "survey_question"
    verbose_name = gettext_lazy("Survey question")
    model = Question
    select_related = ("version__survey",)

    def county_id(self, obj: Question) -> int:
        return obj.version.survey.county_id

    def units(self, obj: Question) -> list[Any]:
        return list(obj.version.survey.units.all())

    def can_view(self, user: Any, obj: Question) -> bool:
        return can_see_results(actor_for(user), obj.version.survey)

    def label(self, obj: Question) -> str:
        return f"{short(obj.version.survey.title, 80)}: {short(obj.text, 150)}"

    def staff_url(self, obj: Question) -> str:
        return reverse("surveys:results", args=[obj.version.survey_id])

    def public_summary(self, obj: Question) -> str | None:
        return _("Answers to “%(question)s” in the survey “%(title)s”") % {
            "question": short(obj.text, 200),
            "title": obj.version.survey.title,
        }

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        surveys = {s.pk: s for s in _visible_surveys(user, county_id)}
        if not surveys:
            return []
        qs = Question.objects.filter(
            version__survey_id__in=list(surveys),
            version_id=F("version__survey__current_version_id"),
        ).select_related("version__survey")
        if query.strip():
            qs = qs.filter(text__icontains=query.strip())
        return [Choice(key=str(q.pk), label=self.label(q)) for q in qs[:limit]]


@register
class InstrumentResultAdapter(InputAdapter):
    """An instrument's scores in one survey; the key is "<survey id>:<instrument id>"."""

    kind = "survey_instrument"
    verbose_name = gettext_lazy("Instrument result")

    def key(self, obj: tuple[Survey, Instrument]) -> str:
        return f"{obj[0].pk}:{obj[1].pk}"

    def resolve(self, keys: Any) -> dict[str, Any]:
        pairs = []
        for key in keys:
            survey_part, _sep, instrument_part = str(key).partition(":")
            survey_id, instrument_id = id_from(survey_part), id_from(instrument_part)
            if survey_id is not None and instrument_id is not None:
                pairs.append((survey_id, instrument_id))
        if not pairs:
            return {}
        surveys = Survey.objects.prefetch_related("units").in_bulk([p[0] for p in pairs])
        instruments = Instrument.objects.in_bulk([p[1] for p in pairs])
        return {
            f"{s}:{i}": (surveys[s], instruments[i])
            for s, i in pairs
            if s in surveys and i in instruments
        }

    def county_id(self, obj: tuple[Survey, Instrument]) -> int:
        return obj[0].county_id

    def units(self, obj: tuple[Survey, Instrument]) -> list[Any]:
        return list(obj[0].units.all())

    def can_view(self, user: Any, obj: tuple[Survey, Instrument]) -> bool:
        return can_see_results(actor_for(user), obj[0])

    def label(self, obj: tuple[Survey, Instrument]) -> str:
        return f"{short(obj[0].title, 120)}: {short(obj[1].name, 120)}"

    def staff_url(self, obj: tuple[Survey, Instrument]) -> str:
        return reverse("surveys:results", args=[obj[0].pk])

    def public_summary(self, obj: tuple[Survey, Instrument]) -> str | None:
        return _("Scores of “%(instrument)s” in the survey “%(title)s”") % {
            "instrument": obj[1].name,
            "title": obj[0].title,
        }

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        surveys = {s.pk: s for s in _visible_surveys(user, county_id)}
        if not surveys:
            return []
        rows = (
            Question.objects.filter(
                version__survey_id__in=list(surveys), instrument_item__isnull=False
            )
            .values_list("version__survey_id", "instrument_item__instrument_id")
            .distinct()
        )
        instruments = Instrument.objects.in_bulk({i for _s, i in rows})
        query = query.strip().lower()
        choices = []
        for survey_id, instrument_id in sorted(set(rows), reverse=True):
            obj = (surveys[survey_id], instruments[instrument_id])
            label = self.label(obj)
            if query in label.lower():
                choices.append(Choice(key=self.key(obj), label=label))
        return choices[:limit]
