"""The demo county's impact assessments and dialogues: the two templates, one finished and
published children's impact assessment (family centre opening hours) and one Erätauko dialogue
with a published summary (loneliness of older people). Idempotent: what exists is kept."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from kuulu.assessments import dialogues, services
from kuulu.assessments.models import Assessment, AssessmentTemplate, Dialogue, TemplateStep
from kuulu.organisation.models import County, Person, Unit

ASSESSMENT_TITLE = "Perhekeskuksen aukioloaikojen muutos Kajaanissa"
DIALOGUE_THEME = "Yksinäisyys ikääntyessä Kainuussa"

ANSWERS = [
    "Kajaanin perhekeskuksen asiakasperheiden alle kouluikäiset lapset (noin 900 lasta) ja "
    "koululaiset, jotka käyvät iltapäivisin nuorten vastaanotolla. Erityisesti vuorotyötä "
    "tekevien vanhempien lapset ja lapset, joiden perhe asuu kaukana keskustasta.",
    "Kysyimme 6.-9.-luokkalaisilta Kuulun kyselyllä (214 vastausta) ja kävimme kahdessa "
    "päiväkodissa kuvakorttien kanssa. Nuoret toivoivat iltavastaanottoa, koska koulupäivän "
    "aikana vastaanotolle lähteminen näkyy luokkakavereille. Pienet lapset kertoivat, että "
    "odottaminen on tylsää, jos aulassa ei ole tekemistä. Nuorisovaltuusto antoi lausunnon.",
    "Lapsen etu: iltavastaanotto parantaa nuorten mahdollisuutta hakea apua itse. "
    "Aamuaukiolon lyhentäminen heikentäisi vuorotyötä tekevien perheiden pääsyä neuvolaan, "
    "mikä voi viivästyttää lasten terveystarkastuksia. Syrjimättömyys: kaukana asuvat perheet "
    "tarvitsevat etäasioinnin.",
    "Vaihtoehto A: nykyiset ajat. Vaihtoehto B: aamuaukiolo lyhenee tunnilla ja tiistaisin on "
    "iltavastaanotto klo 19 asti. Vaihtoehto C: B ja lisäksi etävastaanotto kerran viikossa. "
    "Lasten kannalta C on paras, B toiseksi paras; A ei vastaa nuorten toiveeseen.",
    "Esitetään vaihtoehtoa C. Lapsille ja nuorille kerrotaan päätöksestä koulujen kautta ja "
    "nuorisovaltuustolle. Käyntimääriä ja nuorten kokemusta seurataan puolen vuoden päästä "
    "uudella kyselyllä.",
]

SUMMARY = (
    "Lapsivaikutusten arvioinnin perusteella esitetään, että perhekeskus pitää tiistaisin "
    "iltavastaanoton klo 19 asti ja tarjoaa etävastaanoton kerran viikossa. Muutos parantaa "
    "nuorten mahdollisuutta hakea apua omatoimisesti. Aamuaukiolon lyhentämisen haitta "
    "vuorotyötä tekeville perheille lievennetään ajanvarauksella. Lapsia kuultiin kyselyllä ja "
    "päiväkotikäynneillä; vaikutuksia seurataan puolen vuoden kuluttua."
)

NOTES = [
    (
        "Arjen yksinäisyys",
        "Kun puoliso kuoli, päivät venyivät pitkiksi. Kauppareissu on viikon ainoa tapaaminen.",
    ),
    ("Arjen yksinäisyys", "Moni ei kehtaa sanoa olevansa yksinäinen, se tuntuu häpeälliseltä."),
    ("Mikä auttaa", "Kotihoidon käynti on kiireinen, mutta jo yksi kysymys kuulumisista auttaa."),
    ("Mikä auttaa", "Kylän kerhoon pääsisi, jos olisi kyyti. Soittakaa minulle 040 123 4567."),
    ("Mikä auttaa", "Puhelinystävätoiminta voisi sopia niille, jotka eivät pääse liikkeelle."),
]

LEARNT = (
    "Yksinäisyys liittyy usein elämänmuutokseen, kuten puolison kuolemaan tai ajokyvyn "
    "menetykseen. Siitä on vaikea puhua, joten kysymys kuulumisista kotihoidon käynnillä on "
    "tärkeä. Kuljetus kerhoihin ja puhelinystävätoiminta nousivat esiin konkreettisina "
    "keinoina. Jatkossa kotihoito kokeilee kuulumiskysymystä ja kartoittaa kyytitarpeet."
)


def _person(county: County, email: str) -> Person | None:
    return Person.objects.filter(county=county, user__email=email).first()


def _load_assessment(county: County) -> int:
    if Assessment.objects.filter(county=county, title=ASSESSMENT_TITLE).exists():
        return 0
    owner = _person(county, "perhekeskus@kuulu.example")
    if owner is None:
        return 0
    template = AssessmentTemplate.objects.get(county=county, kind="children")
    assessment = services.start_assessment(
        template=template,
        owner=owner,
        title=ASSESSMENT_TITLE,
        unit=Unit.objects.filter(county=county, code="family-centre").first(),
        decision_title="Perhekeskuksen palveluajat 1.3. alkaen",
        decision_body="Perhe- ja sosiaalipalvelujen lautakunta",
        decision_number="§ 14",
        decision_date=date(2026, 2, 12),
        decision_url="https://kuulu.example/paatokset/perhepalvelut-14",
    )
    created = 1
    collaborator = _person(county, "sosiaalityontekija@kuulu.example")
    if collaborator is not None:
        services.add_collaborator(assessment=assessment, person=collaborator)
    steps = list(template.steps.filter(kind=TemplateStep.Kind.TEXT))
    for step, text in zip(steps, ANSWERS, strict=False):
        services.save_answer(assessment=assessment, step=step, text=text)
        created += 1
    services.complete_assessment(assessment=assessment, summary=SUMMARY)
    services.publish_assessment(assessment=assessment)
    return created


def _load_dialogue(county: County) -> int:
    if Dialogue.objects.filter(county=county, theme=DIALOGUE_THEME).exists():
        return 0
    facilitator = _person(county, "koordinaattori@kuulu.example")
    if facilitator is None:
        return 0
    starts = timezone.localtime(timezone.now()).replace(hour=13, minute=0, second=0, microsecond=0)
    starts = datetime.combine(
        (starts - timedelta(days=14)).date(), starts.time(), ZoneInfo("Europe/Helsinki")
    )
    dialogue = dialogues.plan_dialogue(
        county=county,
        facilitator=facilitator,
        created_by=facilitator,
        theme=DIALOGUE_THEME,
        invitation=(
            "Tervetuloa Erätauko-keskusteluun yksinäisyydestä. Haluamme kuulla, miltä "
            "yksinäisyys tuntuu ja mikä sitä helpottaa. Keskusteluun ei tarvitse valmistautua."
        ),
        participants="Ikäihmisiä, omaisia, kotihoidon työntekijöitä ja järjestöjen vapaaehtoisia.",
        planned_count=14,
        starts_at=starts,
        place="Kajaanin kaupunginkirjasto, Kajaani",
        unit=Unit.objects.filter(county=county, code="older-homecare").first(),
        is_announced=True,
    )
    created = 1
    themes = {}
    for theme_title, text in NOTES:
        if theme_title not in themes:
            themes[theme_title] = dialogues.add_theme(dialogue=dialogue, title=theme_title)
            created += 1
        dialogues.add_note(dialogue=dialogue, text=text, theme=themes[theme_title])
        created += 1
    dialogues.publish_dialogue(dialogue=dialogue, learnt=LEARNT, held_count=13)
    return created


def load_assessments_demo(county: County) -> int:
    created = services.ensure_templates(county=county)
    created += _load_assessment(county)
    created += _load_dialogue(county)
    return created
