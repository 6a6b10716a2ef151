"""The training calendar, registration, cancellation by link, calendar files, organiser pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors, blank_translations
from kuulu.core.htmx import render_page_or_fragment
from kuulu.core.ratelimits import public_form_rate
from kuulu.core.spreadsheets import csv_response, xlsx_response
from kuulu.events import access, selectors, services
from kuulu.events.forms import (
    AgendaFormSet,
    CalendarFilterForm,
    EventForm,
    QuestionForm,
    RegistrationForm,
    SessionForm,
    TeamRegistrationForm,
    agenda_rows,
)
from kuulu.events.ical import calendar_for
from kuulu.events.models import Event, Registration, Session
from kuulu.organisation.access import actor_for, county_of


def _calendar_filters(request: HttpRequest, actor) -> tuple[CalendarFilterForm, dict, str]:  # type: ignore[no-untyped-def]
    """The filter form, the selector's filter arguments and the filters as a query string
    (for links between the list and the month, and to other months)."""
    params = request.GET.copy()
    params.pop("month", None)
    form = CalendarFilterForm(params or None, public_only=not actor.is_staff)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = {
        "audience": data.get("audience", ""),
        "municipality_id": data["municipality"].pk if data.get("municipality") else None,
        "format": data.get("format", ""),
        "programme_id": data["programme"].pk if data.get("programme") else None,
    }
    query = urlencode(
        sorted((name, getattr(value, "pk", value)) for name, value in data.items() if value)
    )
    return form, filters, query


def calendar(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form, filters, query = _calendar_filters(request, actor)
    sessions = selectors.calendar_sessions(actor=actor, **filters)
    return render_page_or_fragment(
        request,
        "events/calendar.html",
        {
            "form": form,
            "sessions": sessions,
            "staff_view": actor.is_staff,
            "filter_query": query,
            "organises": selectors.organises_any(actor),
        },
        fragment="results",
    )


def calendar_month(request: HttpRequest) -> HttpResponse:
    """The calendar as a month grid; `?month=YYYY-MM`, the current month when missing or invalid."""
    actor = actor_for(request.user)
    form, filters, query = _calendar_filters(request, actor)
    today = timezone.localdate()
    first = selectors.parse_month(request.GET.get("month"), today=today)
    grid = selectors.month_grid(actor=actor, first=first, today=today, **filters)
    return render(
        request,
        "events/month.html",
        {
            "form": form,
            "grid": grid,
            "staff_view": actor.is_staff,
            "filter_query": query,
            "organises": selectors.organises_any(actor),
        },
    )


def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_viewer(request.user, event_id)
    return _detail(request, event)


def _session_auto_id(session: Session) -> str:
    """Each session's registration form has its own field ids, so that every label on the page
    names its own field and an error summary links to the form it belongs to."""
    return f"s{session.pk}_%s"


def _initial(request: HttpRequest) -> dict:
    if not request.user.is_authenticated:
        return {"language": get_language()}
    return {
        "name": request.user.get_full_name(),
        "email": request.user.email,
        "language": request.user.language,
    }


def _detail(request: HttpRequest, event, form=None, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    """The event page with a registration form for each session; `form` is the one just posted
    (its session's section shows it with its errors; the others show empty forms)."""
    questions = form.questions if form is not None else selectors.event_questions(event)
    sessions = selectors.event_sessions(event)
    for session in sessions:
        if form is not None and form.auto_id == _session_auto_id(session):
            session.form = form
        else:
            session.form = RegistrationForm(
                event=event,
                questions=questions,
                initial=_initial(request),
                auto_id=_session_auto_id(session),
            )
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "sessions": sessions,
            "form": form,
            "is_organiser": access.is_organiser(request.user, event),
            "can_register_team": access.can_register_team(request.user),
        },
        status=status,
    )


