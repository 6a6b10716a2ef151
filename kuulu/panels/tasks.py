"""Background work for panels. Tasks take ids only."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def compute_draw(job_id: int) -> None:
    """Compute a maximally fair draw (maximin) and record it; progress is on the job."""
    from kuulu.panels.services import execute_draw_job

    execute_draw_job(job_id)


@task()
def send_volunteer_confirmation(volunteer_id: int) -> None:
    """Mail a volunteer the link that confirms their address, in the language they registered in."""
    from kuulu.panels.models import Volunteer
    from kuulu.panels.services import confirmation_token

    volunteer = (
        Volunteer.objects.select_related("panel")
        .filter(pk=volunteer_id, email_confirmed_at__isnull=True, contact_deleted_at__isnull=True)
        .exclude(email="")
        .first()
    )
    if volunteer is None:
        return
    with translation.override(volunteer.language or settings.LANGUAGE_CODE):
        path = reverse("panels:volunteer_confirm", args=[confirmation_token(volunteer)])
        send_mail(
            _("Confirm your email address"),
            _(
                "Thank you for volunteering for the panel “%(panel)s”. Open this link to confirm "
                "your email address. If you are drawn to the panel, your account with this "
                "address opens the panel's workspace only after you have confirmed it.\n\n"
                "%(link)s"
            )
            % {"panel": volunteer.panel.title, "link": settings.KUULU_BASE_URL.rstrip("/") + path},
            None,
            [volunteer.email],
        )
