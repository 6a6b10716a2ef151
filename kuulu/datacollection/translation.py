from modeltranslation.translator import TranslationOptions, register

from kuulu.datacollection.models import Collection


@register(Collection)
class CollectionTranslation(TranslationOptions):
    fields = ("name", "description", "target_group")
