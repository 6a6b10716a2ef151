from django.contrib import admin

from kuulu.portal.models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ("created_at", "due_date", "status", "language", "county")
    list_filter = ("status", "county")
