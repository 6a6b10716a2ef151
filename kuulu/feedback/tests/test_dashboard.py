"""The feedback dashboard: arithmetic, suppression of small groups, exclusion of formal
complaints, scope, the role matrix, exports and the query budget."""

from __future__ import annotations

import io
import itertools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from kuulu.feedback.dashboards import (
    DashboardFilters,
    Figure,
    default_period,
    feedback_dashboard,
    median_from_histogram,
    month_starts,
    nps,
    suppress_row,
)
from kuulu.feedback.models import Complaint, Feedback
from kuulu.feedback.rollup import rebuild_rollup
from kuulu.feedback.tests.factories import make_complaint, make_theme

HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = date(2025, 6, 15)
_refs = itertools.count(1)


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HELSINKI)


def add(county, n: int, **fields) -> None:  # type: ignore[no-untyped-def]
    """Rows made past the services, so the roll-up of their day is rebuilt here."""
    fields.setdefault("kind", Feedback.Kind.DISSATISFACTION)
    fields.setdefault("received_at", at(date(2025, 5, 10)))
    Feedback.objects.bulk_create(
        Feedback(county=county, reference=f"T-{next(_refs):07d}", text="x", **fields)
        for _ in range(n)
    )
    rebuild_rollup(county.pk, {timezone.localdate(fields["received_at"])})


# --- Arithmetic -------------------------------------------------------------------------------


def test_nps_is_promoters_minus_detractors_in_per_cent() -> None:
    # 10, 9 promoters; 8, 7 passive; 6, 0 detractors.
    assert nps(promoters=2, detractors=2, scored=6) == 0
    assert nps(promoters=4, detractors=1, scored=5) == 60
    assert nps(promoters=0, detractors=3, scored=3) == -100
    assert nps(promoters=1, detractors=0, scored=3) == 33
    assert nps(promoters=0, detractors=0, scored=0) is None


def test_small_counts_are_hidden_and_more_until_the_hidden_hold_the_minimum() -> None:
    assert suppress_row([3, 10, 12, 0], 5) == [
        Figure(3, True),
        Figure(10, True),
        Figure(12),
        Figure(0),
    ]
    assert suppress_row([3, 4, 10], 5) == [Figure(3, True), Figure(4, True), Figure(10)]
    assert suppress_row([0, 7, 5], 5) == [Figure(0), Figure(7), Figure(5)]
    assert suppress_row([2], 5) == [Figure(2, True)]
    # Two hidden cells holding 3 between them would be the total less the shown cells.
    assert suppress_row([1, 2, 40, 12], 5) == [
        Figure(1, True),
        Figure(2, True),
        Figure(40),
        Figure(12, True),
    ]


def test_median_from_histogram() -> None:
    assert median_from_histogram({}) is None
    assert median_from_histogram({3: 1}) == 3.0
    assert median_from_histogram({1: 2, 5: 1}) == 1.0
    assert median_from_histogram({1: 1, 2: 1, 10: 1, 20: 1}) == 6.0


def test_default_period_is_twelve_months() -> None:
    start, end = default_period(TODAY)
    assert (start, end) == (date(2024, 7, 1), TODAY)
    assert len(month_starts(start, end)) == 12
    assert month_starts(date(2024, 12, 5), date(2025, 1, 1)) == [
        date(2024, 12, 1),
        date(2025, 1, 1),
    ]


# --- Selector ---------------------------------------------------------------------------------


def period(**kwargs) -> DashboardFilters:  # type: ignore[no-untyped-def]
    return DashboardFilters(start=date(2025, 1, 1), end=TODAY, **kwargs)


