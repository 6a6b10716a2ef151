"""Pages of the participation programme: the public programme with its progress, and the
coordinators' pages under manage/ (list, tree editing at every level, approval, follow-up,
history, workbook export and import)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kuulu.core.audit import record_event
from kuulu.core.charts import horizontal_bars
from kuulu.core.forms import add_service_errors, blank_translations
from kuulu.core.htmx import render_page_or_fragment
from kuulu.organisation.access import actor_for, county_of
from kuulu.programme import access, follow_up, history, selectors, spreadsheet, structure
from kuulu.programme.forms import (
    ApprovalForm,
    FollowUpForm,
    GoalForm,
    ImportForm,
    IndicatorForm,
    MeasureForm,
    PerspectiveForm,
    ProgrammeForm,
)
from kuulu.programme.models import ParticipationProgramme
from kuulu.programme.quarters import default_follow_up_quarter, previous_quarter


def _tree_url(programme_id: int) -> str:
    return reverse("programme:tree", args=[programme_id])


# --- Public -----------------------------------------------------------------------------------


def _public_page(request: HttpRequest, programme: ParticipationProgramme | None) -> HttpResponse:
    today = timezone.localdate()
    summary = (
        selectors.summary_of(programme, today=today)
        if programme is not None
        else selectors.ProgrammeSummary()
    )
    targets = [t for p in summary.perspectives for g in p.goals for t in g.indicators]
    rows = selectors.indicator_rows(
        county_id=programme.county_id if programme else 0, targets=targets, today=today
    )
    perspectives = [
        (
            perspective,
            [
                (goal, [rows[(goal.id, t.code)] for t in goal.indicators])
                for goal in perspective.goals
            ],
        )
        for perspective in summary.perspectives
    ]
    chart = horizontal_bars([(str(label), count) for _v, label, count in summary.status_rows])
    others = []
    if programme is not None:
        others = [
            p
            for p in selectors.programmes_for_county(county_id=programme.county_id)
            if p.is_approved and p.pk != programme.pk
        ]
    return render(
        request,
        "programme/public.html",
        {
            "programme": programme,
            "summary": summary,
            "perspectives": perspectives,
            "chart": chart,
            "period": selectors.current_period(today),
            "others": others,
        },
    )


def public(request: HttpRequest) -> HttpResponse:
    county = county_of(actor_for(request.user))
    return _public_page(
        request, selectors.current_programme(county_id=county.pk, approved_only=True)
    )


def public_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    county = county_of(actor_for(request.user))
    programme = selectors.approved_programme(county_id=county.pk, programme_id=programme_id)
    if programme is None:
        raise Http404
    return _public_page(request, programme)


# --- Coordinators: programmes -----------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    actor = access.require_keeper(request.user)
    county = county_of(actor)
    programmes = list(selectors.programmes_for_county(county_id=county.pk))
    return render(request, "programme/manage.html", {"programmes": programmes})


def _form_page(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    back: str,
    success: str,
    done: Callable[[Any], str],
    intro: str = "",
) -> HttpResponse:
    """Show the form; on a valid POST call `save(cleaned_data)` and redirect to `done(result)`,
    or put the service's errors on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(blank_translations(form.cleaned_data))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(done(result))
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": title, "back": back, "intro": intro},
        status=200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    actor = access.require_keeper(request.user)
    county = county_of(actor)
    year = timezone.localdate().year
    form = ProgrammeForm(request.POST or None, initial={"start_year": year, "end_year": year + 3})
    return _form_page(
        request,
        form,
        lambda data: structure.create_programme(
            county=county, data=data, user=request.user, request=request
        ),
        title=_("New participation programme"),
        back=reverse("programme:manage"),
        success=_("The programme has been created with the four perspectives."),
        done=lambda p: _tree_url(p.pk),
        intro=_(
            "A new programme starts as a draft with Keusote's four perspectives: information "
            "and transactions, the service situation, development and the strategy level. You "
            "can rename, reorder, add and remove them."
        ),
    )


