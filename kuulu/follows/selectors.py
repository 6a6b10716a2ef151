"""Reads of Follow and be told: what can be followed, a person's follows, delivery figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from kuulu.follows import keys
from kuulu.follows.models import Delivery, Digest, Follow
from kuulu.organisation.models import County


@dataclass(frozen=True)
class Target:
    kind: str
    key: str
    label: str


def followable_targets(county: County) -> list[Target]:
    """Everything a resident can follow in the county, services first."""
    from kuulu.budgeting.models import Process
    from kuulu.channels.models import Channel
    from kuulu.deliberation.models import Conversation
    from kuulu.feedback.models import Theme
    from kuulu.organisation.models import Unit

    targets = [
        Target(
            "county",
            keys.county(county.pk),
            _("Everything in %(county)s") % {"county": county.name},
        )
    ]
    units = Unit.objects.filter(county=county, is_active=True).exclude(kind=Unit.Kind.TEAM)
    for unit in units.order_by("path")[:300]:
        kind = "service" if unit.kind == Unit.Kind.SERVICE_AREA else "unit"
        targets.append(Target(kind, keys.unit(unit.pk), unit.name))
    for theme in Theme.objects.filter(county=county).order_by("code")[:100]:
        targets.append(Target("theme", keys.theme(theme.code), str(theme)))
    for channel in Channel.objects.filter(county=county, is_published=True).order_by("pk")[:100]:
        targets.append(Target("channel", keys.channel(channel.pk), str(channel)))
    for process in Process.objects.filter(county=county, is_published=True).order_by("-pk")[:50]:
        targets.append(Target("process", keys.budgeting(process.pk), process.title))
    for conversation in Conversation.objects.filter(county=county, is_published=True).order_by(
        "-pk"
    )[:50]:
        targets.append(Target("process", keys.deliberation(conversation.pk), conversation.topic))
    return targets


def follows_of(user: Any) -> QuerySet[Follow]:
    return Follow.objects.filter(user=user).order_by("target_label", "delivery", "id")


def delivery_figures(*, county_id: int | None) -> list[tuple[str, int]]:
    """Counts by status, for coordinators; no addresses. Rows are (translated label, count).

    A coordinator's figures are their county's: messages about its announcements, and digests
    of people who follow something in it. `county_id=None` (a system administrator, who
    belongs to no county) counts the whole installation."""
    deliveries = Delivery.objects.all()
    digests = Digest.objects.all()
    if county_id is not None:
        deliveries = deliveries.filter(announcement__county_id=county_id)
        digests = digests.filter(
            user_id__in=Follow.objects.filter(
                county_id=county_id, delivery=Follow.Delivery.DIGEST
            ).values("user_id")
        )
    rows: list[tuple[str, int]] = []
    delivery_counts = dict(deliveries.values_list("status").annotate(n=Count("id")))
    for status in Delivery.Status:
        if delivery_counts.get(status.value):
            rows.append(
                (
                    _("Messages at once: %(status)s") % {"status": status.label},
                    delivery_counts[status.value],
                )
            )
    digest_counts = dict(digests.values_list("status").annotate(n=Count("id")))
    for status in Digest.Status:
        if digest_counts.get(status.value):
            rows.append(
                (
                    _("Weekly digests: %(status)s") % {"status": status.label},
                    digest_counts[status.value],
                )
            )
    return rows
