from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kuulu.surveys.models import Instrument, Invitation, Survey, SurveyVersion


@admin.register(Survey)
class SurveyAdmin(TranslationAdmin):
    list_display = ("title", "county", "kind", "audience", "status", "series", "round_label")
    list_filter = ("status", "kind", "audience")
    search_fields = ("title", "series")
    raw_id_fields = ("owner", "event", "county")
    filter_horizontal = ("units",)


@admin.register(SurveyVersion)
class SurveyVersionAdmin(admin.ModelAdmin):
    list_display = ("survey", "number", "created_at", "frozen")
    readonly_fields = ("survey", "number", "created_at", "frozen")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Addresses and dates only; the token hash is never shown."""

    list_display = ("survey", "email", "language", "sent_at", "used_at")
    exclude = ("token_hash",)
    readonly_fields = ("sent_at", "used_at")
    raw_id_fields = ("survey", "person")


@admin.register(Instrument)
class InstrumentAdmin(TranslationAdmin):
    list_display = ("key", "version", "name", "county", "locked_wording")
    list_filter = ("locked_wording",)
