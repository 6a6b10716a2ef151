"""Uses of methods on the impact trail (see kuulu/outcomes/inputs.py): a logged use of a method
by a unit is an input an outcome can draw on ("we ran a resident forum and learnt this"). The
public summary names the method (only a published card: a draft's use is told without its name),
the date and what came of it, masked; never who recorded it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.methods import access
from kuulu.methods.models import MethodCard, MethodUse
from kuulu.organisation.access import actor_for, same_county
from kuulu.outcomes.inputs import Choice, InputAdapter, masked, register, short


@register
class MethodUseAdapter(InputAdapter):
    kind = "method_use"
    received_field = "used_on"
    verbose_name = gettext_lazy("Use of a participation method")
    model = MethodUse
    select_related = ("method", "unit")

    def county_id(self, obj: MethodUse) -> int | None:
        return obj.county_id

    def units(self, obj: MethodUse) -> list[Any]:
        return [obj.unit]

    def can_view(self, user: Any, obj: MethodUse) -> bool:
        actor = actor_for(user)
        if actor.is_coordinator:
            return same_county(actor, obj.county_id)
        return access.can_act_for_unit(user, obj.unit)

    def label(self, obj: MethodUse) -> str:
        return f"{short(obj.method.name, 80)}, {obj.unit.name} ({obj.used_on:%d.%m.%Y})"

    def staff_url(self, obj: MethodUse) -> str:
        return reverse("methods:card", args=[obj.method_id])

    def public_summary(self, obj: MethodUse) -> str | None:
        values = {
            "date": obj.used_on.strftime("%d.%m.%Y"),
            "count": obj.participants,
            "result": short(masked(obj.result), 200) or "-",
        }
        if obj.method.status != MethodCard.Status.PUBLISHED:
            # A draft card is not public: the use is told without the card's name.
            return (
                _("An unpublished method on %(date)s with %(count)s participants: %(result)s")
                % values
            )
        return _("%(method)s on %(date)s with %(count)s participants: %(result)s") % {
            "method": short(obj.method.name, 120),
            **values,
        }

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        actor = actor_for(user)
        if not actor.is_staff:
            return []
        qs = MethodUse.objects.filter(county_id=county_id).select_related("method", "unit")
        if not actor.is_coordinator:
            qs = qs.filter(unit__in=access.units_for_logging(user))
        text = query.strip()
        if text:
            qs = qs.filter(
                Q(method__name_fi__icontains=text)
                | Q(method__name_sv__icontains=text)
                | Q(method__name_en__icontains=text)
                | Q(unit__name_fi__icontains=text)
            )
        return [Choice(key=str(u.pk), label=self.label(u)) for u in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        qs = MethodUse.objects.filter(county_id=county_id, used_on__range=(start, end))
        if unit_path:
            qs = qs.filter(unit__path__startswith=unit_path)
        return qs
