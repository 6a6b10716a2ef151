from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "kuulu.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        # Every app's input adapters (see outcomes/inputs.py).
        autodiscover_modules("outcome_inputs")