def test_figures_scores_and_response_times(org) -> None:  # type: ignore[no-untyped-def]
    theme = make_theme(org.county, code="waiting")
    received = date(2025, 5, 1)
    # Six answered on time (in 2 days), four late (in 20 days); scores 10,10,9 / 7 / 5,0.
    add(
        org.county,
        6,
        unit=org.unit_a,
        theme=theme,
        received_at=at(received),
        due_on=received + timedelta(days=14),
        answered_at=at(received + timedelta(days=2)),
        status=Feedback.Status.ANSWERED,
    )
    add(
        org.county,
        4,
        unit=org.unit_a,
        received_at=at(received),
        due_on=received + timedelta(days=14),
        answered_at=at(received + timedelta(days=20)),
        status=Feedback.Status.CLOSED,
        channel=Feedback.Channel.PHONE,
    )
    for score in (10, 10, 9, 7, 5, 0):
        add(
            org.county,
            1,
            unit=org.unit_b,
            score=score,
            kind=Feedback.Kind.PRAISE,
            received_at=at(date(2025, 3, 3)),
        )
    data = feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    assert data.total == Figure(16)
    assert data.score.value == 17  # (3 - 2) / 6
    assert data.response.answered == Figure(10)
    assert data.response.on_time == Figure(6)
    assert data.response.share_on_time == 60
    assert data.response.median_days == 2.0
    may = next(m for m in data.months if m.month == date(2025, 5, 1))
    assert may.total == Figure(10)
    assert may.by_kind["dissatisfaction"] == Figure(10)
    march = next(m for m in data.months if m.month == date(2025, 3, 1))
    assert march.by_kind["praise"] == Figure(6)
    assert march.score.value == 17
    assert [(r.label, r.total) for r in data.by_unit] == [
        ("Kotihoito", Figure(10)),
        ("Perhekeskus", Figure(6)),
    ]
    assert data.by_unit[1].score.value == 17
    assert data.by_unit[0].score.value is None
    assert [(r.key, r.total) for r in data.by_theme] == [("", Figure(10)), ("waiting", Figure(6))]
    # 16 less 12 would be the hidden 4: the channels are suppressed as one row.
    assert {r.key: r.total for r in data.by_channel} == {
        "web": Figure(12, True),
        "phone": Figure(4, True),
    }


def test_groups_under_five_are_hidden(org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 3, unit=org.unit_a, score=10)
    add(org.county, 7, unit=org.unit_b, score=0)
    data = feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    small = next(r for r in data.by_unit if r.label == "Kotihoito")
    assert small.total.hidden
    assert small.total.shown is None
    assert small.score.hidden
    assert small.score.value is None
    big = next(r for r in data.by_unit if r.label == "Perhekeskus")
    assert big.total == Figure(7, True)  # else the total of 10 less 7 gives the 3 away
    assert big.score.value == -100
    assert data.response.median_days is None  # none answered


@override_settings(KUULU_MIN_GROUP_SIZE=10)
def test_the_minimum_group_size_is_a_setting(org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 7, unit=org.unit_b)
    data = feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    assert data.total.hidden


def test_formal_complaints_are_never_counted(org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 5, unit=org.unit_a, received_at=at(TODAY))
    for n in range(6):
        make_complaint(org.county, unit=org.unit_a, director=org.manager, description=f"Huono {n}")
    assert Complaint.objects.count() == 6
    data = feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    assert data.total == Figure(5)
    assert data.backlog_total == Figure(5)


def test_manager_scope_and_filters(org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 5, unit=org.unit_a)
    add(org.county, 6, unit=org.team_a1, kind=Feedback.Kind.IDEA, channel=Feedback.Channel.PAPER)
    add(org.county, 8, unit=org.unit_b)
    add(org.county, 9)  # no unit: only the county-wide view
    county = feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    assert county.total == Figure(28)
    scoped = feedback_dashboard(
        org.county.pk, scope_path=org.unit_a.path, filters=period(), today=TODAY
    )
    assert scoped.total == Figure(11)
    assert {r.label for r in scoped.by_unit} == {"Kotihoito", "Kotihoito Kajaani"}
    by_kind = feedback_dashboard(
        org.county.pk, scope_path=None, filters=period(kind="idea"), today=TODAY
    )
    assert by_kind.total == Figure(6)
    by_channel = feedback_dashboard(
        org.county.pk, scope_path=None, filters=period(channel="paper"), today=TODAY
    )
    assert by_channel.total == Figure(6)
    by_unit = feedback_dashboard(
        org.county.pk, scope_path=None, filters=period(unit_path=org.team_a1.path), today=TODAY
    )
    assert by_unit.total == Figure(6)


def test_period_bounds_are_local_days(org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 5, received_at=datetime(2025, 1, 1, 0, 30, tzinfo=HELSINKI))
    add(org.county, 5, received_at=datetime(2024, 12, 31, 23, 30, tzinfo=HELSINKI))
    data = feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    assert data.total == Figure(5)


