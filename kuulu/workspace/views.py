"""The signed-in staff workspace: home, audit log search, accessibility feedback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kuulu.core.audit import record_event
from kuulu.core.htmx import render_page_or_fragment
from kuulu.indicators.types import Period
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import Person
from kuulu.organisation.selectors import unit_chain
from kuulu.portal import services as portal_services
from kuulu.workspace import access, selectors
from kuulu.workspace.forms import AuditSearchForm, LeadershipPeriodForm
from kuulu.workspace.leadership import leadership_charts, leadership_overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    person = (
        Person.objects.select_related("unit").filter(pk=actor.person_id).first()
        if actor.person_id
        else None
    )
    today = timezone.localdate()
    return render(
        request,
        "workspace/home.html",
        {
            "actor": actor,
            "person": person,
            "unit_chain": unit_chain(person.unit) if person and person.unit else [],
            "queue": selectors.attention_queue(actor=actor, today=today),
            "indicators": selectors.key_indicators(actor=actor, today=today),
            "modules": access.modules_for(actor),
        },
    )


@login_required
def leadership(request: HttpRequest) -> HttpResponse:
    _actor, county_id = access.require_leadership_viewer(request.user)
    today = timezone.localdate()
    years = list(range(today.year, today.year - 5, -1))
    form = LeadershipPeriodForm(request.GET or None, years=years)
    year, quarter = today.year, None
    if form.is_bound and form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    period = Period.quarter(year, quarter) if quarter else Period.year(year)
    overview = leadership_overview(county_id=county_id, period=period, today=today)
    return render(
        request,
        "workspace/leadership.html",
        {"form": form, "view": overview, **leadership_charts(overview)},
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not access.can_search_audit_log(request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None, object_types=selectors.audit_object_types())
    events = []
    county_id = access.audit_log_county(request.user)
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if form.is_bound else {}
        events = selectors.search_audit_log(
            object_type=data.get("object_type", ""),
            object_id=data.get("object_id", ""),
            actor_id=data.get("actor"),
            action=data.get("action", ""),
            since=data.get("since"),
            until=data.get("until"),
            county_id=county_id,
        )
    return render_page_or_fragment(
        request,
        "workspace/audit_log.html",
        {"form": form, "events": events, "own_county_only": county_id is not None},
        fragment="results",
    )


@login_required
def accessibility_feedback(request: HttpRequest) -> HttpResponse:
    actor = access.require_feedback_handler(request.user)
    items = list(
        selectors.open_accessibility_feedback(county_id=access.accessibility_feedback_county(actor))
    )
    record_event(
        action="view",
        object_type="portal.accessibilityfeedback",
        request=request,
        summary=f"list of {len(items)}",
    )
    return render(request, "workspace/accessibility_feedback.html", {"items": items})


@login_required
@require_POST
def accessibility_feedback_answered(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback = access.access_accessibility_feedback_for_handler(request.user, feedback_id)
    portal_services.mark_accessibility_feedback_answered(
        feedback=feedback, actor=request.user, request=request
    )
    messages.success(request, _("Marked as answered."))
    return redirect("workspace:accessibility_feedback")
