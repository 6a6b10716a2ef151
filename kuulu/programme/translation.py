from modeltranslation.translator import TranslationOptions, register

from kuulu.programme.models import Goal, Measure, ParticipationProgramme, ProgrammePerspective


@register(ParticipationProgramme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("title", "description")


@register(ProgrammePerspective)
class PerspectiveTranslation(TranslationOptions):
    fields = ("title",)


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Measure)
class MeasureTranslation(TranslationOptions):
    fields = ("title", "description")
