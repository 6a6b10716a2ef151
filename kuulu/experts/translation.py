from modeltranslation.translator import TranslationOptions, register

from kuulu.experts.models import ExperienceArea


@register(ExperienceArea)
class ExperienceAreaTranslation(TranslationOptions):
    fields = ("name",)
