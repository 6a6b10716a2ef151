from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "kuulu.deliberation"
    label = "deliberation"
    verbose_name = _("Deliberation")