@require_POST
@ratelimit(group="event-registration", key="ip", rate=public_form_rate, method="POST", block=True)
def register(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("event"), pk=session_id)
    event = access.access_event_for_viewer(request.user, session.event_id)
    form = RegistrationForm(
        request.POST,
        event=event,
        questions=selectors.event_questions(event),
        auto_id=_session_auto_id(session),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration, created = services.register(
                session=session,
                name=data["name"],
                email=data["email"],
                language=data["language"],
                user=request.user
                if request.user.is_authenticated and request.user.email == data["email"].lower()
                else None,
                registered_by=request.user,
                dietary=data.get("dietary", ""),
                accessibility=data.get("accessibility", ""),
                answers=form.answers(),
            )
        except services.RegistrationClosed as exc:
            form.add_error(None, str(exc))
            return _detail(request, event, form, status=409)
        except services.SessionFull as exc:
            form.add_error(None, str(exc))
            return _detail(request, event, form, status=409)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not created:
                messages.info(
                    request,
                    _(
                        "This email address is already registered for the session; nothing was changed."
                    ),
                )
            elif registration.status == Registration.Status.ATTENDING:
                messages.success(
                    request, _("You have a place. A confirmation is on its way to your email.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "The session is full, so you are on the waitlist. We will email you if a place becomes free."
                    ),
                )
            return redirect("events:detail", event_id=event.pk)
    return _detail(request, event, form)


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = services.registration_from_token(token)
    if registration is None or registration.anonymised_at is not None:
        return render(request, "events/cancel.html", {"invalid": True}, status=404)
    if request.method == "POST":
        try:
            services.cancel(registration=registration)
        except services.TooLate as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your registration has been cancelled."))
        return redirect("events:cancel", token=token)
    return render(request, "events/cancel.html", {"registration": registration})


def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_viewer(request.user, event_id)
    response = HttpResponse(
        calendar_for(selectors.event_sessions(event), name=event.title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def feed_ics(request: HttpRequest) -> HttpResponse:
    """The public training calendar as an iCalendar feed (public events only)."""
    return HttpResponse(
        calendar_for(selectors.feed_sessions(public_only=True), name=_("Training calendar")),
        content_type="text/calendar; charset=utf-8",
    )


@login_required
def registrations(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_organiser(request.user, event_id)
    record_event(action="view", obj=event, request=request, summary="registrations viewed")
    questions = selectors.event_questions(event)
    sessions = selectors.registrations_for_organiser(event)
    for session in sessions:
        for r in session.registrations.all():
            r.answer_list = [r.answers.get(str(q.pk), "") for q in questions]
    return render(
        request,
        "events/registrations.html",
        {"event": event, "sessions": sessions, "questions": questions},
    )


@login_required
@require_POST
def attendance(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("session"), pk=registration_id
    )
    access.access_event_for_organiser(request.user, registration.session.event_id)
    try:
        services.mark_attendance(
            registration=registration,
            attended=request.POST.get("attended") == "yes",
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("events:registrations", event_id=registration.session.event_id)


def _export_header(questions) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        _("Session"),
        _("Name"),
        _("Email address"),
        _("Status"),
        _("Dietary needs"),
        _("Accessibility needs"),
        _("Attended"),
        *(q.text for q in questions),
    ]


def _export_rows(event, questions):  # type: ignore[no-untyped-def]
    answer_text = {"yes": _("yes"), "no": _("no")}
    for session in selectors.registrations_for_organiser(event):
        for r in session.registrations.all():
            yield (
                timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
                r.name,
                r.email,
                r.get_status_display(),
                r.dietary,
                r.accessibility,
                "" if r.attended is None else (_("yes") if r.attended else _("no")),
                *(
                    answer_text.get(a, a) if q.kind == q.Kind.YES_NO else a
                    for q in questions
                    for a in [r.answers.get(str(q.pk), "")]
                ),
            )


@login_required
def registrations_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_organiser(request.user, event_id)
    record_event(action="export", obj=event, request=request, summary="registrations exported")
    questions = selectors.event_questions(event)
    return csv_response(
        f"event-{event.pk}-registrations.csv",
        _export_header(questions),
        _export_rows(event, questions),
    )


@login_required
def registrations_xlsx(request: HttpRequest, event_id: int) -> HttpResponse:
    """The same data as the CSV, as an Excel workbook (write-only mode, constant memory)."""
    event = access.access_event_for_organiser(request.user, event_id)
    record_event(
        action="export", obj=event, request=request, summary="registrations exported (xlsx)"
    )
    questions = selectors.event_questions(event)
    return xlsx_response(
        f"event-{event.pk}-registrations.xlsx",
        _("Registrations"),
        _export_header(questions),
        _export_rows(event, questions),
    )


@login_required
@require_POST
def event_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_organiser(request.user, event_id)
    services.cancel_event(event=event, actor=request.user, request=request)
    messages.success(
        request, _("The event has been cancelled and everyone registered has been told.")
    )
    return redirect("events:registrations", event_id=event.pk)


@login_required
@require_POST
def event_announce_change(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_organiser(request.user, event_id)
    count = services.announce_event_change(event=event, actor=request.user, request=request)
    messages.success(
        request, _("The change has been sent to %(count)d registered people.") % {"count": count}
    )
    return redirect("events:registrations", event_id=event.pk)


# --- Managers register their team ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def team_register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_team_registration(request.user, event_id)
    actor = actor_for(request.user)
    open_sessions = [s for s in selectors.event_sessions(event) if s.registration_open()]
    form = TeamRegistrationForm(
        request.POST or None,
        sessions=open_sessions,
        candidates=selectors.team_candidates(actor),
    )
    result = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = services.register_team(
                session=form.cleaned_data["session"],
                people=list(form.cleaned_data["people"]),
                registered_by=request.user,
                request=request,
            )
        except services.RegistrationClosed as exc:
            form.add_error("session", str(exc))
            status = 409
    return render(
        request,
        "events/team.html",
        {"event": event, "form": form, "result": result, "open_sessions": open_sessions},
        status=status,
    )


# --- Organisers edit events, sessions and questions ------------------------------------------


@login_required
def organiser_events(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not actor.is_staff:
        raise PermissionDenied
    return render(
        request,
        "events/organise.html",
        {
            "events": selectors.events_for_organiser(actor=actor),
            "can_create": access.can_create_events(request.user),
        },
    )


def _event_data(form: EventForm, formset) -> dict:  # type: ignore[no-untyped-def]
    return blank_translations({**form.event_data(), "agenda": agenda_rows(formset)})


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    # The coordinator's own county (a system admin's: the installation's).
    county = county_of(access.require_event_creator(request.user))
    form = EventForm(request.POST or None, county_id=county.pk)
    formset = AgendaFormSet(request.POST or None, prefix="agenda")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            event = services.create_event(
                county=county,
                data=_event_data(form, formset),
                organisers=form.organiser_users(),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event has been saved. Add its sessions next."))
            return redirect("events:event_edit", event_id=event.pk)
    return render(request, "events/event_form.html", {"form": form, "agenda": formset})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_organiser(request.user, event_id)
    form = EventForm(
        request.POST or None,
        instance=event,
        county_id=event.county_id,
        choose_organisers=access.can_create_events(request.user),
    )
    formset = AgendaFormSet(
        request.POST or None,
        prefix="agenda",
        initial=None if request.method == "POST" else event.agenda,
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            # Re-read: the model form has already written the posted values onto `event`.
            event = services.update_event(
                event=Event.objects.get(pk=event.pk),
                data=_event_data(form, formset),
                organisers=form.organiser_users(),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("events:event_edit", event_id=event.pk)
    event = Event.objects.get(pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        {
            "form": form,
            "agenda": formset,
            "event": event,
            "sessions": selectors.event_sessions(event),
            "questions": selectors.event_questions(event),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_organiser(request.user, event_id)
    form = SessionForm(request.POST or None, county_id=event.county_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_session(
                event=event, data=form.session_data(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, _session_errors(exc))
        else:
            messages.success(request, _("The session has been added."))
            return redirect("events:event_edit", event_id=event.pk)
    return render(request, "events/session_form.html", {"form": form, "event": event})


def _session_errors(exc: ValidationError) -> ValidationError:
    """The service names the model's fields; the form asks for a date and two times."""
    if not hasattr(exc, "error_dict"):
        return exc
    renamed = {"starts_at": "start_time", "ends_at": "end_time", "online_url": "online_url"}
    return ValidationError(
        {renamed.get(field, field): errors for field, errors in exc.error_dict.items()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.access_session_for_organiser(request.user, session_id)
    event = session.event
    form = SessionForm(request.POST or None, instance=session, county_id=event.county_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(
                session=Session.objects.get(pk=session.pk),
                data=form.session_data(),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, _session_errors(exc))
        else:
            messages.success(request, _("The session has been saved."))
            return redirect("events:event_edit", event_id=event.pk)
    session = Session.objects.get(pk=session.pk)
    return render(
        request, "events/session_form.html", {"form": form, "event": event, "session": session}
    )


@login_required
@require_POST
def session_delete(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access.access_session_for_organiser(request.user, session_id)
    try:
        services.delete_session(session=session, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The session has been deleted."))
    return redirect("events:event_edit", event_id=session.event_id)


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_organiser(request.user, event_id)
    form = QuestionForm(
        request.POST or None, initial={"position": event.questions.count() + 1, "kind": "text"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.create_question(
                event=event, data=form.question_data(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, _question_errors(exc))
        else:
            messages.success(request, _("The question has been added."))
            return redirect("events:event_edit", event_id=event.pk)
    return render(request, "events/question_form.html", {"form": form, "event": event})


def _question_errors(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {
            ("choices_text" if field == "choices" else field): errors
            for field, errors in exc.error_dict.items()
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access.access_question_for_organiser(request.user, question_id)
    event = question.event
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(
                question=question, data=form.question_data(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, _question_errors(exc))
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("events:event_edit", event_id=event.pk)
    return render(
        request, "events/question_form.html", {"form": form, "event": event, "question": question}
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access.access_question_for_organiser(request.user, question_id)
    services.delete_question(question=question, actor=request.user, request=request)
    messages.success(request, _("The question has been removed."))
    return redirect("events:event_edit", event_id=question.event_id)
