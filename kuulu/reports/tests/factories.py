"""Test data of the reports: a small county year (2025) of councils heard and initiatives,
built with the channels' and feedback's own services and moved to fixed dates, and stand-ins
for the programme, indicator and outcome selectors (their shapes as in /work/contracts.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from django.utils import timezone, translation

from kuulu.channels import services as channel_services
from kuulu.channels.models import StatementRequest
from kuulu.channels.tests.factories import make_council
from kuulu.feedback.models import Initiative
from kuulu.feedback.tests.factories import make_initiative
from kuulu.indicators.types import IndicatorValue, Period
from kuulu.organisation.models import County
from kuulu.reports import services
from kuulu.reports.models import Report

TODAY = date(2026, 1, 15)  # the report of 2025 is written in January 2026


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=timezone.get_current_timezone())


def make_request(
    council: Any,
    *,
    requested_on: date,
    deadline: date,
    given_on: date | None = None,
    responded_on: date | None = None,
) -> StatementRequest:
    request = channel_services.request_statement(
        channel=council, title="Palveluverkko", deadline=timezone.localdate(), draft_text="Luonnos"
    )
    if given_on:
        channel_services.record_statement(
            statement_request=request, text="Lausunto", given_on=timezone.localdate(), given_by="pj"
        )
        request.statement.given_on = given_on
        request.statement.save(update_fields=["given_on"])
    if responded_on:
        channel_services.record_response(
            statement_request=request,
            text="Vastaus",
            responder="Hallitus",
            responded_on=timezone.localdate(),
        )
        request.response.responded_on = responded_on
        request.response.save(update_fields=["responded_on"])
    StatementRequest.objects.filter(pk=request.pk).update(
        requested_on=requested_on, deadline=deadline
    )
    return request


def make_initiative_on(
    county: County,
    *,
    received: date,
    notice_due: date,
    notice_sent: date | None = None,
    status: str = Initiative.Status.RECEIVED,
) -> Initiative:
    initiative = make_initiative(county, text=f"Aloite {received.isoformat()} {notice_due}")
    Initiative.objects.filter(pk=initiative.pk).update(
        received_at=_at(received),
        handler_notice_due=notice_due,
        handler_notice_sent_on=notice_sent,
        status=status,
    )
    return initiative


def make_year_2025(county: County) -> None:
    """Councils: one published council with 3 requests in 2025 (on time with a response, late,
    not given) and 1 in 2024; an unpublished council with 1 request in 2025 (not reported).
    Initiatives: 3 received in 2025 (decided and told in time; told late; not told) and 1 on
    the last day of 2024."""
    council = make_council(
        county, name_fi="Vanhusneuvosto", name_sv="Äldrerådet", name_en="Council for older people"
    )
    make_request(
        council,
        requested_on=date(2025, 2, 1),
        deadline=date(2025, 2, 20),
        given_on=date(2025, 2, 15),
        responded_on=date(2025, 3, 1),
    )
    make_request(
        council,
        requested_on=date(2025, 5, 1),
        deadline=date(2025, 5, 20),
        given_on=date(2025, 5, 25),
    )
    make_request(council, requested_on=date(2025, 11, 1), deadline=date(2025, 11, 20))
    make_request(council, requested_on=date(2024, 6, 1), deadline=date(2024, 6, 20))
    hidden = make_council(county, name_fi="Piilotettu neuvosto", is_published=False)
    make_request(hidden, requested_on=date(2025, 3, 1), deadline=date(2025, 3, 20))

    make_initiative_on(
        county,
        received=date(2025, 3, 10),
        notice_due=date(2025, 4, 10),
        notice_sent=date(2025, 3, 20),
        status=Initiative.Status.DECIDED,
    )
    make_initiative_on(
        county,
        received=date(2025, 9, 1),
        notice_due=date(2025, 10, 1),
        notice_sent=date(2025, 10, 5),
        status=Initiative.Status.IN_HANDLING,
    )
    make_initiative_on(county, received=date(2025, 12, 20), notice_due=date(2026, 1, 20))
    make_initiative_on(county, received=date(2024, 12, 31), notice_due=date(2025, 1, 31))


def make_report(county: County, year: int = 2025, **texts: str) -> Report:
    report = services.create_report(county=county, year=year)
    for key, text in texts.items():
        section, language = key.rsplit("_", 1)
        services.update_narrative(report=report, section=section, texts={language: text})
    report.refresh_from_db()
    return report


# --- Stand-ins for the programme, indicators and outcomes -------------------------------------


def _by_language(fi: str, sv: str, en: str) -> str:
    return {"fi": fi, "sv": sv, "en": en}[translation.get_language() or "fi"]


@dataclass(frozen=True)
class FakeDef:
    code: str
    name: str
    definition: str
    unit: str
    perspective: str
    direction: str
    manual: bool = False


@dataclass(frozen=True)
class FakeTarget:
    code: str
    baseline: float | None
    baseline_year: int | None
    target: float
    target_year: int
    goal_id: int
    goal_title: str


@dataclass
class FakeSources:
    """Selectors of the other apps with fixed answers; `calls` records the periods asked."""

    calls: list[Any] = field(default_factory=list)

    def indicator_catalogue(self, *, county_id: int) -> list[FakeDef]:
        return [
            FakeDef(
                "feedback_on_time",
                _by_language("Ajoissa vastattu", "Besvarat i tid", "Answered on time"),
                _by_language("Osuus", "Andel", "Share"),
                "%",
                "information",
                "higher",
            ),
            FakeDef(
                "feedback_median_days",
                _by_language("Käsittelyaika", "Handläggningstid", "Handling time"),
                _by_language("Mediaani", "Median", "Median"),
                "days",
                "information",
                "lower",
            ),
        ]

    def indicator_values(self, *, scope: Any, period: Period, codes: list[str] | None = None, **kw):  # type: ignore[no-untyped-def]
        self.calls.append(("values", period))
        return {
            "feedback_on_time": IndicatorValue("feedback_on_time", 80.0, 40, 50, persons=50),
            "feedback_median_days": IndicatorValue("feedback_median_days", None, suppressed=True),
        }

    def indicator_trend(self, *, scope: Any, code: str, periods: list[Period], **kw):  # type: ignore[no-untyped-def]
        self.calls.append(("trend", code, tuple(periods)))
        values = {"feedback_on_time": [70.0, 75.0, None, 90.0], "feedback_median_days": [3.5] * 4}
        return [IndicatorValue(code, v) for v, _p in zip(values[code], periods, strict=False)]

    def indicator_series(self, *, scope: Any, periods: list[Period], codes: Any = None, **kw):  # type: ignore[no-untyped-def]
        return {
            code: self.indicator_trend(scope=scope, code=code, periods=periods)
            for code in codes or ()
        }

    def targets_for(self, *, county_id: int) -> dict[str, FakeTarget]:
        return {
            "feedback_on_time": FakeTarget(
                "feedback_on_time",
                60.0,
                2024,
                95.0,
                2028,
                1,
                _by_language("Vastaamme ajoissa", "Vi svarar i tid", "We answer on time"),
            )
        }

    def published_outcomes(self, *, county_id: int, start: date, end: date) -> list[Any]:
        return [
            SimpleNamespace(
                pk=7,
                title="Penkit pihalle",
                title_fi="Penkit pihalle",
                title_sv="Bänkar på gården",
                title_en="Benches in the yard",
                status="done",
                get_status_display=lambda: _by_language("valmis", "klar", "done"),
                decided_on=date(2025, 6, 2),
                decided_by="Aluehallitus",
                progress=100,
            )
        ]

    def outcome_counts_by_status(self, *, county_id: int, start=None, end=None) -> dict[str, int]:  # type: ignore[no-untyped-def]
        return {"planned": 2, "in_progress": 1, "done": 1, "not_done": 0}

    def programme_progress_for_period(self, *, county_id: int, start: date, end: date) -> Any:
        lang = translation.get_language() or "fi"
        measure = SimpleNamespace(
            title={"fi": "Palautekoulutus", "sv": "Utbildning", "en": "Feedback training"}[lang],
            status="done",
            status_label={"fi": "valmis", "sv": "klar", "en": "done"}[lang],
            responsible_unit={"fi": "Kotihoito", "sv": "Hemvård", "en": "Home care"}[lang],
            last_follow_up=SimpleNamespace(label="2025 Q4"),
        )
        goal = SimpleNamespace(
            title={"fi": "Vastaamme", "sv": "Vi svarar", "en": "We answer"}[lang],
            indicators=(SimpleNamespace(code="feedback_on_time"),),
            measures=(measure,),
        )
        labels = {
            "fi": ["suunniteltu", "käynnissä", "valmis"],
            "sv": ["planerad", "pågår", "klar"],
            "en": ["planned", "in progress", "done"],
        }[lang]
        return SimpleNamespace(
            programme_id=3,
            title={"fi": "Osallisuusohjelma", "sv": "Delaktighetsprogram", "en": "Programme"}[lang],
            period_label="2025\u20132028",
            needs_follow_up=1,
            status_rows=[
                ("planned", labels[0], 2),
                ("in_progress", labels[1], 4),
                ("done", labels[2], 1),
            ],
            perspectives=(
                SimpleNamespace(
                    kind="information",
                    title={"fi": "Tieto", "sv": "Information", "en": "Information"}[lang],
                    goals=(goal,),
                ),
            ),
        )

    def install(self, monkeypatch: Any) -> None:
        from kuulu.reports import content

        real = content._selector
        mine = {
            "indicator_catalogue",
            "indicator_values",
            "indicator_trend",
            "indicator_series",
            "targets_for",
            "published_outcomes",
            "outcome_counts_by_status",
            "programme_progress_for_period",
        }

        def selector(module: str, name: str):  # type: ignore[no-untyped-def]
            return getattr(self, name) if name in mine else real(module, name)

        monkeypatch.setattr(content, "_selector", selector)
