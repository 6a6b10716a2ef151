from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kuulu.events.models import Event, Programme, Session


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):
    list_display = ("name",)


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    readonly_fields = ("attending_count",)


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ("title", "programme", "format", "status")
    list_filter = ("status", "format", "programme")
    inlines = [SessionInline]
