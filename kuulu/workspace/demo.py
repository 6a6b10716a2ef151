"""The demo county, modelled on Kainuu. All people are fictional.

Idempotent: every row is found by its natural key (municipality code, unit code, email,
area number, task order) and created only when missing, so running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kuulu.accounts.models import User
from kuulu.coordination import services as coordination_services
from kuulu.coordination.models import CoordinationArea, CoordinationTask
from kuulu.coordination.seed import AREAS
from kuulu.organisation import services as organisation_services
from kuulu.organisation.models import County, Municipality, Ngo, Person, Unit

DEMO_PASSWORD = "kuulu-demo-2026"  # noqa: S105 - printed by `make run`, demo data only

MUNICIPALITIES = [
    ("205", "Kajaani", "Kajana"),
    ("290", "Kuhmo", "Kuhmo"),
    ("765", "Sotkamo", "Sotkamo"),
    ("777", "Suomussalmi", "Suomussalmi"),
    ("620", "Paltamo", "Paltamo"),
    ("697", "Puolanka", "Puolanka"),
    ("707", "Ristijärvi", "Ristijärvi"),
    ("105", "Hyrynsalmi", "Hyrynsalmi"),
]

# (code, parent code, kind, fi, sv, en, municipality codes)
UNITS = [
    (
        "older",
        None,
        "service_area",
        "Ikäihmisten palvelut",
        "Tjänster för äldre",
        "Services for older people",
        [],
    ),
    ("older-homecare", "older", "unit", "Kotihoito", "Hemvård", "Home care", []),
    (
        "older-homecare-kajaani",
        "older-homecare",
        "team",
        "Kotihoito, Kajaani",
        "Hemvård, Kajana",
        "Home care, Kajaani",
        ["205"],
    ),
    (
        "older-homecare-kuhmo",
        "older-homecare",
        "team",
        "Kotihoito, Kuhmo",
        "Hemvård, Kuhmo",
        "Home care, Kuhmo",
        ["290"],
    ),
    (
        "older-housing",
        "older",
        "unit",
        "Ympärivuorokautinen palveluasuminen",
        "Serviceboende dygnet runt",
        "24-hour assisted living",
        [],
    ),
    (
        "older-housing-sotkamo",
        "older-housing",
        "team",
        "Palvelukoti Kuusirinne, Sotkamo",
        "Servicehemmet Kuusirinne, Sotkamo",
        "Kuusirinne care home, Sotkamo",
        ["765"],
    ),
    (
        "older-guidance",
        "older",
        "unit",
        "Asiakasohjaus ja palveluneuvonta",
        "Kundhandledning och servicerådgivning",
        "Client guidance and service advice",
        ["205", "290", "765", "777", "620", "697", "707", "105"],
    ),
    (
        "family",
        None,
        "service_area",
        "Perhe- ja sosiaalipalvelut",
        "Familje- och socialtjänster",
        "Family and social services",
        [],
    ),
    ("family-centre", "family", "unit", "Perhekeskus", "Familjecentret", "Family centre", ["205"]),
    ("family-child-welfare", "family", "unit", "Lastensuojelu", "Barnskydd", "Child welfare", []),
    (
        "family-adult-social",
        "family",
        "unit",
        "Aikuissosiaalityö",
        "Socialt arbete för vuxna",
        "Adult social work",
        [],
    ),
    ("health", None, "service_area", "Terveyspalvelut", "Hälsotjänster", "Health services", []),
    (
        "health-centre-kajaani",
        "health",
        "unit",
        "Sote-keskus Kajaani",
        "Social- och hälsocentralen Kajana",
        "Health and social services centre, Kajaani",
        ["205"],
    ),
    (
        "health-centre-suomussalmi",
        "health",
        "unit",
        "Sote-keskus Suomussalmi",
        "Social- och hälsocentralen Suomussalmi",
        "Health and social services centre, Suomussalmi",
        ["777"],
    ),
    (
        "health-oral",
        "health",
        "unit",
        "Suun terveydenhuolto",
        "Munhälsovård",
        "Oral health care",
        [],
    ),
    (
        "mental",
        None,
        "service_area",
        "Mielenterveys- ja päihdepalvelut",
        "Tjänster för mental hälsa och missbruk",
        "Mental health and substance abuse services",
        [],
    ),
    (
        "mental-outpatient",
        "mental",
        "unit",
        "Aikuisten mielenterveyspoliklinikka",
        "Psykiatrisk poliklinik för vuxna",
        "Adult mental health outpatient clinic",
        ["205"],
    ),
    (
        "disability",
        None,
        "service_area",
        "Vammaispalvelut",
        "Handikappservice",
        "Disability services",
        [],
    ),
    (
        "disability-day",
        "disability",
        "unit",
        "Päivä- ja työtoiminta",
        "Dag- och arbetsverksamhet",
        "Day and work activities",
        ["205", "620"],
    ),
    (
        "admin",
        None,
        "service_area",
        "Hallinto ja kehittäminen",
        "Förvaltning och utveckling",
        "Administration and development",
        [],
    ),
    (
        "admin-participation",
        "admin",
        "unit",
        "Osallisuus ja asiakaskokemus",
        "Delaktighet och kundupplevelse",
        "Participation and customer experience",
        ["205"],
    ),
]

NGOS = [
    (
        "Kainuun Omaishoitajat ry",
        "Kajanalands närståendevårdare rf",
        "Kainuu Family Carers' Association",
    ),
    (
        "Mielenterveysyhdistys Valo ry",
        "Föreningen för mental hälsa Valo rf",
        "Valo Mental Health Association",
    ),
    (
        "Kainuun Vammaisjärjestöjen yhteistyö ry",
        "Samarbetet för handikapporganisationer i Kajanaland rf",
        "Kainuu Disability Organisations' Cooperation",
    ),
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str


# (email, first, last, kind, unit code, job title fi/sv/en, manager, coordinator, superuser)
PEOPLE = [
    (
        "admin@kuulu.example",
        "Aino",
        "Ylläpitäjä",
        "staff",
        "admin",
        ("Järjestelmäpääkäyttäjä", "Systemhuvudanvändare", "System administrator"),
        False,
        False,
        True,
    ),
    (
        "koordinaattori@kuulu.example",
        "Kaisa",
        "Korhonen",
        "staff",
        "admin-participation",
        ("Osallisuuskoordinaattori", "Delaktighetskoordinator", "Participation coordinator"),
        False,
        True,
        False,
    ),
    (
        "esihenkilo@kuulu.example",
        "Mikko",
        "Heikkinen",
        "staff",
        "older-homecare",
        ("Kotihoidon palveluesihenkilö", "Servicechef för hemvården", "Home care service manager"),
        True,
        False,
        False,
    ),
    (
        "hoitaja@kuulu.example",
        "Sanna",
        "Karjalainen",
        "staff",
        "older-homecare-kajaani",
        ("Lähihoitaja", "Närvårdare", "Practical nurse"),
        False,
        False,
        False,
    ),
    (
        "sosiaalityontekija@kuulu.example",
        "Jari",
        "Pulkkinen",
        "staff",
        "family-adult-social",
        ("Sosiaalityöntekijä", "Socialarbetare", "Social worker"),
        False,
        False,
        False,
    ),
    (
        "perhekeskus@kuulu.example",
        "Laura",
        "Kemppainen",
        "staff",
        "family-centre",
        ("Perhekeskuksen johtaja", "Chef för familjecentret", "Head of the family centre"),
        True,
        False,
        False,
    ),
    ("asukas@kuulu.example", "Eeva", "Tervonen", "resident", None, None, False, False, False),
    (
        "osallistuja@kuulu.example",
        "Ella",
        "Komulainen",
        "resident",
        None,
        None,
        False,
        False,
        False,
    ),
    (
        "valtuutettu@kuulu.example",
        "Pekka",
        "Moilanen",
        "elected_official",
        None,
        None,
        False,
        False,
        False,
    ),
    (
        "kokemusasiantuntija@kuulu.example",
        "Riikka",
        "Huotari",
        "experience_expert",
        None,
        None,
        False,
        False,
        False,
    ),
    ("jarjesto@kuulu.example", "Timo", "Kinnunen", "ngo_contact", None, None, False, False, False),
]

LOGINS = [
    DemoLogin("system admin", "admin@kuulu.example", "Aino Ylläpitäjä"),
    DemoLogin("participation coordinator", "koordinaattori@kuulu.example", "Kaisa Korhonen"),
    DemoLogin("unit manager (home care)", "esihenkilo@kuulu.example", "Mikko Heikkinen"),
    DemoLogin("staff member (home care, Kajaani)", "hoitaja@kuulu.example", "Sanna Karjalainen"),
    DemoLogin("resident", "asukas@kuulu.example", "Eeva Tervonen"),
    DemoLogin(
        "resident, full participation history",
        "osallistuja@kuulu.example",
        "Ella Komulainen",
    ),
    DemoLogin("elected official", "valtuutettu@kuulu.example", "Pekka Moilanen"),
    DemoLogin("experience expert", "kokemusasiantuntija@kuulu.example", "Riikka Huotari"),
    DemoLogin("NGO contact", "jarjesto@kuulu.example", "Timo Kinnunen"),
]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Build or complete the demo county. Returns how many rows of each kind were created."""
    created = {
        "municipalities": 0,
        "units": 0,
        "ngos": 0,
        "people": 0,
        "areas": 0,
        "tasks": 0,
        "conversations": 0,
    }
    county, _ = County.objects.get_or_create(
        slug="kainuu",
        defaults={
            "name_fi": "Kainuun hyvinvointialue",
            "name_sv": "Kajanalands välfärdsområde",
            "name_en": "Kainuu Wellbeing Services County",
        },
    )
    municipalities = {}
    for code, fi, sv in MUNICIPALITIES:
        municipality, was_created = Municipality.objects.get_or_create(
            county=county, code=code, defaults={"name_fi": fi, "name_sv": sv, "name_en": fi}
        )
        municipalities[code] = municipality
        created["municipalities"] += was_created

    units: dict[str, Unit] = {u.code: u for u in Unit.objects.filter(county=county)}
    for code, parent_code, kind, fi, sv, en, municipality_codes in UNITS:
        if code in units:
            continue
        unit = organisation_services.create_unit(
            county=county,
            code=code,
            kind=kind,
            name_fi=fi,
            name_sv=sv,
            name_en=en,
            parent=units[parent_code] if parent_code else None,
        )
        unit.municipalities.set([municipalities[c] for c in municipality_codes])
        units[code] = unit
        created["units"] += 1

    ngos = {}
    for fi, sv, en in NGOS:
        ngo, was_created = Ngo.objects.get_or_create(
            county=county, name_fi=fi, defaults={"name_sv": sv, "name_en": en}
        )
        ngos[fi] = ngo
        created["ngos"] += was_created

    people = {}
    for email, first, last, kind, unit_code, titles, manager, coordinator, superuser in PEOPLE:
        person = Person.objects.filter(county=county, email=email).first()
        if person is None:
            data = {"kind": kind, "first_name": first, "last_name": last, "email": email}
            if unit_code:
                data["unit"] = units[unit_code]
            if titles:
                data.update(job_title_fi=titles[0], job_title_sv=titles[1], job_title_en=titles[2])
            data.update(is_manager=manager, is_coordinator=coordinator)
            if kind == "resident":
                data["municipality"] = municipalities["205"]
            if kind == "elected_official":
                data.update(
                    position_fi="Aluevaltuutettu",
                    position_sv="Områdesfullmäktigeledamot",
                    position_en="Member of the county council",
                )
            if kind == "ngo_contact":
                data["ngo"] = ngos[NGOS[0][0]]
            person = organisation_services.create_person(county=county, data=data)
            created["people"] += 1
        if person.user_id is None:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, language="fi")
            person.user = user
            person.save(update_fields=["user"])
        if superuser and not person.user.is_superuser:
            person.user.is_superuser = person.user.is_staff = True
            person.user.save(update_fields=["is_superuser", "is_staff"])
        people[email] = person

    coordinator = people["koordinaattori@kuulu.example"]
    owners = {
        (1, 0): ("active", units["admin-participation"], coordinator),
        (1, 1): ("active", units["admin-participation"], None),
        (2, 1): ("planned", units["admin-participation"], coordinator),
        (2, 4): ("active", units["older-homecare"], people["esihenkilo@kuulu.example"]),
        (3, 0): ("active", units["admin-participation"], None),
        (4, 2): ("planned", units["admin-participation"], coordinator),
        (5, 0): ("active", None, coordinator),
    }
    for seed in AREAS:
        area = CoordinationArea.objects.filter(county=county, number=seed.number).first()
        if area is None:
            area = coordination_services.create_area(
                county=county,
                number=seed.number,
                title_fi=seed.title.fi,
                title_sv=seed.title.sv,
                title_en=seed.title.en,
                description_fi=seed.description.fi,
                description_sv=seed.description.sv,
                description_en=seed.description.en,
            )
            created["areas"] += 1
        existing = set(CoordinationTask.objects.filter(area=area).values_list("order", flat=True))
        for order, text in enumerate(seed.tasks):
            if order in existing:
                continue
            status, unit, person = owners.get((seed.number, order), ("not_agreed", None, None))
            coordination_services.create_task(
                area=area,
                order=order,
                status=status,
                responsible_unit=unit,
                responsible_person=person,
                title_fi=text.fi,
                title_sv=text.sv,
                title_en=text.en,
            )
            created["tasks"] += 1
    created["conversations"] = _demo_conversation(county, coordinator)
    created["events"] = _demo_events(county, coordinator, municipalities)
    from kuulu.learning.demo import load_learning_demo

    created["learning"] = load_learning_demo(county)
    from kuulu.channels.demo import load_channels_demo

    created["channels"] = load_channels_demo(county)
    from kuulu.experts.demo import load_experts_demo

    created["experts"] = load_experts_demo(county)
    from kuulu.assignments.demo import load_assignments_demo

    created["assignments"] = load_assignments_demo(county)
    from kuulu.panels.demo import load_panels_demo

    created["panels"] = load_panels_demo(county)
    from kuulu.feedback.demo import load_feedback_demo

    created["feedback"] = load_feedback_demo(county)
    from kuulu.surveys.demo import load_surveys_demo

    created["surveys"] = load_surveys_demo(county)
    from kuulu.budgeting.demo import load_budgeting_demo

    created["budgeting"] = load_budgeting_demo(county)
    from kuulu.assessments.demo import load_assessments_demo
    from kuulu.codevelopment.demo import load_codevelopment_demo
    from kuulu.follows.demo import load_follows_demo
    from kuulu.methods.demo import load_methods_demo
    from kuulu.questions.demo import load_questions_demo
    from kuulu.workability.demo import load_workability_demo

    created["methods"] = load_methods_demo(county)
    created["assessments"] = load_assessments_demo(county)
    created["questions"] = load_questions_demo(county)
    created["codevelopment"] = load_codevelopment_demo(county)
    created["workability"] = load_workability_demo(county)
    # Closing the loop: manual indicator values, the programme that targets them, the outcomes
    # that draw on the inputs above, and the yearly report over all of it (in this order).
    from kuulu.indicators.demo import load_indicators_demo
    from kuulu.outcomes.demo import load_outcomes_demo
    from kuulu.programme.demo import load_programme_demo
    from kuulu.reports.demo import load_reports_demo

    created["indicators"] = load_indicators_demo(county)
    created["programme"] = load_programme_demo(county)
    created["outcomes"] = load_outcomes_demo(county)
    created["reports"] = load_reports_demo(county)
    # Follows last: they point at what the modules above created.
    created["follows"] = load_follows_demo(county)
    # A resident who has done a bit of everything (kuulu/workspace/participant_demo.py).
    from kuulu.workspace.participant_demo import load_participant_demo

    created["participation"] = load_participant_demo(county)
    return created


