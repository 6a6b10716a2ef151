from modeltranslation.translator import TranslationOptions, register

from kuulu.events.models import Event, Programme


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")
