"""Admin for panels: the panel and its strata only. Invitees, volunteers and the draw record
are left out on purpose: personal data and the audit trail are handled through the services.

The admin keeps the services' rules on what decided the draw: the strata and the county are
read-only once volunteers have answered, the seats once the panel has been drawn, and a drawn
panel cannot be deleted (quotas are not in the admin at all). A change is saved under the panel's row lock, taken first as the services take
it, so it is decided on the panel as it is and cannot slip in beside a registration or a draw."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from kuulu.panels.models import Panel, Stratum


def _drawn(panel: Panel | None) -> bool:
    return panel is not None and hasattr(panel, "draw")


def _strata_fixed(panel: Panel | None) -> bool:
    """As `services._before_volunteering`: strata change only before anyone has answered."""
    return panel is not None and (_drawn(panel) or panel.volunteers.exists())


class StratumInline(TranslationTabularInline):
    model = Stratum
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _strata_fixed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _strata_fixed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _strata_fixed(obj) and super().has_delete_permission(request, obj)


@admin.register(Panel)
class PanelAdmin(TranslationAdmin):
    list_display = ("title", "status", "seats")
    list_filter = ("status",)
    readonly_fields = ("status", "invited_count")
    inlines = [StratumInline]

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        panel = super().get_object(request, object_id, from_field)
        if panel is not None and request.method == "POST":
            # The change and delete views run in one transaction: the lock is held until the
            # panel and its strata are saved.
            panel = Panel.objects.select_for_update().get(pk=panel.pk)
        return panel

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if _strata_fixed(obj):
            # Its volunteers registered with this county: moving it would move them.
            fields += ("county",)
        if _drawn(obj):
            fields += ("seats",)
        return fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A drawn panel's record is the proof of a fair draw (`services.verify_draw`); the
        # services delete its personal data on their own schedule.
        return not _drawn(obj) and super().has_delete_permission(request, obj)
