from modeltranslation.translator import TranslationOptions, register

from kuulu.indicators.models import ManualIndicator


@register(ManualIndicator)
class ManualIndicatorTranslation(TranslationOptions):
    fields = ("name", "definition")
