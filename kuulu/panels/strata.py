"""The default strata of a panel (age band, gender, municipality, language, education) and the
display labels of their answer options. Answers are stored as these language-neutral values."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DefaultStratum:
    key: str
    label_fi: str
    label_sv: str
    label_en: str
    choices: tuple[str, ...]  # empty: filled from the county's municipalities


DEFAULT_STRATA = (
    DefaultStratum(
        "age", "Ikäryhmä", "Åldersgrupp", "Age band", ("15-29", "30-44", "45-64", "65-74", "75+")
    ),
    DefaultStratum("gender", "Sukupuoli", "Kön", "Gender", ("woman", "man", "other")),
    DefaultStratum("municipality", "Kotikunta", "Hemkommun", "Home municipality", ()),
    DefaultStratum("language", "Äidinkieli", "Modersmål", "First language", ("fi", "sv", "other")),
    DefaultStratum(
        "education",
        "Koulutus",
        "Utbildning",
        "Education",
        ("basic", "secondary", "higher"),
    ),
)

CHOICE_LABELS: dict[tuple[str, str], Promise] = {
    ("gender", "woman"): _("woman"),
    ("gender", "man"): _("man"),
    ("gender", "other"): _("other, or prefer not to say"),
    ("language", "fi"): _("Finnish"),
    ("language", "sv"): _("Swedish"),
    ("language", "other"): _("another language"),
    ("education", "basic"): _("basic education"),
    ("education", "secondary"): _("upper secondary or vocational"),
    ("education", "higher"): _("higher education"),
}


def choice_label(stratum_key: str, value: str) -> str:
    """How an answer option is shown: translated for the default strata, as written otherwise."""
    label = CHOICE_LABELS.get((stratum_key, value))
    return str(label) if label is not None else value
