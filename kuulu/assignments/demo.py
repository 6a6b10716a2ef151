"""Demo mandatory training: the recorded lecture on customer feedback for every team, and the
managers' feedback webinar, now past its due date so that the overdue list has people on it.

Rows are written directly (not through services) so that loading the demo does not email every
demo person. Idempotent: nothing is added when the county already has assignments."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kuulu.assignments.models import Assignment, TeamCompletion
from kuulu.events.models import Event
from kuulu.learning.models import Course, CourseCompletion
from kuulu.organisation.models import County, Person, Unit


def load_assignments_demo(county: County) -> int:
    if Assignment.objects.filter(county=county).exists():
        return 0
    today = timezone.localdate()
    created = 0
    lecture = Course.objects.filter(
        county=county, title_fi="Asiakaspalautteen vastaanottaminen"
    ).first()
    if lecture is not None and lecture.status == Course.Status.PUBLISHED:
        assignment = Assignment.objects.create(
            county=county,
            course=lecture,
            due_on=today + timedelta(days=30),
            note=(
                "Katsokaa luentotallenne tiimin kanssa tai itsenäisesti. "
                "Esihenkilö voi kirjata tiimin yhteisen katselun."
            ),
        )
        created += 1
        staff = Person.objects.filter(county=county, kind=Person.Kind.STAFF, user__isnull=False)
        nurse = staff.filter(email="hoitaja@kuulu.example").first()
        if nurse is not None:
            CourseCompletion.objects.get_or_create(
                user=nurse.user,
                course=lecture,
                defaults={"completed_at": timezone.now() - timedelta(days=2)},
            )
        team = Unit.objects.filter(county=county, code="older-homecare-kajaani").first()
        if team is not None:
            members = list(
                Person.objects.filter(
                    county=county, kind=Person.Kind.STAFF, unit__path__startswith=team.path
                ).exclude(email="hoitaja@kuulu.example")
            )
            if members:
                record = TeamCompletion.objects.create(
                    assignment=assignment,
                    unit=team,
                    completed_on=today - timedelta(days=1),
                    note="Katsottiin yhdessä tiimipalaverissa.",
                )
                record.participants.set(members)
    webinar = Event.objects.filter(county=county, for_managers=True, format="webinar").first()
    if webinar is not None:
        Assignment.objects.create(
            county=county,
            event=webinar,
            managers_only=True,
            due_on=today - timedelta(days=3),
            reminder_sent_at=timezone.now() - timedelta(days=10),
        )
        created += 1
    return created
