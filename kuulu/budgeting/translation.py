from modeltranslation.translator import TranslationOptions, register

from kuulu.budgeting.models import Budget, Phase, Plan, Process


@register(Process)
class ProcessTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("explanation", "what_you_can_do")


@register(Budget)
class BudgetTranslation(TranslationOptions):
    fields = ("name",)


@register(Plan)
class PlanTranslation(TranslationOptions):
    fields = ("title", "description", "plain_description")
