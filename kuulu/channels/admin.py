from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kuulu.channels.models import Channel, ChannelFee, Meeting, Membership, StatementRequest


class ChannelFeeInline(admin.TabularInline):
    model = ChannelFee
    extra = 0


@admin.register(Channel)
class ChannelAdmin(TranslationAdmin):
    list_display = ("name", "kind", "council", "is_published", "accepts_applications")
    list_filter = ("kind", "is_published")
    inlines = [ChannelFeeInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "channel", "role", "seat", "term_start", "term_end")
    list_filter = ("channel", "role")
    # Memberships are added through channels.services, which checks overlapping seats.
    readonly_fields = ("channel", "person", "seat", "term_start", "term_end", "role")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(StatementRequest)
class StatementRequestAdmin(admin.ModelAdmin):
    list_display = ("title", "channel", "requested_on", "deadline", "status")
    list_filter = ("channel", "status")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("channel", "starts_at", "status")
    list_filter = ("channel", "status")
