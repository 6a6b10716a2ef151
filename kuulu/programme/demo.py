"""Demo data of the programme app for the demo county: the approved "Kainuun osallisuusohjelma
2025-2028" with goals under Keusote's four perspectives, measures of the demo units with their
quarterly follow-ups, and goal indicators from the built-in catalogue.

Drawn from the seeds: Kainuu's model (seeds 000, 003) ends with what rooting participation
needs: structures and resources, jointly set goals, measures, follow-up and evaluation, and
leadership that sets clear goals and allocates working time; Keusote (seed 001) looks at
participation from four perspectives."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from kuulu.organisation.models import County, Person, Unit
from kuulu.programme import follow_up, structure
from kuulu.programme.models import MeasureStatus, ParticipationProgramme
from kuulu.programme.quarters import Quarter, previous_quarter

TITLE = (
    "Kainuun osallisuusohjelma",
    "Kajanalands delaktighetsprogram",
    "Kainuu participation programme",
)
DESCRIPTION = (
    "Ohjelma juurruttaa osallisuuden Kainuun hyvinvointialueen arkeen: yhdessä määritellyt "
    "tavoitteet, toimenpiteet, seuranta ja arviointi, ja johto, joka asettaa selkeät tavoitteet "
    "ja varaa niihin työaikaa. Osallisuutta tarkastellaan neljästä näkökulmasta.",
    "Programmet förankrar delaktigheten i vardagen i Kajanalands välfärdsområde: gemensamt "
    "fastställda mål, åtgärder, uppföljning och utvärdering, och en ledning som sätter tydliga "
    "mål och avsätter arbetstid för dem. Delaktigheten granskas ur fyra perspektiv.",
    "The programme roots participation in the everyday work of the Kainuu wellbeing services "
    "county: jointly set goals, measures, follow-up and evaluation, and leadership that sets "
    "clear goals and allocates working time to them. Participation is looked at from four "
    "perspectives.",
)

# (perspective position, titles fi/sv/en, indicators [(code, baseline, year, target)],
#  measures [(titles, unit code, person email, start, due, hours, final status)])
GOALS = [
    (
        0,
        (
            "Asukkaat saavat ymmärrettävää tietoa ja vastauksen palautteeseensa ajallaan",
            "Invånarna får begriplig information och svar på sin respons i tid",
            "Residents get information they understand and an answer to their feedback on time",
        ),
        [("feedback_on_time", 68.0, 2024, 90.0), ("feedback_median_days", 12.0, 2024, 7.0)],
        [
            (
                (
                    "Selkokieliset palveluohjeet ikäihmisten palveluihin",
                    "Lättlästa serviceanvisningar för äldreomsorgen",
                    "Plain-language service guides for services for older people",
                ),
                "older-homecare",
                "esihenkilo@kuulu.example",
                date(2025, 2, 1),
                date(2026, 12, 31),
                120,
                MeasureStatus.IN_PROGRESS,
            ),
            (
                (
                    "Palautteen vastausmallit ja käsittelyn seuranta kaikkiin yksiköihin",
                    "Svarsmallar för respons och uppföljning av handläggningen i alla enheter",
                    "Reply templates for feedback and follow-up of handling in every unit",
                ),
                "admin-participation",
                "koordinaattori@kuulu.example",
                date(2025, 1, 1),
                date(2025, 12, 31),
                80,
                MeasureStatus.DONE,
            ),
        ],
    ),
    (
        1,
        (
            "Asiakkaat tulevat kuulluiksi ja kohdatuiksi palvelutilanteessa",
            "Kunderna blir hörda och bemötta i servicesituationen",
            "Customers are heard and met in the service situation",
        ),
        [("feedback_nps", 35.0, 2024, 50.0), ("survey_inclusion_score", 62.0, 2024, 70.0)],
        [
            (
                (
                    "Asiakaspalautteen käsittely tiimipalavereissa kuukausittain",
                    "Kundresponsen behandlas på teammötena varje månad",
                    "Customer feedback discussed in team meetings every month",
                ),
                "older-homecare-kajaani",
                "hoitaja@kuulu.example",
                date(2025, 4, 1),
                date(2028, 12, 31),
                40,
                MeasureStatus.IN_PROGRESS,
            ),
            (
                (
                    "Asiakaskokemus- ja palautekoulutus kaikille esihenkilöille",
                    "Utbildning i kundupplevelse och respons för alla chefer",
                    "Customer experience and feedback training for every manager",
                ),
                "admin-participation",
                "koordinaattori@kuulu.example",
                date(2025, 1, 1),
                date(2025, 9, 30),
                60,
                MeasureStatus.DONE,
            ),
        ],
    ),
    (
        2,
        (
            "Asukkaat ja asiakkaat kehittävät palveluja yhdessä henkilöstön kanssa",
            "Invånare och kunder utvecklar tjänsterna tillsammans med personalen",
            "Residents and customers develop services together with staff",
        ),
        [("expert_hours", 120.0, 2024, 300.0), ("training_on_time", 55.0, 2024, 90.0)],
        [
            (
                (
                    "Osallisuustyöpajat palvelumuotoilun menetelmin viidessä kunnassa",
                    "Delaktighetsverkstäder med servicedesignmetoder i fem kommuner",
                    "Participation workshops with service-design methods in five municipalities",
                ),
                "admin-participation",
                "koordinaattori@kuulu.example",
                date(2025, 3, 1),
                date(2026, 6, 30),
                200,
                MeasureStatus.DELAYED,
            ),
            (
                (
                    "Kokemusasiantuntijat mukaan perhekeskuksen kehittämiseen",
                    "Erfarenhetsexperter med i utvecklingen av familjecentret",
                    "Experience experts in developing the family centre",
                ),
                "family-centre",
                "perhekeskus@kuulu.example",
                date(2025, 9, 1),
                date(2027, 12, 31),
                150,
                MeasureStatus.IN_PROGRESS,
            ),
        ],
    ),
    (
        3,
        (
            "Osallisuutta johdetaan ja sen vaikutukset näkyvät päätöksissä",
            "Delaktigheten leds och dess effekter syns i besluten",
            "Participation is led and its effects show in decisions",
        ),
        [
            ("council_requests_answered", 60.0, 2024, 95.0),
            ("inputs_traced_share", None, None, 50.0),
        ],
        [
            (
                (
                    "Johtamisen akatemian osa IV (asiakkuuden ja osallisuuden johtaminen) "
                    "kaikille esihenkilöille",
                    "Del IV av ledarskapsakademin (att leda kundskap och delaktighet) för "
                    "alla chefer",
                    "Part IV of the leadership academy (leading customership and participation) "
                    "for every manager",
                ),
                "admin-participation",
                "koordinaattori@kuulu.example",
                date(2025, 8, 1),
                date(2026, 12, 31),
                160,
                MeasureStatus.IN_PROGRESS,
            ),
            (
                (
                    "Vaikuttamistoimielinten kuulemisen vuosikello ennen päätöksiä",
                    "Årshjul för hörande av påverkansorganen före besluten",
                    "A yearly calendar for hearing the councils before decisions",
                ),
                "admin-participation",
                "koordinaattori@kuulu.example",
                date(2025, 4, 1),
                date(2026, 3, 31),
                40,
                MeasureStatus.IN_PROGRESS,
            ),
            (
                (
                    "Osallisuusohjelman seuranta ja vuosiraportti aluehallitukselle",
                    "Uppföljning av delaktighetsprogrammet och årsrapport till regionstyrelsen",
                    "Follow-up of the programme and a yearly report to the county board",
                ),
                "admin-participation",
                "koordinaattori@kuulu.example",
                date(2025, 1, 1),
                date(2028, 12, 31),
                100,
                MeasureStatus.IN_PROGRESS,
            ),
        ],
    ),
]

NOTES = {
    MeasureStatus.PLANNED: "Valmistelu käynnistyy.",
    MeasureStatus.IN_PROGRESS: "Eteni suunnitellusti.",
    MeasureStatus.DONE: "Valmis; tulokset raportoitu.",
    MeasureStatus.DELAYED: "Viivästyi: työpajojen fasilitaattoreita ei saatu kaikkiin kuntiin.",
    MeasureStatus.CANCELLED: "Peruttu.",
}


def _quarters(first: Quarter, last: Quarter) -> list[Quarter]:
    quarters, current = [], first
    while current <= last:
        quarters.append(current)
        current = (
            Quarter(current.year + 1, 1)
            if current.quarter == 4
            else Quarter(current.year, current.quarter + 1)
        )
    return quarters


@transaction.atomic
def load_programme_demo(county: County, *, today: date | None = None) -> int:
    """Create the demo programme once; return how many rows were created now (0 when it is
    already there)."""
    if ParticipationProgramme.objects.filter(
        county=county, title_fi=TITLE[0], start_year=2025
    ).exists():
        return 0
    today = today or timezone.localdate()
    units = {u.code: u for u in Unit.objects.filter(county=county)}
    people = {p.email: p for p in Person.objects.filter(county=county, kind=Person.Kind.STAFF)}
    coordinator = people.get("koordinaattori@kuulu.example")
    user = coordinator.user if coordinator else None
    programme = structure.create_programme(
        county=county,
        data={
            **{f"title_{c}": t for c, t in zip(("fi", "sv", "en"), TITLE, strict=True)},
            **{f"description_{c}": t for c, t in zip(("fi", "sv", "en"), DESCRIPTION, strict=True)},
            "start_year": 2025,
            "end_year": 2028,
        },
        user=user,
    )
    created = 1 + programme.perspectives.count()
    perspectives = list(programme.perspectives.order_by("position"))
    plans = []
    for position, titles, indicators, measures in GOALS:
        goal = structure.add_goal(
            perspective=perspectives[position],
            data={f"title_{c}": t for c, t in zip(("fi", "sv", "en"), titles, strict=True)},
            user=user,
        )
        created += 1
        for code, baseline, baseline_year, target in indicators:
            structure.add_indicator(
                goal=goal,
                data={
                    "code": code,
                    "baseline": baseline,
                    "baseline_year": baseline_year,
                    "target": target,
                    "target_year": 2028,
                },
                user=user,
            )
            created += 1
        for titles_m, unit_code, email, starts, due, hours, final in measures:
            measure = structure.add_measure(
                goal=goal,
                data={
                    **{f"title_{c}": t for c, t in zip(("fi", "sv", "en"), titles_m, strict=True)},
                    "responsible_unit": units.get(unit_code),
                    "responsible_person": people.get(email),
                    "starts_on": starts,
                    "due_on": due,
                    "hours": hours,
                    "status": MeasureStatus.PLANNED,
                },
                user=user,
            )
            created += 1
            plans.append((measure, starts, due, final))
    programme = structure.approve_programme(
        programme=programme,
        approval_body="Kainuun hyvinvointialueen aluehallitus",
        approved_on=date(2025, 1, 27),
        minutes_url="https://kainuu.example/poytakirjat/aluehallitus-2025-01-27",
        user=user,
    )
    # Quarterly follow-ups up to the quarter that ended last. Two measures miss the latest
    # quarter, so the workspace shows them as needing follow-up.
    last = previous_quarter(today)
    for index, (measure, starts, due, final) in enumerate(plans):
        quarters = _quarters(Quarter.of(starts), min(last, Quarter.of(due)))
        if index in (0, 6) and len(quarters) > 1:
            quarters = quarters[:-1]
        for number, quarter in enumerate(quarters, start=1):
            is_last = number == len(quarters)
            if not 2025 <= quarter.year <= 2028:
                continue
            status = final if is_last else MeasureStatus.IN_PROGRESS
            follow_up.record_follow_up(
                measure=measure,
                data={
                    "year": quarter.year,
                    "quarter": quarter.quarter,
                    "status": status,
                    "note": NOTES[status],
                    "evidence_links": (
                        "https://kainuu.example/osallisuus/seuranta"
                        if status == MeasureStatus.DONE
                        else ""
                    ),
                },
                today=today,
                user=user,
            )
            created += 1
    return created
