from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kuulu.coordination.models import CoordinationArea, CoordinationTask


@admin.register(CoordinationArea)
class CoordinationAreaAdmin(TranslationAdmin):
    list_display = ("number", "title", "county")


@admin.register(CoordinationTask)
class CoordinationTaskAdmin(TranslationAdmin):
    list_display = ("title", "area", "status", "responsible_unit", "responsible_person")
    list_filter = ("status", "area")
