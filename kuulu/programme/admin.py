from django.contrib import admin

from kuulu.programme.models import ParticipationProgramme, ProgrammeChange


@admin.register(ParticipationProgramme)
class ParticipationProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "start_year", "end_year", "status", "county")
    list_filter = ("status",)


@admin.register(ProgrammeChange)
class ProgrammeChangeAdmin(admin.ModelAdmin):
    list_display = ("changed_at", "programme", "object_type", "field", "action")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
