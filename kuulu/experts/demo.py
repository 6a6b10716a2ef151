"""Demo experience-expert bank: eight experience areas, the demo expert Riikka Huotari and ten
fictional experts, an open request waiting for the coordinator, and a lecture done last month
with its debrief, fee and travel claim.

Rows are written directly (not through services) so that loading the demo sends no email.
Idempotent: areas by slug, people by email, requests by their need text."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kuulu.experts.models import (
    Engagement,
    ExperienceArea,
    ExpertProfile,
    ExpertRequest,
    Offer,
    TrainingRecord,
)
from kuulu.organisation import services as organisation_services
from kuulu.organisation.models import County, Municipality, Ngo, Person

AREAS = [
    (
        "mental-health",
        "Mielenterveyskuntoutuminen",
        "Återhämtning i psykisk ohälsa",
        "Mental health recovery",
    ),
    (
        "substance-use",
        "Päihdetyö ja päihteistä toipuminen",
        "Missbruk och återhämtning",
        "Substance use and recovery",
    ),
    ("family-services", "Perhepalvelut", "Familjetjänster", "Family services"),
    ("older-people", "Ikäihmisten palvelut", "Tjänster för äldre", "Older people's services"),
    (
        "disability",
        "Vammaisuus ja vammaispalvelut",
        "Funktionsnedsättning och tjänster",
        "Disability and disability services",
    ),
    ("child-protection", "Lastensuojelu", "Barnskydd", "Child protection"),
    (
        "long-term-illness",
        "Pitkäaikaissairauden kanssa eläminen",
        "Att leva med långvarig sjukdom",
        "Living with a long-term illness",
    ),
    ("carer", "Omaishoitajuus", "Närståendevård", "Family carer"),
]

# email, first, last, areas, languages, municipality codes, remote, types, fee basis, fee
EXPERTS = [
    (
        "kokemusasiantuntija@kuulu.example",
        "Riikka",
        "Huotari",
        ["mental-health", "family-services"],
        ["fi", "sv"],
        ["205", "765"],
        True,
        ["lecture", "development_group"],
        "hourly",
        "30.00",
    ),
    (
        "kokemus.aho@kuulu.example",
        "Jari",
        "Aho",
        ["substance-use"],
        ["fi"],
        ["205"],
        False,
        ["lecture", "pair_work"],
        "hourly",
        "30.00",
    ),
    (
        "kokemus.heikkinen@kuulu.example",
        "Marja",
        "Heikkinen",
        ["older-people", "carer"],
        ["fi"],
        ["290", "777"],
        True,
        ["development_group"],
        "per_assignment",
        "120.00",
    ),
    (
        "kokemus.lindqvist@kuulu.example",
        "Anna",
        "Lindqvist",
        ["family-services", "child-protection"],
        ["sv", "fi"],
        ["205"],
        True,
        ["lecture", "training"],
        "hourly",
        "30.00",
    ),
    (
        "kokemus.kemppainen@kuulu.example",
        "Tuomas",
        "Kemppainen",
        ["disability"],
        ["fi", "en"],
        ["205", "620"],
        True,
        ["training", "lecture"],
        "hourly",
        "30.00",
    ),
    (
        "kokemus.pulkkinen@kuulu.example",
        "Sari",
        "Pulkkinen",
        ["long-term-illness", "older-people"],
        ["fi"],
        ["765"],
        False,
        ["pair_work"],
        "volunteer",
        "0",
    ),
    (
        "kokemus.ronkainen@kuulu.example",
        "Mikko",
        "Ronkainen",
        ["mental-health", "substance-use"],
        ["fi"],
        ["697", "105"],
        True,
        [],
        "hourly",
        "25.00",
    ),
    (
        "kokemus.vaisanen@kuulu.example",
        "Leena",
        "Väisänen",
        ["child-protection", "family-services"],
        ["fi"],
        ["777"],
        False,
        ["development_group", "pair_work"],
        "per_assignment",
        "100.00",
    ),
    (
        "kokemus.aikio@kuulu.example",
        "Elle",
        "Aikio",
        ["disability", "long-term-illness"],
        ["se", "fi"],
        ["105"],
        True,
        ["lecture"],
        "hourly",
        "30.00",
    ),
    (
        "kokemus.karppinen@kuulu.example",
        "Ville",
        "Karppinen",
        ["carer"],
        ["fi"],
        ["707", "697"],
        False,
        ["development_group"],
        "hourly",
        "25.00",
    ),
    (
        "kokemus.moilanen@kuulu.example",
        "Helena",
        "Moilanen",
        ["mental-health", "long-term-illness"],
        ["fi", "en"],
        ["205", "290"],
        True,
        ["training", "development_group"],
        "hourly",
        "30.00",
    ),
]

OPEN_NEED = (
    "Kotihoidon tiimipäivään puheenvuoro siitä, miltä arki näyttää omaishoitajan silmin, "
    "ja keskustelu kotikäyntien sujuvuudesta."
)
DONE_NEED = "Perhekeskuksen henkilöstölle luento toipumisesta ja kohtaamisesta vastaanotolla."


def load_experts_demo(county: County) -> int:
    created = 0
    today = timezone.localdate()
    areas: dict[str, ExperienceArea] = {}
    for position, (slug, fi, sv, en) in enumerate(AREAS):
        area, was_created = ExperienceArea.objects.get_or_create(
            county=county,
            slug=slug,
            defaults={"name_fi": fi, "name_sv": sv, "name_en": en, "position": position},
        )
        areas[slug] = area
        created += was_created
    municipalities = {m.code: m for m in Municipality.objects.filter(county=county)}
    ngos = list(Ngo.objects.filter(county=county).order_by("id"))
    profiles: dict[str, ExpertProfile] = {}
    for n, (
        email,
        first,
        last,
        area_slugs,
        languages,
        codes,
        remote,
        types,
        basis,
        fee,
    ) in enumerate(EXPERTS):
        person = Person.objects.filter(county=county, email__iexact=email).first()
        if person is None:
            person = organisation_services.create_person(
                county=county,
                data={
                    "kind": Person.Kind.EXPERIENCE_EXPERT,
                    "first_name": first,
                    "last_name": last,
                    "email": email,
                    "municipality": municipalities.get(codes[0]),
                },
            )
            created += 1
        profile = ExpertProfile.objects.filter(person=person).first()
        if profile is None:
            profile = ExpertProfile.objects.create(
                county=county,
                person=person,
                languages=languages,
                remote_ok=remote,
                preferred_types=types,
                available=n != 5,
                unavailable_until=today + timedelta(days=20) if n == 9 else None,
                availability_note="Arkisin iltapäivisin." if n % 2 else "",
                fee_basis=basis,
                fee_amount=Decimal(fee),
                payee_number=f"KA-{1001 + n}",
                agreement_signed_on=date(today.year - 1, 1 + n % 12, 1),
                agreement_valid_until=date(today.year + 1, 12, 31),
                agreement_reference=f"Sopimus {today.year - 1}/{17 + n}",
                consent_given_on=date(today.year - 1, 1 + n % 12, 1),
            )
            profile.areas.set([areas[s] for s in area_slugs])
            profile.municipalities.set([municipalities[c] for c in codes if c in municipalities])
            if ngos:
                TrainingRecord.objects.create(
                    profile=profile,
                    course_name="Kokemusasiantuntijakoulutus",
                    ngo=ngos[n % len(ngos)],
                    completed_on=date(today.year - 2, 5, 31),
                )
            created += 1
        profiles[email] = profile

    nurse = Person.objects.filter(county=county, email="hoitaja@kuulu.example").first()
    if nurse is None or nurse.unit is None:
        return created
    if not ExpertRequest.objects.filter(county=county, need=OPEN_NEED).exists():
        open_request = ExpertRequest.objects.create(
            county=county,
            requested_by=nurse,
            unit=nurse.unit,
            need=OPEN_NEED,
            date_from=today + timedelta(days=21),
            time_note="13.00-14.30",
            type="development_group",
            remote=False,
            municipality=municipalities.get("205"),
            place="Kajaanin kotihoidon toimisto",
            language="fi",
            duration_hours=Decimal("1.5"),
        )
        open_request.areas.set([areas["carer"], areas["older-people"]])
        created += 1
    if not ExpertRequest.objects.filter(county=county, need=DONE_NEED).exists():
        expert = profiles["kokemusasiantuntija@kuulu.example"]
        day = (today.replace(day=1) - timedelta(days=1)).replace(day=12)
        done_request = ExpertRequest.objects.create(
            county=county,
            requested_by=nurse,
            unit=nurse.unit,
            need=DONE_NEED,
            date_from=day,
            time_note="9.00-11.00",
            type="lecture",
            municipality=municipalities.get("205"),
            place="Perhekeskus, Kajaani",
            language="fi",
            duration_hours=Decimal(2),
            status=ExpertRequest.Status.FILLED,
        )
        done_request.areas.set([areas["mental-health"], areas["family-services"]])
        offer = Offer.objects.create(
            request=done_request,
            profile=expert,
            status=Offer.Status.ACCEPTED,
            answered_at=timezone.now() - timedelta(days=40),
        )
        Engagement.objects.create(
            request=done_request,
            offer=offer,
            profile=expert,
            date=day,
            type="lecture",
            status=Engagement.Status.DONE,
            hours=Decimal(2),
            fee_basis="hourly",
            fee_amount=Decimal("60.00"),
            travel_km=Decimal("24.0"),
            km_allowance=Decimal("12.00"),
            tickets_amount=Decimal(0),
            per_diem_amount=Decimal(0),
            debrief_note=(
                "Luento sujui hyvin, kysymyksiä tuli paljon. Purkukeskustelu pidettiin "
                "heti luennon jälkeen; seuraavalla kerralla enemmän aikaa keskustelulle."
            ),
            debriefed_at=timezone.now() - timedelta(days=30),
        )
        created += 1
    return created
