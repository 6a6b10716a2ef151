from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "kuulu.methods"
    label = "methods"
    verbose_name = _("Methods bank")
