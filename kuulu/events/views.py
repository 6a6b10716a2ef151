"""The training calendar, registration, cancellation by link, calendar files, organiser pages."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.core.audit import record_event
from kuulu.core.htmx import render_page_or_fragment
from kuulu.core.ratelimits import public_form_rate
from kuulu.core.spreadsheets import safe_cell
from kuulu.events import access, selectors, services
from kuulu.events.forms import CalendarFilterForm, RegistrationForm
from kuulu.events.ical import calendar_for
from kuulu.events.models import Registration, Session
from kuulu.organisation.access import actor_for


def calendar(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = CalendarFilterForm(request.GET or None, public_only=not actor.is_staff)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    sessions = selectors.calendar_sessions(
        actor=actor,
        audience=data.get("audience", ""),
        municipality_id=data["municipality"].pk if data.get("municipality") else None,
        format=data.get("format", ""),
        programme_id=data["programme"].pk if data.get("programme") else None,
    )
    return render_page_or_fragment(
        request,
        "events/calendar.html",
        {"form": form, "sessions": sessions, "staff_view": actor.is_staff},
        fragment="results",
    )


def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_viewer(request.user, event_id)
    return _detail(request, event, RegistrationForm(event=event, initial=_initial(request)))


def _initial(request: HttpRequest) -> dict:
    if not request.user.is_authenticated:
        return {"language": get_language()}
    return {
        "name": request.user.get_full_name(),
        "email": request.user.email,
        "language": request.user.language,
    }


def _detail(request: HttpRequest, event, form, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "sessions": selectors.event_sessions(event),
            "form": form,
            "is_organiser": access.is_organiser(request.user, event),
        },
        status=status,
    )


@require_POST
@ratelimit(group="event-registration", key="ip", rate=public_form_rate, method="POST", block=True)
def register(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("event"), pk=session_id)
    event = access.access_event_for_viewer(request.user, session.event_id)
    form = RegistrationForm(request.POST, event=event)
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
            )
        except services.RegistrationClosed as exc:
            form.add_error(None, str(exc))
            return _detail(request, event, form, status=409)
        except services.SessionFull as exc:
            form.add_error(None, str(exc))
            return _detail(request, event, form, status=409)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
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
    return render(
        request,
        "events/registrations.html",
        {"event": event, "sessions": selectors.registrations_for_organiser(event)},
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


def _export_header() -> list[str]:
    return [
        _("Session"),
        _("Name"),
        _("Email address"),
        _("Status"),
        _("Dietary needs"),
        _("Accessibility needs"),
        _("Attended"),
    ]


def _export_rows(event):  # type: ignore[no-untyped-def]
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
            )


@login_required
def registrations_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.access_event_for_organiser(request.user, event_id)
    record_event(action="export", obj=event, request=request, summary="registrations exported")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.csv"'
    response.write("\ufeff")  # spreadsheet programs read UTF-8 only with a byte order mark
    writer = csv.writer(response)
    writer.writerow(_export_header())
    for row in _export_rows(event):
        writer.writerow([safe_cell(v) for v in row])
    return response


@login_required
def registrations_xlsx(request: HttpRequest, event_id: int) -> HttpResponse:
    """The same data as the CSV, as an Excel workbook (write-only mode, constant memory)."""
    from openpyxl import Workbook

    event = access.access_event_for_organiser(request.user, event_id)
    record_event(
        action="export", obj=event, request=request, summary="registrations exported (xlsx)"
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Registrations")[:31])
    sheet.append([str(h) for h in _export_header()])
    for row in _export_rows(event):
        sheet.append([safe_cell(v) for v in row])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.xlsx"'
    workbook.save(response)
    return response


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
