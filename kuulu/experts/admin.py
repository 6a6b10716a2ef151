from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from kuulu.experts.models import (
    Engagement,
    ExperienceArea,
    ExpertProfile,
    ExpertRequest,
    Offer,
    TrainingRecord,
)


@admin.register(ExperienceArea)
class ExperienceAreaAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position")


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ("__str__", "available", "consent_withdrawn_at")
    list_filter = ("available",)
    raw_id_fields = ("person",)
    filter_horizontal = ("areas", "municipalities")
    inlines = [TrainingInline]


@admin.register(ExpertRequest)
class ExpertRequestAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "date_from")
    list_filter = ("status", "type")
    raw_id_fields = ("requested_by", "unit", "municipality")


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status")
    raw_id_fields = ("request", "profile", "offered_by")


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ("__str__", "status", "fee_amount")
    raw_id_fields = ("request", "offer", "profile")
