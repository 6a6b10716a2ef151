from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "kuulu.follows"
    label = "follows"
    verbose_name = _("Follow and be told")

    def ready(self) -> None:
        from kuulu.follows.receivers import on_question_answered
        from kuulu.questions.signals import question_answered

        question_answered.connect(on_question_answered, dispatch_uid="follows.question_answered")
