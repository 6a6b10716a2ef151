"""What needs attention in mandatory training (the workspace home): a manager's team members
with overdue training, and a staff member's own training overdue or due within a week.

Completion is computed on read (see assignments/selectors.py), so this is not one COUNT: the
past-due assignments (with their units), the people in scope, and their completions from the
three sources, each query narrowed to those people. A fixed number of queries, at most seven,
whatever the number of assignments, people or completions."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.assignments.models import Assignment
from kuulu.assignments.selectors import _load_completions, _status, covers
from kuulu.organisation.access import Actor
from kuulu.organisation.models import Person
from kuulu.workspace.attention import AttentionItem, Urgency, provider

OWN_SOON_DAYS = 7


def _active(actor: Actor, *, due_by: date) -> list[Assignment]:
    return list(
        Assignment.objects.filter(
            county_id=actor.county_id, status=Assignment.Status.ACTIVE, due_on__lte=due_by
        )
        .prefetch_related("units")
        .order_by("due_on", "id")
    )


@provider
def team_overdue_training(actor: Actor, today: date) -> list[AttentionItem]:
    """People in the manager's unit subtree (not the manager) with past-due training."""
    if not actor.is_manager or not actor.unit_path or actor.county_id is None:
        return []
    late = _active(actor, due_by=today - timedelta(days=1))
    if not late:
        return []
    people_qs = (
        Person.objects.filter(
            county_id=actor.county_id,
            kind=Person.Kind.STAFF,
            is_active=True,
            unit__path__startswith=actor.unit_path,
        )
        .exclude(pk=actor.person_id)
        .select_related("unit")
    )
    people = list(people_qs)
    if not people:
        return []
    loaded = _load_completions(late, users=people_qs.values("user_id"))
    first_due: dict[int, date] = {}
    for assignment in late:
        for person in people:
            if covers(assignment, person) and _status(assignment, person, loaded, today).overdue:
                first_due.setdefault(person.pk, assignment.due_on)
    if not first_due:
        return []
    return [
        AttentionItem(
            key="team-training-overdue",
            label=_("People in your team with overdue mandatory training"),
            count=len(first_due),
            url=reverse("assignments:overdue"),
            urgency=Urgency.OVERDUE,
            due=min(first_due.values()),
        )
    ]


@provider
def own_training(actor: Actor, today: date) -> list[AttentionItem]:
    """The person's own mandatory training not done: overdue, and due within a week."""
    if not actor.is_staff or actor.person_id is None or actor.county_id is None:
        return []
    assignments = _active(actor, due_by=today + timedelta(days=OWN_SOON_DAYS))
    if not assignments:
        return []
    person = Person.objects.select_related("unit").filter(pk=actor.person_id).first()
    if person is None:
        return []
    mine = [a for a in assignments if covers(a, person)]
    if not mine:
        return []
    loaded = _load_completions(mine, users=Person.objects.filter(pk=person.pk).values("user_id"))
    open_ = [a for a in mine if _status(a, person, loaded, today).done_on is None]
    overdue = [a for a in open_ if a.due_on < today]
    soon = [a for a in open_ if a.due_on >= today]
    url = reverse("assignments:mine")
    return [
        AttentionItem(
            key="own-training-overdue",
            label=_("Your mandatory training past its due date"),
            count=len(overdue),
            url=url,
            urgency=Urgency.OVERDUE,
            due=overdue[0].due_on if overdue else None,
        ),
        AttentionItem(
            key="own-training-due-soon",
            label=_("Your mandatory training due within 7 days"),
            count=len(soon),
            url=url,
            urgency=Urgency.DUE_SOON,
            due=soon[0].due_on if soon else None,
        ),
    ]
