from modeltranslation.translator import TranslationOptions, register

from kuulu.reports.models import SECTIONS, Report


@register(Report)
class ReportTranslation(TranslationOptions):
    fields = tuple(f"{section}_text" for section in SECTIONS)
