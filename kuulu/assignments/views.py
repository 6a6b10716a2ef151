"""Mandatory training: assigning, completion reports with drill-down, overdue lists, team
completions, learners' own assignments, and attendance per programme."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kuulu.assignments import access, selectors, services
from kuulu.assignments.forms import AssignmentForm, TeamChoiceForm, TeamCompletionForm
from kuulu.assignments.models import Assignment
from kuulu.core.audit import record_event
from kuulu.core.charts import horizontal_bars
from kuulu.core.forms import add_service_errors
from kuulu.core.spreadsheets import csv_response, xlsx_response
from kuulu.organisation.access import Actor, actor_for, county_of
from kuulu.organisation.models import Municipality, Person, Unit


@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    actor = access.require_follower(request.user)
    scope = access.report_scope(actor)
    assignments = list(selectors.visible_assignments(actor))
    totals = selectors.assignment_totals(assignments, scope=scope)
    rows = [(assignment, totals[assignment.pk]) for assignment in assignments]
    active = [(a, t) for a, t in rows if a.status == Assignment.Status.ACTIVE]
    chart = horizontal_bars(
        [(a.title, t.percent_done) for a, t in active], maximum=100, suffix=" %"
    )
    return render(
        request,
        "assignments/list.html",
        {"rows": rows, "chart": chart, "can_assign": access.can_assign(actor)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest) -> HttpResponse:
    actor = access.require_assigner(request.user)
    county = county_of(actor)
    form = AssignmentForm(request.POST or None, county_id=county.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.create_assignment(
                county=county,
                course=data["course"],
                event=data["event"],
                units=list(data["units"]),
                managers_only=data["managers_only"],
                due_on=data["due_on"],
                remind_days_before=data["remind_days_before"],
                note=data["note"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Assigned. Everyone it covers will get an email about it."))
            return redirect("assignments:detail", assignment_id=assignment.pk)
    return render(request, "assignments/form.html", {"form": form})


def _municipality_names(county_id: int) -> dict[int | None, str]:
    names: dict[int | None, str] = {
        m.pk: str(m) for m in Municipality.objects.filter(county_id=county_id)
    }
    names[None] = _("Several or not recorded")
    return names


@login_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment, actor = access.access_assignment_for_follower(request.user, assignment_id)
    try:
        unit_id = int(request.GET.get("unit", "") or 0) or None
    except ValueError:
        unit_id = None
    report = selectors.assignment_report(
        assignment, scope=access.report_scope(actor), unit_id=unit_id
    )
    # Names of people who have not completed mandatory training: a sensitive read.
    record_event(action="view", obj=assignment, request=request, summary="completion report viewed")
    names = _municipality_names(assignment.county_id)
    role_names = {"manager": _("Managers"), "staff": _("Other staff")}
    return render(
        request,
        "assignments/detail.html",
        {
            "assignment": assignment,
            "report": report,
            "unit_chart": horizontal_bars(
                [(str(r.unit), r.tally.percent_done) for r in report.by_unit],
                maximum=100,
                suffix=" %",
            ),
            "roles": [(role_names.get(str(t.key), t.key), t) for t in report.by_role],
            "municipalities": sorted(
                ((names.get(t.key, "?"), t) for t in report.by_municipality),
                key=lambda pair: pair[0],
            ),
            "can_assign": access.can_assign(actor),
            "can_record_team": True,
        },
    )


def _export_rows(assignment: Assignment, actor: Actor):  # type: ignore[no-untyped-def]
    _units, work_municipality = selectors.units_with_municipality(assignment.county_id)
    names = _municipality_names(assignment.county_id)
    how = {"course": _("course"), "event": _("event"), "team": _("with the team")}
    for status in selectors.statuses(assignment, within_path=access.report_scope(actor)):
        person = status.person
        yield (
            person.full_name,
            str(person.unit),
            _("manager") if person.is_manager else _("staff member"),
            names.get(work_municipality.get(person.unit.path), ""),
            status.done_on.isoformat() if status.done_on else "",
            how.get(status.how, ""),
            _("yes") if status.overdue else "",
        )


def _export_header() -> list[str]:
    return [
        _("Name"),
        _("Unit"),
        _("Role"),
        _("Municipality"),
        _("Completed on"),
        _("How"),
        _("Overdue"),
    ]


@login_required
def assignment_export(request: HttpRequest, assignment_id: int, fmt: str) -> HttpResponse:
    assignment, actor = access.access_assignment_for_follower(request.user, assignment_id)
    record_event(
        action="export", obj=assignment, request=request, summary=f"completion exported ({fmt})"
    )
    filename = f"assignment-{assignment.pk}-completion.{fmt}"
    rows = _export_rows(assignment, actor)
    if fmt == "xlsx":
        return xlsx_response(filename, _("Completion"), _export_header(), rows)
    return csv_response(filename, _export_header(), rows)


@login_required
@require_POST
def assignment_withdraw(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = access.access_assignment_for_assigner(request.user, assignment_id)
    services.withdraw_assignment(assignment=assignment, actor=request.user, request=request)
    messages.success(request, _("The assignment has been withdrawn. No more reminders are sent."))
    return redirect("assignments:detail", assignment_id=assignment.pk)


def _team_units(actor: Actor, assignment: Assignment):  # type: ignore[no-untyped-def]
    units = Unit.objects.active().filter(county_id=assignment.county_id)
    if not actor.is_coordinator:
        units = units.filter(path__startswith=actor.unit_path or "-")
    return units


@login_required
@require_http_methods(["GET", "POST"])
def team_completion(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment, actor = access.access_assignment_for_follower(request.user, assignment_id)
    if assignment.status != Assignment.Status.ACTIVE:
        raise PermissionDenied
    units = _team_units(actor, assignment)
    chooser = TeamChoiceForm(request.GET or None, units=units)
    unit = None
    if request.method == "POST":
        try:
            unit_pk = int(request.POST.get("unit", ""))
        except ValueError:
            raise Http404 from None
        unit = access.access_unit_for_team_record(actor, get_object_or_404(Unit, pk=unit_pk))
    elif chooser.is_bound and chooser.is_valid():
        unit = chooser.cleaned_data["unit"]
    form = None
    if unit is not None:
        people = (
            selectors.assigned_people(assignment)
            .filter(unit__path__startswith=unit.path)
            .select_related("unit")
        )
        form = TeamCompletionForm(request.POST or None, people=people)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.record_team_completion(
                    assignment=assignment,
                    unit=unit,
                    completed_on=data["completed_on"],
                    participants=list(data["participants"]),
                    note=data["note"],
                    actor=request.user,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Recorded: %(count)d people completed it with the team.")
                    % {"count": len(data["participants"])},
                )
                return redirect("assignments:detail", assignment_id=assignment.pk)
    return render(
        request,
        "assignments/team.html",
        {"assignment": assignment, "chooser": chooser, "unit": unit, "form": form},
    )


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    actor = access.require_follower(request.user)
    groups = selectors.overdue_for_manager(actor)
    record_event(
        action="view", object_type="assignments.overdue", request=request, summary="overdue list"
    )
    return render(request, "assignments/overdue.html", {"groups": groups})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not actor.is_staff:
        raise PermissionDenied
    person = Person.objects.select_related("unit").filter(pk=actor.person_id).first()
    return render(
        request, "assignments/mine.html", {"items": selectors.assignments_for_person(person)}
    )


def _attendance_rows(programmes):  # type: ignore[no-untyped-def]
    for group in programmes:
        name = str(group.programme) if group.programme else _("Not part of a programme")
        for event in group.events:
            yield (
                name,
                str(event),
                event.capacity_total,
                event.registered,
                event.attended,
                event.absent,
            )


def _attendance_header() -> list[str]:
    return [
        _("Programme"),
        _("Event"),
        _("Places"),
        _("Registered (planned)"),
        _("Present (actual)"),
        _("Absent"),
    ]


@login_required
def attendance(request: HttpRequest) -> HttpResponse:
    actor = access.require_follower(request.user)
    scope = access.report_scope(actor)
    programmes = selectors.attendance_by_programme(actor.county_id, scope=scope)
    fmt = request.GET.get("format", "")
    if fmt in {"csv", "xlsx"}:
        rows = _attendance_rows(programmes)
        if fmt == "xlsx":
            return xlsx_response("attendance.xlsx", _("Attendance"), _attendance_header(), rows)
        return csv_response("attendance.csv", _attendance_header(), rows)
    chart = horizontal_bars(
        [
            (
                str(g.programme) if g.programme else _("Not part of a programme"),
                g.percent_attended,
            )
            for g in programmes
        ],
        maximum=100,
        suffix=" %",
    )
    return render(
        request,
        "assignments/attendance.html",
        {
            "programmes": programmes,
            "chart": chart,
            "areas": selectors.attendance_by_service_area(actor.county_id, scope=scope),
        },
    )
