"""Councils' statements as inputs of the impact trail (see kuulu/outcomes/inputs.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.channels.access import can_see_workspace
from kuulu.channels.models import Channel, ConsentRecord, Membership, Statement
from kuulu.organisation.access import actor_for
from kuulu.outcomes.inputs import Choice, Contact, InputAdapter, masked, register, short


@register
class CouncilStatementAdapter(InputAdapter):
    kind = "council_statement"
    received_field = "given_on"  # what `received` filters the period on
    verbose_name = gettext_lazy("Council statement")
    model = Statement
    select_related = ("request__channel", "request__requesting_unit")
    county_field = "request__channel__county"

    def county_id(self, obj: Statement) -> int:
        return obj.request.channel.county_id

    def units(self, obj: Statement) -> list[Any]:
        unit = obj.request.requesting_unit
        return [unit] if unit is not None else []

    def can_view(self, user: Any, obj: Statement) -> bool:
        return can_see_workspace(actor_for(user), obj.request.channel)

    def label(self, obj: Statement) -> str:
        return f"{short(obj.request.channel.name, 80)}: {short(obj.request.title, 150)}"

    def staff_url(self, obj: Statement) -> str:
        return reverse("channels:request_detail", args=[obj.request_id])

    def public_summary(self, obj: Statement) -> str | None:
        channel = obj.request.channel
        if not channel.is_published:
            return None
        return _("Statement of %(council)s on “%(matter)s”, %(date)s: %(text)s") % {
            "council": channel.name,
            "matter": obj.request.title,
            "date": obj.given_on.strftime("%-d.%-m.%Y"),
            "text": short(masked(obj.text), 300),
        }

    def contributors(self, obj: Statement) -> list[Contact]:
        """Members of the council on the day of the statement, except those who withdrew
        their consent for the channel (and gave none again)."""
        channel = obj.request.channel
        memberships = (
            Membership.objects.current(obj.given_on)
            .filter(channel=channel)
            .select_related("person__user")
        )
        withdrawn = set(
            ConsentRecord.objects.filter(channel=channel, withdrawn_at__isnull=False).values_list(
                "person_id", flat=True
            )
        ) - set(
            ConsentRecord.objects.filter(channel=channel, withdrawn_at__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        contacts = []
        for membership in memberships:
            person = membership.person
            if person.email and person.pk not in withdrawn:
                language = person.user.language if person.user_id else "fi"
                contacts.append(Contact(email=person.email, language=language))
        return contacts

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        actor = actor_for(user)
        if not actor.is_staff:
            return []
        qs = Statement.objects.filter(request__channel__county_id=county_id).select_related(
            "request__channel"
        )
        if not actor.is_coordinator:
            channels = [
                c
                for c in Channel.objects.filter(county_id=county_id)
                if can_see_workspace(actor, c)
            ]
            qs = qs.filter(request__channel__in=channels)
        if query.strip():
            q = query.strip()
            qs = qs.filter(Q(request__title__icontains=q) | Q(text__icontains=q))
        return [
            Choice(key=str(s.pk), label=self.label(s)) for s in qs.order_by("-given_on")[:limit]
        ]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        qs = Statement.objects.filter(
            request__channel__county_id=county_id, given_on__range=(start, end)
        )
        if unit_path:
            qs = qs.filter(request__requesting_unit__path__startswith=unit_path)
        return qs
