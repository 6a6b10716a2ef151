from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kuulu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from kuulu.core import checks  # noqa: F401 - registers the deploy checks
        from kuulu.core.task_privacy import forget_personal_arguments

        task_finished.connect(forget_personal_arguments, dispatch_uid="kuulu-forget-arguments")
