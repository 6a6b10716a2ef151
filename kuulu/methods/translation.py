from modeltranslation.translator import TranslationOptions, register

from kuulu.methods.models import MethodCard


@register(MethodCard)
class MethodCardTranslation(TranslationOptions):
    fields = (
        "name",
        "summary",
        "when_to_use",
        "when_not_to_use",
        "steps",
        "materials",
        "accessibility",
        "duration",
    )
