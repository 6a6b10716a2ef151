from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodevelopmentConfig(AppConfig):
    name = "kuulu.codevelopment"
    label = "codevelopment"
    verbose_name = _("Co-development")
