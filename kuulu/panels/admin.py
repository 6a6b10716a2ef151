"""Admin for panels: the panel and its strata only. Invitees, volunteers and the draw record
are left out on purpose: personal data and the audit trail are handled through the services."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from kuulu.panels.models import Panel, Stratum


class StratumInline(TranslationTabularInline):
    model = Stratum
    extra = 0


@admin.register(Panel)
class PanelAdmin(TranslationAdmin):
    list_display = ("title", "status", "seats")
    list_filter = ("status",)
    readonly_fields = ("status", "invited_count")
    inlines = [StratumInline]
