"""Demo surveys with fictional responses: the two rounds of the participation-competence mapping
(managers 2022, N=40; staff of older people's services 2023, N=29), a customer-experience
survey of a home-care unit with the 0-10 recommendation question (120 responses), the feedback
survey of the participation workshops, and the data-collection calendar.

The mapping rounds reproduce the kind of shares the county reported (about 60 % of managers
know customer-participation methods only a little, about a quarter can use them, 85 % find
participation significant and want to promote it); the answers are drawn from exact counts
and shuffled with a fixed seed, so the demo is the same every time. Idempotent: a survey that
exists (by county and title) is left alone.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from kuulu.organisation.models import County, Unit
from kuulu.surveys.models import (
    Answer,
    Choice,
    Instrument,
    Page,
    Question,
    Response,
    Survey,
)

K = Question.Kind
SERIES = "osallisuusosaamisen-kartoitus"

AGREE_FI = [
    "Täysin eri mieltä",
    "Jokseenkin eri mieltä",
    "Ei samaa eikä eri mieltä",
    "Jokseenkin samaa mieltä",
    "Täysin samaa mieltä",
]
AGREE_EN = [
    "Strongly disagree",
    "Somewhat disagree",
    "Neither agree nor disagree",
    "Somewhat agree",
    "Strongly agree",
]

# (key, kind, Finnish text, English text, options [(value, fi, en)])
MAPPING_QUESTIONS: list[tuple[str, str, str, str, list[tuple[str, str, str]]]] = [
    (
        "know_methods",
        K.SINGLE,
        "Kuinka hyvin tunnet asiakasosallisuuden menetelmiä?",
        "How well do you know methods of customer participation?",
        [
            ("little", "Vähän tai en lainkaan", "A little or not at all"),
            ("somewhat", "Jonkin verran", "Somewhat"),
            ("well", "Hyvin", "Well"),
        ],
    ),
    (
        "use_methods",
        K.SINGLE,
        "Osaatko käyttää asiakasosallisuuden menetelmiä omassa työssäsi?",
        "Can you use customer-participation methods in your own work?",
        [
            ("yes", "Kyllä", "Yes"),
            ("partly", "Osittain", "Partly"),
            ("no", "En", "No"),
        ],
    ),
    (
        "importance",
        K.LIKERT,
        "Asiakasosallisuus on arjen työssä merkittävää.",
        "Customer participation matters in everyday work.",
        [],
    ),
    (
        "promote",
        K.LIKERT,
        "Haluan edistää asiakasosallisuuden menetelmiä palvelujen kehittämisessä.",
        "I want to promote customer-participation methods in developing services.",
        [],
    ),
    (
        "want_to_learn",
        K.SINGLE,
        "Haluaisitko oppia lisää asiakasosallisuuden menetelmistä?",
        "Would you like to learn more about customer-participation methods?",
        [("yes", "Kyllä", "Yes"), ("no", "En", "No")],
    ),
    (
        "topics",
        K.MULTIPLE,
        "Mistä aiheista tarvitset eniten tukea?",
        "On which topics do you need most support?",
        [
            ("families", "Yhteistyö läheisten kanssa", "Working with family members"),
            (
                "digital",
                "Asiakkaan digiosallisuuden tuki",
                "Supporting customers' digital participation",
            ),
            ("feedback", "Asiakaspalautteen hyödyntäminen", "Using customer feedback"),
            ("codesign", "Yhteiskehittäminen", "Co-design"),
        ],
    ),
    (
        "ideas",
        K.LONG_TEXT,
        "Miten asiakkaiden ääni kuuluisi paremmin yksikössäsi?",
        "How could customers' voices be heard better in your unit?",
        [],
    ),
]

# Exact answer counts per round: (N, {question key: {value: count}}).
ROUNDS: dict[str, tuple[int, dict[str, dict[Any, int]]]] = {
    "2022": (
        40,
        {
            "know_methods": {"little": 24, "somewhat": 11, "well": 5},
            "use_methods": {"yes": 11, "partly": 17, "no": 12},
            "importance": {5: 18, 4: 16, 3: 4, 2: 2},
            "promote": {5: 20, 4: 14, 3: 5, 2: 1},
            "want_to_learn": {"yes": 35, "no": 5},
        },
    ),
    "2023": (
        29,
        {
            "know_methods": {"little": 19, "somewhat": 7, "well": 3},
            "use_methods": {"yes": 8, "partly": 12, "no": 9},
            "importance": {5: 9, 4: 11, 3: 6, 2: 3},
            "promote": {5: 8, 4: 12, 3: 7, 2: 2},
            "want_to_learn": {"yes": 27, "no": 2},
        },
    ),
}
TOPIC_RATES = {"families": 0.55, "digital": 0.45, "feedback": 0.6, "codesign": 0.35}
IDEAS = [
    "Asiakasraati kokoontuisi kahdesti vuodessa.",
    "Palautteet käytäisiin läpi tiimipalaverissa kuukausittain.",
    "Läheisille oma iltatilaisuus syksyllä.",
    "Kokemusasiantuntija mukaan perehdytykseen.",
    "Selkokieliset ohjeet asiakkaille.",
]


def _deal(counts: dict[Any, int], n: int, rng: random.Random) -> list[Any]:
    """Exactly `counts` answers (None for the rest, unanswered), shuffled."""
    values = [value for value, count in counts.items() for _ in range(count)]
    values += [None] * (n - len(values))
    rng.shuffle(values)
    return values


def _question(version, page, position: int, spec) -> Question:  # type: ignore[no-untyped-def]
    key, kind, text_fi, text_en, options = spec
    question = Question.objects.create(
        version=version,
        page=page,
        position=position,
        key=key,
        kind=kind,
        text_fi=text_fi,
        text_en=text_en,
        scale_min=1 if kind == K.LIKERT else None,
        scale_max=5 if kind == K.LIKERT else None,
        scale_labels={"fi": AGREE_FI, "en": AGREE_EN} if kind == K.LIKERT else {},
    )
    for i, (value, label_fi, label_en) in enumerate(options):
        Choice.objects.create(
            question=question, position=i, value=value, label_fi=label_fi, label_en=label_en
        )
    return question


def _survey(county: County, owner: Any, **fields: Any) -> Survey:
    from kuulu.surveys.services import create_survey

    return create_survey(county=county, owner=owner, **fields)


def _write(
    survey: Survey,
    respondents: list[dict[str, Any]],
    answers: list[dict[str, Any]],
    when: datetime,
) -> int:
    """Submitted responses with their answers; `answers[i]` maps question key → value."""
    version = survey.current_version
    version.frozen = True
    version.save(update_fields=["frozen"])
    questions = {q.key: q for q in version.questions.prefetch_related("choices", "rows")}
    choices = {(q.key, c.value): c for q in questions.values() for c in q.choices.all()}
    responses = Response.objects.bulk_create(
        [
            Response(
                survey=survey,
                version=version,
                status=Response.Status.SUBMITTED,
                started_at=when + timedelta(hours=i),
                submitted_at=when + timedelta(hours=i, minutes=9),
                **fields,
            )
            for i, fields in enumerate(respondents)
        ]
    )
    rows: list[Answer] = []
    for response, given in zip(responses, answers, strict=True):
        for key, value in given.items():
            if value is None or value == []:
                continue
            question = questions[key]
            if question.kind == K.SINGLE:
                rows.append(
                    Answer(response=response, question=question, choice=choices[(key, value)])
                )
            elif question.kind == K.MULTIPLE:
                rows += [
                    Answer(response=response, question=question, choice=choices[(key, v)])
                    for v in value
                ]
            elif question.kind in (K.SHORT_TEXT, K.LONG_TEXT):
                rows.append(Answer(response=response, question=question, text=value))
            else:
                rows.append(Answer(response=response, question=question, number=Decimal(value)))
    Answer.objects.bulk_create(rows, batch_size=1000)
    return len(responses)


def _mapping_round(county: County, owner: Any, label: str, areas: list[Unit]) -> int:
    n, counts = ROUNDS[label]
    managers = label == "2022"
    title = (
        "Osallisuusosaamisen kartoitus: esihenkilöt 2022"
        if managers
        else "Osallisuusosaamisen kartoitus: ikäihmisten palvelujen henkilöstö 2023"
    )
    if Survey.objects.filter(county=county, title_fi=title).exists():
        return 0
    older_people = next((a for a in areas if "Ikäihmisten" in (a.name_fi or "")), None)
    survey = _survey(
        county,
        owner,
        title_fi=title,
        title_en=(
            "Participation competence mapping: managers 2022"
            if managers
            else "Participation competence mapping: staff of older people's services 2023"
        ),
        kind=Survey.Kind.COMPETENCE,
        audience=Survey.Audience.STAFF,
        anonymous=True,
        series=SERIES,
        round_label=label,
    )
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status"])
    version = survey.current_version
    page = version.pages.first()
    for position, spec in enumerate(MAPPING_QUESTIONS):
        if spec[0] == "want_to_learn" and managers:
            continue
        _question(version, page, position, spec)
    rng = random.Random(2022 if managers else 2023)  # noqa: S311 - fictional demo data
    dealt = {key: _deal(values, n, rng) for key, values in counts.items()}
    answers = []
    respondents = []
    for i in range(n):
        given = {key: dealt[key][i] for key in dealt if not (managers and key == "want_to_learn")}
        given["topics"] = [t for t, rate in TOPIC_RATES.items() if rng.random() < rate]
        if rng.random() < 0.3:
            given["ideas"] = rng.choice(IDEAS)
        answers.append(given)
        area = (
            older_people if not managers and older_people else rng.choice(areas) if areas else None
        )
        respondents.append(
            {"respondent_group": "manager" if managers else "staff", "service_area": area}
        )
    tz = timezone.get_current_timezone()
    when = datetime(2022, 6, 6, 9, tzinfo=tz) if managers else datetime(2023, 1, 16, 9, tzinfo=tz)
    return _write(survey, respondents, answers, when)


def _with_instrument(
    county: County, owner: Any, title_fi: str, title_en: str, instrument_key: str, **fields: Any
) -> Survey | None:
    from kuulu.surveys.services import add_instrument

    if Survey.objects.filter(county=county, title_fi=title_fi).exists():
        return None
    instrument = Instrument.objects.filter(county__isnull=True, key=instrument_key).first()
    if instrument is None:
        return None
    survey = _survey(county, owner, title_fi=title_fi, title_en=title_en, **fields)
    add_instrument(survey=survey, instrument=instrument, actor=owner)
    # The instrument's page is the only one that has questions; drop the empty first page.
    Page.objects.filter(version=survey.current_version, questions__isnull=True).delete()
    survey.status = Survey.Status.OPEN
    survey.save(update_fields=["status"])
    return survey


def _customer_experience(county: County, owner: Any, unit: Unit | None) -> int:
    survey = _with_instrument(
        county,
        owner,
        "Kotihoidon asiakaskokemus",
        "Customer experience of home care",
        "recommendation",
        kind=Survey.Kind.CUSTOMER_EXPERIENCE,
        audience=Survey.Audience.PUBLIC,
        anonymous=True,
    )
    if survey is None:
        return 0
    version = survey.current_version
    page = version.pages.first()
    extra = [
        (
            "treated_well",
            K.LIKERT,
            "Minua kohdeltiin hyvin.",
            "I was treated well.",
            [],
        ),
        (
            "heard",
            K.LIKERT,
            "Mielipiteeni otettiin huomioon.",
            "My views were taken into account.",
            [],
        ),
        (
            "feedback",
            K.LONG_TEXT,
            "Mitä haluaisit sanoa palvelusta?",
            "What would you like to say about the service?",
            [],
        ),
    ]
    for position, spec in enumerate(extra, start=10):
        _question(version, page, position, spec)
    key = version.questions.get(kind=K.SCALE_0_10).key
    rng = random.Random(120)  # noqa: S311 - fictional demo data
    n = 120
    recommend = _deal({10: 38, 9: 30, 8: 18, 7: 12, 6: 8, 5: 6, 4: 3, 3: 2, 2: 1, 0: 2}, n, rng)
    treated = _deal({5: 70, 4: 34, 3: 10, 2: 4, 1: 2}, n, rng)
    heard = _deal({5: 48, 4: 40, 3: 20, 2: 8, 1: 4}, n, rng)
    comments = [
        "Hoitajat olivat ystävällisiä ja kiireettömiä.",
        "Käyntiajat vaihtelivat paljon, toivoisin säännöllisyyttä.",
        "Soittakaa minulle numeroon 040 123 4567, haluan kertoa lisää.",
        "Kiitos hyvästä hoidosta!",
    ]
    answers = [
        {
            key: recommend[i],
            "treated_well": treated[i],
            "heard": heard[i],
            "feedback": rng.choice(comments) if rng.random() < 0.25 else None,
        }
        for i in range(n)
    ]
    respondents = [{"unit": unit} for _ in range(n)]
    when = timezone.now() - timedelta(days=60)
    return _write(survey, respondents, answers, when)


def _event_feedback(county: County, owner: Any) -> int:
    from kuulu.events.models import Event

    event = Event.objects.filter(county=county, title_fi__icontains="Osallisuustyöpaja").first()
    survey = _with_instrument(
        county,
        owner,
        "Palaute: osallisuustyöpajat",
        "Feedback: participation workshops",
        "event-feedback",
        kind=Survey.Kind.EVENT_FEEDBACK,
        audience=Survey.Audience.PUBLIC,
        anonymous=True,
        event=event,
    )
    if survey is None:
        return 0
    questions = list(survey.current_version.questions.all())
    rng = random.Random(4)  # noqa: S311 - fictional demo data
    n = 18
    answers = []
    for _ in range(n):
        given: dict[str, Any] = {}
        for question in questions:
            if question.kind == K.LIKERT:
                given[question.key] = rng.choice([3, 4, 4, 5, 5, 5])
            elif question.kind == K.SCALE_0_10:
                given[question.key] = rng.choice([7, 8, 9, 9, 10, 10])
            elif question.kind in (K.SHORT_TEXT, K.LONG_TEXT) and rng.random() < 0.4:
                given[question.key] = rng.choice(
                    [
                        "Palvelumuotoilun työpisteet olivat käytännöllisiä.",
                        "Enemmän aikaa ryhmätöihin.",
                        "Asiakasraadin esimerkki oli hyvä.",
                    ]
                )
        answers.append(given)
    when = timezone.now() - timedelta(days=20)
    return _write(survey, [{} for _ in range(n)], answers, when)


def _calendar(county: County, mapping: Survey | None) -> int:
    from kuulu.datacollection.models import Collection

    if Collection.objects.filter(county=county).exists():
        return 0
    entries = [
        Collection(
            county=county,
            name_fi="Terve Suomi -tutkimus",
            name_sv="Hälsa i Finland",
            name_en="Healthy Finland survey",
            description_fi="THL:n väestötutkimus aikuisten hyvinvoinnista ja terveydestä; laaja kierros parillisina vuosina.",
            source=Collection.Source.EXTERNAL,
            organiser="THL",
            schedule=Collection.Schedule.EVEN_YEARS,
            month=9,
            target_group_fi="Aikuiset (20 vuotta täyttäneet), satunnaisotos",
            target_group_en="Adults aged 20 and over, random sample",
            results_url="https://thl.fi/",
            results_note="THL:n tulospalvelu",
        ),
        Collection(
            county=county,
            name_fi="Kouluterveyskysely",
            name_sv="Enkäten Hälsa i skolan",
            name_en="School Health Promotion study",
            source=Collection.Source.EXTERNAL,
            organiser="THL",
            schedule=Collection.Schedule.ODD_YEARS,
            month=3,
            target_group_fi="Peruskoulun 4., 5., 8. ja 9. luokkalaiset sekä toisen asteen opiskelijat",
            target_group_en="Pupils of grades 4, 5, 8 and 9 and upper-secondary students",
            results_url="https://thl.fi/",
            results_note="THL:n tulospalvelu",
            residents_involved=True,
            residents_involvement="Nuorisovaltuusto kävi edellisen kierroksen tulokset läpi ja valitsi kolme kehittämiskohdetta.",
            residents_involved_on=timezone.localdate() - timedelta(days=200),
        ),
        Collection(
            county=county,
            name_fi="Valtakunnallinen asiakaspalaute (THL)",
            name_en="National customer feedback (THL)",
            source=Collection.Source.EXTERNAL,
            organiser="THL",
            schedule=Collection.Schedule.EVERY_YEAR,
            month=10,
            target_group_fi="Sosiaali- ja terveyspalvelujen asiakkaat 13 vuotta täyttäneistä alkaen",
            target_group_en="Customers of social and health services aged 13 and over",
        ),
        Collection(
            county=county,
            name_fi="Osallisuusosaamisen kartoitus",
            name_en="Participation competence mapping",
            source=Collection.Source.OWN,
            organiser="Osallisuuskoordinaatio",
            survey=mapping,
            schedule=Collection.Schedule.EVERY_YEAR,
            month=1,
            target_group_fi="Esihenkilöt ja henkilöstö vuorotellen",
            target_group_en="Managers and staff in turn",
            results_note="Tulokset työtilassa",
            is_public=False,
        ),
    ]
    for entry in entries:
        for field in ("description", "target_group", "name"):
            for lang in ("fi", "sv", "en"):
                name = f"{field}_{lang}"
                if getattr(entry, name, None) is None:
                    setattr(entry, name, "")
    Collection.objects.bulk_create(entries)
    return len(entries)


@transaction.atomic
def load_surveys_demo(county: County) -> int:
    """Create the demo surveys, responses and calendar entries of `county`; return how many
    responses and calendar entries were created (0 when everything exists already)."""
    from kuulu.organisation.models import Person
    from kuulu.surveys.instruments import load_shipped

    if not Instrument.objects.filter(county__isnull=True).exists():
        load_shipped()
    coordinator = (
        Person.objects.filter(county=county, is_coordinator=True, user__isnull=False)
        .select_related("user")
        .first()
    )
    owner = coordinator.user if coordinator else None
    areas = list(Unit.objects.filter(county=county, kind=Unit.Kind.SERVICE_AREA, is_active=True))
    home_care = (
        Unit.objects.filter(county=county, name_fi__icontains="kotihoito").order_by("path").first()
    )
    created = _mapping_round(county, owner, "2022", areas)
    created += _mapping_round(county, owner, "2023", areas)
    created += _customer_experience(county, owner, home_care)
    created += _event_feedback(county, owner)
    mapping = Survey.objects.filter(county=county, series=SERIES).order_by("-round_label").first()
    created += _calendar(county, mapping)
    return created
