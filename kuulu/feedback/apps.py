from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "kuulu.feedback"
    label = "feedback"
    verbose_name = _("Customer feedback, formal complaints and initiatives")
