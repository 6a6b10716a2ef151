"""Feedback items, feedback themes and initiatives as inputs of the impact trail
(see kuulu/outcomes/inputs.py). Formal complaints are deliberately not registered: they are
never linked to outcomes, so they can never appear on a public outcome page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.feedback import access
from kuulu.feedback.models import Feedback, Initiative, PublishedFeedback, Secrecy, Theme
from kuulu.organisation.access import actor_for, same_county
from kuulu.outcomes.inputs import (
    Choice,
    Contact,
    InputAdapter,
    masked,
    period_bounds,
    register,
    short,
)


@register
class FeedbackAdapter(InputAdapter):
    kind = "feedback"
    received_field = "received_at"  # what `received` filters the period on
    verbose_name = gettext_lazy("Feedback")
    model = Feedback
    select_related = ("unit", "theme", "suggested_unit", "published")

    def can_view(self, user: Any, obj: Feedback) -> bool:
        return access.can_handle_feedback(user, obj)

    def label(self, obj: Feedback) -> str:
        return f"{obj.reference} ({obj.get_kind_display()})"

    def staff_url(self, obj: Feedback) -> str:
        return reverse("feedback:case", args=[obj.pk])

    def public_summary(self, obj: Feedback) -> str | None:
        """The published "you said, we did" text; else the masked text of feedback marked
        public; else only its type, theme and month. Secret feedback is never shown."""
        if obj.secrecy == Secrecy.SECRET:
            return None
        try:
            published = obj.published
        except PublishedFeedback.DoesNotExist:
            published = None
        if published is not None:
            return short(published.masked_text, 300)
        if obj.secrecy == Secrecy.PUBLIC:
            return short(masked(obj.text, names=[obj.contact_name]), 300)
        theme = obj.theme.name if obj.theme_id else ""
        received = timezone.localtime(obj.received_at).strftime("%m/%Y")
        if theme:
            return _("Feedback (%(kind)s) on %(theme)s, %(month)s") % {
                "kind": obj.get_kind_display(),
                "theme": theme,
                "month": received,
            }
        return _("Feedback (%(kind)s), %(month)s") % {
            "kind": obj.get_kind_display(),
            "month": received,
        }

    def contributors(self, obj: Feedback) -> list[Contact]:
        # Only those who left an email and asked for a reply agreed to hear back.
        if obj.wants_reply and obj.contact_email and obj.anonymised_at is None:
            return [Contact(email=obj.contact_email, language=obj.language)]
        return []

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not access.is_feedback_handler(user):
            return []
        qs = Feedback.objects.filter(county_id=county_id).select_related("unit")
        condition = access.queue_filter(user)
        if condition is not None:
            qs = qs.filter(condition)
        query = query.strip()
        if query:
            qs = qs.filter(Q(reference__iexact=query) | Q(text__icontains=query))
        return [Choice(key=str(f.pk), label=self.label(f)) for f in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = Feedback.objects.filter(county_id=county_id, received_at__range=(low, high))
        if unit_path:
            qs = qs.filter(unit__path__startswith=unit_path)
        return qs


@register
class ThemeAdapter(InputAdapter):
    """A feedback theme as a whole: what many people said about one thing. Shown publicly
    only as the theme's name; not counted in the traced share (it is not one input)."""

    kind = "feedback_theme"
    verbose_name = gettext_lazy("Feedback theme")
    model = Theme

    def can_view(self, user: Any, obj: Theme) -> bool:
        return access.is_feedback_handler(user) and same_county(actor_for(user), obj.county_id)

    def units(self, obj: Theme) -> list[Any]:
        return []

    def label(self, obj: Theme) -> str:
        return obj.name

    def staff_url(self, obj: Theme) -> str:
        return reverse("feedback:dashboard")

    def public_summary(self, obj: Theme) -> str | None:
        return _("Feedback on the theme “%(theme)s”") % {"theme": obj.name}

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not access.is_feedback_handler(user):
            return []
        qs = Theme.objects.filter(county_id=county_id, is_active=True)
        if query.strip():
            qs = qs.filter(name__icontains=query.strip())
        return [Choice(key=str(t.pk), label=t.name) for t in qs[:limit]]


