from modeltranslation.translator import TranslationOptions, register

from kuulu.outcomes.models import Outcome


@register(Outcome)
class OutcomeTranslation(TranslationOptions):
    fields = ("title", "description", "not_done_reason")
