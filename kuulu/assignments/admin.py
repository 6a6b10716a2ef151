from django.contrib import admin

from kuulu.assignments.models import Assignment, TeamCompletion


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "due_on", "managers_only", "status")
    list_filter = ("status", "managers_only")
    filter_horizontal = ("units",)
    raw_id_fields = ("course", "event")


@admin.register(TeamCompletion)
class TeamCompletionAdmin(admin.ModelAdmin):
    list_display = ("assignment", "unit", "completed_on")
    raw_id_fields = ("assignment", "unit", "recorded_by")
    filter_horizontal = ("participants",)
