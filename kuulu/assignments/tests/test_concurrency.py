"""Reminders under real concurrency on PostgreSQL: several workers running the daily job at
the same moment remind each assignment once."""

import pytest
from django.core import mail

from kuulu.assignments import services
from kuulu.assignments.tests.factories import in_days, make_assignment
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.organisation.tests.test_concurrency import _race

pytestmark = pytest.mark.postgres


def test_parallel_reminder_runs_remind_each_assignment_once(postgres):
    county = make_county()
    unit = make_unit(county, code="u")
    for _ in range(3):
        make_person(county, kind="staff", unit=unit)
    for _ in range(4):
        make_assignment(county, due_on=in_days(2))
    mail.outbox = []
    outcomes = _race(*[services.send_due_reminders for _ in range(6)])
    assert [kind for kind, _ in outcomes] == ["ok"] * 6
    assert sum(claimed for _, claimed in outcomes) == 4
    reminders = [m for m in mail.outbox if m.subject.startswith("Muistutus")]
    assert len(reminders) == 4 * 3


def test_assign_sent_twice_at_once_makes_one_assignment(postgres):
    """A double-clicked "Assign": both requests found no such assignment and both made one."""
    from kuulu.assignments.models import Assignment
    from kuulu.assignments.tests.factories import make_course

    county = make_county()
    unit = make_unit(county, code="u")
    make_person(county, kind="staff", unit=unit)
    course = make_course(county)
    mail.outbox = []

    def assign():
        return services.create_assignment(
            county=county, course=course, units=[unit], due_on=in_days(30)
        ).pk

    outcomes = _race(assign, assign, assign)
    assert [kind for kind, _ in outcomes] == ["ok"] * 3
    assert len({pk for _, pk in outcomes}) == 1
    assert Assignment.objects.count() == 1
    assert len(mail.outbox) == 1
