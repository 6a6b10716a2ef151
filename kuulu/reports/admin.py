from django.contrib import admin

from kuulu.reports.models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports are created, written and published through reports.services (the
    coordinators' pages), which freeze the figures and keep the audit log."""

    list_display = ("county", "year", "start", "end", "status", "published_at")
    list_filter = ("status", "county")
    readonly_fields = ("county", "year", "start", "end", "status", "published_at", "published_by")
    exclude = ("snapshot",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
