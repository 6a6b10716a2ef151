"""Demo content for e-learning: the orientation package on participation, the recorded
lecture on receiving customer feedback, and the "Kuulolla" podcast. All text is fictional.

Idempotent: courses are found by their Finnish title, media items by series and episode (or
title), so running it twice creates nothing the second time."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from kuulu.learning.models import Course, MediaItem, Module, QuizChoice, QuizQuestion
from kuulu.organisation.models import County

SERIES = "Kuulolla"

# (episode, internal, fi, sv, en, minutes, transcript)
EPISODES = [
    (
        1,
        True,
        "Mitä osallisuus on arjen työssä?",
        "Vad är delaktighet i det dagliga arbetet?",
        "What participation means in daily work",
        24,
        "Juontaja: Tervetuloa Kuulolla-podcastiin. Tänään puhumme siitä, miltä osallisuus "
        "näyttää kotihoidon käynnillä.\n\nVieras: Osallisuus alkaa siitä, että asiakas saa "
        "kertoa, mikä hänelle on tärkeää, ja että kerrottu vaikuttaa siihen, mitä teemme.",
    ),
    (
        2,
        True,
        "Kehittäjäasiakkaat mukaan suunnitteluun",
        "Utvecklarklienter med i planeringen",
        "Bringing developer customers into planning",
        31,
        "Juontaja: Miten kehittäjäasiakas löytää tiensä työryhmään?\n\nVieras: Kysymme "
        "palautteen antajilta, haluaisivatko he jatkaa keskustelua. Sovimme palkkiosta ja "
        "tapaamisajoista etukäteen.",
    ),
    (
        3,
        True,
        "Palautteesta parannukseen",
        "Från respons till förbättring",
        "From feedback to improvement",
        27,
        "Juontaja: Mitä palautteelle tapahtuu sen jälkeen, kun se on kirjattu?\n\nVieras: "
        "Käymme palautteet läpi yksikön viikkopalaverissa ja kerromme palautteen antajalle, "
        "mitä muutimme.",
    ),
    (
        4,
        False,
        "Näin voit vaikuttaa hyvinvointialueen palveluihin",
        "Så kan du påverka välfärdsområdets tjänster",
        "How you can influence the county's services",
        18,
        "Juontaja: Tässä jaksossa kerromme asukkaille, missä ja miten palveluihin voi "
        "vaikuttaa.\n\nVieras: Voit antaa palautetta verkossa, osallistua asukasraatiin tai "
        "tulla kehittäjäasiakkaaksi.",
    ),
]

ORIENTATION_TEXTS = [
    (
        "Mitä osallisuus tarkoittaa?",
        "Vad betyder delaktighet?",
        "What does participation mean?",
        "Osallisuus on kokemus siitä, että tulee kuulluksi ja voi vaikuttaa omiin ja yhteisiin "
        "asioihin. Se syntyy kohtaamisissa: kun asiakas tietää, mitä hänelle tapahtuu, ja voi "
        "sanoa mielipiteensä.\n\nOsallistuminen on tekemistä; osallisuus on tunne, joka siitä "
        "parhaimmillaan jää.",
    ),
    (
        "Hyvinvointialueen velvollisuudet",
        "Välfärdsområdets skyldigheter",
        "The county's duties",
        "Hyvinvointialueen on lain mukaan pidettävä huolta asukkaiden ja palvelujen käyttäjien "
        "mahdollisuuksista osallistua ja vaikuttaa. Tämä tarkoittaa esimerkiksi kuulemisia, "
        "palautteen keräämistä ja vaikuttamistoimielinten kuten nuorisovaltuuston, "
        "vanhusneuvoston ja vammaisneuvoston kuuntelemista.",
    ),
    (
        "Osallisuuden menetelmiä",
        "Metoder för delaktighet",
        "Methods of participation",
        "Menetelmiä on monta: asiakasraati, kehittäjäasiakastoiminta, Erätauko-dialogi, "
        "kyselyt ja osallistuva budjetointi. Valitse menetelmä sen mukaan, mitä haluat tietää "
        "ja keitä asia koskee.\n\nKysy neuvoa alueen menetelmäosaajilta.",
    ),
    (
        "Palaute ja siihen vastaaminen",
        "Respons och hur man svarar",
        "Feedback and answering it",
        "Asiakaspalaute on lahja. Kiitä palautteesta, kerro mitä sille tehdään ja palaa "
        "asiaan, kun muutos on tehty. Muistutus on eri asia: siihen annetaan kirjallinen, "
        "perusteltu vastaus kohtuullisessa ajassa.",
    ),
]

# (fi, sv, en, multiple, explanation fi, [(fi, sv, en, right)])
ORIENTATION_QUIZ = [
    (
        "Mikä kuvaa osallisuutta parhaiten?",
        "Vad beskriver delaktighet bäst?",
        "Which best describes participation?",
        False,
        "Osallisuus on kokemus kuulluksi tulemisesta ja vaikuttamisesta, ei pelkkä läsnäolo.",
        [
            (
                "Kokemus siitä, että tulee kuulluksi ja voi vaikuttaa",
                "Att bli hörd och kunna påverka",
                "Being heard and able to influence",
                True,
            ),
            ("Läsnäolo tilaisuudessa", "Närvaro vid ett möte", "Attending a meeting", False),
            ("Kyselyyn vastaaminen", "Att svara på en enkät", "Answering a survey", False),
        ],
    ),
    (
        "Mitkä ovat lakisääteisiä vaikuttamistoimielimiä?",
        "Vilka är lagstadgade påverkansorgan?",
        "Which are statutory influence councils?",
        True,
        "Nuorisovaltuusto, vanhusneuvosto ja vammaisneuvosto ovat lakisääteisiä.",
        [
            ("Nuorisovaltuusto", "Ungdomsfullmäktige", "Youth council", True),
            ("Vanhusneuvosto", "Äldrerådet", "Council for older people", True),
            ("Henkilöstökerho", "Personalklubben", "Staff club", False),
            (
                "Vammaisneuvosto",
                "Rådet för personer med funktionsnedsättning",
                "Disability council",
                True,
            ),
        ],
    ),
]

LECTURE_QUIZ = [
    (
        "Mitä teet ensimmäiseksi, kun asiakas antaa palautetta?",
        "Vad gör du först när en kund ger respons?",
        "What do you do first when a customer gives feedback?",
        False,
        "Kiitos ja kuunteleminen kertovat, että palaute otetaan vakavasti.",
        [
            ("Kiitän ja kuuntelen", "Tackar och lyssnar", "Thank them and listen", True),
            (
                "Selitän, miksi asia meni niin",
                "Förklarar varför det blev så",
                "Explain why it happened",
                False,
            ),
            (
                "Ohjaan kirjaamoon",
                "Hänvisar till registratorskontoret",
                "Send them to the registry office",
                False,
            ),
        ],
    ),
    (
        "Mikä on muistutus?",
        "Vad är en anmärkning?",
        "What is a formal complaint?",
        False,
        "Muistutukseen annetaan kirjallinen ja perusteltu vastaus kohtuullisessa ajassa.",
        [
            (
                "Lakisääteinen kirjallinen valitus, johon vastataan kirjallisesti",
                "En lagstadgad skriftlig anmärkning som besvaras skriftligt",
                "A statutory written complaint answered in writing",
                True,
            ),
            ("Tavallinen palaute", "Vanlig respons", "Ordinary feedback", False),
            ("Aloite", "Initiativ", "An initiative", False),
        ],
    ),
    (
        "Mitä palautteen antajalle kerrotaan jälkikäteen?",
        "Vad berättar man för den som gav respons?",
        "What is the person who gave feedback told afterwards?",
        True,
        "Palautteen antaja haluaa tietää, mitä tapahtui ja mikä muuttui.",
        [
            (
                "Mitä palautteelle tehtiin",
                "Vad som gjordes med responsen",
                "What was done with the feedback",
                True,
            ),
            ("Mikä muuttui", "Vad som ändrades", "What changed", True),
            ("Kenen vika asia oli", "Vems fel det var", "Whose fault it was", False),
        ],
    ),
]


def _add_quiz(module: Module, questions: list) -> None:
    for position, (fi, sv, en, multiple, explanation, choices) in enumerate(questions, start=1):
        question = QuizQuestion.objects.create(
            module=module,
            position=position,
            text_fi=fi,
            text_sv=sv,
            text_en=en,
            multiple=multiple,
            explanation_fi=explanation,
        )
        QuizChoice.objects.bulk_create(
            QuizChoice(
                question=question,
                position=n,
                text_fi=c_fi,
                text_sv=c_sv,
                text_en=c_en,
                is_correct=right,
            )
            for n, (c_fi, c_sv, c_en, right) in enumerate(choices, start=1)
        )


def _media(county: County) -> tuple[int, MediaItem]:
    created = 0
    for number, internal, fi, sv, en, minutes, transcript in EPISODES:
        _item, was_created = MediaItem.objects.get_or_create(
            county=county,
            series=SERIES,
            episode_number=number,
            defaults={
                "kind": MediaItem.Kind.PODCAST,
                "title_fi": fi,
                "title_sv": sv,
                "title_en": en,
                "description_fi": "Kainuun hyvinvointialueen podcast osallisuudesta.",
                "description_sv": "Kajanalands välfärdsområdes podcast om delaktighet.",
                "description_en": "The Kainuu county's podcast on participation.",
                "url": f"https://media.kuulu.example/kuulolla/jakso-{number}",
                "transcript": transcript,
                "duration_minutes": minutes,
                "language": "fi",
                "published_on": date(2026, number, 15),
                "internal_only": internal,
            },
        )
        created += was_created
    lecture, was_created = MediaItem.objects.get_or_create(
        county=county,
        title_fi="Luentotallenne: Asiakaspalautteen vastaanottaminen",
        defaults={
            "kind": MediaItem.Kind.VIDEO,
            "title_sv": "Föreläsning: Att ta emot kundrespons",
            "title_en": "Recorded lecture: Receiving customer feedback",
            "url": "https://media.kuulu.example/luennot/asiakaspalaute",
            "transcript": "Luennoitsija: Palaute kertoo, miltä palvelu näyttää asiakkaan "
            "silmin.\n\nKun palautetta tulee, kiitä, kuuntele ja kirjaa. Kerro, mitä "
            "seuraavaksi tapahtuu.",
            "duration_minutes": 45,
            "language": "fi",
            "internal_only": False,
        },
    )
    return created + was_created, lecture


def _orientation(county: County, author: Any) -> int:
    title = "Osallisuuden perehdytyspaketti"
    if Course.objects.filter(county=county, title_fi=title).exists():
        return 0
    course = Course.objects.create(
        county=county,
        title_fi=title,
        title_sv="Introduktionspaket om delaktighet",
        title_en="Orientation package on participation",
        description_fi="Viisiosainen perehdytys osallisuustyöhön kaikille työntekijöille.",
        description_sv="En introduktion i fem delar till delaktighetsarbetet för all personal.",
        description_en="A five-part orientation to participation work for all staff.",
        estimated_minutes=60,
        internal_only=True,
        status=Course.Status.PUBLISHED,
        created_by=author,
    )
    for position, (fi, sv, en, body) in enumerate(ORIENTATION_TEXTS, start=1):
        Module.objects.create(
            course=course,
            position=position,
            kind=Module.Kind.TEXT,
            title_fi=fi,
            title_sv=sv,
            title_en=en,
            body_fi=body,
        )
    quiz = Module.objects.create(
        course=course,
        position=len(ORIENTATION_TEXTS) + 1,
        kind=Module.Kind.QUIZ,
        title_fi="Lyhyt tietovisa",
        title_sv="Kort frågesport",
        title_en="Short quiz",
        body_fi="Kaksi kysymystä perehdytyksen sisällöstä.",
        pass_mark=50,
    )
    _add_quiz(quiz, ORIENTATION_QUIZ)
    return 1


def _lecture(county: County, author: Any, recording: MediaItem) -> int:
    title = "Asiakaspalautteen vastaanottaminen"
    if Course.objects.filter(county=county, title_fi=title).exists():
        return 0
    course = Course.objects.create(
        county=county,
        title_fi=title,
        title_sv="Att ta emot kundrespons",
        title_en="Receiving customer feedback",
        description_fi="Luentotallenne ja kolmen kysymyksen tietovisa.",
        description_sv="En föreläsning och en frågesport med tre frågor.",
        description_en="A recorded lecture and a three-question quiz.",
        estimated_minutes=55,
        internal_only=False,
        status=Course.Status.PUBLISHED,
        created_by=author,
    )
    Module.objects.create(
        course=course,
        position=1,
        kind=Module.Kind.VIDEO,
        title_fi="Luento",
        title_sv="Föreläsning",
        title_en="Lecture",
        body_fi="Katso 45 minuutin luento. Tekstivastine on sivun alaosassa.",
        url="https://media.kuulu.example/luennot/asiakaspalaute",
        media=recording,
    )
    quiz = Module.objects.create(
        course=course,
        position=2,
        kind=Module.Kind.QUIZ,
        title_fi="Tietovisa",
        title_sv="Frågesport",
        title_en="Quiz",
        pass_mark=80,
    )
    _add_quiz(quiz, LECTURE_QUIZ)
    return 1


@transaction.atomic
def load_learning_demo(county: County, author: Any = None) -> int:
    """Create what is missing; return how many courses and media items were created."""
    created, recording = _media(county)
    created += _orientation(county, author)
    created += _lecture(county, author, recording)
    return created
