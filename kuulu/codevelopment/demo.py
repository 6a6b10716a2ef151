"""The demo county's co-development: an ESF-style development project with planned figures, a
workshop series of home care (sessions, a mixed group, problems and ideas, one session with
registration and attendance through the training calendar), three experiments evaluated with the
"Kokeilut käyttöön" model (one adopted into a good practice that a second unit adopted, one
adapted, one stopped). Built with the same services as real data. Idempotent: when the project
exists, nothing is created."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kuulu.codevelopment import services
from kuulu.codevelopment.models import DevelopmentProject, Experiment, Measure
from kuulu.organisation.models import County, Person, Unit

PROJECT = "ONNISTU Kainuu: työhyvinvointi, johtaminen ja asiakasosallisuus"
MANAGER_EMAIL = "esihenkilo@kuulu.example"
COORDINATOR_EMAIL = "koordinaattori@kuulu.example"

# (name, role, profession, unit code, gender); fictional people of the demo.
GROUP = [
    ("Mikko Heikkinen", "manager", "Palveluesihenkilö", "older-homecare", "man"),
    ("Sanna Karjalainen", "staff", "Lähihoitaja", "older-homecare-kajaani", "woman"),
    ("Anne Väisänen", "staff", "Lähihoitaja", "older-homecare-kajaani", "woman"),
    ("Tiina Seppänen", "staff", "Sairaanhoitaja", "older-homecare-kajaani", "woman"),
    ("Jussi Kyllönen", "staff", "Lähihoitaja", "older-homecare-kuhmo", "man"),
    ("Marja Pikkarainen", "staff", "Fysioterapeutti", "older-homecare", "woman"),
    ("Helena Komulainen", "staff", "Sosiaaliohjaaja", "older-homecare", "woman"),
    ("Petri Jääskeläinen", "staff", "Sairaanhoitaja", "older-homecare-kuhmo", "man"),
    ("Liisa Oikarinen", "developer_customer", "", None, "woman"),
    ("Veikko Tolonen", "developer_customer", "", None, "man"),
    ("Riikka Huotari", "experience_expert", "", None, "woman"),
    ("Kaarina Heikkinen", "developer_customer", "", None, "woman"),
    ("Antti Karppinen", "staff", "Sosionomi", "older-homecare-kuhmo", "man"),
]

IMPACTS_NONE = {
    "staff_gender": ("none", "Sama toimintatapa kaikille työntekijöille sukupuolesta riippumatta."),
    "staff_age": ("positive", "Kokeneet ja nuoret hoitajat jakavat tietoa tasavertaisemmin."),
    "staff_language": ("none", "Palaveri pidetään suomeksi kuten ennenkin; ei muutosta."),
    "staff_profession": ("positive", "Fysioterapeutti ja sosiaaliohjaaja pääsevät mukaan."),
    "customer_gender": ("none", "Asiakkaiden käynnit eivät muutu sukupuolen mukaan."),
    "customer_age": ("positive", "Iäkkäimmät asiakkaat saavat tutun hoitajan useammin."),
    "customer_language": (
        "mixed",
        "Ruotsinkieliset asiakkaat tunnistetaan aiemmin, mutta tulkin varaus vie aikaa.",
    ),
}


def _evaluation(decision: str, reasons: str, adoptable: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "what_was_tried": "Kokeilu toteutettiin suunnitellusti kahden kuukauden ajan.",
        "what_happened": "Henkilöstö ja asiakkaat kertoivat kokemuksistaan palautepajassa.",
        "benefits_customers": "Asiakkaat kokivat tulevansa paremmin kuulluiksi.",
        "benefits_staff": "Työntekijät kokivat työn sujuvammaksi.",
        "benefits_organisation": "Vähemmän päällekkäisiä käyntejä.",
        "costs_and_effort": "Noin tunti viikossa tiimiä kohden; ei lisäkustannuksia.",
        "can_be_adopted": adoptable,
        "what_it_needs": "Esihenkilön tuki ja yhteinen aika viikkokalenterissa.",
        "decision": decision,
        "decision_reasons": reasons,
    }
    for prefix, (impact, text) in IMPACTS_NONE.items():
        data[prefix] = impact
        data[f"{prefix}_text"] = text
    return data


@transaction.atomic
def load_codevelopment_demo(county: County) -> int:
    if DevelopmentProject.objects.filter(county=county, name=PROJECT).exists():
        return 0
    units = {u.code: u for u in Unit.objects.filter(county=county)}
    manager = Person.objects.filter(county=county, email=MANAGER_EMAIL).first()
    coordinator = Person.objects.filter(county=county, email=COORDINATOR_EMAIL).first()
    if manager is None or "older-homecare" not in units:
        return 0
    user = coordinator.user if coordinator is not None else None
    today = timezone.localdate()
    created = 0

    project = services.create_project(
        county=county,
        data={
            "name": PROJECT,
            "funder": "Euroopan sosiaalirahasto (ESR)",
            "funder_code": "S21999",
            "starts_on": today - timedelta(days=300),
            "ends_on": today + timedelta(days=430),
            "manager": manager,
        },
        user=user,
    )
    created += 1
    for metric, planned in (
        ("organisations", 6),
        ("persons", 40),
        ("women", 28),
        ("men", 12),
        ("sessions", 6),
        ("attendance", 30),
        ("experiments", 6),
        ("evaluated", 6),
        ("practices", 3),
    ):
        services.set_planned_figure(project=project, metric=metric, planned=planned, user=user)
        created += 1

    series = services.create_series(
        county=county,
        unit=units["older-homecare"],
        title="Kotihoidon yhteiskehittämispajat",
        description=(
            "Kotihoidon henkilöstö, esihenkilö ja kehittäjäasiakkaat kehittävät yhdessä "
            "kotikäyntien sujuvuutta ja asiakkaan kuulemista."
        ),
        facilitators="Kehittäjätutkija Outi Rautio (ONNISTU-hanke)",
        project=project,
        user=user,
    )
    created += 1
    sessions = []
    for days_ago, title in (
        (150, "Paja 1: Nykytilan ongelmat"),
        (120, "Paja 2: Ideat ja kokeilujen valinta"),
        (30, "Paja 3: Kokeilujen arviointi"),
    ):
        sessions.append(
            services.add_session(
                series=series, title=title, held_on=today - timedelta(days=days_ago), user=user
            )
        )
        created += 1
    for name, role, profession, unit_code, gender in GROUP:
        services.add_participant(
            series=series,
            data={
                "name": name,
                "role": role,
                "profession": profession,
                "unit": units.get(unit_code) if unit_code else None,
                "gender": gender,
            },
            user=user,
        )
        created += 1
    created += _registration_with_attendance(sessions[2], county, user)

    problems = [
        "Aamun raportti on kiireinen, eikä kaikille ehdi kertoa asiakkaiden muutoksista.",
        "Asiakas ei tiedä, kuka hoitaja tulee ja milloin.",
        "Iltakäynnit venyvät ja työ kasautuu.",
    ]
    ideas = [
        "Yhteinen lyhyt aamupalaveri koko tiimille asiakkaan muutoksista.",
        "Selkokielinen hoitosuunnitelma asiakkaan kotiin.",
        "Osa iltakäynneistä etäkäynteinä videoyhteydellä.",
    ]
    for text in problems:
        services.add_output(series=series, kind="problem", text=text, session=sessions[0])
        created += 1
    idea_outputs = []
    for text in ideas:
        idea_outputs.append(
            services.add_output(series=series, kind="idea", text=text, session=sessions[1])
        )
        created += 1

    plans = [
        (
            "Tiimin yhteinen aamupalaveri",
            problems[0],
            "adopt",
            "Toimintatapa otetaan käyttöön koko kotihoidossa.",
            "yes",
        ),
        (
            "Selkokielinen hoitosuunnitelma kotiin",
            problems[1],
            "adapt",
            "Hyvä idea, mutta lomake oli liian pitkä; kokeillaan lyhyemmällä versiolla.",
            "with_changes",
        ),
        (
            "Iltakäynnit etäyhteydellä",
            problems[2],
            "stop",
            "Asiakkaat kokivat videoyhteyden vaikeaksi, eikä työ kevenenyt.",
            "no",
        ),
    ]
    experiments: list[Experiment] = []
    for (title, problem, decision, reasons, adoptable), idea in zip(
        plans, idea_outputs, strict=True
    ):
        experiment = services.create_experiment(
            county=county,
            data={
                "title": title,
                "problem": problem,
                "idea": idea.text,
                "hypothesis": "Jos kokeilemme tätä kaksi kuukautta, työ sujuu ja asiakas "
                "kokee tulevansa kuulluksi.",
                "owner": manager,
                "starts_on": today - timedelta(days=110),
                "ends_on": today - timedelta(days=40),
                "participants": "Kotihoidon Kajaanin ja Kuhmon tiimit, kehittäjäasiakkaat",
                "participant_count": 24,
                "series": series,
                "idea_output": idea,
                "project": project,
            },
            units=[units["older-homecare"]],
            user=user,
        )
        created += 1
        measure = services.add_measure(
            experiment=experiment,
            data={
                "name": "Henkilöstön kokema työn sujuvuus (1-5)",
                "how": "Lyhyt kysely tiimipalaverissa ennen ja jälkeen kokeilun.",
                "kind": Measure.Kind.MANUAL,
                "unit_of_measure": "/ 5",
            },
            user=user,
        )
        created += 1
        before, after = (
            Decimal("2.9"),
            Decimal({"adopt": "3.8", "adapt": "3.2", "stop": "2.8"}[decision]),
        )
        for when, value in ((experiment.starts_on, before), (experiment.ends_on, after)):
            services.add_measure_value(measure=measure, measured_on=when, value=value, user=user)
            created += 1
        services.change_status(experiment=experiment, status="running", user=user)
        services.save_evaluation(
            experiment=experiment, data=_evaluation(decision, reasons, adoptable), user=user
        )
        created += 1
        services.close_experiment(experiment=experiment, user=user)
        experiments.append(experiment)

    practice = services.describe_practice(
        experiment=experiments[0],
        data={
            "title": "Tiimin yhteinen aamupalaveri kotihoidossa",
            "problem": problems[0],
            "practice": (
                "Koko tiimi kokoontuu joka aamu 10 minuutiksi. Jokainen kertoo yhdellä "
                "lauseella asiakkaiden muutoksista; esihenkilö kirjaa sovitut asiat."
            ),
            "evidence": (
                "Kokeilussa henkilöstön kokema työn sujuvuus nousi 2,9:stä 3,8:aan (1-5), ja "
                "päällekkäiset käynnit vähenivät."
            ),
            "needs": "10 minuuttia aamusta, yhteinen tila tai etäyhteys, esihenkilön tuki.",
            "contact": "Kotihoidon palveluesihenkilö, kotihoito@kuulu.example",
            "visibility": "public",
            "method_slugs": "yhteiskehittaminen",
        },
        user=user,
    )
    created += 1
    second = units.get("older-housing-sotkamo") or units.get("older-housing")
    if second is not None:
        services.record_adoption(
            practice=practice,
            unit=second,
            adopted_on=today - timedelta(days=10),
            note="Otettu käyttöön asumispalveluiden aamuvuorossa.",
            user=user,
        )
        created += 1
    return created


def _registration_with_attendance(session: Any, county: County, user: Any) -> int:
    """The last workshop took registrations in the training calendar; eight of the group came."""
    from kuulu.events.models import Registration

    tz = timezone.get_current_timezone()
    starts = datetime.combine(session.held_on, time(12, 0), tzinfo=tz)
    event_session = services.open_registration(
        session=session,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        capacity=20,
        venue="Kotihoidon toimisto, Kajaani",
        user=user,
    )
    names = [name for name, *_rest in GROUP[:8]]
    for i, name in enumerate(names):
        Registration.objects.create(
            session=event_session,
            name=name,
            email=f"paja-{i}@example.test",
            status=Registration.Status.ATTENDING,
            attended=True,
        )
    type(event_session).objects.filter(pk=event_session.pk).update(attending_count=len(names))
    return 2 + len(names)
