from modeltranslation.translator import TranslationOptions, register

from kuulu.assessments.models import AssessmentTemplate, Dialogue, TemplateStep


@register(AssessmentTemplate)
class AssessmentTemplateTranslation(TranslationOptions):
    fields = ("name", "description")


@register(TemplateStep)
class TemplateStepTranslation(TranslationOptions):
    fields = ("title", "prompt")


@register(Dialogue)
class DialogueTranslation(TranslationOptions):
    fields = ("ground_rules",)
