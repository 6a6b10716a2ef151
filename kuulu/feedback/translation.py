from modeltranslation.translator import TranslationOptions, register

from kuulu.feedback.models import ReplyTemplate, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(ReplyTemplate)
class ReplyTemplateTranslation(TranslationOptions):
    fields = ("title", "body")
