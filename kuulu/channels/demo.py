"""Demo channels for the demo county: one of every type, in Finnish, Swedish and English.

All people are fictional. Idempotent by slug: a channel that exists is left as it is,
with its members, requests and meetings."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from kuulu.channels import services
from kuulu.channels.models import Channel, Role
from kuulu.organisation.models import County, Municipality, Person

# (slug, kind, council, (fi, sv, en) names, (fi, sv, en) purposes, rhythm fi, applications)
CHANNELS = [
    (
        "nuorisovaltuusto",
        "statutory_council",
        "youth",
        ("Aluenuorisovaltuusto", "Regionala ungdomsfullmäktige", "Regional youth council"),
        (
            "Nuoret kertovat, miltä sote-palvelut näyttävät heidän silmissään, ja antavat "
            "lausuntoja nuoria koskevista suunnitelmista.",
            "Unga berättar hur social- och hälsovården ser ut ur deras synvinkel och ger "
            "utlåtanden om planer som gäller unga.",
            "Young people tell how social and health services look from where they stand and "
            "give statements on plans that affect the young.",
        ),
        "Kerran kuukaudessa, kesää lukuun ottamatta",
        True,
    ),
    (
        "vanhusneuvosto",
        "statutory_council",
        "older_people",
        ("Vanhusneuvosto", "Äldrerådet", "Council for older people"),
        (
            "Ikäihmisten ääni hyvinvointialueen päätöksiin: neuvosto seuraa palvelujen "
            "toimivuutta ja lausuu ikäihmisiä koskevista asioista ennen päätöksiä.",
            "De äldres röst i välfärdsområdets beslut: rådet följer hur tjänsterna fungerar och "
            "yttrar sig om frågor som gäller äldre innan besluten fattas.",
            "Older people's voice in the county's decisions: the council follows how services "
            "work and gives statements on matters affecting older people before decisions.",
        ),
        "Noin kuusi kertaa vuodessa",
        False,
    ),
    (
        "vammaisneuvosto",
        "statutory_council",
        "disability",
        ("Vammaisneuvosto", "Rådet för personer med funktionsnedsättning", "Disability council"),
        (
            "Neuvosto tuo vammaisten ihmisten kokemukset palvelujen suunnitteluun ja "
            "arvioi, ovatko palvelut kaikkien saavutettavissa.",
            "Rådet för in erfarenheter från personer med funktionsnedsättning i planeringen av "
            "tjänsterna och bedömer om tjänsterna är tillgängliga för alla.",
            "The council brings the experience of disabled people into service planning and "
            "checks whether services are accessible to everyone.",
        ),
        "Noin kuusi kertaa vuodessa",
        False,
    ),
    (
        "asiakasraati-kotihoito",
        "customer_panel",
        "",
        ("Kotihoidon asiakasraati", "Kundpanelen för hemvården", "Home care customer panel"),
        (
            "Kotihoidon asiakkaat ja heidän läheisensä arvioivat palvelua ja ehdottavat "
            "parannuksia yhdessä henkilöstön kanssa.",
            "Hemvårdens kunder och deras närstående bedömer tjänsten och föreslår förbättringar "
            "tillsammans med personalen.",
            "Home care customers and their close ones assess the service and suggest "
            "improvements together with the staff.",
        ),
        "Neljä tapaamista vuodessa",
        True,
    ),
    (
        "asukaspaneeli",
        "resident_panel",
        "",
        ("Asukaspaneeli", "Invånarpanelen", "Resident panel"),
        (
            "Arvalla valittu joukko asukkaita perehtyy yhteen kysymykseen ja antaa "
            "päättäjille yhteisen kannanoton, johon vastataan julkisesti.",
            "En grupp invånare som valts genom lottning sätter sig in i en fråga och ger "
            "beslutsfattarna ett gemensamt ställningstagande som besvaras offentligt.",
            "Residents chosen by lot study one question together and give decision-makers a "
            "joint statement, which gets a public response.",
        ),
        "Kolme viikonloppua paneelin aikana",
        False,
    ),
    (
        "kehittajaasiakkaat",
        "developer_customers",
        "",
        ("Kehittäjäasiakkaat", "Utvecklingskunder", "Developer customers"),
        (
            "Palvelujen käyttäjiä, jotka testaavat uusia toimintatapoja, lomakkeita ja "
            "sähköisiä palveluja ennen niiden käyttöönottoa.",
            "Tjänsteanvändare som testar nya arbetssätt, blanketter och e-tjänster innan de tas "
            "i bruk.",
            "Service users who try out new ways of working, forms and e-services before they "
            "are taken into use.",
        ),
        "Tarpeen mukaan, etukäteen sovittuna",
        True,
    ),
    (
        "kokemusasiantuntijat",
        "expert_bank",
        "",
        ("Kokemusasiantuntijapankki", "Erfarenhetsexpertbanken", "Experience-expert bank"),
        (
            "Koulutetut kokemusasiantuntijat tuovat oman kokemuksensa luennoille, "
            "kehittämisryhmiin ja työpareiksi ammattilaisille.",
            "Utbildade erfarenhetsexperter för in sina egna erfarenheter i föreläsningar, "
            "utvecklingsgrupper och som arbetspar till yrkesfolk.",
            "Trained experience experts bring their own experience to lectures, development "
            "groups and pair work with professionals.",
        ),
        "",
        False,
    ),
    (
        "vertaisryhma-omaishoitajat",
        "peer_group",
        "",
        ("Omaishoitajien vertaisryhmä", "Kamratgrupp för närståendevårdare", "Carers' peer group"),
        (
            "Omaishoitajat jakavat kokemuksia ja tukevat toisiaan koulutetun vertaistukijan "
            "ohjaamana.",
            "Närståendevårdare delar erfarenheter och stöder varandra under ledning av en "
            "utbildad kamratstödjare.",
            "Family carers share experiences and support each other, led by a trained peer "
            "supporter.",
        ),
        "Joka toinen tiistai",
        True,
    ),
    (
        "vaikuttajaverkosto",
        "influencer_network",
        "",
        ("Vaikuttajaverkosto", "Påverkarnätverket", "Influencer network"),
        (
            "Järjestöjen, yhdistysten ja aktiivisten asukkaiden verkosto, jolta kysytään "
            "näkemyksiä valmistelun alkuvaiheessa.",
            "Ett nätverk av organisationer, föreningar och aktiva invånare som tillfrågas tidigt "
            "i beredningen.",
            "A network of NGOs, associations and active residents whose views are asked early "
            "in the preparation of matters.",
        ),
        "Verkostotapaaminen keväällä ja syksyllä",
        True,
    ),
    (
        "oppimisverkosto",
        "learning_network",
        "",
        (
            "Osallisuuden oppimisverkosto",
            "Lärnätverket för delaktighet",
            "Participation learning network",
        ),
        (
            "Henkilöstö ja asukkaat oppivat yhdessä osallistavia menetelmiä ja jakavat "
            "kokeiluista saatuja oppeja.",
            "Personal och invånare lär sig delaktighetsmetoder tillsammans och delar lärdomar "
            "från försök.",
            "Staff and residents learn participatory methods together and share what "
            "experiments have taught them.",
        ),
        "Verkkotapaaminen kerran kuussa",
        True,
    ),
    (
        "asukasfoorumi",
        "resident_forum",
        "",
        ("Asukasfoorumi", "Invånarforum", "Resident forum"),
        (
            "Avoin keskustelutilaisuus, jossa asukkaat kysyvät ja johto vastaa. Kysymykset "
            "ja vastaukset julkaistaan.",
            "Ett öppet diskussionsmöte där invånarna frågar och ledningen svarar. Frågorna och "
            "svaren publiceras.",
            "An open meeting where residents ask and leaders answer. Questions and answers are "
            "published.",
        ),
        "Kaksi kertaa vuodessa eri kunnissa",
        False,
    ),
]

RHYTHM_SV_EN = {
    "Kerran kuukaudessa, kesää lukuun ottamatta": (
        "En gång i månaden utom på sommaren",
        "Once a month except in summer",
    ),
    "Noin kuusi kertaa vuodessa": ("Cirka sex gånger per år", "About six times a year"),
    "Neljä tapaamista vuodessa": ("Fyra träffar per år", "Four meetings a year"),
    "Kolme viikonloppua paneelin aikana": (
        "Tre veckoslut under panelens gång",
        "Three weekends during the panel",
    ),
    "Tarpeen mukaan, etukäteen sovittuna": (
        "Vid behov, enligt överenskommelse",
        "As needed, agreed in advance",
    ),
    "Joka toinen tiistai": ("Varannan tisdag", "Every other Tuesday"),
    "Verkostotapaaminen keväällä ja syksyllä": (
        "Nätverksträff på våren och hösten",
        "A network meeting in spring and autumn",
    ),
    "Verkkotapaaminen kerran kuussa": ("Webbträff en gång i månaden", "Online once a month"),
    "Kaksi kertaa vuodessa eri kunnissa": (
        "Två gånger per år i olika kommuner",
        "Twice a year in different municipalities",
    ),
}

# Members of the councils: fictional people; (first, last, municipality code, role).
# Each council leaves at least one municipality unrepresented, so the check shows a gap.
COUNCIL_MEMBERS = {
    "vanhusneuvosto": [
        ("Aila", "Keränen", "205", Role.CHAIR),
        ("Veikko", "Tolonen", "290", Role.VICE_CHAIR),
        ("Irma", "Kyllönen", "765", Role.MEMBER),
        ("Reino", "Pikkarainen", "777", Role.MEMBER),
        ("Sirkka", "Hyvönen", "620", Role.MEMBER),
        ("Eino", "Piirainen", "697", Role.MEMBER),
    ],
    "vammaisneuvosto": [
        ("Tuula", "Heikura", "205", Role.CHAIR),
        ("Janne", "Kähkönen", "290", Role.MEMBER),
        ("Marjo", "Oikarinen", "765", Role.VICE_CHAIR),
        ("Ari", "Juntunen", "777", Role.MEMBER),
        ("Heli", "Komulainen", "620", Role.MEMBER),
        ("Pasi", "Ronkainen", "697", Role.MEMBER),
        ("Kirsi", "Haverinen", "707", Role.MEMBER),
    ],
    "nuorisovaltuusto": [
        ("Emma", "Kilpeläinen", "205", Role.CHAIR),
        ("Leo", "Väisänen", "765", Role.MEMBER),
        ("Aada", "Karppinen", "777", Role.MEMBER),
        ("Onni", "Leinonen", "105", Role.MEMBER),
    ],
}

CONSENT_TEXT = (
    "Hyvinvointialue tallentaa nimesi, yhteystietosi, roolisi ja toimikautesi neuvoston "
    "jäsenyyttä, kokouskutsuja ja kokouspalkkioita varten. Nimesi ja roolisi näytetään "
    "julkisella sivulla, koska annoit siihen luvan."
)


def _channel(county: County, row: tuple) -> tuple[Channel, bool]:
    slug, kind, council, names, purposes, rhythm, applications = row
    existing = Channel.objects.filter(county=county, slug=slug).first()
    if existing is not None:
        return existing, False
    rhythm_sv, rhythm_en = RHYTHM_SV_EN.get(rhythm, ("", ""))
    data = {
        "kind": kind,
        "council": council,
        "slug": slug,
        "name_fi": names[0],
        "name_sv": names[1],
        "name_en": names[2],
        "purpose_fi": purposes[0],
        "purpose_sv": purposes[1],
        "purpose_en": purposes[2],
        "meeting_rhythm_fi": rhythm,
        "meeting_rhythm_sv": rhythm_sv,
        "meeting_rhythm_en": rhythm_en,
        "contact_name": "Kaisa Korhonen",
        "contact_email": "osallisuus@kuulu.example",
        "accepts_applications": applications,
        "is_published": True,
    }
    if applications:
        data |= {
            "who_may_join_fi": "Alueen asukkaat ja palvelujen käyttäjät.",
            "who_may_join_sv": "Invånare i området och de som använder tjänsterna.",
            "who_may_join_en": "Residents of the area and people who use the services.",
            "how_to_join_fi": "Hae lomakkeella; koordinaattori ottaa yhteyttä kahden viikon sisällä.",
            "how_to_join_sv": "Ansök med blanketten; koordinatorn kontaktar dig inom två veckor.",
            "how_to_join_en": "Apply with the form; the coordinator contacts you within two weeks.",
        }
    elif kind == "statutory_council":
        data |= {
            "who_may_join_fi": "Jäsenet nimetään kuntien vastaavista neuvostoista.",
            "who_may_join_sv": "Medlemmarna utses från kommunernas motsvarande råd.",
            "who_may_join_en": "Members are nominated from the municipalities' corresponding councils.",
        }
    return services.create_channel(county=county, data=data), True


def _members(county: County, channel: Channel, rows: list, term_start) -> dict:  # type: ignore[no-untyped-def]
    municipalities = {m.code: m for m in Municipality.objects.filter(county=county)}
    memberships = {}
    for first, last, code, role in rows:
        email = f"{channel.slug}.{code}@example.invalid"
        person = Person.objects.filter(county=county, email=email).first()
        if person is None:
            from kuulu.organisation import services as organisation_services

            person = organisation_services.create_person(
                county=county,
                data={
                    "kind": Person.Kind.RESIDENT,
                    "first_name": first,
                    "last_name": last,
                    "email": email,
                    "municipality": municipalities.get(code),
                },
            )
        memberships[code] = services.add_membership(
            channel=channel,
            person=person,
            role=role,
            term_start=term_start,
            term_end=term_start.replace(year=term_start.year + 2) - timedelta(days=1),
            seat=municipalities[code].name if code in municipalities else "",
            represents=municipalities.get(code),
        )
        services.record_consent(
            person=person, channel=channel, text=CONSENT_TEXT, public_listing=True
        )
    return memberships


def _hearings(channel: Channel, today) -> None:  # type: ignore[no-untyped-def]
    from kuulu.channels.models import StatementRequest

    answered = services.request_statement(
        channel=channel,
        title="Ikäihmisten palveluverkkosuunnitelma 2026-2030",
        draft_text="Suunnitelma kotihoidon, palveluasumisen ja päiväkeskusten sijainneista.",
        deadline=today,
    )
    StatementRequest.objects.filter(pk=answered.pk).update(
        requested_on=today - timedelta(days=60), deadline=today - timedelta(days=30)
    )
    answered.refresh_from_db()
    services.record_statement(
        statement_request=answered,
        text=(
            "Vanhusneuvosto pitää tärkeänä, että päiväkeskustoiminta säilyy jokaisessa "
            "kunnassa ja että kuljetukset järjestetään ennen muutoksia."
        ),
        given_on=today - timedelta(days=35),
        given_by="Vanhusneuvosto kokouksessaan",
    )
    services.record_response(
        statement_request=answered,
        text="Päiväkeskukset säilyvät kaikissa kunnissa; kuljetusten järjestäminen selvitetään.",
        responder="Aluehallitus",
        responded_on=today - timedelta(days=10),
    )
    late = services.request_statement(
        channel=channel,
        title="Kotihoidon asiakasmaksujen muutos",
        draft_text="Luonnos kotihoidon tasamaksujen tarkistamisesta.",
        deadline=today,
    )
    StatementRequest.objects.filter(pk=late.pk).update(
        requested_on=today - timedelta(days=25), deadline=today - timedelta(days=12)
    )
    late.refresh_from_db()
    services.record_statement(
        statement_request=late,
        text="Neuvosto toivoo, että maksujen vaikutukset pienituloisiin arvioidaan.",
        given_on=today - timedelta(days=5),
        given_by="Vanhusneuvoston puheenjohtaja neuvoston valtuuttamana",
    )
    services.request_statement(
        channel=channel,
        title="Omaishoidon tuen myöntämisperusteet",
        draft_text="Luonnos uusista myöntämisperusteista.",
        deadline=today + timedelta(days=21),
    )


def _meeting(channel: Channel, memberships: dict, today) -> None:  # type: ignore[no-untyped-def]
    services.set_fees(
        channel=channel,
        fees={
            Role.CHAIR: Decimal("120.00"),
            Role.VICE_CHAIR: Decimal("90.00"),
            Role.SECRETARY: Decimal("80.00"),
            Role.MEMBER: Decimal("80.00"),
            Role.DEPUTY: Decimal("80.00"),
        },
    )
    held = services.save_meeting(
        channel=channel,
        starts_at=timezone.make_aware(datetime.combine(today - timedelta(days=14), time(13, 0))),
        place="Kajaanin kaupungintalo, kokoushuone 2",
        agenda=[
            "Kokouksen avaus ja läsnäolijat",
            "Palveluverkkosuunnitelman tilanne",
            "Asiakasmaksujen muutos: lausunnon valmistelu",
            "Muut asiat",
        ],
        minutes=(
            "Neuvosto kävi läpi palveluverkkosuunnitelman tilanteen ja valmisteli lausunnon "
            "asiakasmaksujen muutoksesta. Seuraava kokous pidetään verkossa."
        ),
    )
    statuses = {m.pk: "present" for m in memberships.values()}
    absent = memberships.get("697")
    if absent is not None:
        statuses[absent.pk] = "absent"
    services.record_attendance(meeting=held, statuses=statuses)
    services.save_meeting(
        channel=channel,
        starts_at=timezone.make_aware(datetime.combine(today + timedelta(days=21), time(13, 0))),
        online=True,
        agenda=["Kokouksen avaus", "Omaishoidon tuen myöntämisperusteet: lausunto"],
    )


def load_channels_demo(county: County) -> int:
    """Create the demo channels that are missing; return how many were created."""
    today = timezone.localdate()
    # The terms began on 1 January of the year the demo's past meeting and hearings fall in
    # (in early January that is last year, so the members were members on those days).
    term_start = (today - timedelta(days=90)).replace(month=1, day=1)
    created = 0
    channels: dict[str, Channel] = {}
    for row in CHANNELS:
        channel, is_new = _channel(county, row)
        channels[channel.slug] = channel
        if not is_new:
            continue
        created += 1
        memberships = _members(county, channel, COUNCIL_MEMBERS.get(channel.slug, []), term_start)
        if channel.slug == "vanhusneuvosto":
            resident = Person.objects.filter(county=county, email="asukas@kuulu.example").first()
            if resident is not None:
                services.add_membership(
                    channel=channel, person=resident, role=Role.SECRETARY, term_start=term_start
                )
            _hearings(channel, today)
            _meeting(channel, memberships, today)
        if channel.slug == "nuorisovaltuusto":
            services.submit_application(
                channel=channel,
                name="Venla Heikkinen",
                email="venla.heikkinen@example.invalid",
                phone="",
                municipality=Municipality.objects.filter(county=county, code="290").first(),
                motivation=(
                    "Olen Kuhmon nuorisovaltuuston jäsen ja haluan, että nuorten "
                    "mielenterveyspalvelut paranevat."
                ),
                seat_wish="Kuhmo",
                public_listing=True,
                language="fi",
                consent=True,
            )
    return created
