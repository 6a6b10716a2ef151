"""A showcase survey with every question type, a condition and plain Finnish, built with the
product's services. Used by the browser tests when the demo county has no public survey yet;
the demo data proper lives in `demo.py`."""

from __future__ import annotations

from decimal import Decimal

from kuulu.organisation.models import County
from kuulu.surveys import services
from kuulu.surveys.instruments import load_shipped
from kuulu.surveys.models import Instrument, Survey
from kuulu.surveys.services import Option, QuestionSpec

AGREE = {
    "fi": ["Täysin eri mieltä", "Eri mieltä", "Ei samaa eikä eri", "Samaa mieltä", "Täysin samaa"],
    "sv": [
        "Helt av annan åsikt",
        "Av annan åsikt",
        "Varken eller",
        "Av samma åsikt",
        "Helt av samma",
    ],
    "en": ["Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"],
}


def _t(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


def build_showcase_survey(county: County, owner=None) -> Survey:  # type: ignore[no-untyped-def]
    survey = services.create_survey(
        county=county,
        owner=owner,
        title_fi="Palvelukokemus: kotihoito",
        title_sv="Tjänsteupplevelse: hemvård",
        title_en="Service experience: home care",
        title_fi_plain="Millaista kotihoito on?",
        description_fi="Kerro kokemuksesi kotihoidosta. Vastaaminen vie noin viisi minuuttia.",
        description_sv="Berätta om din upplevelse av hemvården. Det tar cirka fem minuter.",
        description_en="Tell us about your experience of home care. It takes about five minutes.",
        kind=Survey.Kind.CUSTOMER_EXPERIENCE,
        audience=Survey.Audience.PUBLIC,
        series="kotihoito-asiakaskokemus",
        round_label="2026",
    )
    page1 = survey.current_version.pages.get()
    services.update_page(
        survey=survey,
        page=page1,
        actor=owner,
        **{"title_fi": "Taustatiedot", "title_sv": "Bakgrund", "title_en": "Background"},
    )
    add = services.add_question
    role = add(
        survey=survey,
        page=page1,
        actor=owner,
        spec=QuestionSpec(
            kind="single",
            key="respondent",
            required=True,
            background="respondent_group",
            text=_t("Vastaatko", "Svarar du", "Are you answering"),
            text_fi_plain="Kuka vastaa?",
            choices=[
                Option("customer", _t("asiakkaana", "som kund", "as a customer")),
                Option("relative", _t("läheisenä", "som närstående", "as a close one")),
            ],
        ),
    )
    add(
        survey=survey,
        page=page1,
        actor=owner,
        spec=QuestionSpec(
            kind="number",
            key="years",
            text=_t(
                "Kuinka monta vuotta olet käyttänyt palvelua?",
                "Hur många år har du använt tjänsten?",
                "For how many years have you used the service?",
            ),
            number_min=Decimal("0"),
            number_max=Decimal("50"),
        ),
    )
    add(
        survey=survey,
        page=page1,
        actor=owner,
        spec=QuestionSpec(
            kind="date",
            key="last_visit",
            text=_t(
                "Milloin kävit viimeksi?", "När besökte du senast?", "When was your last visit?"
            ),
        ),
    )
    page2 = services.add_page(
        survey=survey, actor=owner, title_fi="Kokemus", title_sv="Upplevelse", title_en="Experience"
    )
    add(
        survey=survey,
        page=page2,
        actor=owner,
        spec=QuestionSpec(
            kind="likert",
            key="heard",
            required=True,
            scale_min=1,
            scale_max=5,
            scale_labels=AGREE,
            text=_t("Minua kuunneltiin.", "Jag blev lyssnad på.", "I was listened to."),
        ),
    )
    add(
        survey=survey,
        page=page2,
        actor=owner,
        spec=QuestionSpec(
            kind="matrix",
            key="service",
            scale_min=1,
            scale_max=5,
            scale_labels=AGREE,
            text=_t("Mitä mieltä olet?", "Vad tycker du?", "What do you think?"),
            rows=[
                Option(
                    "on_time",
                    _t("Käynnit olivat ajallaan.", "Besöken var i tid.", "Visits were on time."),
                ),
                Option(
                    "informed",
                    _t("Sain tietoa.", "Jag fick information.", "I was given information."),
                ),
            ],
        ),
    )
    add(
        survey=survey,
        page=page2,
        actor=owner,
        spec=QuestionSpec(
            kind="multiple",
            key="channels",
            text=_t("Miten asioit?", "Hur sköter du ärenden?", "How do you get in touch?"),
            choices=[
                Option("phone", _t("Puhelimella", "Per telefon", "By phone")),
                Option("online", _t("Verkossa", "På nätet", "Online")),
                Option("visit", _t("Käymällä", "Genom besök", "In person")),
            ],
        ),
    )
    add(
        survey=survey,
        page=page2,
        actor=owner,
        spec=QuestionSpec(
            kind="ranking",
            key="priorities",
            text=_t("Mikä on tärkeintä?", "Vad är viktigast?", "What matters most?"),
            choices=[
                Option("time", _t("Aika", "Tid", "Time")),
                Option("same_nurse", _t("Tuttu hoitaja", "Samma skötare", "The same nurse")),
                Option("information", _t("Tieto", "Information", "Information")),
            ],
        ),
    )
    page3 = services.add_page(
        survey=survey, actor=owner, title_fi="Lopuksi", title_sv="Till sist", title_en="Finally"
    )
    load_shipped()
    services.add_instrument(
        survey=survey,
        instrument=Instrument.objects.get(county__isnull=True, key="recommendation"),
        actor=owner,
    )
    relative = add(
        survey=survey,
        page=page3,
        actor=owner,
        spec=QuestionSpec(
            kind="short_text",
            key="relation",
            text=_t(
                "Mikä on suhteesi asiakkaaseen?",
                "Vilken är din relation till kunden?",
                "What is your relation to the customer?",
            ),
        ),
    )
    services.add_condition(
        survey=survey,
        source=role,
        operator="equals",
        values=["relative"],
        target_question=relative,
        actor=owner,
    )
    add(
        survey=survey,
        page=page3,
        actor=owner,
        spec=QuestionSpec(
            kind="long_text",
            key="comments",
            text=_t(
                "Mitä muuta haluat kertoa?",
                "Vad mer vill du berätta?",
                "What else would you like to tell us?",
            ),
            help=_t(
                "Älä kirjoita henkilötunnuksia tai terveystietoja.",
                "Skriv inte personbeteckningar eller hälsouppgifter.",
                "Do not write identity codes or health details.",
            ),
        ),
    )
    services.open_survey(survey=survey, actor=owner)
    survey.refresh_from_db()
    return survey
