import pytest
from django.utils import timezone, translation

from kuulu.assisted import selectors, services
from kuulu.assisted.tests.factories import make_visit
from kuulu.events import services as event_services
from kuulu.events.tests.factories import make_session

pytestmark = pytest.mark.django_db


def test_assisted_rows_of_a_list_are_found_in_one_query(org, django_assert_num_queries):
    session = make_session(org.county, capacity=5)
    own, _ = event_services.register(session=session, name="Oma", email="own@example.test")
    helped, action = services.register_resident(
        visit=make_visit(org), session=session, name="Autettu", email="helped@example.test"
    )
    with django_assert_num_queries(1):
        found = selectors.assisted_actions_for([own, helped])
    assert found == {helped.pk: action}
    assert selectors.assisted_actions_for([]) == {}


def test_history_lists_own_registrations_and_marks_the_assisted(org):
    session = make_session(org.county, capacity=5)
    other = make_session(org.county, capacity=5, title_en="Other workshop")
    event_services.register(
        session=other, name="Itse", email="resident@example.test", user=org.resident
    )
    services.register_resident(
        visit=make_visit(org, resident=org.resident_person),
        session=session,
        name="Autettu",
        email="helped@example.test",
    )
    with translation.override("en"):
        rows = selectors.participation_history(org.resident)
    assert [(row.kind, row.assisted is not None) for row in rows] == [
        ("Registration", True),
        ("Registration", False),
    ]
    assert selectors.participation_history(org.staff) == []


def test_history_names_a_session_by_its_day_in_finland(org):
    # A session starting at 00:30 on 12 March in Helsinki is 22:30 UTC on 11 March: the page
    # named it by the UTC day, a day early.
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from kuulu.events.models import Session

    session = make_session(org.county, capacity=5)
    year = timezone.localdate().year + 1
    starts = datetime(year, 3, 12, 0, 30, tzinfo=ZoneInfo("Europe/Helsinki"))
    Session.objects.filter(pk=session.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    event_services.register(
        session=Session.objects.get(pk=session.pk),
        name="Itse",
        email="resident@example.test",
        user=org.resident,
    )
    [row] = selectors.participation_history(org.resident)
    assert row.title.endswith(f" 12.03.{year}")
