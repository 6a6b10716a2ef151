"""The "Emerging topics" staff view: topics of recent feedback, new and growing ones flagged,
masked examples, and linking a topic to an outcome."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kuulu.core.audit import record_event
from kuulu.core.charts import horizontal_bars
from kuulu.core.forms import KuuluForm
from kuulu.feedback import access
from kuulu.feedback.topics import selectors
from kuulu.feedback.topics.services import OUTCOME_KIND, request_topics
from kuulu.organisation.access import actor_for
from kuulu.organisation.selectors import default_county

CHART_TOPICS = 10


def _county_id(user: object) -> int:
    actor = access.require_topics_viewer(user)
    if actor.county_id is not None:
        return actor.county_id
    county = default_county()
    if county is None:
        raise Http404
    return county.pk


class LinkOutcomeForm(KuuluForm):
    outcome = forms.TypedChoiceField(label=gettext_lazy("Outcome"), coerce=int, choices=())

    def __init__(self, *args: object, outcomes: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.pk, o.title) for o in outcomes]


def _editable_outcomes(user: object, county_id: int) -> list:
    from kuulu.outcomes.access import can_manage_outcomes, editable_outcomes

    actor = actor_for(user)
    if not can_manage_outcomes(actor):
        return []
    return list(editable_outcomes(actor).filter(county_id=county_id).order_by("-id")[:200])


@login_required
@require_GET
def topics(request: HttpRequest) -> HttpResponse:
    county_id = _county_id(request.user)
    snapshot = selectors.latest_snapshot(county_id)
    rows = selectors.topics_of(snapshot)
    chart = horizontal_bars([(t.label, t.size_now) for t in rows[:CHART_TOPICS]])
    return render(
        request,
        "feedback/topics.html",
        {
            "snapshot": snapshot,
            "topics": rows,
            "chart": chart,
            "can_recompute": access.can_recompute_topics(request.user),
        },
    )


@login_required
@require_POST
def topics_recompute(request: HttpRequest) -> HttpResponse:
    county_id = _county_id(request.user)
    if not access.can_recompute_topics(request.user):
        raise PermissionDenied
    request_topics(county_id)
    messages.success(
        request, _("The topics will be computed again in a moment. Reload the page to see them.")
    )
    return redirect("feedback:topics")


def _linked_outcomes(user: object, topic: object) -> list[dict]:
    """The outcomes linked to the topic that the user may see: published ones, and drafts the
    user may edit (as everywhere an input shows what came of it, outcomes' templatetag)."""
    from kuulu.outcomes.access import can_edit_outcome, can_manage_outcomes
    from kuulu.outcomes.selectors import outcomes_for_input

    actor = actor_for(user)
    staff = can_manage_outcomes(actor)
    items = []
    linked = outcomes_for_input(kind=OUTCOME_KIND, obj=topic, published_only=False)
    for outcome in linked.prefetch_related("units"):
        editable = staff and can_edit_outcome(actor, outcome)
        if outcome.is_published or editable:
            items.append({"outcome": outcome, "editable": editable})
    return items


def _topic_page(request: HttpRequest, topic: object, form: LinkOutcomeForm | None, status: int):  # type: ignore[no-untyped-def]
    outcomes = _editable_outcomes(request.user, topic.county_id)
    if form is None and outcomes:
        form = LinkOutcomeForm(outcomes=outcomes, auto_id="link_%s")
    shown = selectors.examples(request.user, topic)
    record_event(action="view", obj=topic, request=request, summary="emerging topic viewed")
    return render(
        request,
        "feedback/topic.html",
        {
            "topic": topic,
            "examples": shown,
            "hidden_examples": max(0, topic.size - len(shown)),
            "history": selectors.history(topic),
            "linked": _linked_outcomes(request.user, topic),
            "form": form,
        },
        status=status,
    )


@login_required
@require_GET
def topic_detail(request: HttpRequest, key: str) -> HttpResponse:
    topic = access.access_topic(request.user, key)
    return _topic_page(request, topic, None, 200)


@login_required
@require_POST
def topic_link(request: HttpRequest, key: str) -> HttpResponse:
    from kuulu.outcomes import links
    from kuulu.outcomes.access import access_outcome_for_editor

    topic = access.access_topic(request.user, key)
    outcomes = _editable_outcomes(request.user, topic.county_id)
    if not outcomes:
        raise PermissionDenied
    form = LinkOutcomeForm(request.POST, outcomes=outcomes, auto_id="link_%s")
    if form.is_valid():
        outcome = access_outcome_for_editor(request.user, form.cleaned_data["outcome"])
        try:
            links.link_input(
                outcome=outcome,
                kind=OUTCOME_KIND,
                key=topic.key,
                user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_error("outcome", " ".join(exc.messages))
        else:
            messages.success(request, _("The topic was linked to the outcome."))
            return redirect("feedback:topic", key=topic.key)
    return _topic_page(request, topic, form, 400)