def test_backlog_by_status_and_age(org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 5, received_at=at(TODAY - timedelta(days=3)), due_on=TODAY + timedelta(days=5))
    add(
        org.county,
        6,
        received_at=at(TODAY - timedelta(days=40)),
        due_on=TODAY - timedelta(days=10),
        status=Feedback.Status.IN_PROGRESS,
    )
    add(org.county, 7, received_at=at(TODAY - timedelta(days=10)), status=Feedback.Status.CLOSED)
    data = feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    received, in_progress = data.backlog
    assert received.by_age == {
        "0-7": Figure(5),
        "8-14": Figure(0),
        "15-30": Figure(0),
        "31+": Figure(0),
    }
    assert received.overdue == Figure(0)
    assert in_progress.by_age["31+"] == Figure(6)
    assert in_progress.overdue == Figure(6)
    assert data.backlog_total == Figure(11)


def test_dashboard_takes_a_fixed_number_of_queries(org, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    # five roll-up reads and one for the units' names in the page's language (no themes here)
    add(org.county, 20, unit=org.unit_a, score=9, answered_at=at(TODAY), due_on=TODAY)
    with django_assert_num_queries(6):
        feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    add(org.county, 50, unit=org.unit_b, score=3)
    with django_assert_num_queries(6):
        feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)


# --- Pages ------------------------------------------------------------------------------------


URL = "/en/feedback/dashboard/"


def test_url_names() -> None:
    assert reverse("feedback:dashboard") == "/en/feedback/dashboard/"
    assert reverse("feedback:dashboard_export", args=["csv"]) == "/en/feedback/dashboard/export.csv"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("other_staff", 403),
        ("staff", 403),
        ("manager", 200),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_role_matrix(clients, org, role: str, status: int) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 5, unit=org.unit_a)
    before = Feedback.objects.count()
    response = clients[role].get(URL)
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"]
    for fmt in ("csv", "xlsx"):
        assert clients[role].get(URL + f"export.{fmt}").status_code == status
    assert Feedback.objects.count() == before


def test_manager_sees_only_their_subtree(clients, org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 6, unit=org.unit_a, received_at=at(timezone.localdate()))
    add(org.county, 7, unit=org.unit_b, received_at=at(timezone.localdate()))
    manager = clients["manager"].get(URL).content.decode()
    coordinator = clients["coordinator"].get(URL).content.decode()
    assert "Kotihoito" in manager
    assert "Perhekeskus" not in manager
    assert "Perhekeskus" in coordinator
    # The unit filter offers only the manager's subtree.
    assert f'value="{org.unit_b.pk}"' not in manager
    assert f'value="{org.unit_b.pk}"' in coordinator


def test_page_shows_fewer_than_five_charts_and_tables(clients, org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 3, unit=org.unit_a, received_at=at(timezone.localdate()), score=10)
    add(org.county, 8, unit=org.unit_b, received_at=at(timezone.localdate()), score=9)
    response = clients["coordinator"].get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "fewer than 5" in html
    assert "fewer than 5 scores" in html
    assert html.count('class="bar-chart"') == 4
    assert html.count("<table>") == 5
    assert "<td>8</td>" in html


def test_invalid_filters_fall_back_to_the_default_period(clients, org) -> None:  # type: ignore[no-untyped-def]
    response = clients["coordinator"].get(URL + "?start=2025-05-01&end=2025-01-01&kind=nope")
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.content.decode()


def test_filters_by_query_string(clients, org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 6, unit=org.unit_a, received_at=at(date(2024, 3, 5)), kind="idea")
    response = clients["coordinator"].get(URL + "?start=2024-03-01&end=2024-03-31&kind=idea")
    assert response.context["data"].total == Figure(6)
    response = clients["coordinator"].get(URL + "?start=2024-03-01&end=2024-03-31&kind=praise")
    assert response.context["data"].total == Figure(0)


def test_csv_export_applies_suppression(clients, org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 3, unit=org.unit_a, received_at=at(timezone.localdate()))
    add(org.county, 9, unit=org.unit_b, received_at=at(timezone.localdate()))
    response = clients["coordinator"].get(URL + "export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Unit,Kotihoito,fewer than 5," in text
    assert "Unit,Perhekeskus,hidden," in text  # 12 less 9 would give the 3 away
    assert "Total,All feedback,12," in text


def test_xlsx_export(clients, org) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 9, unit=org.unit_b, received_at=at(timezone.localdate()))
    response = clients["coordinator"].get(URL + "export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Section", "Group", "Feedback", "Recommendation score (NPS)")
    assert [r for r in rows if r[0] == "Unit"] == [("Unit", "Perhekeskus", 9, None)]


def test_unknown_export_format_is_404(clients, org) -> None:  # type: ignore[no-untyped-def]
    assert clients["coordinator"].get(URL + "export.pdf").status_code == 404


