"""Demo panels: Kainuu's resident panel on local services, drawn (24 seats from 120 volunteers
out of 300 invited, fictional people), with its sessions, statement and the board's response;
and a customer panel for older people's services with volunteer registration open.

Idempotent by the panels' Finnish titles. The draw goes through the same service as in use,
so the demo's draw record verifies."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from kuulu.organisation.models import County
from kuulu.panels import services
from kuulu.panels.models import Invitee, Panel, Volunteer

RESIDENT_PANEL = "Kainuun asukaspaneeli: lähipalvelut"
CUSTOMER_PANEL = "Ikäihmisten palvelujen asiakasraati"
FIRST_NAMES = [
    "Aino",
    "Eino",
    "Helmi",
    "Väinö",
    "Kerttu",
    "Toivo",
    "Saara",
    "Onni",
    "Liisa",
    "Juho",
]
LAST_NAMES = ["Heikkinen", "Kemppainen", "Komulainen", "Karppinen", "Pulkkinen", "Leinonen"]
STREETS = ["Kauppakatu", "Koulukatu", "Rantatie", "Kirkkotie", "Pohjolankatu", "Asematie"]
# Weights of the fictional volunteers' answers, by default stratum key.
WEIGHTS = {
    "age": [2, 3, 4, 3, 2],
    "gender": [6, 5, 0.4],
    "language": [20, 1, 1],
    "education": [2, 4, 3],
}
SEED = 20260315


def load_panels_demo(county: County) -> int:
    created = 0
    if not Panel.objects.filter(county=county, title_fi=RESIDENT_PANEL).exists():
        _resident_panel(county)
        created += 1
    if not Panel.objects.filter(county=county, title_fi=CUSTOMER_PANEL).exists():
        _customer_panel(county)
        created += 1
    return created


def _sample(panel: Panel, size: int, rng: random.Random) -> list[Invitee]:
    municipalities = next(s for s in panel.strata.all() if s.key == "municipality").choices
    invitees = [
        Invitee(
            panel=panel,
            sample_id=f"DEMO-{panel.pk}-{i:04d}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            street_address=f"{rng.choice(STREETS)} {rng.randint(1, 60)}",
            postal_code="87100",
            post_office="KAJAANI",
            language="sv" if i % 40 == 0 else "fi",
            municipality=rng.choice(municipalities) if municipalities else "",
            code_hash=services.hash_code(f"DEMO{panel.pk}X{i:06d}"),
            code_issued_at=timezone.now(),
        )
        for i in range(size)
    ]
    Invitee.objects.bulk_create(invitees)
    panel.invited_count = size
    panel.save(update_fields=["invited_count"])
    return list(panel.invitees.order_by("id"))


def _resident_panel(county: County) -> None:
    rng = random.Random(SEED)  # noqa: S311 - fictional demo data
    today = timezone.localdate()
    panel = services.create_panel(
        county=county,
        data={
            "title_fi": RESIDENT_PANEL,
            "title_sv": "Kajanalands invånarpanel: närservice",
            "title_en": "Kainuu resident panel: local services",
            "description_fi": (
                "Miten sote-palvelut pysyvät lähellä asukkaita harvaan asutussa Kainuussa? "
                "Arvalla valittu paneeli perehtyy kysymykseen, kuulee asiantuntijoita ja antaa "
                "aluehallitukselle lausunnon."
            ),
            "description_sv": (
                "Hur hålls social- och hälsovården nära invånarna i glesbygden? Den lottade "
                "panelen sätter sig in i frågan, hör sakkunniga och ger områdesstyrelsen ett "
                "utlåtande."
            ),
            "description_en": (
                "How can social and health services stay close to residents in sparsely "
                "populated Kainuu? The panel, chosen by lot, studies the question, hears experts "
                "and gives the county board a statement."
            ),
            "seats": 24,
            "volunteer_deadline": today - timedelta(days=60),
        },
    )
    invitees = _sample(panel, 300, rng)
    strata = {s.key: s for s in panel.strata.all()}
    volunteers = []
    for invitee in invitees[:120]:
        answers = {
            key: rng.choices(stratum.choices, WEIGHTS[key])[0]
            for key, stratum in strata.items()
            if key in WEIGHTS
        }
        answers["municipality"] = invitee.municipality
        volunteers.append(
            Volunteer(
                panel=panel,
                invitee=invitee,
                code_hash=invitee.code_hash,
                answers=answers,
                email=f"vapaaehtoinen{invitee.pk}@example.test",
                language=invitee.language,
                consent_at=timezone.now() - timedelta(days=70),
            )
        )
    Volunteer.objects.bulk_create(volunteers)
    municipality_choices = strata["municipality"].choices
    quotas = {
        strata["age"].pk: dict.fromkeys(strata["age"].choices, (3, 7)),
        strata["gender"].pk: {"woman": (10, 14), "man": (10, 14), "other": (0, 2)},
        strata["municipality"].pk: {
            value: (6, 12) if value == "Kajaani" else (1, 4) for value in municipality_choices
        },
        strata["language"].pk: {"fi": (20, 24), "sv": (0, 2), "other": (0, 2)},
        strata["education"].pk: {"basic": (4, 10), "secondary": (8, 12), "higher": (4, 10)},
    }
    services.set_quotas(panel=panel, quotas=quotas)
    Panel.objects.filter(pk=panel.pk).update(status=Panel.Status.VOLUNTEERING)
    services.run_draw(panel=panel, seed=SEED)
    drawn_at = timezone.now() - timedelta(days=55)
    panel.draw.drawn_at = drawn_at
    panel.draw.save(update_fields=["drawn_at"])
    for days, place, agenda in [
        (-45, "Kajaanin kaupungintalo", "Tutustuminen, paneelin tehtävä ja työskentelytavat"),
        (-30, "Etäyhteys (Teams)", "Asiantuntijakuulemiset: liikkuvat palvelut ja etävastaanotto"),
        (-15, "Sotkamon kunnantalo", "Lausunnon kirjoittaminen ja hyväksyminen"),
    ]:
        services.add_meeting(
            panel=panel,
            data={
                "starts_at": timezone.now() + timedelta(days=days),
                "place": place,
                "agenda": agenda,
            },
        )
    services.add_material(
        panel=panel,
        data={
            "title": "Kainuun palveluverkkoselvitys (tiivistelmä)",
            "url": "https://example.test/kainuu/palveluverkko.pdf",
            "text": "",
        },
    )
    services.add_material(
        panel=panel,
        data={
            "title": "Paneelin pelisäännöt",
            "url": "",
            "text": "Kaikilla on oikeus tulla kuulluksi. Puhumme yksi kerrallaan.",
        },
    )
    services.add_hearing(
        panel=panel,
        data={
            "expert_name": "Liikkuvien palvelujen päällikkö",
            "topic": "Hyvinvointiauto ja kotiin vietävät palvelut",
            "held_on": today - timedelta(days=30),
        },
    )
    services.advance_status(panel=panel)
    services.publish_statement(
        panel=panel,
        texts={
            "statement_fi": (
                "Paneeli esittää, että jokaisessa kunnassa säilyy vähintään yksi paikka, "
                "jossa voi asioida kasvokkain. Hyvinvointiauton reitit suunnitellaan yhdessä "
                "kyläyhdistysten kanssa, ja etävastaanottoon tarjotaan opastusta."
            ),
            "statement_sv": (
                "Panelen föreslår att varje kommun behåller minst ett ställe för personlig "
                "service. Välfärdsbilens rutter planeras tillsammans med byföreningarna."
            ),
            "statement_en": "",
        },
        given_on=today - timedelta(days=14),
    )
    services.publish_response(
        panel=panel,
        texts={
            "response_fi": (
                "Aluehallitus kiittää paneelia. Kasvokkaisen asioinnin paikka säilytetään "
                "jokaisessa kunnassa vuoden 2027 palveluverkkopäätöksessä, ja "
                "hyvinvointiauton reitit käsitellään kyläyhdistysten kanssa keväällä."
            ),
            "response_sv": "",
            "response_en": "",
        },
        by="Kainuun hyvinvointialueen aluehallitus",
        given_on=today - timedelta(days=3),
    )


def _customer_panel(county: County) -> None:
    rng = random.Random(SEED + 1)  # noqa: S311 - fictional demo data
    panel = services.create_panel(
        county=county,
        data={
            "title_fi": CUSTOMER_PANEL,
            "title_sv": "Kundpanel för äldreomsorgen",
            "title_en": "Customer panel for older people's services",
            "description_fi": "Asiakasraati arvioi kotihoidon ja palvelutalojen asiakaskokemusta.",
            "seats": 12,
            "volunteer_deadline": timezone.localdate() + timedelta(days=21),
        },
    )
    _sample(panel, 40, rng)
    Panel.objects.filter(pk=panel.pk).update(status=Panel.Status.VOLUNTEERING)
