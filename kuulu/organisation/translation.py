from modeltranslation.translator import TranslationOptions, register

from kuulu.organisation.models import County, Municipality, Ngo, Person, Unit


@register(County)
class CountyTranslation(TranslationOptions):
    fields = ("name",)


@register(Municipality)
class MunicipalityTranslation(TranslationOptions):
    fields = ("name",)


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Ngo)
class NgoTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("job_title", "position")
