from modeltranslation.translator import TranslationOptions, register

from kuulu.events.models import Event, EventQuestion, Programme


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(EventQuestion)
class EventQuestionTranslation(TranslationOptions):
    fields = ("text",)
