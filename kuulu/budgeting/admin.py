from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from kuulu.budgeting.models import Budget, Phase, Plan, Process, Proposal


class PhaseInline(TranslationTabularInline):
    model = Phase
    extra = 0


@admin.register(Process)
class ProcessAdmin(TranslationAdmin):
    list_display = ("title", "county", "voter_check", "rule", "is_published")
    inlines = [PhaseInline]


@admin.register(Budget)
class BudgetAdmin(TranslationAdmin):
    list_display = ("name", "process", "municipality", "amount", "vote_type")
    exclude = ("published_result",)


@admin.register(Plan)
class PlanAdmin(TranslationAdmin):
    list_display = ("title", "budget", "cost", "status", "progress")
    filter_horizontal = ("ideas",)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "process", "status", "is_hidden", "created_at")
    list_filter = ("status", "is_hidden")
    exclude = ("contact_email",)
    readonly_fields = ("author", "support_count", "merged_into")
