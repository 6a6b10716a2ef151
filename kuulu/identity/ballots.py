"""One ballot per person: the keyed hash a ballot stores, and the constraint that enforces it.

A process whose rule is "one ballot per person" (a participatory budgeting vote, a referendum
demand) adds to its ballot model:

    from kuulu.identity.ballots import PersonKeyField, one_per_person_constraint

    class Ballot(models.Model):
        vote = models.ForeignKey(Vote, ...)
        person_key = PersonKeyField()
        class Meta:
            constraints = [one_per_person_constraint("vote", name="ballot_one_per_person")]

and fills `person_key=one_per_person_key(request.user)` after
`requirements.require(request, Level.SUBSTANTIAL)`. Two ballots of one person then fail in the
database (IntegrityError), whatever account or device they come from, with no check-then-act.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def one_per_person_key(user: Any) -> str | None:
    """The strongly identified person's keyed hash, or None when the user has none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    from kuulu.identity.models import StrongIdentity

    return (
        StrongIdentity.objects.filter(user_id=user.pk).values_list("person_key", flat=True).first()
    )


class PersonKeyField(models.CharField):
    """Holds `one_per_person_key(user)`: 64 hex characters, or NULL for a ballot with none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("verbose_name", _("person key"))
        super().__init__(*args, **kwargs)


def one_per_person_constraint(
    *scope: str, name: str, field: str = "person_key"
) -> models.UniqueConstraint:
    """Unique (scope..., person_key) where a person key is set."""
    return models.UniqueConstraint(
        fields=[*scope, field],
        condition=Q(**{f"{field}__isnull": False}),
        name=name,
        violation_error_message=_("You have already taken part."),
    )
