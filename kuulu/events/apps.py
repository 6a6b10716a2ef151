from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kuulu.events"
    label = "events"
    verbose_name = _("Training programme and events")
