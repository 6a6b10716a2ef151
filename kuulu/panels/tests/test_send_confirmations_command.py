"""`manage.py panels_send_confirmations`: the confirmation link to volunteers never sent one,
once; `--resend` to everyone still unconfirmed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from kuulu.panels.models import Volunteer
from kuulu.panels.tests.factories import make_panel, make_volunteer

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("panels_send_confirmations", *args, stdout=out)
    return out.getvalue()


def test_a_rerun_sends_nothing_twice_unless_told_to_resend(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    panel = make_panel(org.county)
    other_panel = make_panel(org.county)
    make_volunteer(panel, 1)
    sent_before = make_volunteer(panel, 2)
    Volunteer.objects.filter(pk=sent_before.pk).update(confirmation_sent_at=timezone.now())
    make_volunteer(other_panel, 3)

    with django_capture_on_commit_callbacks(execute=True):
        first = run("--panel", str(panel.pk))
    with django_capture_on_commit_callbacks(execute=True):
        second = run("--panel", str(panel.pk))
    assert [m.to for m in mailoutbox] == [["v1@example.test"]]
    with django_capture_on_commit_callbacks(execute=True):
        resent = run("--panel", str(panel.pk), "--resend")

    assert first == f"Panel {panel.pk}: confirmation links queued: 1.\n"
    assert second == f"Panel {panel.pk}: confirmation links queued: 0.\n"
    assert resent == f"Panel {panel.pk}: confirmation links queued: 2.\n"
    assert sorted(m.to[0] for m in mailoutbox[1:]) == ["v1@example.test", "v2@example.test"]


def test_an_unknown_panel_is_an_error(org):
    with pytest.raises(CommandError, match=r"^There is no panel 999999\.$"):
        run("--panel", "999999")
