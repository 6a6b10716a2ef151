"""Readable names of the shared concepts (topics.concepts), translatable."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CONCEPT_LABELS = {
    "parking": gettext_lazy("parking"),
    "phone_queue": gettext_lazy("phone queue and call-backs"),
    "queue": gettext_lazy("waiting and queues"),
    "emergency": gettext_lazy("emergency department"),
    "dental": gettext_lazy("dental care"),
    "lab": gettext_lazy("laboratory tests"),
    "home_care": gettext_lazy("home care"),
    "meals": gettext_lazy("meals"),
    "lift": gettext_lazy("lifts"),
    "accessibility": gettext_lazy("accessibility"),
    "cleanliness": gettext_lazy("cleanliness"),
    "signage": gettext_lazy("signs and wayfinding"),
    "digital": gettext_lazy("digital services"),
    "prescription": gettext_lazy("prescriptions"),
    "medicine": gettext_lazy("medicines"),
    "staff_kindness": gettext_lazy("how staff treat people"),
    "staff_shortage": gettext_lazy("staff shortage and haste"),
    "language": gettext_lazy("language of service"),
    "costs": gettext_lazy("fees and bills"),
    "transport": gettext_lazy("transport"),
    "opening_hours": gettext_lazy("opening hours"),
    "maternity": gettext_lazy("maternity and child clinics"),
    "mental_health": gettext_lazy("mental health"),
    "information": gettext_lazy("information and letters"),
    "heat": gettext_lazy("indoor temperature"),
    "noise": gettext_lazy("noise"),
    "snow": gettext_lazy("snow and slippery paths"),
}


def topic_label(concepts: Sequence[str], terms: Sequence[str]) -> str:
    """ "parking: pysäköinti, parkkipaikka" — the concepts, then the top words as written."""
    names = [str(CONCEPT_LABELS[c]) for c in concepts if c in CONCEPT_LABELS]
    words = ", ".join(terms)
    if names and words:
        return f"{' · '.join(names)}: {words}"
    if names:
        return " · ".join(names)
    return words or _("(no common words)")
