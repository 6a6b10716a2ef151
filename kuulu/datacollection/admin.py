from django.contrib import admin

from kuulu.datacollection.models import Collection


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "source", "schedule", "month", "county", "is_active")
    list_filter = ("source", "schedule", "is_active")
