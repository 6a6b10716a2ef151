from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    name = "kuulu.workspace"
    label = "workspace"
    verbose_name = _("Staff workspace")

    def ready(self) -> None:
        # Every app's attention providers (see workspace/attention.py).
        autodiscover_modules("attention")
