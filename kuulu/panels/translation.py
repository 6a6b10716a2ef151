from modeltranslation.translator import TranslationOptions, register

from kuulu.panels.models import Panel, Stratum


@register(Panel)
class PanelTranslation(TranslationOptions):
    fields = ("title", "description", "statement", "response")


@register(Stratum)
class StratumTranslation(TranslationOptions):
    fields = ("label",)
