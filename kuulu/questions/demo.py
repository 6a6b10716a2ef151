"""The demo county's Ask the leadership data: answered questions (one with a transcript), an
open and a routed one, and one moved to feedback. Idempotent: questions are found by text."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kuulu.organisation.models import County
from kuulu.questions import services
from kuulu.questions.models import Question

DEMO = [
    (
        "answered",
        "Miksi kotihoidon käyntiajat vaihtelevat niin paljon?",
        "Aino K.",
        "Kotihoidon reitit suunnitellaan nyt joka aamu uudelleen. Tavoite on, että käynti "
        "toteutuu tunnin sisällä sovitusta ajasta, ja seuraamme tätä kuukausittain.",
        "Kiitos kysymyksestä. Kotihoidon reitit suunnitellaan nyt joka aamu uudelleen, jotta "
        "käynti toteutuu tunnin sisällä sovitusta ajasta. Seuraamme tätä kuukausittain.",
    ),
    (
        "answered",
        "Milloin terveysasemien ajanvaraus aukeaa myös iltaisin?",
        "",
        "Iltavastaanottoja kokeillaan kahdella terveysasemalla keväästä alkaen.",
        "",
    ),
    ("routed", "Miten omaishoitajien vapaapäivien järjestämistä parannetaan?", "Pertti", "", ""),
    ("open", "Voiko hyvinvointialueen kokouksia seurata etänä?", "", "", ""),
    (
        "converted",
        "Äitini ei saanut kotihoidosta apua eilen, vaikka käynti oli sovittu.",
        "Liisa",
        "",
        "",
    ),
]


def load_questions_demo(county: County) -> int:
    from kuulu.feedback.models import Theme
    from kuulu.organisation.models import Unit

    answerer = services.answerers(county).first()
    theme = Theme.objects.filter(county=county, is_active=True).first()
    service = Unit.objects.filter(county=county, kind=Unit.Kind.SERVICE_AREA).first()
    created = 0
    for status, text, name, answer, transcript in DEMO:
        if Question.objects.filter(county=county, text=text).exists():
            continue
        question = services.ask_question(
            county=county,
            text=text,
            email="kysyja@example.test",
            display_name=name,
            language="fi",
            theme=theme,
            service=service,
        )
        question = services.confirm_email(token=services.confirmation_token(question))
        created += 1
        if status == "converted":
            services.convert(
                question=question,
                to="feedback",
                reason="Kysymys koskee yksittäistä käyntiä, joten se käsitellään palautteena.",
                actor=None,
            )
            continue
        if status == "open" or answerer is None:
            continue
        question = services.route(
            question=question,
            person=answerer,
            due_on=timezone.localdate() + timedelta(days=14),
            actor=None,
        )
        if status == "answered":
            services.publish_answer(
                question=question,
                text=answer,
                answerer=answerer,
                transcript=transcript,
            )
    return created
