from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataCollectionConfig(AppConfig):
    name = "kuulu.datacollection"
    label = "datacollection"
    verbose_name = _("Data-collection calendar")
