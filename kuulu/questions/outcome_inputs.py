"""Ask the leadership on the impact trail (see kuulu/outcomes/inputs.py): a published question
is an input an outcome can draw on. Askers are contacted only through their own address."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.organisation.access import actor_for
from kuulu.outcomes.inputs import Choice, Contact, InputAdapter, period_bounds, register, short
from kuulu.questions import access
from kuulu.questions.models import Question
from kuulu.questions.selectors import PUBLIC


@register
class QuestionAdapter(InputAdapter):
    kind = "leadership_question"
    received_field = "created_at"
    verbose_name = gettext_lazy("Question to the leadership")
    model = Question
    select_related = ("service",)

    def county_id(self, obj: Question) -> int | None:
        return obj.county_id

    def units(self, obj: Question) -> list[Any]:
        return [obj.service] if obj.service_id else []

    def can_view(self, user: Any, obj: Question) -> bool:
        return access.can_answer(actor_for(user), obj)

    def label(self, obj: Question) -> str:
        return short(obj.public_text or _("Question to the leadership"), 120)

    def staff_url(self, obj: Question) -> str:
        return reverse("questions:manage_question", args=[obj.pk])

    def public_summary(self, obj: Question) -> str | None:
        if not obj.is_public:
            return None
        return _("Resident's question: %(text)s") % {"text": short(obj.public_text, 200)}

    def contributors(self, obj: Question) -> list[Contact]:
        if obj.asker_email and obj.status != Question.Status.UNVERIFIED:
            return [Contact(email=obj.asker_email, language=obj.language)]
        return []

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not access.can_manage(actor_for(user)):
            return []
        qs = Question.objects.filter(county_id=county_id, status__in=PUBLIC)
        if query.strip():
            qs = qs.filter(public_text__icontains=query.strip())
        return [Choice(key=str(q.pk), label=self.label(q)) for q in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = Question.objects.filter(
            county_id=county_id, created_at__range=(low, high), status__in=PUBLIC
        )
        if unit_path:
            qs = qs.filter(service__path__startswith=unit_path)
        return qs
