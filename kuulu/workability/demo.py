"""The demo county's work-ability data: two years of monthly HR figures for its units (imported
through the same HR file import as real ones), goals, an HR partner, and a staff wellbeing
pulse with answers from home care. Idempotent: what exists is left as it is."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kuulu.organisation.models import County, Person, Unit
from kuulu.workability import services
from kuulu.workability.figures import month_add
from kuulu.workability.models import HrPartner, MonthlyFigures, UnitGoal
from kuulu.workability.selectors import PULSE_FILE, PULSE_KEY

HR_EMAIL = "hr@kuulu.example"
PULSE_TITLE_FI = "Työhyvinvoinnin pulssi, kotihoito"
# Staff per unit (month-end headcount). Older people's guidance is small on purpose: its figures
# are suppressed, and its sibling with the fewest staff is hidden in the table with it.
HEADCOUNT = {
    "older-homecare": 14,
    "older-homecare-kajaani": 46,
    "older-homecare-kuhmo": 21,
    "older-housing": 9,
    "older-housing-sotkamo": 28,
    "older-guidance": 4,
    "family-centre": 24,
    "family-child-welfare": 31,
    "family-adult-social": 17,
    "health-centre-kajaani": 62,
    "health-centre-suomussalmi": 19,
    "health-oral": 22,
    "mental-outpatient": 26,
    "disability-day": 15,
    "admin-participation": 7,
}
# Sickness-absence days per person-year each unit starts from; home care improves in the second
# year (the co-development work), the others stay about level.
BASE_RATE = {"older": 19.0, "family": 13.0, "health": 15.0, "mental": 14.0, "disability": 16.0}
GOALS = {
    "sickness_absence": Decimal(15),
    "short_absences": Decimal(120),
    "work_accidents": Decimal(6),
    "early_support": Decimal(10),
    "disability_pensions": Decimal(1),
    "turnover": Decimal(12),
}


def _months(today: date) -> list[date]:
    last = month_add(today.replace(day=1), -1)
    return [month_add(last, -i) for i in range(23, -1, -1)]


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _figures_file(units: dict[str, Unit], months: list[date]) -> bytes:
    rng = random.Random(19)  # noqa: S311 - demo figures, not security
    lines = [
        "unit;month;headcount;person_years;sickness_absence_days_per_person_year;"
        "short_absences;work_accidents;early_support_discussions;disability_pension_decisions;"
        "leavers"
    ]
    for code, headcount in HEADCOUNT.items():
        if code not in units:
            continue
        area = code.split("-")[0]
        base = BASE_RATE.get(area, 14.0)
        for i, month in enumerate(months):
            season = 1.25 if month.month in (1, 2, 3, 12) else 0.85 if month.month in (6, 7) else 1
            trend = 1 - 0.2 * max(i - 11, 0) / 12 if code.startswith("older-homecare") else 1
            rate = max(base * season * trend * rng.uniform(0.8, 1.2), 0)
            people = max(headcount + rng.randint(-1, 1), 0)
            person_years = round(people * rng.uniform(0.86, 0.95), 1)
            lines.append(
                ";".join(
                    [
                        code,
                        f"{month:%Y-%m}",
                        str(people),
                        f"{person_years:.1f}".replace(".", ","),
                        f"{rate:.1f}".replace(".", ","),
                        str(_poisson(rng, people * 0.06 * season)),
                        str(_poisson(rng, people * 0.004)),
                        str(_poisson(rng, people * 0.015)),
                        str(_poisson(rng, people * 0.0008)),
                        str(_poisson(rng, people * 0.008)),
                    ]
                )
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _hr_partner(county: County) -> tuple[int, Any]:
    from django.contrib.auth import get_user_model

    from kuulu.organisation import services as organisation_services
    from kuulu.workspace.demo import DEMO_PASSWORD

    created = 0
    person = Person.objects.filter(county=county, email=HR_EMAIL).first()
    admin_unit = Unit.objects.filter(county=county, code="admin").first()
    if person is None and admin_unit is not None:
        person = organisation_services.create_person(
            county=county,
            data={
                "kind": Person.Kind.STAFF,
                "first_name": "Helmi",
                "last_name": "Rautio",
                "email": HR_EMAIL,
                "unit": admin_unit,
                "job_title_fi": "HR-kumppani",
                "job_title_sv": "HR-partner",
                "job_title_en": "HR partner",
            },
        )
        created += 1
    if person is None:
        return created, None
    if person.user_id is None:
        user_model = get_user_model()
        user = user_model.objects.filter(email__iexact=HR_EMAIL).first()
        if user is None:
            user = user_model.objects.create_user(
                email=HR_EMAIL, password=DEMO_PASSWORD, language="fi"
            )
        person.user = user
        person.save(update_fields=["user"])
    if not HrPartner.objects.filter(person=person).exists():
        services.grant_hr_partner(person=person)
        created += 1
    return created, person.user


def _pulse(county: County, owner: Any) -> int:
    """A closed pulse round for home care with answers: 17 from home care's teams (shown), 3
    from housing services and 2 from guidance (too few, so hidden). Together the hidden units
    have five answers, so older people's services less home care tells of no smaller group
    and home care's pulse can be shown (selectors._pulse_hidden_above)."""
    from kuulu.surveys import instruments
    from kuulu.surveys.models import Answer, Instrument, Page, Response, Survey
    from kuulu.surveys.services import add_instrument, create_survey

    if Survey.objects.filter(county=county, title_fi=PULSE_TITLE_FI).exists():
        return 0
    instrument = Instrument.objects.filter(county__isnull=True, key=PULSE_KEY).first()
    if instrument is None:
        instrument = instruments.store(
            instruments.parse(PULSE_FILE.read_text(encoding="utf-8"), "yaml"), replace=True
        )
    older = Unit.objects.filter(county=county, code="older").first()
    units = {u.code: u for u in Unit.objects.filter(county=county, code__startswith="older-")}
    if older is None or "older-homecare-kajaani" not in units:
        return 0
    survey = create_survey(
        county=county,
        owner=owner,
        title_fi=PULSE_TITLE_FI,
        title_sv="Puls för välbefinnande i arbetet, hemvården",
        title_en="Staff wellbeing pulse, home care",
        kind=Survey.Kind.OTHER,
        audience=Survey.Audience.STAFF,
        series="wellbeing-pulse",
        round_label="1",
        units=[older],
    )
    add_instrument(survey=survey, instrument=instrument, actor=owner)
    Page.objects.filter(version=survey.current_version, questions__isnull=True).delete()
    version = survey.current_version
    version.frozen = True
    version.save(update_fields=["frozen"])
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    questions = list(version.questions.all())
    rng = random.Random(4)  # noqa: S311 - demo answers
    tz = timezone.get_current_timezone()
    when = datetime.combine(timezone.localdate() - timedelta(days=40), datetime.min.time(), tz)
    respondents = [units["older-homecare-kajaani"]] * 11 + [units["older-homecare-kuhmo"]] * 6
    if "older-housing-sotkamo" in units:
        respondents += [units["older-housing-sotkamo"]] * 3
    if "older-guidance" in units:
        respondents += [units["older-guidance"]] * 2
    responses = Response.objects.bulk_create(
        [
            Response(
                survey=survey,
                version=version,
                status=Response.Status.SUBMITTED,
                started_at=when + timedelta(hours=i),
                submitted_at=when + timedelta(hours=i, minutes=4),
                respondent_group="staff",
                unit=unit,
                service_area=older,
            )
            for i, unit in enumerate(respondents)
        ]
    )
    leaning = {"workload": -1, "change_information": -1, "community": 1}
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=q,
                number=Decimal(
                    min(5, max(1, rng.choice([2, 3, 3, 4, 4, 5]) + leaning.get(q.key, 0)))
                ),
            )
            for response in responses
            for q in questions
        ]
    )
    return len(responses)


