from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kuulu.outcomes.models import Outcome, OutcomeInput


class OutcomeInputInline(admin.TabularInline):
    model = OutcomeInput
    extra = 0
    # Links are made through outcomes.links, which checks that the user may see the input.
    readonly_fields = ("kind", "object_id", "label", "linked_by", "linked_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Outcome)
class OutcomeAdmin(TranslationAdmin):
    list_display = ("title", "county", "status", "progress", "follow_up_due", "is_published")
    list_filter = ("status", "is_published")
    inlines = [OutcomeInputInline]
