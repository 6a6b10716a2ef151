"""The Atom feed of published outcomes (/<lang>/outcomes/feed/)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.selectors import default_county
from kuulu.outcomes.models import Outcome

FEED_SIZE = 50


class OutcomeFeed(Feed):
    feed_type = Atom1Feed
    title = _("What came of participation")
    subtitle = _("Decisions and changes that drew on what residents, customers and councils said.")

    def link(self) -> str:
        return reverse("outcomes:list")

    def items(self) -> list[Outcome]:
        county = default_county()
        if county is None:
            raise Http404
        return list(
            Outcome.objects.filter(county=county, is_published=True).order_by(
                "-published_at", "-id"
            )[:FEED_SIZE]
        )

    def item_title(self, item: Outcome) -> str:
        return item.title

    def item_description(self, item: Outcome) -> str:
        parts = [item.description or ""]
        status = f"{_('Status')}: {item.get_status_display()} ({item.progress} %)"
        parts.append(status)
        if item.decided_by:
            parts.append(f"{_('Decided by')}: {item.decided_by}")
        return "\n\n".join(p for p in parts if p)

    def item_link(self, item: Outcome) -> str:
        return reverse("outcomes:detail", args=[item.pk])

    def item_pubdate(self, item: Outcome):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_updateddate(self, item: Outcome):  # type: ignore[no-untyped-def]
        return item.updated_at
