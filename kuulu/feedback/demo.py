"""Demo feedback: themes, reply templates, about sixty feedback items across the demo units,
two "you said, we did" items, a formal complaint with its answer and an initiative with its
notice and outcome. All texts are invented for the demo.

Rows are written directly (not through services) so that loading the demo sends no email and
needs no triage model. Idempotent: nothing is added when the county already has themes."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from kuulu.feedback.models import (
    Complaint,
    ComplaintAnswer,
    ComplaintEvent,
    ComplaintRouting,
    Feedback,
    FeedbackEvent,
    FeedbackHandler,
    Initiative,
    InitiativeSigner,
    PublishedFeedback,
    ReplyTemplate,
    Theme,
    new_reference,
)
from kuulu.feedback.rollup import rebuild_rollup
from kuulu.feedback.services import complaint_due_date, due_date_for, handler_notice_due_date
from kuulu.organisation.models import County, Municipality, Person, Unit

THEMES = [
    ("access", "Hoitoon pääsy", "Tillgång till vård", "Access to care"),
    ("waiting", "Jonotus ja odotusajat", "Köer och väntetider", "Waiting times"),
    ("being_met", "Kohtaaminen", "Bemötande", "Being met"),
    ("information", "Tiedonsaanti", "Information", "Information"),
    ("safety", "Turvallisuus", "Säkerhet", "Safety"),
    ("accessibility", "Esteettömyys", "Tillgänglighet", "Accessibility"),
    ("staff_conduct", "Henkilöstön toiminta", "Personalens agerande", "Staff conduct"),
    ("facilities", "Tilat", "Lokaler", "Facilities"),
    ("digital", "Digitaaliset palvelut", "Digitala tjänster", "Digital services"),
    ("costs", "Asiakasmaksut", "Klientavgifter", "Costs"),
]

TEMPLATES = [
    (
        "praise",
        ("Kiitos kehuista", "Tack för berömmet", "Thank you for the praise"),
        (
            "Kiitos, että kerroit kokemuksestasi. Välitämme kiitoksesi tiimille, joka on siitä "
            "varmasti iloinen. Hyvä palaute kertoo meille, mitä kannattaa jatkaa. Voit aina ottaa "
            "yhteyttä yksikköön, jos haluat kertoa lisää.",
            "Tack för att du berättade om din upplevelse. Vi för vidare ditt tack till teamet. "
            "Positiv respons visar oss vad vi ska fortsätta med. Du kan alltid kontakta enheten "
            "om du vill berätta mer.",
            "Thank you for telling us about your experience. We will pass your thanks on to the "
            "team. Good feedback shows us what to keep doing. You are always welcome to contact "
            "the unit if you want to tell us more.",
        ),
    ),
    (
        "dissatisfaction",
        (
            "Vastaus tyytymättömyyteen",
            "Svar på missnöje",
            "Reply to dissatisfaction",
        ),
        (
            "Kiitos, että kerroit meille tästä. Ymmärrämme, että tilanne on ollut sinulle "
            "hankala, ja pahoittelemme sitä. Selvitimme asian yksikössä: [mitä selvisi]. "
            "Jatkossa [mitä muutamme]. Jos haluat tehdä asiasta muistutuksen tai tarvitset "
            "neuvoja, potilas- ja sosiaaliasiavastaava auttaa maksutta. Tavoitat meidät "
            "numerosta [puhelinnumero].",
            "Tack för att du berättade detta för oss. Vi förstår att situationen har varit svår "
            "och beklagar det. Vi har utrett saken: [vad som framkom]. Framöver [vad vi ändrar]. "
            "Om du vill göra en anmärkning eller behöver råd hjälper patient- och "
            "socialombudsmannen kostnadsfritt. Du når oss på [telefonnummer].",
            "Thank you for telling us about this. We understand the situation has been difficult "
            "for you, and we are sorry. We looked into it: [what we found]. From now on "
            "[what we change]. If you want to make a formal complaint or need advice, the "
            "patient and social-care ombudsman helps free of charge. You can reach us at "
            "[phone number].",
        ),
    ),
    (
        "question",
        ("Vastaus kysymykseen", "Svar på fråga", "Answer to a question"),
        (
            "Kiitos kysymyksestäsi. [Vastaus.] Jos jokin jäi epäselväksi, soita meille "
            "numeroon [puhelinnumero] tai vastaa tähän viestiin.",
            "Tack för din fråga. [Svar.] Om något är oklart kan du ringa oss på "
            "[telefonnummer] eller svara på detta meddelande.",
            "Thank you for your question. [Answer.] If anything is unclear, call us at "
            "[phone number] or reply to this message.",
        ),
    ),
]

# (kind, theme code, text) written for the demo; the unit is chosen below.
TEXTS = [
    ("praise", "being_met", "Hoitaja oli todella ystävällinen ja kuunteli rauhassa."),
    ("praise", "staff_conduct", "Kotihoidon työntekijät ovat aina ajoissa ja iloisia."),
    ("praise", "information", "Sain selkeät ohjeet kotiin lähtiessä, kiitos!"),
    ("praise", "being_met", "Lapseni rokotus sujui hienosti, hoitaja osasi rauhoitella."),
    ("idea", "digital", "Olisi hyvä, jos ajanvarauksen voisi perua tekstiviestillä."),
    ("idea", "facilities", "Odotustilaan voisi tuoda lasten leikkinurkkauksen."),
    ("idea", "accessibility", "Pääovelle tarvitaan automaattiovi, pyörätuolilla on vaikeaa."),
    ("idea", "information", "Ruokalistat voisi jakaa myös selkokielellä."),
    ("question", "costs", "Miten asiakasmaksu määräytyy kotihoidossa?"),
    ("question", "access", "Milloin laboratorio on auki lauantaisin?"),
    ("question", "digital", "Miksi en pääse kirjautumaan sähköiseen asiointiin?"),
    ("dissatisfaction", "waiting", "Jonotin puhelimessa tunnin ennen kuin pääsin läpi."),
    ("dissatisfaction", "waiting", "Lääkäriaikaa joutui odottamaan kolme viikkoa."),
    ("dissatisfaction", "facilities", "Pysäköintipaikkoja on liian vähän aamuisin."),
    ("dissatisfaction", "information", "Kukaan ei kertonut, että käynti oli siirretty."),
    ("dissatisfaction", "accessibility", "Verkkosivun lomake ei toimi ruudunlukijalla."),
    ("praise", "access", "Pääsin vastaanotolle samana päivänä, hienoa!"),
    ("idea", "being_met", "Omahoitaja olisi hyvä kaikille kotihoidon asiakkaille."),
    ("question", "information", "Mistä saan tietoa omaishoidon tuesta?"),
    ("praise", "safety", "Äitini kaatumisen jälkeen apu tuli nopeasti. Kiitos."),
]

# Recent feedback on two matters in three languages, so that the emerging-topics view has
# something to show (parking and phone call-backs); replaces the last items of the loop below.
EMERGING = [
    ("dissatisfaction", "facilities", "fi", "Terveysaseman pysäköintialue on taas täynnä."),
    ("dissatisfaction", "facilities", "sv", "Parkeringen vid hälsocentralen är alltid full."),
    ("dissatisfaction", "facilities", "en", "There is never any free parking at the clinic."),
    ("idea", "facilities", "fi", "Pysäköintiaikaa pitäisi pidentää, kolme tuntia ei riitä."),
    ("dissatisfaction", "facilities", "fi", "Parkkipaikkaa etsiessä myöhästyin vastaanotolta."),
    ("dissatisfaction", "facilities", "sv", "Jag hittade ingen parkering och kom för sent."),
    ("dissatisfaction", "waiting", "fi", "Takaisinsoittoa ei tullut, vaikka jätin soittopyynnön."),
    ("dissatisfaction", "waiting", "sv", "Jag bad om återuppringning men ingen ringde."),
    ("dissatisfaction", "waiting", "en", "I asked for a call back and nobody called me."),
    ("dissatisfaction", "waiting", "fi", "Soittopyyntöön vastattiin vasta kolmen päivän päästä."),
    ("question", "waiting", "fi", "Miksi takaisinsoitto ei toimi iltapäivisin?"),
    ("dissatisfaction", "waiting", "en", "The phone queue was an hour and the callback failed."),
]

UNIT_CODES = [
    "older-homecare-kajaani",
    "older-homecare-kuhmo",
    "older-homecare",
    "older-housing-sotkamo",
    "health-centre-kajaani",
    "health-centre-suomussalmi",
    "family-centre",
    "health-oral",
]

CHANNELS = ["web", "web", "web", "unit_link", "unit_link", "phone", "paper", "in_person"]


# Listed in the README: the demo county's Open311 partner application key. Demo data only; a
# real county creates partner keys in the workspace under "API tokens".
DEMO_OPEN311_KEY = "kuulu_demo_open311_partner_key"


def demo_partner_key() -> int:
    """An API token with a known value for a fictional partner application (no roles)."""
    from kuulu.accounts.models import User
    from kuulu.integrations.models import ApiToken
    from kuulu.integrations.services import hash_token

    if ApiToken.objects.filter(token_hash=hash_token(DEMO_OPEN311_KEY)).exists():
        return 0
    partner = User.objects.filter(email="palautesovellus@kuulu.example").first()
    if partner is None:
        partner = User.objects.create_user(email="palautesovellus@kuulu.example", password=None)
    ApiToken.objects.create(
        user=partner,
        name="Demo partner application (Open311)",
        token_hash=hash_token(DEMO_OPEN311_KEY),
        prefix=DEMO_OPEN311_KEY[:12],
    )
    return 1


def load_feedback_demo(county: County) -> int:
    demo_partner_key()
    if Theme.objects.filter(county=county).exists():
        return 0
    created = 0
    themes = {}
    for position, (code, fi, sv, en) in enumerate(THEMES):
        themes[code] = Theme.objects.create(
            county=county, code=code, name_fi=fi, name_sv=sv, name_en=en, position=position
        )
        created += 1
    for kind, titles, bodies in TEMPLATES:
        ReplyTemplate.objects.create(
            county=county,
            kind=kind,
            title_fi=titles[0],
            title_sv=titles[1],
            title_en=titles[2],
            body_fi=bodies[0],
            body_sv=bodies[1],
            body_en=bodies[2],
        )
        created += 1
    units = {u.code: u for u in Unit.objects.filter(county=county, code__in=UNIT_CODES)}
    manager = Person.objects.filter(county=county, email="esihenkilo@kuulu.example").first()
    coordinator = Person.objects.filter(county=county, email="koordinaattori@kuulu.example").first()
    manager_user = manager.user if manager else None
    coordinator_user = coordinator.user if coordinator else None
    homecare = Unit.objects.filter(county=county, code="older-homecare").first()
    if manager_user is not None and homecare is not None:
        FeedbackHandler.objects.get_or_create(unit=homecare, user=manager_user)
    rng = random.Random(20260301)  # noqa: S311 - demo data, not security
    now = timezone.now()
    items: list[Feedback] = []
    for n in range(60):
        kind, theme_code, text = TEXTS[n % len(TEXTS)]
        language = "fi" if n % 10 else "sv"
        unit = units.get(UNIT_CODES[n % len(UNIT_CODES)]) if units else None
        received = now - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        recent = n - (60 - len(EMERGING))
        if recent >= 0:
            kind, theme_code, language, text = EMERGING[recent]
            received = now - timedelta(days=1 + recent * 2, hours=n % 24)
        wants_reply = kind in ("question", "dissatisfaction") and n % 3 != 0
        status = rng.choice(["received", "in_progress", "answered", "closed", "closed"])
        if received > now - timedelta(days=3):
            status = "received"
        feedback = Feedback.objects.create(
            county=county,
            reference=new_reference("PA"),
            kind=kind,
            channel=CHANNELS[n % len(CHANNELS)],
            unit=unit if n % 7 else None,
            theme=themes[theme_code] if status != "received" else None,
            text=text,
            language=language,
            score=rng.choice([None, 10, 9, 9, 8, 7, 6, 3, 10, 9]),
            wants_reply=wants_reply,
            contact_name="Demo Asiakas" if wants_reply else "",
            contact_email=f"asiakas{n}@example.test" if wants_reply else "",
            status=status,
            received_at=received,
            due_on=due_date_for(
                kind, wants_reply=wants_reply, received=timezone.localdate(received)
            ),
            answered_at=received + timedelta(days=3) if status in ("answered", "closed") else None,
            last_answered_at=received + timedelta(days=3)
            if status in ("answered", "closed")
            else None,
            closed_at=received + timedelta(days=5) if status == "closed" else None,
            suggested_kind=kind,
            suggested_theme=themes[theme_code],
            suggested_unit=unit,
            triage_confirmed=status != "received" and bool(unit) and bool(n % 7),
            triage_model_version="demo",
            assignee=manager_user if status == "in_progress" and n % 2 else None,
        )
        FeedbackEvent.objects.create(
            feedback=feedback, kind="received", to_value=feedback.channel, at=received
        )
        if status in ("answered", "closed"):
            FeedbackEvent.objects.create(
                feedback=feedback,
                kind="reply" if wants_reply else "status",
                text="Kiitos palautteesta, asia on käsitelty yksikössä." if wants_reply else "",
                from_value="" if wants_reply else "in_progress",
                to_value="" if wants_reply else "answered",
                actor=manager_user,
                at=received + timedelta(days=3),
                sent_at=received + timedelta(days=3) if wants_reply else None,
            )
        items.append(feedback)
        created += 1
    published = [
        (
            "Jonotin puhelimessa tunnin ennen kuin pääsin läpi.",
            "Otimme käyttöön takaisinsoiton: jätä numerosi, niin soitamme sinulle saman päivän "
            "aikana.",
        ),
        (
            "Pääovelle tarvitaan automaattiovi, pyörätuolilla on vaikeaa.",
            "Terveysaseman pääovi vaihdettiin automaattiovaksi maaliskuussa.",
        ),
    ]
    for said, did in published:
        match = next(
            (f for f in items if f.text == said and f.status in ("answered", "closed")), None
        )
        if match is None:
            match = next(f for f in items if f.text == said)
            Feedback.objects.filter(pk=match.pk).update(status="closed", closed_at=now)
        PublishedFeedback.objects.create(
            feedback=match, masked_text=said, masked_response=did, published_by=coordinator_user
        )
        created += 1
    created += _complaint_demo(county, manager_user)
    created += _initiative_demo(county, coordinator_user)
    # The demo rows are made past the services: the dashboard's roll-up is built here.
    rebuild_rollup(county.pk, None)
    # And the first emerging topics (the task worker computes them again every night).
    from kuulu.feedback.topics.services import compute_topics

    compute_topics(county.pk)
    return created


def _complaint_demo(county: County, director) -> int:  # type: ignore[no-untyped-def]
    homecare = Unit.objects.filter(county=county, code="older-homecare").first()
    team = Unit.objects.filter(county=county, code="older-homecare-kajaani").first()
    if director is not None and homecare is not None:
        ComplaintRouting.objects.get_or_create(unit=homecare, defaults={"director": director})
    received = timezone.now() - timedelta(days=20)
    complaint = Complaint.objects.create(
        county=county,
        reference=new_reference("MU"),
        act=Complaint.Act.SOCIAL_CARE,
        unit=team,
        complainant_name="Demo Omainen",
        complainant_email="omainen@example.test",
        relationship=Complaint.Relationship.RELATIVE,
        subject_name="Demo Asiakas",
        description=(
            "Isäni kotihoidon käynnit ovat jääneet useita kertoja väliin ilman ilmoitusta. "
            "Lääkkeet ovat jääneet ottamatta."
        ),
        desired_outcome="Käynnit toteutuvat sovitusti ja poikkeuksista ilmoitetaan omaisille.",
        received_at=received,
        due_on=complaint_due_date(timezone.localdate(received)),
        director=director,
        status=Complaint.Status.ANSWERED,
    )
    ComplaintEvent.objects.create(complaint=complaint, kind="received", at=received)
    ComplaintAnswer.objects.create(
        complaint=complaint,
        text=(
            "Pahoittelemme väliin jääneitä käyntejä. Käyntien suunnittelu on siirretty uuteen "
            "toiminnanohjausjärjestelmään, ja jokaisesta peruuntuvasta käynnistä ilmoitetaan "
            "omaiselle samana päivänä."
        ),
        reasons=(
            "Selvityksen mukaan kolme käyntiä jäi toteutumatta henkilöstövajeen vuoksi. "
            "Sosiaalihuollon asiakkaalla on oikeus laadultaan hyvään sosiaalihuoltoon."
        ),
        signer_name="Mikko Heikkinen",
        signer_title="Kotihoidon palveluesihenkilö",
        signed_by=director,
        sent_on=timezone.localdate() - timedelta(days=5),
        delivery=ComplaintAnswer.Delivery.LETTER,
    )
    ComplaintEvent.objects.create(
        complaint=complaint, kind="answered", to_value="answered", actor=director
    )
    return 1


def _initiative_demo(county: County, coordinator) -> int:  # type: ignore[no-untyped-def]
    received = timezone.now() - timedelta(days=75)
    day = timezone.localdate(received)
    initiative = Initiative.objects.create(
        county=county,
        reference=new_reference("AL"),
        title="Terveysaseman pihalle penkkejä ja katos",
        text=(
            "Ehdotamme, että terveysaseman pihalle tehdään katettu odotuspaikka penkkeineen. "
            "Taksia tai bussia odotetaan nyt seisten sateessa."
        ),
        unit=Unit.objects.filter(county=county, code="health").first(),
        received_at=received,
        handler_notice_due=handler_notice_due_date(day),
        handler_notice_sent_on=day + timedelta(days=12),
        handled_by=coordinator,
        handler_description="Terveyspalvelujen tilapäällikkö",
        expected_decision="Päätös tehdään kevään investointisuunnitelmassa.",
        outcome="Katos ja kaksi penkkiä rakennetaan kesällä. Kiitos aloitteesta!",
        outcome_sent_on=day + timedelta(days=60),
        status=Initiative.Status.DECIDED,
    )
    municipality = Municipality.objects.filter(county=county, code="205").first()
    InitiativeSigner.objects.create(
        initiative=initiative,
        name="Demo Aloitteentekijä",
        email="aloite@example.test",
        basis=InitiativeSigner.Basis.RESIDENT,
        municipality=municipality,
        is_contact=True,
    )
    InitiativeSigner.objects.create(
        initiative=initiative,
        name="Demo Eläkeläisyhdistys",
        basis=InitiativeSigner.Basis.NGO,
        organisation="Demo Eläkeläisyhdistys ry",
        position=1,
    )
    return 1
