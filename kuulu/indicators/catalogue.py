"""The one place the built-in indicators are defined.

Each indicator has a stable code (used by programmes, reports and the API), a name and an exact
definition (English source text, translated through the catalogues), a unit, one of the four
perspectives, a direction, whether it counts persons (then a figure over fewer than
``KUULU_MIN_GROUP_SIZE`` persons is suppressed), and its computation: the source module in
``kuulu/indicators/sources/`` that computes it. Manual indicators (``models.ManualIndicator``)
appear beside them with ``manual=True``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kuulu.indicators.types import Direction, Perspective

UNITS = ("%", "days", "score", "count", "hours")


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name: str
    definition: str
    unit: str  # "%", "days", "score", "count", "hours"
    perspective: Perspective
    direction: Direction
    manual: bool = False
    counts_persons: bool = False
    source: str = ""  # the module in kuulu.indicators.sources; "manual" for manual indicators
    scoped: bool = True  # can be narrowed to a unit subtree, service area or municipality
    records_url: str = ""  # URL name of the records behind the figure ("" when none)
    min_value: float | None = None
    max_value: float | None = None
    manual_id: int | None = None


P, D = Perspective, Direction

BUILTINS: tuple[IndicatorDef, ...] = (
    # --- feedback, complaints, initiatives ----------------------------------------------------
    IndicatorDef(
        "feedback_on_time",
        _("Feedback answered by its due date"),
        _(
            "Of the feedback received in the period that has a due date and has been answered or "
            "whose due date has passed, the share answered on or before the due date (local day "
            "of answering)."
        ),
        "%",
        P.INFORMATION,
        D.HIGHER,
        counts_persons=True,
        source="feedback",
        records_url="feedback:queue",
    ),
    IndicatorDef(
        "feedback_median_days",
        _("Median handling time of feedback"),
        _(
            "The median number of days from receiving to answering, over the feedback received "
            "in the period that has been answered (local days; same day is 0)."
        ),
        "days",
        P.INFORMATION,
        D.LOWER,
        counts_persons=True,
        source="feedback",
        records_url="feedback:queue",
    ),
    IndicatorDef(
        "feedback_public_share",
        _("Feedback answered in public"),
        _(
            "Of the feedback received in the period that has been answered, the share published "
            'with its response on the portal ("you said, we did").'
        ),
        "%",
        P.INFORMATION,
        D.HIGHER,
        counts_persons=True,
        source="feedback",
        records_url="feedback:queue",
    ),
    IndicatorDef(
        "feedback_nps",
        _("Recommendation score (NPS)"),
        _(
            "Over the feedback received in the period with a 0-10 recommendation score: the share "
            "of scores 9-10 minus the share of scores 0-6, in percentage points (-100 to 100)."
        ),
        "score",
        P.SERVICE,
        D.HIGHER,
        counts_persons=True,
        source="feedback",
        records_url="feedback:queue",
    ),
    IndicatorDef(
        "complaints_on_time",
        _("Formal complaints answered by their due date"),
        _(
            "Of the formal complaints received in the period that have been answered or whose due "
            "date has passed, the share whose written answer was sent on or before the due date."
        ),
        "%",
        P.SERVICE,
        D.HIGHER,
        counts_persons=True,
        source="feedback",
        records_url="feedback:complaints",
    ),
    IndicatorDef(
        "initiatives_notice_on_time",
        _("Initiators told within a month who handles the initiative"),
        _(
            "Of the initiatives received in the period whose notice of handling has been sent or "
            "was due, the share whose notice was sent on or before its due date (one month)."
        ),
        "%",
        P.STRATEGY,
        D.HIGHER,
        source="feedback",
        records_url="feedback:initiatives",
    ),
    # --- surveys --------------------------------------------------------------------------------
    IndicatorDef(
        "survey_response_rate",
        _("Survey response rate"),
        _(
            "Over the surveys closing in the period: submitted responses made with a sent "
            "invitation divided by the invitations sent."
        ),
        "%",
        P.SERVICE,
        D.HIGHER,
        counts_persons=True,
        source="surveys",
        scoped=False,
        records_url="surveys:manage",
    ),
    IndicatorDef(
        "survey_inclusion_score",
        _("Experience of inclusion (instrument score)"),
        _(
            "The mean score (0-100) of the inclusion indicator instrument (THL, key "
            "thl-inclusion-indicator) over the responses submitted in the period that answer "
            "enough of its items for a score."
        ),
        "score",
        P.SERVICE,
        D.HIGHER,
        counts_persons=True,
        source="surveys",
        records_url="surveys:manage",
    ),
    # --- mandatory training -------------------------------------------------------------------
    IndicatorDef(
        "training_on_time",
        _("Mandatory training completed on time"),
        _(
            "Over the active mandatory training assignments due in the period and the staff they "
            "cover in the scope's units: of the persons who completed or whose due date has "
            "passed, the share who completed (course, attended session or team completion) on or "
            "before the due date."
        ),
        "%",
        P.DEVELOPMENT,
        D.HIGHER,
        counts_persons=True,
        source="assignments",
        records_url="assignments:list",
    ),
    # --- events -------------------------------------------------------------------------------
    IndicatorDef(
        "event_attendance",
        _("Event attendance against registrations"),
        _(
            "Of the confirmed (not cancelled or waitlisted) registrations to event sessions that "
            "started in the period and whose attendance was recorded, the share marked attended. "
            "Narrows to a municipality by the session's place; events belong to no unit."
        ),
        "%",
        P.INFORMATION,
        D.HIGHER,
        counts_persons=True,
        source="events",
        records_url="events:organise",
    ),
    # --- panels -------------------------------------------------------------------------------
    IndicatorDef(
        "panel_representativeness",
        _("Panel representativeness"),
        _(
            "For the panel draws made in the period: per stratum, 100 minus half the sum over the "
            "stratum's values of the absolute difference (percentage points) between the value's "
            "share among the selected members and its target share in the draw; averaged over "
            "the strata and the draws. 100 means the sample matches the targets exactly."
        ),
        "score",
        P.DEVELOPMENT,
        D.HIGHER,
        counts_persons=True,
        source="panels",
        scoped=False,
        records_url="panels:manage",
    ),
    # --- councils -----------------------------------------------------------------------------
    IndicatorDef(
        "council_requests_answered",
        _("Statement requests answered by councils"),
        _(
            "Of the statement requests (not withdrawn) to the councils whose deadline fell in the "
            "period, the share with a statement recorded."
        ),
        "%",
        P.STRATEGY,
        D.HIGHER,
        source="channels",
        records_url="channels:manage",
    ),
    IndicatorDef(
        "outcomes_council_statement",
        _("Decisions with a council statement"),
        _("Of the outcomes decided in the period, the share that drew on a council statement."),
        "%",
        P.STRATEGY,
        D.HIGHER,
        source="outcomes",
        scoped=False,
        records_url="outcomes:list",
    ),
    # --- deliberation, channels, experts, data collection --------------------------------------
    IndicatorDef(
        "polis_participants",
        _("Participants in Polis conversations"),
        _(
            "The number of different participants whose votes in Polis conversations were first "
            "cast in the period (one per participant and conversation)."
        ),
        "count",
        P.DEVELOPMENT,
        D.HIGHER,
        counts_persons=True,
        source="deliberation",
        records_url="deliberation:manage",
    ),
    IndicatorDef(
        "polis_votes",
        _("Votes in Polis conversations"),
        _(
            "The number of votes (agree, disagree, pass; one per participant and statement, the "
            "last one counting) first cast in Polis conversations in the period."
        ),
        "count",
        P.DEVELOPMENT,
        D.HIGHER,
        counts_persons=True,
        source="deliberation",
        records_url="deliberation:manage",
    ),
    IndicatorDef(
        "channel_members",
        _("Members of participation channels"),
        _(
            "The number of different persons whose membership term in one of the county's "
            "participation channels covers the last day of the period."
        ),
        "count",
        P.INFORMATION,
        D.HIGHER,
        counts_persons=True,
        source="channels",
        scoped=False,
        records_url="channels:manage",
    ),
    IndicatorDef(
        "expert_hours",
        _("Experience expert engagement hours"),
        _(
            "The hours recorded on the experience expert engagements marked done whose date is "
            "in the period."
        ),
        "hours",
        P.DEVELOPMENT,
        D.HIGHER,
        source="experts",
        records_url="experts:queue",
    ),
    # --- methods bank ----------------------------------------------------------------------
    IndicatorDef(
        "method_uses",
        _("Participation method uses"),
        _(
            "The uses of participation methods that units logged in the methods bank with a date "
            "in the period."
        ),
        "count",
        P.DEVELOPMENT,
        D.HIGHER,
        source="methods",
        records_url="methods:adoption",
    ),
    IndicatorDef(
        "method_units",
        _("Units that used a participation method"),
        _(
            "The number of distinct units that logged at least one use of a participation method "
            "in the methods bank with a date in the period."
        ),
        "count",
        P.DEVELOPMENT,
        D.HIGHER,
        source="methods",
        records_url="methods:adoption",
    ),
    IndicatorDef(
        "datacollection_on_schedule",
        _("Data collections run on schedule"),
        _("Of the data collection rounds due in the period, the share closed by their deadline."),
        "%",
        P.STRATEGY,
        D.HIGHER,
        source="datacollection",
        scoped=False,
        records_url="datacollection:manage",
    ),
    IndicatorDef(
        "inputs_traced_share",
        _("Inputs with a traced outcome"),
        _(
            "Of the inputs received in the period (feedback, survey results, panel statements, "
            "council statements, initiatives, Polis reports and others), the share linked to at "
            "least one outcome."
        ),
        "%",
        P.STRATEGY,
        D.HIGHER,
        source="outcomes",
        records_url="outcomes:list",
    ),
)

BUILTIN_BY_CODE = {d.code: d for d in BUILTINS}
SOURCES = tuple(dict.fromkeys(d.source for d in BUILTINS))
