from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "kuulu.assignments"
    label = "assignments"
    verbose_name = _("Mandatory training and completion")
