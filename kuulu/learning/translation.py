from modeltranslation.translator import TranslationOptions, register

from kuulu.learning.models import Course, MediaItem, Module, QuizChoice, QuizQuestion


@register(MediaItem)
class MediaItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Module)
class ModuleTranslation(TranslationOptions):
    fields = ("title", "body")


@register(QuizQuestion)
class QuizQuestionTranslation(TranslationOptions):
    fields = ("text", "explanation")


@register(QuizChoice)
class QuizChoiceTranslation(TranslationOptions):
    fields = ("text",)
