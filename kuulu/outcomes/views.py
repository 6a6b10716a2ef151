"""Outcome pages: the public list, outcome and unit timeline on the portal; the staff pages
under manage/ (list, create, edit, link inputs, progress, publish)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.core.forms import add_service_errors
from kuulu.core.htmx import render_page_or_fragment
from kuulu.core.ratelimits import public_form_rate
from kuulu.organisation.access import Actor
from kuulu.organisation.models import County, Unit
from kuulu.organisation.selectors import default_county
from kuulu.outcomes import access, links, notifications, publishing, records, selectors
from kuulu.outcomes.forms import (
    InputSearchForm,
    LinkForm,
    ManageFilterForm,
    OutcomeForm,
    ProgressForm,
    PublicFilterForm,
)
from kuulu.outcomes.inputs import adapter as adapter_for
from kuulu.outcomes.models import Outcome, OutcomeInput

PAGE_SIZE = 25


def _county() -> County:
    county = default_county()
    if county is None:
        raise Http404
    return county


def _staff_county(actor: Actor) -> County:
    if actor.county_id:
        return get_object_or_404(County, pk=actor.county_id)
    return _county()


# --- Public -----------------------------------------------------------------------------------


def outcome_list(request: HttpRequest) -> HttpResponse:
    county = _county()
    units = Unit.objects.filter(county=county, is_active=True, outcomes__is_published=True)
    units = units.distinct().order_by("path")
    form = PublicFilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    unit = None
    if data.get("unit"):
        unit = Unit.objects.filter(county=county, code=data["unit"]).first()
    outcomes = selectors.public_outcomes(
        county_id=county.pk, unit=unit, status=data.get("status") or ""
    ).order_by("-published_at", "-id")
    page = Paginator(outcomes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page_or_fragment(
        request,
        "outcomes/list.html",
        {"form": form, "page": page, "units": units, "query": _query_without_page(request)},
        fragment="results",
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def outcome_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access.access_outcome_for_public(pk)
    inputs = selectors.public_inputs(outcome)
    updates = outcome.updates.all()[:20]
    return render(
        request,
        "outcomes/detail.html",
        {"outcome": outcome, "inputs": inputs, "updates": updates},
    )


def unit_timeline(request: HttpRequest, code: str) -> HttpResponse:
    county = _county()
    unit = get_object_or_404(Unit, county=county, code=code, is_active=True)
    entries = selectors.unit_timeline(unit=unit)
    return render(request, "outcomes/timeline.html", {"unit": unit, "entries": entries})


@require_http_methods(["GET", "POST"])
@ratelimit(group="outcome-opt-out", key="ip", rate=public_form_rate, method="POST", block=True)
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """Works without signing in. GET asks, POST records: link checkers in mail systems open
    links, and must not opt anyone out."""
    valid = notifications.hash_from_token(token) is not None
    done = False
    if request.method == "POST" and valid:
        done = notifications.opt_out(token=token)
    return render(
        request,
        "outcomes/opt_out.html",
        {"valid": valid, "done": done, "token": token},
        status=200 if valid else 404,
    )


# --- Staff ------------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    actor = access.require_outcome_manager(request.user)
    today = timezone.localdate()
    form = ManageFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    outcomes = access.editable_outcomes(actor)
    if data.get("status"):
        outcomes = outcomes.filter(status=data["status"])
    if data.get("late"):
        outcomes = selectors.late_outcomes(outcomes, today)
    outcomes = (
        outcomes.prefetch_related("units")
        .annotate(input_count=Count("inputs"))
        .order_by("-updated_at", "-id")
    )
    page = Paginator(outcomes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page_or_fragment(
        request,
        "outcomes/manage/list.html",
        {"form": form, "page": page, "today": today, "query": _query_without_page(request)},
        fragment="results",
    )


def _outcome_data(form: OutcomeForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("units", None)
    return data


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    actor = access.require_outcome_manager(request.user)
    county = _staff_county(actor)
    units = access.choosable_units(actor, county.pk)
    form = OutcomeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["units"])
        if not actor.is_coordinator and not chosen:
            form.add_error("units", _("Choose at least one unit you manage."))
        else:
            try:
                outcome = records.create_outcome(
                    county=county,
                    data=_outcome_data(form),
                    units=chosen,
                    today=timezone.localdate(),
                    actor=request.user,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The outcome was saved."))
                return redirect("outcomes:manage_detail", pk=outcome.pk)
    return render(
        request,
        "outcomes/manage/form.html",
        {"form": form, "outcome": None},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access.access_outcome_for_editor(request.user, pk)
    actor = access.require_outcome_manager(request.user)
    units = access.editable_units(actor, outcome)
    initial = {
        field.name: getattr(outcome, field.name)
        for field in Outcome._meta.get_fields()
        if hasattr(outcome, field.name) and not field.is_relation
    }
    initial["units"] = list(outcome.units.all())
    form = OutcomeForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["units"])
        # The units the form does not offer (for a manager, those outside their subtree that
        # others named) stay as they are.
        chosen += [u for u in outcome.units.all() if u not in units]
        if not actor.is_coordinator and not any(u in units for u in chosen):
            form.add_error("units", _("Choose at least one unit you manage."))
        if not form.errors:
            try:
                records.update_outcome(
                    outcome=outcome,
                    data=_outcome_data(form),
                    units=chosen,
                    today=timezone.localdate(),
                    actor=request.user,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The outcome was saved."))
                return redirect("outcomes:manage_detail", pk=outcome.pk)
    return render(
        request,
        "outcomes/manage/form.html",
        {"form": form, "outcome": outcome},
        status=422 if form.errors else 200,
    )


def _detail_context(request: HttpRequest, outcome: Outcome, **extra: Any) -> dict[str, Any]:
    rows = selectors.input_rows(outcome.inputs.all(), public=False)
    context = {
        "outcome": outcome,
        "rows": rows,
        "updates": outcome.updates.select_related("recorded_by")[:50],
        "progress_form": ProgressForm(
            initial={"status": outcome.status, "progress": outcome.progress}
        ),
        "search_form": InputSearchForm(),
        "today": timezone.localdate(),
    }
    context.update(extra)
    return context


@login_required
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access.access_outcome_for_editor(request.user, pk)
    return render(request, "outcomes/manage/detail.html", _detail_context(request, outcome))


@login_required
@require_http_methods(["GET", "POST"])
def link_input(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the picker (kind and search, results with a Link button each). POST: link one."""
    outcome = access.access_outcome_for_editor(request.user, pk)
    if request.method == "POST":
        form = LinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an input to link."))
            return redirect("outcomes:link", pk=outcome.pk)
        try:
            links.link_input(
                outcome=outcome,
                kind=form.cleaned_data["kind"],
                key=form.cleaned_data["key"],
                user=request.user,
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The input was linked."))
        return redirect("outcomes:manage_detail", pk=outcome.pk)
    search = InputSearchForm(request.GET or None)
    choices: list[Any] = []
    kind = ""
    if search.is_bound and search.is_valid():
        kind = search.cleaned_data["kind"]
        adapter = adapter_for(kind)
        if adapter is not None:
            choices = adapter.search(
                request.user, outcome.county_id, search.cleaned_data.get("q") or "", 30
            )
    linked = set(outcome.inputs.filter(kind=kind).values_list("object_id", flat=True))
    return render_page_or_fragment(
        request,
        "outcomes/manage/link.html",
        {
            "outcome": outcome,
            "search_form": search,
            "choices": [c for c in choices if c.key not in linked],
            "kind": kind,
            "searched": search.is_bound,
        },
        fragment="choices",
    )


@login_required
@require_POST
def unlink_input(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    outcome = access.access_outcome_for_editor(request.user, pk)
    link = get_object_or_404(OutcomeInput, pk=link_id, outcome=outcome)
    links.unlink_input(link=link, user=request.user, request=request)
    messages.success(request, _("The input was unlinked."))
    return redirect("outcomes:manage_detail", pk=outcome.pk)


@login_required
@require_POST
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access.access_outcome_for_editor(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            records.record_progress(
                outcome=outcome,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data.get("note") or "",
                not_done_reason=form.cleaned_data.get("not_done_reason") or "",
                today=timezone.localdate(),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The progress was recorded."))
            return redirect("outcomes:manage_detail", pk=outcome.pk)
    outcome.refresh_from_db()
    return render(
        request,
        "outcomes/manage/detail.html",
        _detail_context(request, outcome, progress_form=form),
        status=422,
    )


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access.access_outcome_for_editor(request.user, pk)
    publishing.publish_outcome(
        outcome=outcome, now=timezone.now(), actor=request.user, request=request
    )
    messages.success(request, _("The outcome was published on the portal."))
    return redirect("outcomes:manage_detail", pk=outcome.pk)


@login_required
@require_POST
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = access.access_outcome_for_editor(request.user, pk)
    publishing.unpublish_outcome(outcome=outcome, actor=request.user, request=request)
    messages.success(request, _("The outcome was removed from the portal."))
    return redirect("outcomes:manage_detail", pk=outcome.pk)
