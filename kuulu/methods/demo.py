"""The demo county's methods bank: the shared method cards (loaded from the exchange file in
data/demo_cards.json through the same import the coordinators use), two method experts, a
support request and logged uses by units. Idempotent: a second run creates nothing."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from kuulu.methods import exchange, services
from kuulu.methods.models import ExpertMethod, MethodCard, MethodExpert, MethodUse, SupportRequest
from kuulu.organisation.models import County, Municipality, Person, Unit

CARDS_FILE = Path(__file__).parent / "data" / "demo_cards.json"

# (email, languages, municipality codes, [(card slug, trained on, trained by, earlier uses)])
EXPERTS = [
    (
        "perhekeskus@kuulu.example",
        ["fi", "sv"],
        ["205", "765"],
        [
            ("lapsivaikutusten-arviointi", date(2025, 3, 12), "Lapsiasiavaltuutetun toimisto", 3),
            ("palikkatyopaja", date(2025, 9, 4), "Kainuun osallisuustiimi", 5),
            ("sanapeli", date(2025, 9, 4), "Kainuun osallisuustiimi", 6),
        ],
    ),
    (
        "sosiaalityontekija@kuulu.example",
        ["fi", "en"],
        ["205", "290"],
        [
            ("eratauko", date(2024, 11, 20), "Erätauko-säätiö", 8),
            ("asukasraati", date(2025, 5, 15), "Sitra", 1),
            ("asiakasprofiili", date(2025, 9, 4), "Kainuun osallisuustiimi", 2),
        ],
    ),
]

# (unit code, card slug, days ago, with whom, participants, what came of it)
USES = [
    (
        "older-homecare",
        "asiakasraati",
        400,
        "Kotihoidon asiakkaat ja omaiset",
        9,
        "Käyntiaikojen ilmoittamiseen tekstiviesti edellisenä päivänä.",
    ),
    (
        "older-homecare-kajaani",
        "sanapeli",
        300,
        "Kotihoidon asiakkaat, Kajaani",
        14,
        "Toivotuimmat sanat: kiireetön, tuttu hoitaja. Hoitajien vaihtuvuutta vähennetään.",
    ),
    (
        "family-centre",
        "palikkatyopaja",
        250,
        "Perhekeskuksen asiakasperheet ja lapset",
        22,
        "Odotustilaan leikkinurkka ja rauhallinen imetystila.",
    ),
    (
        "family-centre",
        "lapsivaikutusten-arviointi",
        120,
        "Yläkoulujen oppilaat (kysely)",
        186,
        "Nuorten vastaanoton aukiolo iltapäivään.",
    ),
    (
        "older-homecare",
        "eratauko",
        90,
        "Ikäihmiset, omaiset ja järjestöt, Kuhmo",
        11,
        "Yksinäisyys näkyy eniten talvella; teema viedään hyvinvointisuunnitelmaan.",
    ),
    (
        "family-child-welfare",
        "asiakasprofiili",
        60,
        "Sosiaaliohjaajat ja kokemusasiantuntija",
        8,
        "Neljä asiakasprofiilia asiakaskirjeiden uudistamiseen.",
    ),
    (
        "older-homecare-kuhmo",
        "palautteesta-kehittaminen",
        30,
        "Kotihoidon tiimi",
        7,
        "Kaksi palautetta johti lääkejakelun aikataulun muutokseen.",
    ),
]


def load_methods_demo(county: County) -> int:
    created = 0
    document = exchange.parse(CARDS_FILE.read_bytes())
    result = services.import_cards(county=county, document=document, publish=True)
    created += result.created
    cards = {c.slug: c for c in MethodCard.objects.filter(county=county)}
    municipalities = {m.code: m for m in Municipality.objects.filter(county=county)}
    experts: dict[str, MethodExpert] = {}
    for email, languages, codes, skills in EXPERTS:
        person = Person.objects.filter(county=county, email=email, kind=Person.Kind.STAFF).first()
        if person is None:
            continue
        expert = MethodExpert.objects.filter(person=person).first()
        if expert is None:
            expert = services.add_expert(
                county=county,
                person=person,
                languages=languages,
                municipalities=[municipalities[c] for c in codes if c in municipalities],
            )
            created += 1
        experts[email] = expert
        for slug, trained_on, trained_by, earlier in skills:
            if (
                slug in cards
                and not ExpertMethod.objects.filter(expert=expert, method=cards[slug]).exists()
            ):
                services.add_skill(
                    expert=expert,
                    method=cards[slug],
                    trained_on=trained_on,
                    trained_by=trained_by,
                    earlier_uses=earlier,
                )
                created += 1
    units = {u.code: u for u in Unit.objects.filter(county=county)}
    today = timezone.localdate()
    if not MethodUse.objects.filter(county=county).exists():
        for code, slug, days, with_whom, participants, result_text in USES:
            if code not in units or slug not in cards:
                continue
            expert = next(
                (e for e in experts.values() if e.skills.filter(method=cards[slug]).exists()),
                None,
            )
            services.log_use(
                unit=units[code],
                method=cards[slug],
                used_on=today - timedelta(days=days),
                with_whom=with_whom,
                participants=participants,
                result=result_text,
                expert=expert,
            )
            created += 1
    homecare = units.get("older-homecare")
    if (
        homecare is not None
        and "kehittajaasiakasryhma" in cards
        and not SupportRequest.objects.filter(county=county).exists()
    ):
        services.request_support(
            unit=homecare,
            method=cards["kehittajaasiakasryhma"],
            need=(
                "Haluamme testata uutta sähköistä ajanvarausta asiakkaiden kanssa ennen "
                "käyttöönottoa. Tarvitsemme apua ryhmän kokoamiseen ja testitehtävien "
                "suunnitteluun."
            ),
            actor=None,
            wanted_by=today + timedelta(days=45),
        )
        created += 1
    return created
