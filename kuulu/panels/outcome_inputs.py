"""Panel statements as inputs of the impact trail (see kuulu/outcomes/inputs.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.outcomes.inputs import Choice, Contact, InputAdapter, masked, register, short
from kuulu.panels.access import can_manage_panels
from kuulu.panels.models import Panel


@register
class PanelStatementAdapter(InputAdapter):
    kind = "panel_statement"
    received_field = "statement_date"  # what `received` filters the period on
    verbose_name = gettext_lazy("Panel statement")
    model = Panel

    def units(self, obj: Panel) -> list[Any]:
        return []

    def can_view(self, user: Any, obj: Panel) -> bool:
        return can_manage_panels(user, obj)

    def label(self, obj: Panel) -> str:
        return short(obj.title, 200)

    def staff_url(self, obj: Panel) -> str:
        return reverse("panels:panel_manage", args=[obj.pk])

    def public_summary(self, obj: Panel) -> str | None:
        if not obj.is_public:
            return None
        if not obj.statement:
            return _("The panel “%(title)s”") % {"title": obj.title}
        return _("Statement of the panel “%(title)s”: %(text)s") % {
            "title": obj.title,
            "text": short(masked(obj.statement), 300),
        }

    def contributors(self, obj: Panel) -> list[Contact]:
        # Members consented to be contacted about the panel's work when they volunteered, but
        # only at an address known to be theirs: one they confirmed from the mailed link, or
        # that of the account they are linked to. An address anyone could have typed gets
        # nothing.
        contacts = []
        members = obj.volunteers.filter(
            selected=True, contact_deleted_at__isnull=True
        ).select_related("user")
        for v in members:
            if v.email and v.email_confirmed_at is not None:
                email = v.email
            elif v.user is not None and v.user.is_active and v.user.email:
                email = v.user.email
            else:
                continue
            contacts.append(Contact(email=email, language=v.language or "fi"))
        return contacts

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not can_manage_panels(user):
            return []
        qs = Panel.objects.filter(county_id=county_id)
        if query.strip():
            qs = qs.filter(title__icontains=query.strip())
        return [Choice(key=str(p.pk), label=self.label(p)) for p in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet | None:
        if unit_path:
            return None  # panels belong to no unit
        return Panel.objects.filter(county_id=county_id, statement_date__range=(start, end))
