from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkabilityConfig(AppConfig):
    name = "kuulu.workability"
    label = "workability"
    verbose_name = _("Work ability")