WORKSHOP_TOWNS = [
    ("205", "Kajaani"),
    ("290", "Kuhmo"),
    ("765", "Sotkamo"),
    ("777", "Suomussalmi"),
    ("620", "Paltamo"),
]


def _demo_events(county: County, coordinator: Person, municipalities: dict) -> int:
    """The Kainuu programme (seed 003) on upcoming dates so that registration works."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from kuulu.events import services as event_services
    from kuulu.events.models import Event, EventQuestion, Programme, Session

    if Programme.objects.filter(county=county).exists():
        return 0
    helsinki = ZoneInfo("Europe/Helsinki")
    base = timezone.localdate() + timedelta(days=35)

    def at(day: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(base + timedelta(days=day), time(hour, minute), tzinfo=helsinki)

    academy = Programme.objects.create(
        county=county,
        name_fi="Johtamisen akatemia",
        name_sv="Ledarskapsakademin",
        name_en="Leadership academy",
        description_fi="Kuusiosainen valmennus esihenkilöille; osa IV käsittelee asiakkuuden ja osallisuuden johtamista.",
    )
    parts = [
        "Strateginen johtaminen",
        "Työhyvinvointi",
        "Muutoksen johtaminen",
        "Asiakkuuden ja osallisuuden johtaminen",
        "Talous ja tieto",
        "Yhteenveto",
    ]
    count = 0
    for number, title in enumerate(parts, start=1):
        event = Event.objects.create(
            county=county,
            programme=academy,
            part_number=number,
            title_fi=f"Johtamisen akatemia {number}: {title}",
            format=Event.Format.IN_PERSON,
            for_managers=True,
            status=Event.Status.PUBLISHED,
        )
        Session.objects.create(
            event=event,
            starts_at=at(7 * number, 9),
            ends_at=at(7 * number, 15),
            venue="Kajaanin kaupungintalo",
            address="Pohjolankatu 13, Kajaani",
            municipality=municipalities["205"],
            capacity=40,
        )
        count += 1
    webinar = Event.objects.create(
        county=county,
        title_fi="Asiakaskokemus ja palaute: webinaari esihenkilöille",
        title_sv="Kundupplevelse och respons: webbinarium för chefer",
        title_en="Customer experience and feedback: webinar for managers",
        format=Event.Format.WEBINAR,
        for_managers=True,
        status=Event.Status.PUBLISHED,
        registration_closes_days=1,
    )
    Session.objects.create(
        event=webinar,
        starts_at=at(3, 13),
        ends_at=at(3, 15),
        online_url="https://example.invalid/webinaari",
        capacity=200,
    )
    workshop = Event.objects.create(
        county=county,
        title_fi="Osallisuustyöpaja: palvelumuotoilun menetelmät",
        title_sv="Workshop om delaktighet: metoder för tjänstedesign",
        title_en="Participation workshop: service design methods",
        format=Event.Format.IN_PERSON,
        for_staff=True,
        for_managers=True,
        status=Event.Status.PUBLISHED,
        ask_dietary=True,
        facilitators="Osallisuuskoordinaattori ja kokemusasiantuntija",
        agenda=[
            {"time": "12.30", "item": "Tervetuloa"},
            {"time": "12.45", "item": "Neljä työpajarastia"},
            {"time": "15.30", "item": "Yhteenveto"},
        ],
    )
    EventQuestion.objects.create(
        event=workshop,
        position=1,
        text_fi="Mikä työpajan teema kiinnostaa sinua eniten?",
        text_sv="Vilket tema i workshoppen intresserar dig mest?",
        text_en="Which workshop theme interests you most?",
        kind=EventQuestion.Kind.CHOICE,
        choices=["Asiakasraati", "Palvelumuotoilu", "Kokemusasiantuntijuus", "Erätauko"],
    )
    for day, (code, town) in enumerate(WORKSHOP_TOWNS):
        Session.objects.create(
            event=workshop,
            starts_at=at(20 + day, 12, 30),
            ends_at=at(20 + day, 16),
            venue=f"{town}, sote-keskus",
            municipality=municipalities[code],
            capacity=25,
        )
    ngo = Event.objects.create(
        county=county,
        title_fi="Järjestöiltapäivä",
        title_sv="Organisationseftermiddag",
        title_en="NGO afternoon",
        format=Event.Format.IN_PERSON,
        for_ngos=True,
        for_public=True,
        status=Event.Status.PUBLISHED,
        ask_dietary=True,
        agenda=[
            {"time": "13.00", "item": "Avaus"},
            {"time": "13.15", "item": "Osallisuus hyvinvointialueella"},
            {"time": "14.15", "item": "Kahvi"},
            {"time": "14.30", "item": "Ryhmäkeskustelut"},
            {"time": "15.45", "item": "Yhteenveto ja jatko"},
        ],
    )
    ngo_session = Session.objects.create(
        event=ngo,
        starts_at=at(25, 13),
        ends_at=at(25, 16),
        venue="Kainuun Osaamiskeskus",
        address="Opintie 1, Kajaani",
        municipality=municipalities["205"],
        capacity=60,
    )
    for n, name in enumerate(["Helmi Keränen", "Olli Tolonen", "Aila Heikkinen"]):
        event_services.register(
            session=ngo_session, name=name, email=f"osallistuja{n + 1}@example.invalid"
        )
    return count + 3


DEMO_STATEMENTS = [
    "Sote-keskuksen pitäisi olla auki myös iltaisin.",
    "Chat-palvelu riittää useimpiin asioihin.",
    "Haluan tavata saman lääkärin joka kerta.",
    "Etävastaanotto säästää minulta paljon aikaa.",
    "Pienten kuntien vastaanotot on pidettävä auki.",
    "Liikkuva palveluauto korvaisi osan vastaanotoista.",
    "Ajanvaraus puhelimella on liian hidasta.",
    "Kotikäyntejä pitäisi olla enemmän ikäihmisille.",
    "Palveluista kerrotaan selkeästi.",
    "Asukkaiden pitää saada vaikuttaa palveluverkkoon.",
]


def _demo_conversation(county: County, coordinator: Person) -> int:
    """A published conversation with fictional anonymous votes from two opinion groups, so
    that the report has something to show. Created once."""
    import random
    import uuid

    from kuulu.deliberation import services as deliberation_services
    from kuulu.deliberation.models import Conversation, Participant, Vote, VoteEvent

    topic = "Sote-keskusten palvelut iltaisin ja etänä"
    if Conversation.objects.filter(county=county, topic_fi=topic).exists():
        return 0
    conversation = deliberation_services.create_conversation(
        county=county,
        data={
            "topic_fi": topic,
            "topic_sv": "Social- och hälsocentralernas tjänster kvällstid och på distans",
            "topic_en": "Health and social services centres in the evenings and remotely",
            "description_fi": "Kerro, mitä mieltä olet vastaanottojen aukioloajoista ja etäpalveluista.",
            "description_sv": "Berätta vad du tycker om mottagningarnas öppettider och distanstjänsterna.",
            "description_en": "Tell us what you think about opening hours and remote services.",
            "is_published": True,
            "moderation": Conversation.Moderation.PRE,
        },
        seed_statements=DEMO_STATEMENTS,
        actor=coordinator.user,
    )
    statements = list(conversation.statements.order_by("number"))
    rng = random.Random(2026)  # noqa: S311 - demo data
    # Group 0 wants places and people; group 1 wants remote services. Everyone wants clarity.
    stance = {0: [1, -1, 1, -1, 1, -1, 1, 1, 1, 1], 1: [1, 1, -1, 1, -1, 1, 1, 0, 1, 1]}
    participants = [
        Participant(
            conversation=conversation, number=n, browser_key=uuid.UUID(int=rng.getrandbits(128))
        )
        for n in range(1, 61)
    ]
    Participant.objects.bulk_create(participants)
    conversation.participant_counter = len(participants)
    conversation.save(update_fields=["participant_counter"])
    votes, events = [], []
    for participant in Participant.objects.filter(conversation=conversation):
        group = participant.number % 2
        for index, statement in enumerate(statements):
            if rng.random() < 0.2:
                continue
            value = stance[group][index] if rng.random() > 0.1 else rng.choice([-1, 0, 1])
            votes.append(Vote(participant=participant, statement=statement, value=value))
            events.append(
                VoteEvent(
                    conversation=conversation,
                    participant=participant,
                    statement=statement,
                    value=value,
                )
            )
    Vote.objects.bulk_create(votes)
    VoteEvent.objects.bulk_create(events)
    deliberation_services.compute_snapshot(conversation.pk)
    return 1
