"""Configuration tables only. Feedback, complaints and initiatives are handled in Kuulu's own
pages, where access is checked and complaint views are audit-logged; the admin site would
bypass both, so they are not registered here."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kuulu.feedback.models import ComplaintRouting, FeedbackHandler, ReplyTemplate, Theme


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):
    list_display = ("name", "code", "county", "position", "is_active")
    list_filter = ("county", "is_active")


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(TranslationAdmin):
    list_display = ("title", "kind", "county", "is_active")
    list_filter = ("county", "kind", "is_active")


@admin.register(FeedbackHandler)
class FeedbackHandlerAdmin(admin.ModelAdmin):
    list_display = ("unit", "user")
    raw_id_fields = ("unit", "user")


@admin.register(ComplaintRouting)
class ComplaintRoutingAdmin(admin.ModelAdmin):
    list_display = ("unit", "director")
    raw_id_fields = ("unit", "director")