@login_required
def programme_tree(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.access_programme_for_keeper(request.user, programme_id)
    return _render_tree(request, programme)


def _render_tree(request: HttpRequest, programme: ParticipationProgramme) -> HttpResponse:
    tree = selectors.programme_tree(programme, with_people=True)
    catalogue = structure.indicator_codes(county_id=programme.county_id)
    for perspective in tree:
        for goal in perspective.goals.all():
            for indicator in goal.indicators.all():
                definition = catalogue.get(indicator.code)
                indicator.name = str(definition.name) if definition else indicator.code
    return render_page_or_fragment(
        request,
        "programme/tree.html",
        {
            "programme": programme,
            "tree": tree,
            "last_quarter": previous_quarter(timezone.localdate()),
        },
        fragment="tree",
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.access_programme_for_keeper(request.user, programme_id)
    form = ProgrammeForm(request.POST or None, instance=programme)
    return _form_page(
        request,
        form,
        lambda data: structure.update_programme(
            programme=programme, data=data, user=request.user, request=request
        ),
        title=_("Edit the programme"),
        back=_tree_url(programme.pk),
        success=_("The programme has been saved."),
        done=lambda p: _tree_url(p.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_approve(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.access_programme_for_keeper(request.user, programme_id)
    form = ApprovalForm(request.POST or None, instance=programme)
    return _form_page(
        request,
        form,
        lambda data: structure.approve_programme(
            programme=programme,
            approval_body=data["approval_body"],
            approved_on=data["approved_on"],
            minutes_url=data.get("minutes_url") or "",
            user=request.user,
            request=request,
        ),
        title=_("Record the approval"),
        back=_tree_url(programme.pk),
        success=_(
            "The approval has been recorded. From now on every change is kept in the history."
        ),
        done=lambda p: _tree_url(p.pk),
        intro=_(
            "Record who approved the programme, when, and where the minutes are. The approved "
            "programme is shown on the portal, and from now on every change is kept in its history."
        ),
    )


@login_required
def programme_history(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.access_programme_for_keeper(request.user, programme_id)
    changes = list(selectors.programme_history(programme)[:500])
    catalogue = structure.indicator_codes(county_id=programme.county_id)
    history.describe(changes, indicator_names={c: str(d.name) for c, d in catalogue.items()})
    return render(request, "programme/history.html", {"programme": programme, "changes": changes})


@login_required
def programme_export(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.access_programme_for_keeper(request.user, programme_id)
    content = spreadsheet.export_workbook(programme)
    record_event(
        action="export", obj=programme, request=request, summary="programme workbook exported"
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"programme-{programme.start_year}-{programme.end_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def programme_import(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.access_programme_for_keeper(request.user, programme_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[spreadsheet.RowError] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = spreadsheet.import_workbook(
                programme=programme,
                file=form.cleaned_data["workbook"],
                user=request.user,
                request=request,
            )
        except spreadsheet.ImportFailed as exc:
            errors = spreadsheet.error_rows(exc.errors)
            status = 422
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 422
        else:
            messages.success(
                request,
                _(
                    "Imported %(perspectives)s perspectives, %(goals)s goals, %(indicators)s "
                    "indicators and %(measures)s measures."
                )
                % result.__dict__,
            )
            return redirect(_tree_url(programme.pk))
    return render(
        request,
        "programme/import.html",
        {"programme": programme, "form": form, "errors": errors, "columns": spreadsheet.COLUMNS},
        status=status,
    )


# --- Coordinators: the levels of the tree -----------------------------------------------------


def _after_action(request: HttpRequest, programme: ParticipationProgramme) -> HttpResponse:
    """htmx gets the refreshed tree; a plain form post goes back to the tree page."""
    if getattr(request, "htmx", None):
        return _render_tree(request, programme)
    return redirect(_tree_url(programme.pk))


def _run(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)


def _offset(request: HttpRequest) -> int:
    return -1 if request.POST.get("offset") == "-1" else 1


@login_required
@require_http_methods(["GET", "POST"])
def perspective_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.access_programme_for_keeper(request.user, programme_id)
    return _form_page(
        request,
        PerspectiveForm(request.POST or None),
        lambda data: structure.add_perspective(
            programme=programme, data=data, user=request.user, request=request
        ),
        title=_("Add a perspective"),
        back=_tree_url(programme.pk),
        success=_("The perspective has been added."),
        done=lambda _p: _tree_url(programme.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def perspective_edit(request: HttpRequest, perspective_id: int) -> HttpResponse:
    perspective = access.access_perspective_for_keeper(request.user, perspective_id)
    programme = perspective.programme
    return _form_page(
        request,
        PerspectiveForm(request.POST or None, instance=perspective),
        lambda data: structure.update_perspective(
            perspective=perspective, data=data, user=request.user, request=request
        ),
        title=_("Edit the perspective"),
        back=_tree_url(programme.pk),
        success=_("The perspective has been saved."),
        done=lambda _p: _tree_url(programme.pk),
    )


@login_required
@require_POST
def perspective_delete(request: HttpRequest, perspective_id: int) -> HttpResponse:
    perspective = access.access_perspective_for_keeper(request.user, perspective_id)
    programme = perspective.programme
    _run(
        request,
        lambda: structure.remove_perspective(
            perspective=perspective, user=request.user, request=request
        ),
        _("The perspective has been removed."),
    )
    return _after_action(request, programme)


@login_required
@require_POST
def perspective_move(request: HttpRequest, perspective_id: int) -> HttpResponse:
    perspective = access.access_perspective_for_keeper(request.user, perspective_id)
    structure.move_perspective(perspective=perspective, offset=_offset(request), user=request.user)
    return _after_action(request, perspective.programme)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, perspective_id: int) -> HttpResponse:
    perspective = access.access_perspective_for_keeper(request.user, perspective_id)
    programme = perspective.programme
    form = GoalForm(
        request.POST or None, programme=programme, initial={"perspective": perspective.pk}
    )
    return _form_page(
        request,
        form,
        lambda data: structure.add_goal(
            perspective=data.get("perspective") or perspective,
            data=data,
            user=request.user,
            request=request,
        ),
        title=_("Add a goal"),
        back=_tree_url(programme.pk),
        success=_("The goal has been added."),
        done=lambda goal: f"{_tree_url(programme.pk)}#goal-{goal.pk}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = access.access_goal_for_keeper(request.user, goal_id)
    programme = goal.perspective.programme
    return _form_page(
        request,
        GoalForm(request.POST or None, instance=goal, programme=programme),
        lambda data: structure.update_goal(
            goal=goal, data=data, user=request.user, request=request
        ),
        title=_("Edit the goal"),
        back=_tree_url(programme.pk),
        success=_("The goal has been saved."),
        done=lambda goal: f"{_tree_url(programme.pk)}#goal-{goal.pk}",
    )


@login_required
@require_POST
def goal_delete(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = access.access_goal_for_keeper(request.user, goal_id)
    programme = goal.perspective.programme
    _run(
        request,
        lambda: structure.remove_goal(goal=goal, user=request.user, request=request),
        _("The goal has been removed."),
    )
    return _after_action(request, programme)


@login_required
@require_POST
def goal_move(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = access.access_goal_for_keeper(request.user, goal_id)
    structure.move_goal(goal=goal, offset=_offset(request), user=request.user)
    return _after_action(request, goal.perspective.programme)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = access.access_goal_for_keeper(request.user, goal_id)
    programme = goal.perspective.programme
    catalogue = list(structure.indicator_codes(county_id=programme.county_id).values())
    return _form_page(
        request,
        IndicatorForm(request.POST or None, catalogue=catalogue),
        lambda data: structure.add_indicator(
            goal=goal, data=data, user=request.user, request=request
        ),
        title=_("Add an indicator to the goal"),
        back=f"{_tree_url(programme.pk)}#goal-{goal.pk}",
        success=_("The indicator has been added to the goal."),
        done=lambda _i: f"{_tree_url(programme.pk)}#goal-{goal.pk}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = access.access_indicator_for_keeper(request.user, indicator_id)
    programme = indicator.goal.perspective.programme
    catalogue = list(structure.indicator_codes(county_id=programme.county_id).values())
    return _form_page(
        request,
        IndicatorForm(request.POST or None, instance=indicator, catalogue=catalogue),
        lambda data: structure.update_indicator(
            indicator=indicator, data=data, user=request.user, request=request
        ),
        title=_("Edit the goal's indicator"),
        back=f"{_tree_url(programme.pk)}#goal-{indicator.goal_id}",
        success=_("The indicator has been saved."),
        done=lambda _i: f"{_tree_url(programme.pk)}#goal-{indicator.goal_id}",
    )


@login_required
@require_POST
def indicator_delete(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = access.access_indicator_for_keeper(request.user, indicator_id)
    programme = indicator.goal.perspective.programme
    _run(
        request,
        lambda: structure.remove_indicator(indicator=indicator, user=request.user, request=request),
        _("The indicator has been removed from the goal."),
    )
    return _after_action(request, programme)


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = access.access_goal_for_keeper(request.user, goal_id)
    programme = goal.perspective.programme
    return _form_page(
        request,
        MeasureForm(request.POST or None, county_id=programme.county_id),
        lambda data: structure.add_measure(
            goal=goal, data=data, user=request.user, request=request
        ),
        title=_("Add a measure"),
        back=f"{_tree_url(programme.pk)}#goal-{goal.pk}",
        success=_("The measure has been added."),
        done=lambda m: f"{_tree_url(programme.pk)}#measure-{m.pk}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = access.access_measure_for_keeper(request.user, measure_id)
    programme = measure.goal.perspective.programme
    return _form_page(
        request,
        MeasureForm(request.POST or None, instance=measure, county_id=programme.county_id),
        lambda data: structure.update_measure(
            measure=measure, data=data, user=request.user, request=request
        ),
        title=_("Edit the measure"),
        back=f"{_tree_url(programme.pk)}#measure-{measure.pk}",
        success=_("The measure has been saved."),
        done=lambda m: f"{_tree_url(programme.pk)}#measure-{m.pk}",
    )


@login_required
@require_POST
def measure_delete(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = access.access_measure_for_keeper(request.user, measure_id)
    programme = measure.goal.perspective.programme
    _run(
        request,
        lambda: structure.remove_measure(measure=measure, user=request.user, request=request),
        _("The measure has been removed."),
    )
    return _after_action(request, programme)


@login_required
@require_POST
def measure_move(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = access.access_measure_for_keeper(request.user, measure_id)
    structure.move_measure(measure=measure, offset=_offset(request), user=request.user)
    return _after_action(request, measure.goal.perspective.programme)


# --- Follow-up --------------------------------------------------------------------------------


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    actor = access.require_follower(request.user)
    county = county_of(actor)
    today = timezone.localdate()
    measures = selectors.follow_up_list(actor, county_id=county.pk, today=today)
    return render(
        request,
        "programme/follow_up_list.html",
        {
            "measures": measures,
            "programmes": selectors.follow_up_periods(measures, today=today),
            "can_keep": access.can_keep_programme(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_follow_up(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure, actor = access.access_measure_for_follow_up(request.user, measure_id)
    today = timezone.localdate()
    programme = measure.goal.perspective.programme
    proposed = default_follow_up_quarter(
        today=today, start_year=programme.start_year, end_year=programme.end_year
    )
    form = FollowUpForm(
        request.POST or None,
        initial={"year": proposed.year, "quarter": proposed.quarter, "status": measure.status},
    )
    if request.method == "POST" and form.is_valid():
        try:
            follow_up.record_follow_up(
                measure=measure,
                data=blank_translations(form.cleaned_data),
                today=today,
                user=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The follow-up has been recorded."))
            return redirect("programme:follow_up", measure_id=measure.pk)
    return render(
        request,
        "programme/follow_up.html",
        {
            "measure": measure,
            "programme": programme,
            "form": form,
            "entries": selectors.follow_ups_of(measure),
            "can_keep": access.can_keep_programme(actor),
        },
    )