@register
class InitiativeAdapter(InputAdapter):
    kind = "initiative"
    received_field = "received_at"  # what `received` filters the period on
    verbose_name = gettext_lazy("Initiative")
    model = Initiative
    select_related = ("unit",)

    def can_view(self, user: Any, obj: Initiative) -> bool:
        actor = actor_for(user)
        if not actor.is_staff or not same_county(actor, obj.county_id):
            return False
        return actor.is_coordinator or obj.handled_by_id == getattr(user, "pk", None)

    def label(self, obj: Initiative) -> str:
        return f"{obj.reference} {short(obj.title, 120)}"

    def staff_url(self, obj: Initiative) -> str:
        return reverse("feedback:initiative", args=[obj.pk])

    def public_summary(self, obj: Initiative) -> str | None:
        if obj.anonymised_at is not None:
            return _("An initiative")
        return _("Initiative: %(title)s") % {"title": short(masked(obj.title), 200)}

    def contributors(self, obj: Initiative) -> list[Contact]:
        # Initiators gave their email to be told how their initiative is handled.
        return [
            Contact(email=s.email, language=obj.language)
            for s in obj.signers.all()
            if s.email and obj.anonymised_at is None
        ]

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        if not access.is_initiative_handler(user):
            return []
        qs = Initiative.objects.filter(county_id=county_id)
        condition = access.initiatives_filter(user)
        if condition is not None:
            qs = qs.filter(condition)
        query = query.strip()
        if query:
            qs = qs.filter(Q(reference__iexact=query) | Q(title__icontains=query))
        return [Choice(key=str(i.pk), label=self.label(i)) for i in qs[:limit]]

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet:
        low, high = period_bounds(start, end)
        qs = Initiative.objects.filter(county_id=county_id, received_at__range=(low, high))
        if unit_path:
            qs = qs.filter(unit__path__startswith=unit_path)
        return qs


@register
class TopicAdapter(InputAdapter):
    """An emerging topic: many people writing about one matter. Its key stays the same across
    computations, so the link follows the topic; it resolves to the newest computation. Shown
    publicly only as the topic's name (concepts and common words, never a person's text)."""

    kind = "feedback_topic"
    verbose_name = gettext_lazy("Emerging feedback topic")

    def key(self, obj: Any) -> str:
        return obj.key

    def queryset(self) -> QuerySet:
        from kuulu.feedback.topics.models import Topic

        return Topic.objects.select_related("snapshot")

    def resolve(self, keys: Any) -> dict[str, Any]:
        wanted = [str(k) for k in keys if str(k)]
        if not wanted:
            return {}
        found: dict[str, Any] = {}
        for topic in (
            self.queryset()
            .filter(key__in=wanted)
            .order_by("key", "-snapshot__computed_at", "-snapshot_id")
        ):
            found.setdefault(topic.key, topic)
        return found

    def units(self, obj: Any) -> list[Any]:
        return []

    def can_view(self, user: Any, obj: Any) -> bool:
        return access.can_view_topics(user, obj.county_id)

    def label(self, obj: Any) -> str:
        return _("Topic: %(label)s (%(count)s feedback)") % {"label": obj.label, "count": obj.size}

    def staff_url(self, obj: Any) -> str:
        return reverse("feedback:topic", args=[obj.key])

    def public_summary(self, obj: Any) -> str | None:
        return _("Many people gave feedback on “%(topic)s”") % {"topic": short(obj.label, 200)}

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        from kuulu.feedback.topics.selectors import latest_snapshot, topics_of

        if not access.can_view_topics(user, county_id):
            return []
        query = query.strip().casefold()
        choices = []
        for topic in topics_of(latest_snapshot(county_id)):
            label = self.label(topic)
            if query and query not in label.casefold():
                continue
            choices.append(Choice(key=topic.key, label=label))
            if len(choices) == limit:
                break
        return choices
