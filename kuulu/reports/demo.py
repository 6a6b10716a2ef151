"""Demo data of the reports app for the demo county: last year's report, published with its
narrative in Finnish, Swedish and English, and this year's draft."""

from __future__ import annotations

from django.utils import timezone

from kuulu.organisation.models import County, Person
from kuulu.reports import services
from kuulu.reports.models import Report

NARRATIVE = {
    "summary": {
        "fi": (
            "Vuosi oli osallisuusohjelman ensimmäinen kokonainen toimintavuosi. Asukkaiden ja "
            "asiakkaiden ääni kuului entistä useammassa päätöksessä, ja palautteeseen vastattiin "
            "nopeammin kuin edellisvuonna.\n\nTässä kertomuksessa kerrotaan, miten ohjelman "
            "toimenpiteet etenivät, mitä osallistumisesta seurasi ja miten vaikuttamistoimielimiä "
            "kuultiin."
        ),
        "sv": (
            "Året var delaktighetsprogrammets första hela verksamhetsår. Invånarnas och kundernas "
            "röst hördes i fler beslut än förut, och responsen besvarades snabbare än året före."
            "\n\nBerättelsen visar hur programmets åtgärder framskred, vad delaktigheten ledde "
            "till och hur påverkansorganen hördes."
        ),
        "en": (
            "The year was the first full year of the participation programme. Residents' and "
            "customers' voices were heard in more decisions than before, and feedback was "
            "answered faster than the year before.\n\nThis report tells how the programme's "
            "measures progressed, what came of participation and how the councils were heard."
        ),
    },
    "programme": {
        "fi": "Useimmat toimenpiteet etenivät aikataulussa; seurantaa tehostetaan neljännesvuosittain.",
        "sv": "De flesta åtgärderna framskred enligt tidtabellen; uppföljningen skärps kvartalsvis.",
        "en": "Most measures progressed on schedule; follow-up is made quarterly.",
    },
    "indicators": {
        "fi": "Mittarit lasketaan suoraan Kuulun tiedoista. Alle viiden hengen luvut on piilotettu.",
        "sv": "Mätarna räknas direkt ur Kuulus data. Siffror under fem personer är dolda.",
        "en": "The indicators are computed from Kuulu's data. Figures under five persons are hidden.",
    },
    "outcomes": {
        "fi": "Osallistumisesta seurasi muutoksia muun muassa kotihoidon ja perhekeskusten työssä.",
        "sv": "Delaktigheten ledde till förändringar bland annat inom hemvården och familjecentren.",
        "en": "Participation led to changes in, among others, home care and the family centres.",
    },
    "initiatives": {
        "fi": "Aloitteiden tekijöille kerrottiin käsittelijä pääosin kuukauden kuluessa.",
        "sv": "Initiativtagarna fick i regel inom en månad veta vem som handlägger initiativet.",
        "en": "Initiators were mostly told within a month who handles their initiative.",
    },
    "councils": {
        "fi": "Vanhus- ja vammaisneuvostoa sekä nuorisovaltuustoa kuultiin ennen päätöksiä.",
        "sv": "Äldrerådet, rådet för personer med funktionsnedsättning och ungdomsfullmäktige hördes.",
        "en": "The councils for older people and disability and the youth council were heard.",
    },
}


def load_reports_demo(county: County) -> int:
    """Create the demo rows once; return how many were created now."""
    today = timezone.localdate()
    coordinator = (
        Person.objects.filter(county=county, is_coordinator=True, user__isnull=False)
        .select_related("user")
        .order_by("id")
        .first()
    )
    user = coordinator.user if coordinator else None
    created = 0
    last_year = today.year - 1
    if not Report.objects.filter(county=county, year=last_year).exists():
        report = services.create_report(county=county, year=last_year, user=user)
        for section, texts in NARRATIVE.items():
            services.update_narrative(report=report, section=section, texts=texts, user=user)
        services.publish_report(report=report, user=user, today=today)
        created += 1
    if not Report.objects.filter(county=county, year=today.year).exists():
        report = services.create_report(county=county, year=today.year, user=user)
        services.update_narrative(
            report=report,
            section="summary",
            texts={
                "fi": "Luonnos: vuoden kertomus kirjoitetaan tammikuussa.",
                "sv": "Utkast: årets berättelse skrivs i januari.",
                "en": "Draft: the year's report is written in January.",
            },
            user=user,
        )
        created += 1
    return created
