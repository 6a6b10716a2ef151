"""Demo data of the outcomes app for the demo county: outcomes linked to demo feedback, a
panel statement, a council statement, a Polis report, an initiative and a survey; some
published, in fi/sv/en. Idempotent: an outcome whose Finnish title exists is not made again.
Published directly (no notifications: the demo's contributors are fictional)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from kuulu.organisation.models import County, Unit
from kuulu.outcomes import records
from kuulu.outcomes.inputs import adapter as adapter_for
from kuulu.outcomes.models import Outcome, OutcomeInput


def _inputs(county: County) -> dict[str, list[Any]]:
    from kuulu.channels.models import Statement
    from kuulu.deliberation.models import Conversation
    from kuulu.feedback.models import Feedback, Initiative, Theme
    from kuulu.panels.models import Panel
    from kuulu.surveys.models import Survey

    published_feedback = list(
        Feedback.objects.filter(county=county, published__isnull=False).order_by("id")[:2]
    )
    other_feedback = list(
        Feedback.objects.filter(county=county, wants_reply=True)
        .exclude(secrecy="secret")
        .order_by("id")[:2]
    )
    return {
        "feedback": published_feedback + other_feedback,
        "feedback_theme": list(Theme.objects.filter(county=county).order_by("position")[:1]),
        "panel_statement": list(
            Panel.objects.filter(county=county).exclude(statement="").order_by("id")[:1]
        ),
        "council_statement": list(
            Statement.objects.filter(request__channel__county=county).order_by("given_on")[:1]
        ),
        "polis_report": list(
            Conversation.objects.filter(county=county, is_published=True).order_by("id")[:1]
        ),
        "initiative": list(Initiative.objects.filter(county=county).order_by("id")[:1]),
        "survey": list(Survey.objects.filter(county=county).exclude(status="draft")[:1]),
    }


OUTCOMES = [
    {
        "title_fi": "Kotihoidon iltakäynnit laajennetaan kaikkiin kuntiin",
        "title_sv": "Hemvårdens kvällsbesök utvidgas till alla kommuner",
        "title_en": "Home care evening visits extended to every municipality",
        "description_fi": "Asiakkaiden ja vanhusneuvoston toiveesta iltakäyntejä lisätään.",
        "description_sv": "På kundernas och äldrerådets önskan utökas kvällsbesöken.",
        "description_en": "At the request of customers and the older people's council, "
        "evening visits are added.",
        "decided_by": "Aluehallitus",
        "days_ago": 40,
        "status": "in_progress",
        "progress": 60,
        "follow_up_in": 30,
        "units": ["older-homecare"],
        "inputs": [("feedback", 0), ("council_statement", 0), ("feedback_theme", 0)],
        "publish": True,
    },
    {
        "title_fi": "Päiväkeskukset säilyvät jokaisessa kunnassa",
        "title_sv": "Dagcentralerna finns kvar i varje kommun",
        "title_en": "Day centres stay in every municipality",
        "description_fi": "Palveluverkkoa päätettäessä otettiin huomioon asukaspaneelin lausunto.",
        "description_sv": "Invånarpanelens utlåtande beaktades i beslutet om servicenätet.",
        "description_en": "The resident panel's statement was taken into account in the "
        "service network decision.",
        "decided_by": "Aluevaltuusto",
        "days_ago": 20,
        "status": "done",
        "progress": 100,
        "follow_up_in": None,
        "units": ["older"],
        "inputs": [("panel_statement", 0), ("polis_report", 0), ("council_statement", 0)],
        "publish": True,
    },
    {
        "title_fi": "Perhekeskuksen ajanvaraus myös verkossa",
        "title_sv": "Familjecentrets tidsbokning också på nätet",
        "title_en": "Online booking for the family centre",
        "description_fi": "Palautteen ja kyselyn perusteella ajanvaraus avataan verkkoon.",
        "description_sv": "Utifrån respons och enkäten öppnas tidsbokningen på nätet.",
        "description_en": "Based on feedback and the survey, booking opens online.",
        "decided_by": "Perhepalvelujen johtaja",
        "days_ago": 10,
        "status": "planned",
        "progress": 0,
        "follow_up_in": -5,  # a late follow-up, for the workspace's attention queue
        "units": ["family-centre"],
        "inputs": [("feedback", 1), ("survey", 0), ("initiative", 0), ("feedback", 2)],
        "publish": False,
    },
]


def load_outcomes_demo(county: County) -> int:
    """Create the demo rows once; return how many were created now."""
    today = timezone.localdate()
    inputs = _inputs(county)
    units = {u.code: u for u in Unit.objects.filter(county=county)}
    created = 0
    for spec in OUTCOMES:
        if Outcome.objects.filter(county=county, title_fi=spec["title_fi"]).exists():
            continue
        data = {k: v for k, v in spec.items() if k.startswith(("title_", "description_"))}
        data.update(
            decided_by=spec["decided_by"],
            decided_on=today - timedelta(days=spec["days_ago"]),
            status=spec["status"],
            progress=spec["progress"],
            follow_up_due=(
                today + timedelta(days=spec["follow_up_in"])
                if spec["follow_up_in"] is not None
                else None
            ),
        )
        outcome = records.create_outcome(
            county=county,
            data=data,
            units=[units[c] for c in spec["units"] if c in units],
            today=today - timedelta(days=spec["days_ago"]),
        )
        for kind, index in spec["inputs"]:
            objects = inputs.get(kind) or []
            adapter = adapter_for(kind)
            if index >= len(objects) or adapter is None:
                continue
            obj = objects[index]
            OutcomeInput.objects.get_or_create(
                outcome=outcome,
                kind=kind,
                object_id=adapter.key(obj),
                defaults={"label": adapter.label(obj)[:300]},
            )
        if spec["publish"]:
            Outcome.objects.filter(pk=outcome.pk).update(
                is_published=True, published_at=timezone.now()
            )
        created += 1
    return created
