import pytest
from django.utils import translation

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
