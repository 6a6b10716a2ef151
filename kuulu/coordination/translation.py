from modeltranslation.translator import TranslationOptions, register

from kuulu.coordination.models import CoordinationArea, CoordinationTask


@register(CoordinationArea)
class CoordinationAreaTranslation(TranslationOptions):
    fields = ("title", "description")


@register(CoordinationTask)
class CoordinationTaskTranslation(TranslationOptions):
    fields = ("title", "description")
