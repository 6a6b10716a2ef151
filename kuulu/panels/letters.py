"""Invitation letters as CSV rows for a mail merge, each in the invitee's language (fi or sv).
There is no PDF: no PDF library is among the project's dependencies, and word processors make
letters from this file directly."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override

from kuulu.panels.models import Panel
from kuulu.panels.services import Letter

HEADER = [
    "sample_id",
    "language",
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "post_office",
    "invitation_code",
    "registration_address",
    "deadline",
    "letter_text",
]


def letter_text(panel: Panel, language: str, code: str, address: str, deadline: str) -> str:
    with override(language):
        title = getattr(panel, f"title_{language}", "") or panel.title_fi
        parts = [
            _(
                "You have been chosen by lot from the population register to be invited to "
                "the panel “%(title)s” of %(county)s."
            )
            % {"title": title, "county": panel.county.name},
            _(
                "The panel has %(seats)d members. They are drawn from the volunteers so that "
                "the panel resembles the residents by age, gender, home municipality, "
                "language and education."
            )
            % {"seats": panel.seats},
            _("To volunteer, go to %(address)s and enter the code %(code)s.")
            % {"address": address, "code": code},
        ]
        if deadline:
            parts.append(_("Volunteer by %(date)s.") % {"date": deadline})
        return " ".join(parts)


def letter_rows(panel: Panel, letters: list[Letter], base_url: str) -> Iterator[list[str]]:
    for letter in letters:
        invitee = letter.invitee
        address = f"{base_url}/{invitee.language}/panels/{panel.pk}/volunteer/"
        deadline = (
            formats.date_format(panel.volunteer_deadline, "j.n.Y")
            if panel.volunteer_deadline
            else ""
        )
        yield [
            invitee.sample_id,
            invitee.language,
            invitee.first_name,
            invitee.last_name,
            invitee.street_address,
            invitee.postal_code,
            invitee.post_office,
            letter.code,
            address,
            deadline,
            letter_text(panel, invitee.language, letter.code, address, deadline),
        ]
