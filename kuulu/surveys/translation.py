from modeltranslation.translator import TranslationOptions, register

from kuulu.surveys.models import (
    Choice,
    Instrument,
    InstrumentItem,
    MatrixRow,
    Page,
    Question,
    Survey,
)


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "description", "thanks")


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)


@register(MatrixRow)
class MatrixRowTranslation(TranslationOptions):
    fields = ("label",)


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("name", "description")


@register(InstrumentItem)
class InstrumentItemTranslation(TranslationOptions):
    fields = ("text",)
