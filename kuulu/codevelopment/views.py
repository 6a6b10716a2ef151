"""Co-development pages. Each view parses input, checks access, calls a service or selector and
renders; the rules live in services.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuulu.codevelopment import access, selectors, services
from kuulu.codevelopment.forms import (
    AdoptionForm,
    EvaluationForm,
    ExperimentForm,
    MeasureForm,
    MeasureValueForm,
    OutputForm,
    ParticipantForm,
    PlannedFigureForm,
    PracticeForm,
    ProjectForm,
    RegistrationForm,
    SearchForm,
    SeriesForm,
    SessionForm,
    StatusForm,
)
from kuulu.codevelopment.models import (
    EQUALITY_QUESTIONS,
    Experiment,
    Measure,
    Participant,
    WorkshopSession,
)
from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors
from kuulu.core.spreadsheets import csv_response, xlsx_response
from kuulu.organisation.access import county_of, leadable_units
from kuulu.organisation.models import Unit


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    actor = access.require_staff_user(request.user)
    county = county_of(actor)
    return render(
        request,
        "codevelopment/index.html",
        {
            "series_list": list(selectors.series_for(county.pk)[:50]),
            "experiments": list(selectors.experiments_for(county.pk)[:100]),
            "projects": list(selectors.projects_for(actor, county.pk)),
            "can_create": access.can_create(actor),
            "can_create_project": access.can_create_project(actor),
        },
    )


# --- workshops ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def series_new(request: HttpRequest) -> HttpResponse:
    actor = access.require_staff_user(request.user)
    if not access.can_create(actor):
        raise PermissionDenied
    county = county_of(actor)
    form = SeriesForm(request.POST or None, county=county, units=leadable_units(actor, county.pk))
    if request.method == "POST" and form.is_valid():
        try:
            series = services.create_series(county=county, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("codevelopment:series", series.pk)
    return render(
        request, "codevelopment/form.html", {"form": form, "heading": _("New workshop series")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_detail(request: HttpRequest, series_id: int) -> HttpResponse:
    series, actor = access.access_series_for_staff(request.user, series_id)
    leads = access.can_lead_series(actor, series)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and not leads:
        raise PermissionDenied
    county = series.county
    session_form = SessionForm(request.POST if action == "session" else None, prefix="session")
    participant_form = ParticipantForm(
        request.POST if action == "participant" else None, county=county, prefix="participant"
    )
    output_form = OutputForm(request.POST if action == "output" else None, prefix="output")
    forms = {"session": session_form, "participant": participant_form, "output": output_form}
    form = forms.get(action)
    if form is not None and form.is_valid():
        try:
            if action == "session":
                services.add_session(series=series, user=request.user, **form.cleaned_data)
            elif action == "participant":
                services.add_participant(series=series, data=form.cleaned_data, user=request.user)
            else:
                services.add_output(series=series, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("codevelopment:series", series.pk)
    participants = []
    if leads:
        participants = list(series.participants.select_related("unit"))
        record_event(
            action="view", obj=series, request=request, summary="workshop participants viewed"
        )
    return render(
        request,
        "codevelopment/series.html",
        {
            "series": series,
            "leads": leads,
            "mix": selectors.group_mix(series),
            "sessions": list(series.sessions.select_related("event_session__event")),
            "outputs": list(series.outputs.select_related("session")),
            "experiments": list(series.experiments.all()),
            "participants": participants,
            **forms,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_registration(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(WorkshopSession.objects.select_related("series"), pk=session_id)
    series = access.access_series_for_leader(request.user, session.series_id)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.open_registration(session=session, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Registration is open in the training calendar."))
            return redirect("codevelopment:series", series.pk)
    return render(
        request,
        "codevelopment/form.html",
        {
            "form": form,
            "heading": _("Open registration: %(title)s") % {"title": session.title},
            "back_url": series,
        },
    )


@login_required
@require_POST
def session_import(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(WorkshopSession.objects.select_related("series"), pk=session_id)
    access.access_series_for_leader(request.user, session.series_id)
    added = services.import_registrations(session=session, user=request.user)
    messages.success(
        request,
        _("%(count)s registered people added to the group. Fill in their gender.")
        % {"count": added},
    )
    return redirect("codevelopment:series", session.series_id)


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.select_related("series"), pk=participant_id)
    series = access.access_series_for_leader(request.user, participant.series_id)
    if request.method == "POST" and request.POST.get("action") == "remove":
        services.remove_participant(participant=participant, user=request.user)
        messages.success(request, _("The participant has been removed from the group."))
        return redirect("codevelopment:series", series.pk)
    form = ParticipantForm(
        request.POST or None,
        county=series.county,
        initial={
            "name": participant.name,
            "role": participant.role,
            "profession": participant.profession,
            "unit": participant.unit,
            "gender": participant.gender,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_participant(
                participant=participant, data=dict(form.cleaned_data), user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("codevelopment:series", series.pk)
    return render(
        request,
        "codevelopment/participant.html",
        {"form": form, "participant": participant, "series": series},
        status=400 if form.errors else 200,
    )


# --- experiments -------------------------------------------------------------------------------


def _experiment_data(form: ExperimentForm) -> tuple[dict[str, Any], list[Unit]]:
    data = dict(form.cleaned_data)
    units = list(data.pop("units"))
    return data, units


@login_required
@require_http_methods(["GET", "POST"])
def experiment_new(request: HttpRequest) -> HttpResponse:
    actor = access.require_staff_user(request.user)
    if not access.can_create(actor):
        raise PermissionDenied
    county = county_of(actor)
    initial = {"owner": actor.person_id, "series": request.GET.get("series")}
    form = ExperimentForm(
        request.POST or None,
        county=county,
        led_units=leadable_units(actor, county.pk),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data, units = _experiment_data(form)
        try:
            experiment = services.create_experiment(
                county=county, data=data, units=units, user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("codevelopment:experiment", experiment.pk)
    return render(
        request, "codevelopment/form.html", {"form": form, "heading": _("New experiment")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def experiment_edit(request: HttpRequest, experiment_id: int) -> HttpResponse:
    experiment = access.access_experiment_for_keeper(request.user, experiment_id)
    form = ExperimentForm(
        request.POST or None,
        instance=experiment,
        county=experiment.county,
        led_units=leadable_units(access.actor_for(request.user), experiment.county_id),
        initial={"units": list(experiment.units.all())},
    )
    if request.method == "POST" and form.is_valid():
        data, units = _experiment_data(form)
        try:
            services.update_experiment(
                experiment=experiment, data=data, units=units, user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("codevelopment:experiment", experiment.pk)
    return render(
        request,
        "codevelopment/form.html",
        {"form": form, "heading": _("Edit the experiment"), "back_url": experiment},
    )


@login_required
@require_http_methods(["GET", "POST"])
def experiment_detail(request: HttpRequest, experiment_id: int) -> HttpResponse:
    experiment, actor = access.access_experiment_for_staff(request.user, experiment_id)
    keeps = access.can_keep_experiment(actor, experiment)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action and not keeps:
        raise PermissionDenied
    status_form = StatusForm(request.POST if action == "status" else None, prefix="status")
    measure_form = MeasureForm(
        request.POST if action == "measure" else None, county=experiment.county, prefix="measure"
    )
    value_form = MeasureValueForm(
        request.POST if action == "value" else None, experiment=experiment, prefix="value"
    )
    forms = {"status": status_form, "measure": measure_form, "value": value_form}
    form = forms.get(action)
    if form is not None and form.is_valid():
        try:
            if action == "status":
                services.change_status(
                    experiment=experiment, status=form.cleaned_data["status"], user=request.user
                )
            elif action == "measure":
                services.add_measure(
                    experiment=experiment, data=dict(form.cleaned_data), user=request.user
                )
            else:
                services.add_measure_value(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            if experiment.status == Experiment.Status.CLOSED:
                # Closed meanwhile (another tab): the page shows no form to put the error on.
                messages.error(request, exc.messages[0])
                return redirect("codevelopment:experiment", experiment.pk)
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("codevelopment:experiment", experiment.pk)
    # Both reverse one-to-ones come with the experiment (select_related); a missing one raises
    # an AttributeError subclass, hence getattr.
    evaluation = getattr(experiment, "evaluation", None)
    return render(
        request,
        "codevelopment/experiment.html",
        {
            "experiment": experiment,
            "keeps": keeps,
            "evaluation": evaluation,
            "equality": _equality_rows(evaluation),
            "measures": list(
                experiment.measures.select_related("survey", "feedback_theme").prefetch_related(
                    "values"
                )
            ),
            "practice": getattr(experiment, "good_practice", None),
            "status_form": status_form,
            "measure_form": measure_form,
            "value_form": value_form,
            "has_manual": experiment.measures.filter(kind=Measure.Kind.MANUAL).exists(),
        },
        status=400 if form is not None and form.errors else 200,
    )


def _equality_rows(evaluation: Any) -> list[tuple[str, str, str]]:
    if evaluation is None:
        return []
    rows = []
    for prefix, _group, _dimension in EQUALITY_QUESTIONS:
        field = evaluation._meta.get_field(prefix)
        rows.append(
            (
                str(field.verbose_name),
                getattr(evaluation, f"get_{prefix}_display")(),
                getattr(evaluation, f"{prefix}_text"),
            )
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, experiment_id: int) -> HttpResponse:
    experiment = access.access_experiment_for_keeper(request.user, experiment_id)
    current = getattr(experiment, "evaluation", None)
    form = EvaluationForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_evaluation(
                experiment=experiment, data=dict(form.cleaned_data), user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The evaluation has been saved."))
            return redirect("codevelopment:experiment", experiment.pk)
    return render(
        request,
        "codevelopment/evaluation.html",
        {"form": form, "experiment": experiment},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_new(request: HttpRequest, experiment_id: int) -> HttpResponse:
    experiment = access.access_experiment_for_keeper(request.user, experiment_id)
    form = PracticeForm(
        request.POST or None,
        initial={"title": experiment.title, "problem": experiment.problem},
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.describe_practice(
                experiment=experiment, data=dict(form.cleaned_data), user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("codevelopment:practice", practice.pk)
    return render(
        request,
        "codevelopment/form.html",
        {"form": form, "heading": _("Describe a good practice"), "back_url": experiment},
    )


# --- good practices ----------------------------------------------------------------------------


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    actor = access.actor_for(request.user)
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    county_id = actor.county_id
    practices = list(selectors.practices_for(actor, county_id, query=query)[:100])
    return render(
        request,
        "codevelopment/library.html",
        {"form": form, "practices": practices, "query": query},
    )


@require_http_methods(["GET", "POST"])
def practice_detail(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice, actor = access.access_practice_for_viewer(request.user, practice_id)
    may_record = access.can_record_adoption(actor, practice)
    units = (
        leadable_units(actor, practice.county_id).exclude(pk=practice.unit_id)
        if may_record
        else Unit.objects.none()
    )
    form = AdoptionForm(request.POST if request.method == "POST" else None, units=units)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.record_adoption(practice=practice, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The adoption has been recorded."))
                return redirect("codevelopment:practice", practice.pk)
    return render(
        request,
        "codevelopment/practice.html",
        {
            "practice": practice,
            "adoptions": selectors.practice_spread(practice),
            "form": form if may_record else None,
            "can_edit": access.can_edit_practice(actor, practice),
            "is_staff": access.can_see_practice_internals(actor, practice),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, practice_id: int) -> HttpResponse:
    practice, actor = access.access_practice_for_viewer(request.user, practice_id)
    if not access.can_edit_practice(actor, practice):
        raise PermissionDenied
    form = PracticeForm(request.POST or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_practice(
                practice=practice, data=dict(form.cleaned_data), user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("codevelopment:practice", practice.pk)
    return render(
        request,
        "codevelopment/form.html",
        {"form": form, "heading": _("Edit the good practice"), "back_url": practice},
    )


# --- projects ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    actor = access.require_staff_user(request.user)
    if not access.can_create_project(actor):
        raise PermissionDenied
    county = county_of(actor)
    form = ProjectForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(
                county=county, data=dict(form.cleaned_data), user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("codevelopment:project", project.pk)
    return render(
        request, "codevelopment/form.html", {"form": form, "heading": _("New development project")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    from kuulu.core.charts import horizontal_bars

    project = access.access_project_for_viewer(request.user, project_id)
    form = PlannedFigureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_planned_figure(project=project, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("codevelopment:project", project.pk)
    rows = selectors.planned_against_actual(project)
    chart = horizontal_bars(
        [(row.label, float(row.share)) for row in rows if row.share is not None],
        maximum=max([100.0, *(float(r.share) for r in rows if r.share is not None)]),
        suffix=" %",
    )
    return render(
        request,
        "codevelopment/project.html",
        {
            "project": project,
            "rows": rows,
            "chart": chart,
            "form": form,
            "series_list": list(project.series.select_related("unit")),
        },
        status=400 if form.errors else 200,
    )


def _figure_table(rows: list[selectors.FigureRow]) -> tuple[list[str], list[list[Any]]]:
    header = [_("Figure"), _("Planned"), _("Actual"), _("Actual of planned (%)")]
    body = [
        [
            row.label,
            "" if row.planned is None else row.planned,
            _("fewer than 5") if row.actual is None else row.actual,
            "" if row.share is None else row.share,
        ]
        for row in rows
    ]
    return header, body


@login_required
@require_GET
def project_export(request: HttpRequest, project_id: int, fmt: str) -> HttpResponse:
    project = access.access_project_for_viewer(request.user, project_id)
    header, body = _figure_table(selectors.planned_against_actual(project))
    record_event(action="export", obj=project, request=request, summary=f"figures as {fmt}")
    name = f"project-{project.pk}-figures"
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", _("Figures"), header, body)
    return csv_response(f"{name}.csv", header, body)
