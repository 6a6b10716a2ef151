"""Reads for panels: public lists and pages, the coordinator's overview, the workspace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from kuulu.panels.models import DrawRecord, Panel, Quota, Stratum, Volunteer
from kuulu.panels.strata import choice_label


def public_panels() -> QuerySet[Panel]:
    return (
        Panel.objects.exclude(status=Panel.Status.PLANNING)
        .select_related("draw")
        .order_by("-created_at", "-id")
    )


def panels_for_coordinator(county_id: int | None = None) -> QuerySet[Panel]:
    panels = Panel.objects.all() if county_id is None else Panel.objects.filter(county_id=county_id)
    return (
        panels.select_related("channel", "draw")
        .annotate(
            volunteer_count=Count("volunteers", distinct=True),
            selected_count=Count("volunteers", filter=Q(volunteers__selected=True), distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def volunteers_to_send_confirmation(panel: Panel, *, resend: bool = False) -> QuerySet[Volunteer]:
    """Volunteers the coordinator can send the link that confirms their email address: an
    address given, not confirmed, contact details kept, and no link sent yet (with `resend`,
    also those sent one). Once the panel is drawn, its members only: the others will not be
    contacted, and their contact details are deleted soon."""
    volunteers = panel.volunteers.filter(
        email_confirmed_at__isnull=True, contact_deleted_at__isnull=True
    ).exclude(email="")
    if not resend:
        volunteers = volunteers.filter(confirmation_sent_at__isnull=True)
    if DrawRecord.objects.filter(panel_id=panel.pk).exists():
        volunteers = volunteers.filter(selected=True)
    return volunteers


def panels_for_member(user: Any) -> QuerySet[Panel]:
    if not getattr(user, "is_authenticated", False):
        return Panel.objects.none()
    return Panel.objects.filter(volunteers__user=user, volunteers__selected=True).distinct()


@dataclass(frozen=True)
class ValueRow:
    value: str
    label: str
    volunteers: int
    selected: int
    min: int | None
    max: int | None

    @property
    def short(self) -> bool:
        return self.min is not None and self.volunteers < self.min


@dataclass(frozen=True)
class StratumRows:
    stratum: Stratum
    rows: list[ValueRow]


def strata_overview(panel: Panel) -> list[StratumRows]:
    """For every stratum and answer: volunteers, selected, and the quota. Three queries."""
    strata = list(panel.strata.all())
    quotas = {(q.stratum_id, q.value): q for q in Quota.objects.filter(stratum__panel=panel)}
    volunteer_counts: dict[tuple[str, str], int] = {}
    selected_counts: dict[tuple[str, str], int] = {}
    for answers, selected in panel.volunteers.values_list("answers", "selected"):
        for key, value in answers.items():
            volunteer_counts[(key, value)] = volunteer_counts.get((key, value), 0) + 1
            if selected:
                selected_counts[(key, value)] = selected_counts.get((key, value), 0) + 1
    result = []
    for stratum in strata:
        rows = []
        for value in stratum.choices:
            quota = quotas.get((stratum.pk, value))
            rows.append(
                ValueRow(
                    value=value,
                    label=choice_label(stratum.key, value),
                    volunteers=volunteer_counts.get((stratum.key, value), 0),
                    selected=selected_counts.get((stratum.key, value), 0),
                    min=quota.min if quota else None,
                    max=quota.max if quota else None,
                )
            )
        result.append(StratumRows(stratum, rows))
    return result


@dataclass(frozen=True)
class PublicCount:
    label: str
    count: int
    hidden: bool = False

    @property
    def shown(self) -> int | None:
        """None for a hidden group (see `hidden_values`): public figures never describe groups
        smaller than KUULU_MIN_GROUP_SIZE (coordinators see the exact counts)."""
        return None if self.hidden else self.count


def public_count(count: int) -> int | None:
    from django.conf import settings

    return None if 0 < count < settings.KUULU_MIN_GROUP_SIZE else count


def hidden_values(counts: dict[str, int], shown: list[str]) -> set[str]:
    """The answers of one stratum whose count is not published, by the rule of the survey and
    feedback figures (`surveys.stats.suppressed_groups`): groups of 1 to 4 people, then, as the
    seats (the stratum's total) are public, the smallest published groups too until the hidden
    ones hold at least KUULU_MIN_GROUP_SIZE people. Answers outside `shown` are never published
    and take part as one group. Zero is shown."""
    from django.conf import settings

    from kuulu.surveys.stats import suppressed_groups

    sizes: dict[str | None, int] = {value: counts.get(value, 0) for value in shown}
    outside = sum(n for value, n in counts.items() if value not in shown)
    if outside:
        sizes[None] = outside
    hidden = suppressed_groups(sizes, min_group=settings.KUULU_MIN_GROUP_SIZE)
    return {value for value in hidden if value is not None}


@dataclass(frozen=True)
class PublicStratum:
    label: str
    counts: list[PublicCount]


def public_composition(panel: Panel) -> list[PublicStratum]:
    """The drawn panel's composition, one stratum at a time (never crossed, never names),
    from the draw record. Empty before the draw."""
    record = getattr(panel, "draw", None)
    if record is None:
        return []
    result = []
    for stratum in panel.strata.all():
        counts = record.counts.get(stratum.key)
        if counts is None:
            continue
        values = [value for value in stratum.choices if value in counts]
        hidden = hidden_values(counts, values)
        result.append(
            PublicStratum(
                label=stratum.label,
                counts=[
                    PublicCount(
                        choice_label(stratum.key, value), counts.get(value, 0), value in hidden
                    )
                    for value in values
                ],
            )
        )
    return result
