from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from kuulu.events import selectors
from kuulu.events.models import Event, Session
from kuulu.events.tests.factories import make_session
from kuulu.organisation.access import ANONYMOUS

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=HELSINKI)


def session_at(org, start: datetime, **event) -> Session:
    session = make_session(org.county, **event)
    Session.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=1)
    )
    return Session.objects.get(pk=session.pk)


def day_of(grid, title: str) -> list[date]:
    return [
        d.day for week in grid.weeks for d in week for s in d.sessions if s.event.title == title
    ]


def test_sessions_fall_on_their_helsinki_day_at_the_midnight_boundary(org):
    session_at(org, at(2026, 12, 31, 23, 30), title_fi="Myöhäinen")  # 21:30 UTC on the 31st
    session_at(org, at(2026, 12, 1, 0, 30), title_fi="Aikainen")  # 22:30 UTC on 30 November
    session_at(org, at(2027, 1, 1, 0, 30), title_fi="Uusi vuosi")  # 22:30 UTC on 31 December
    december = selectors.month_grid(
        actor=ANONYMOUS, first=date(2026, 12, 1), today=date(2026, 12, 15)
    )
    assert day_of(december, "Myöhäinen") == [date(2026, 12, 31)]
    assert day_of(december, "Aikainen") == [date(2026, 12, 1)]
    assert day_of(december, "Uusi vuosi") == []
    november = selectors.month_grid(
        actor=ANONYMOUS, first=date(2026, 11, 1), today=date(2026, 12, 15)
    )
    assert november.session_count == 0


def test_grid_starts_on_monday_and_marks_today(org):
    grid = selectors.month_grid(actor=ANONYMOUS, first=date(2026, 12, 1), today=date(2026, 12, 15))
    assert grid.weekdays[0] == date(2026, 11, 30)  # a Monday
    assert all(d.weekday() == i for i, d in enumerate(grid.weekdays))
    today = [d for week in grid.weeks for d in week if d.is_today]
    assert [d.day for d in today] == [date(2026, 12, 15)]
    assert (grid.previous, grid.next) == (date(2026, 11, 1), date(2027, 1, 1))


def test_daylight_saving_month_keeps_local_days(org):
    # Summer time starts 29.3.2026 at 03:00; sessions before and after keep their wall-clock day.
    session_at(org, at(2026, 3, 29, 0, 15), title_fi="Ennen")
    session_at(org, at(2026, 3, 31, 23, 45), title_fi="Jälkeen")
    grid = selectors.month_grid(actor=ANONYMOUS, first=date(2026, 3, 1), today=date(2026, 3, 2))
    assert day_of(grid, "Ennen") == [date(2026, 3, 29)]
    assert day_of(grid, "Jälkeen") == [date(2026, 3, 31)]


def test_month_view_page_shows_grid_filters_and_visibility(org):
    session_at(org, at(2026, 12, 14, 13, 0), title_fi="Julkinen työpaja")
    session_at(org, at(2026, 12, 15, 9, 0), title_fi="Sisäinen", for_public=False, for_staff=True)
    session_at(org, at(2026, 12, 16, 9, 0), title_fi="Luonnos", status=Event.Status.DRAFT)
    session_at(org, at(2026, 12, 17, 9, 0), title_fi="Webinaari", format="webinar")
    english = Client().get("/en/events/month/?month=2026-12&format=in_person")
    assert english.status_code == 200
    assert "<caption>December 2026</caption>" in english.content.decode()
    assert '<th scope="col"><span aria-hidden="true">Mon</span>' in english.content.decode()
    assert "13:00 Participation workshop" in english.content.decode()
    response = Client().get("/fi/events/month/?month=2026-12&format=in_person")
    body = response.content.decode()
    assert "13:00 Julkinen työpaja" in body
    assert "Sisäinen" not in body
    assert "Luonnos" not in body
    assert "Webinaari" not in body
    assert 'href="?month=2026-11&amp;format=in_person"' in body
    assert 'href="?month=2027-01&amp;format=in_person"' in body
    assert 'href="/fi/events/?format=in_person"' in body
    assert "<caption>joulukuu 2026</caption>" in body
    staff = Client()
    staff.force_login(org.staff)
    assert "Sisäinen" in staff.get("/fi/events/month/?month=2026-12").content.decode()


@pytest.mark.parametrize("month", ["2026-13", "abc", "0001-01", "2026-00", "2026-1", "", "9999-12"])
def test_invalid_month_falls_back_to_the_current_month(org, month):
    response = Client().get("/en/events/month/", {"month": month})
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["grid"].first == today.replace(day=1)
    assert 'aria-current="date"' in response.content.decode()
    assert "(today)" in response.content.decode()


def test_list_links_to_month_with_filters(org):
    body = Client().get("/en/events/?format=webinar").content.decode()
    assert 'href="/en/events/month/?format=webinar"' in body


def test_month_view_query_count_is_fixed(org, django_assert_max_num_queries):
    session_at(org, at(2026, 12, 2, 10, 0))
    with django_assert_max_num_queries(6) as ctx:
        Client().get("/fi/events/month/?month=2026-12")
    for day in range(3, 28):
        session_at(org, at(2026, 12, day, 10, 0), title_fi=f"Tapahtuma {day}")
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        response = Client().get("/fi/events/month/?month=2026-12")
    assert response.context["grid"].session_count == 26