def test_page_query_budget(clients, org, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    add(org.county, 30, unit=org.unit_a, received_at=at(timezone.localdate()))
    with django_assert_max_num_queries(16):
        assert clients["coordinator"].get(URL).status_code == 200


def test_units_and_themes_are_named_in_the_pages_language(org) -> None:  # type: ignore[no-untyped-def]
    """The roll-up's values() read the Finnish name columns only, so Swedish and English
    dashboards named every unit and theme in Finnish."""
    theme = make_theme(org.county, code="waiting", name_sv="Väntetider")
    org.unit_a.name_en = "Home care"
    org.unit_a.save()
    add(org.county, 6, unit=org.unit_a, theme=theme, received_at=at(date(2025, 5, 1)))

    data = feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    assert [r.label for r in data.by_theme] == ["Waiting times"]
    assert [r.label for r in data.by_unit] == ["Home care"]
    with translation.override("sv"):
        swedish = feedback_dashboard(org.county.pk, scope_path=None, filters=period(), today=TODAY)
    assert [r.label for r in swedish.by_theme] == ["Väntetider"]
    assert [r.label for r in swedish.by_unit] == ["Kotihoito"]  # no Swedish name: Finnish


def test_a_count_hidden_only_to_protect_a_small_one_is_not_called_small(clients, org) -> None:  # type: ignore[no-untyped-def]
    # given: this month 2 ideas (small) and 8 dissatisfactions, hidden so that the month's
    # total of 10 less the shown cells does not give the 2 away
    today = timezone.localdate()
    add(org.county, 2, unit=org.unit_a, received_at=at(today), kind=Feedback.Kind.IDEA)
    add(org.county, 8, unit=org.unit_a, received_at=at(today))

    # when
    html = clients["coordinator"].get(URL).content.decode()
    csv = clients["coordinator"].get(URL + "export.csv").content.decode("utf-8-sig")

    # then: the 8 says "hidden", not "fewer than 5", and the page says why
    months = html.split('aria-labelledby="months-caption"')[1].split("<tbody>")[1]
    row = months.split("</tbody>")[0].split("</tr>")[-2]  # this month, the last
    assert row.count('<span class="suppressed">fewer than 5</span>') == 1
    assert row.count('<span class="suppressed">hidden</span>') == 1
    assert "<td>10</td>" in row
    assert "Where only one count of a breakdown would be hidden, the next smallest" in html
    month = f"{today.month}/{today.year}"
    assert f"Month and type,{month} development idea,fewer than 5," in csv
    assert f"Month and type,{month} dissatisfaction,hidden," in csv


def test_a_hidden_count_answered_on_time_is_not_given_away_by_its_share(clients, org) -> None:  # type: ignore[no-untyped-def]
    # given: 20 answered, 3 of them by the due date
    today = timezone.localdate()
    received, due = today - timedelta(days=5), today - timedelta(days=2)
    add(org.county, 3, received_at=at(received), due_on=due, answered_at=at(received))
    add(org.county, 17, received_at=at(received), due_on=due, answered_at=at(today))

    # when
    filters = DashboardFilters(start=received, end=today)
    data = feedback_dashboard(org.county.pk, scope_path=None, filters=filters)
    html = clients["coordinator"].get(URL).content.decode()
    csv = clients["coordinator"].get(URL + "export.csv").content.decode("utf-8-sig")

    # then: 15 % of 20 would be the 3 that "fewer than 5" hides
    assert data.response.on_time == Figure(3, True)
    assert data.response.share_on_time is None
    assert "15 %" not in html
    assert '<span class="suppressed">fewer than 5</span> / 20' in html
    assert "Response time,Share answered by the due date (%),," in csv


def test_one_date_alone_cannot_ask_for_more_than_five_years(clients, org) -> None:  # type: ignore[no-untyped-def]
    default_start, default_end = default_period()
    response = clients["coordinator"].get(URL + "?start=2001-01-01")
    form = response.context["form"]
    assert form.errors == {"start": ["Choose a period of at most five years."]}
    assert form.filters().start == default_start
    response = clients["coordinator"].get(URL + "?end=2099-12-31")
    assert response.context["form"].errors == {"end": ["Choose a period of at most five years."]}
    response = clients["coordinator"].get("/sv/feedback/dashboard/?start=2001-01-01")
    assert "Välj en period på högst fem år." in response.content.decode()
    response = clients["coordinator"].get(URL + f"?start={default_end - timedelta(days=365 * 4)}")
    assert response.context["form"].errors == {}