@transaction.atomic
def load_workability_demo(county: County) -> int:
    """Create the demo's HR partner, figures, goals and pulse; return how many objects were
    created (0 when everything exists already)."""
    created, hr_user = _hr_partner(county)
    units = {u.code: u for u in Unit.objects.filter(county=county)}
    months = _months(timezone.localdate())
    if not MonthlyFigures.objects.filter(unit__county=county).exists():
        record = services.import_figures(
            county=county, data=_figures_file(units, months), file_name="demo.csv", actor=hr_user
        )
        created += record.created
    for code in ("older", "older-homecare", "family", "health"):
        unit = units.get(code)
        if unit is None:
            continue
        for year in sorted({m.year for m in months}):
            for figure, value in GOALS.items():
                if code != "older" and figure not in ("sickness_absence", "work_accidents"):
                    continue
                if UnitGoal.objects.filter(unit=unit, figure=figure, year=year).exists():
                    continue
                scale = (
                    Decimal(1)
                    if figure in ("sickness_absence", "turnover")
                    else Decimal("0.5")
                    if code != "older"
                    else Decimal(1)
                )
                services.set_goal(
                    unit=unit, figure=figure, year=year, value=value * scale, actor=hr_user
                )
                created += 1
    coordinator = Person.objects.filter(
        county=county, is_coordinator=True, user__isnull=False
    ).first()
    created += _pulse(county, coordinator.user if coordinator else None)
    return created
