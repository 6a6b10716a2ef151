"""Participation channels: the public directory and channel pages, applications, councils'
hearing records and yearly reports; coordinators' management pages; members' workspace with
meetings, attendance and fees."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.channels import access, selectors, services
from kuulu.channels.forms import (
    AcceptForm,
    ApplicationForm,
    AttendanceForm,
    ChannelForm,
    EndTermForm,
    FeePeriodForm,
    MeetingForm,
    MembershipForm,
    RejectForm,
    ResponseForm,
    StatementForm,
    StatementRequestForm,
)
from kuulu.channels.models import Channel
from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors
from kuulu.core.htmx import render_page_or_fragment
from kuulu.core.ratelimits import public_form_rate
from kuulu.core.spreadsheets import csv_response
from kuulu.organisation.access import actor_for, county_of
from kuulu.organisation.models import County
from kuulu.organisation.selectors import default_county

# --- Public ----------------------------------------------------------------------------------


def directory(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    return render(
        request,
        "channels/directory.html",
        {
            "groups": selectors.directory(default_county()),
            "can_manage": access.can_manage_channels(actor),
            "my_channels": selectors.channels_of_person(actor.person_id),
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    channel = access.access_channel_for_public(slug)
    actor = actor_for(request.user)
    is_council = channel.kind == Channel.Kind.STATUTORY_COUNCIL
    return render(
        request,
        "channels/detail.html",
        {
            "channel": channel,
            "members": selectors.public_members(channel),
            "representation": selectors.representation(channel),
            "hearings": selectors.hearing_record(channel)[:5] if is_council else [],
            "is_council": is_council,
            "can_manage": access.can_manage_channels(actor),
            "is_member": access.can_see_workspace(actor, channel),
        },
    )


def _apply_page(request: HttpRequest, channel: Channel, form: ApplicationForm) -> HttpResponse:
    return render(
        request,
        "channels/apply.html",
        {"channel": channel, "form": form, "consent_text": services.consent_text(channel)},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(group="channel-application", key="ip", rate=public_form_rate, method="POST", block=True)
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    channel = access.access_channel_for_public(slug)
    if not channel.accepts_applications:
        raise Http404
    if request.method != "POST":
        initial = {"language": get_language()}
        if request.user.is_authenticated:
            initial |= {"name": request.user.get_full_name(), "email": request.user.email}
        return _apply_page(request, channel, ApplicationForm(initial=initial, channel=channel))
    form = ApplicationForm(request.POST, channel=channel)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_application(
                channel=channel,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                municipality=data["municipality"],
                motivation=data["motivation"],
                seat_wish=data["seat_wish"],
                public_listing=data.get("public_listing", False),
                language=data["language"],
                consent=data["consent"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Thank you. Your application has been received; the participation "
                    "coordinator will contact you by email."
                ),
            )
            return redirect("channels:detail", slug=channel.slug)
    return _apply_page(request, channel, form)


def hearings(request: HttpRequest, slug: str) -> HttpResponse:
    channel = access.access_council_for_public(slug)
    return render(
        request,
        "channels/hearings.html",
        {
            "channel": channel,
            "hearings": selectors.hearing_record(channel),
            "years": selectors.report_years(channel),
        },
    )


def _report_header() -> list[str]:
    return [
        _("Matter"),
        _("Requested on"),
        _("Deadline"),
        _("Statement given on"),
        _("Statement"),
        _("Response given on"),
    ]


def _report_rows(report: selectors.YearlyReport, today: date):  # type: ignore[no-untyped-def]
    for row in report.rows:
        statement = getattr(row, "statement", None)
        response = getattr(row, "response", None)
        if statement is None:
            state = _("not given") if row.deadline < today else _("pending")
        else:
            state = _("late") if statement.is_late else _("on time")
        yield (
            row.title,
            row.requested_on.isoformat(),
            row.deadline.isoformat(),
            statement.given_on.isoformat() if statement else "",
            state,
            response.responded_on.isoformat() if response else "",
        )


def yearly_report(request: HttpRequest, slug: str, year: int, fmt: str = "html") -> HttpResponse:
    channel = access.access_council_for_public(slug)
    if not 2000 <= year <= 2100:
        raise Http404
    today = timezone.localdate()
    report = selectors.yearly_report(channel, year, today=today)
    if fmt == "csv":
        return csv_response(
            f"{channel.slug}-{year}-statements.csv",
            _report_header(),
            _report_rows(report, today),
        )
    return render(
        request,
        "channels/report.html",
        {"channel": channel, "report": report, "years": selectors.report_years(channel)},
    )


# --- Coordinators ----------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    actor = access.require_channel_manager(request.user)
    county = County.objects.filter(pk=actor.county_id).first() if actor.county_id else None
    return render(
        request,
        "channels/manage.html",
        {"channels": selectors.all_channels(county or default_county())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def channel_create(request: HttpRequest) -> HttpResponse:
    # The coordinator's own county (a system admin's: the installation's).
    county = county_of(access.require_channel_manager(request.user))
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            channel = services.create_channel(
                county=county, data=form.channel_data(), actor=request.user, request=request
            )
            services.set_fees(
                channel=channel, fees=form.fees(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The channel has been created."))
            return redirect("channels:manage_channel", channel_id=channel.pk)
    return render(request, "channels/channel_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def channel_edit(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = access.access_channel_for_manager(request.user, channel_id)
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.channel_data().items() if k in form.changed_data}
        try:
            services.update_channel(
                channel=Channel.objects.get(pk=channel.pk),
                data=data,
                actor=request.user,
                request=request,
            )
            services.set_fees(
                channel=channel, fees=form.fees(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("channels:manage_channel", channel_id=channel.pk)
    return render(request, "channels/channel_form.html", {"form": form, "channel": channel})


@login_required
def manage_channel(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = access.access_channel_for_manager(request.user, channel_id)
    record_event(action="view", obj=channel, request=request, summary="channel members viewed")
    return render(
        request,
        "channels/manage_channel.html",
        {
            "channel": channel,
            "members": selectors.current_members(channel),
            "representation": selectors.representation(channel),
            "applications": selectors.pending_applications(channel),
            "consents": selectors.consents(channel),
            "requests": selectors.statement_requests(channel)
            if channel.kind == Channel.Kind.STATUTORY_COUNCIL
            else [],
            "meetings": selectors.meetings(channel)[:10],
            "fees": channel.fees.all(),
            "now_year": timezone.localdate().year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_create(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = access.access_channel_for_manager(request.user, channel_id)
    form = MembershipForm(request.POST or None, channel=channel)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_membership(
                channel=channel,
                person=data["person"],
                role=data["role"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                seat=data["seat"],
                represents=data.get("represents"),
                is_deputy_for=data["is_deputy_for"],
                actor=request.user,
                request=request,
            )
            if data["consent_text"].strip():
                services.record_consent(
                    person=data["person"],
                    channel=channel,
                    text=data["consent_text"],
                    public_listing=data["public_listing"],
                    actor=request.user,
                    request=request,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("channels:manage_channel", channel_id=channel.pk)
    return render(request, "channels/membership_form.html", {"form": form, "channel": channel})


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = access.access_membership_for_manager(request.user, membership_id)
    form = EndTermForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(
                membership=membership,
                on=form.cleaned_data["on"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The term has been ended."))
            return redirect("channels:manage_channel", channel_id=membership.channel_id)
    return render(request, "channels/membership_end.html", {"form": form, "membership": membership})


@login_required
@require_http_methods(["GET", "POST"])
def application_review(request: HttpRequest, application_id: int) -> HttpResponse:
    application = access.access_application_for_reviewer(request.user, application_id)
    channel = application.channel
    record_event(action="view", obj=application, request=request, summary="application viewed")
    accept_form = AcceptForm(channel=channel)
    reject_form = RejectForm()
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                accept_form = AcceptForm(request.POST, channel=channel)
                if accept_form.is_valid():
                    data = accept_form.cleaned_data
                    services.accept_application(
                        application=application,
                        role=data["role"],
                        term_start=data["term_start"],
                        term_end=data["term_end"],
                        seat=data["seat"],
                        represents=data.get("represents"),
                        actor=request.user,
                        request=request,
                    )
                    messages.success(request, _("Accepted. The applicant is now a member."))
                    return redirect("channels:manage_channel", channel_id=channel.pk)
            elif decision == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    services.reject_application(
                        application=application,
                        reason=reject_form.cleaned_data["reason"],
                        actor=request.user,
                        request=request,
                    )
                    messages.success(request, _("The application was not accepted."))
                    return redirect("channels:manage_channel", channel_id=channel.pk)
        except ValidationError as exc:
            add_service_errors(accept_form if decision == "accept" else reject_form, exc)
    return render(
        request,
        "channels/application.html",
        {
            "application": application,
            "channel": channel,
            "accept_form": accept_form,
            "reject_form": reject_form,
        },
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = access.access_consent_for_withdrawal(request.user, consent_id)
    services.withdraw_consent(consent=consent, actor=request.user, request=request)
    messages.success(
        request, _("The consent has been withdrawn and the membership ended as of today.")
    )
    if actor_for(request.user).is_coordinator:
        return redirect("channels:manage_channel", channel_id=consent.channel_id)
    return redirect("channels:directory")


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = access.access_channel_for_manager(request.user, channel_id)
    if channel.kind != Channel.Kind.STATUTORY_COUNCIL:
        raise Http404
    form = StatementRequestForm(request.POST or None, county_id=channel.county_id)
    if request.method == "POST" and form.is_valid():
        try:
            statement_request = services.request_statement(
                channel=channel, **form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The statement has been requested."))
            return redirect("channels:request_detail", request_id=statement_request.pk)
    return render(request, "channels/request_form.html", {"form": form, "channel": channel})


def _request_page(request: HttpRequest, statement_request, statement_form, response_form):  # type: ignore[no-untyped-def]
    statement = getattr(statement_request, "statement", None)
    response = getattr(statement_request, "response", None)
    return render(
        request,
        "channels/request_detail.html",
        {
            "item": statement_request,
            "channel": statement_request.channel,
            "statement": statement,
            "response": response,
            "statement_form": statement_form,
            "response_form": response_form,
            "can_respond": access.can_manage_channels(actor_for(request.user)),
        },
    )


def _statement_initial(statement_request) -> dict:  # type: ignore[no-untyped-def]
    statement = getattr(statement_request, "statement", None)
    if statement is None:
        return {"given_on": timezone.localdate()}
    return {"text": statement.text, "given_on": statement.given_on, "given_by": statement.given_by}


def _response_initial(statement_request) -> dict:  # type: ignore[no-untyped-def]
    response = getattr(statement_request, "response", None)
    if response is None:
        return {"responded_on": timezone.localdate()}
    return {
        "text": response.text,
        "responder": response.responder,
        "responded_on": response.responded_on,
    }


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    statement_request = access.access_request_for_statement(request.user, request_id)
    return _request_page(
        request,
        statement_request,
        StatementForm(initial=_statement_initial(statement_request)),
        ResponseForm(initial=_response_initial(statement_request)),
    )


@login_required
@require_POST
def statement_record(request: HttpRequest, request_id: int) -> HttpResponse:
    statement_request = access.access_request_for_statement(request.user, request_id)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            statement = services.record_statement(
                statement_request=statement_request,
                **form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if statement.is_late:
                messages.warning(
                    request, _("The statement has been recorded. It came after the deadline.")
                )
            else:
                messages.success(request, _("The statement has been recorded."))
            return redirect("channels:request_detail", request_id=statement_request.pk)
    return _request_page(
        request, statement_request, form, ResponseForm(initial=_response_initial(statement_request))
    )


@login_required
@require_POST
def response_record(request: HttpRequest, request_id: int) -> HttpResponse:
    statement_request = access.access_request_for_manager(request.user, request_id)
    form = ResponseForm(request.POST)
    if form.is_valid():
        try:
            services.record_response(
                statement_request=statement_request,
                **form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The response has been recorded."))
            return redirect("channels:request_detail", request_id=statement_request.pk)
    return _request_page(
        request,
        statement_request,
        StatementForm(initial=_statement_initial(statement_request)),
        form,
    )


@login_required
@require_POST
def request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    statement_request = access.access_request_for_manager(request.user, request_id)
    try:
        services.withdraw_statement_request(
            statement_request=statement_request, actor=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request has been withdrawn."))
    return redirect("channels:manage_channel", channel_id=statement_request.channel_id)


@login_required
def fees(request: HttpRequest) -> HttpResponse:
    """Meeting fees for a period: the page, or `?format=csv` for payroll."""
    county = county_of(access.require_channel_manager(request.user))
    today = timezone.localdate()
    form = FeePeriodForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    rows = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        rows = selectors.fee_rows(county, start=start, end=end)
        if request.GET.get("format") == "csv":
            record_event(
                action="export",
                object_type="channels.fees",
                request=request,
                summary=f"meeting fees exported {start.isoformat()} to {end.isoformat()}",
            )
            return csv_response(
                f"meeting-fees-{start.isoformat()}-{end.isoformat()}.csv",
                [
                    _("Meeting date"),
                    _("Channel"),
                    _("Last name"),
                    _("First name"),
                    _("Role"),
                    _("Attendance"),
                    _("Fee (EUR)"),
                ],
                (
                    (
                        r.meeting_date.isoformat(),
                        r.channel,
                        r.last_name,
                        r.first_name,
                        r.role,
                        r.status,
                        f"{r.fee:.2f}",
                    )
                    for r in rows
                ),
            )
        record_event(
            action="view", object_type="channels.fees", request=request, summary="meeting fees"
        )
    return render(
        request,
        "channels/fees.html",
        {
            "form": form,
            "rows": rows,
            "total": sum((r.fee for r in rows), start=0) if rows else 0,
            "query": request.GET.urlencode(),
        },
    )


# --- Members' workspace and meetings ----------------------------------------------------------


@login_required
def workspace(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel, actor = access.access_channel_for_member(request.user, channel_id)
    consent = (
        channel.consents.filter(person_id=actor.person_id, withdrawn_at__isnull=True).first()
        if actor.person_id
        else None
    )
    return render_page_or_fragment(
        request,
        "channels/workspace.html",
        {
            "channel": channel,
            "meetings": selectors.meetings(channel),
            "members": selectors.current_members(channel),
            "can_run_meetings": access.can_run_meetings(actor, channel),
            "own_consent": consent,
        },
        fragment="meetings",
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, channel_id: int) -> HttpResponse:
    channel = access.access_channel_for_secretary(request.user, channel_id)
    form = MeetingForm(request.POST or None, initial={"status": "planned"})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.save_meeting(
                channel=channel, **form.meeting_data(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been added."))
            return redirect("channels:meeting", meeting_id=meeting.pk)
    return render(request, "channels/meeting_form.html", {"form": form, "channel": channel})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.access_meeting_for_secretary(request.user, meeting_id)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_meeting(
                channel=meeting.channel,
                meeting=meeting,
                **form.meeting_data(),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("channels:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "channels/meeting_form.html",
        {"form": form, "channel": meeting.channel, "meeting": meeting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, actor = access.access_meeting_for_member(request.user, meeting_id)
    can_run = access.can_run_meetings(actor, meeting.channel)
    memberships = list(services.members_for_meeting(meeting))
    current = selectors.attendance_for(meeting)
    form = None
    if can_run:
        form = AttendanceForm(
            request.POST if request.method == "POST" else None,
            memberships=memberships,
            current=current,
        )
    elif request.method == "POST":
        access.access_meeting_for_secretary(request.user, meeting_id)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            count = services.record_attendance(
                meeting=meeting, statuses=form.statuses(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance recorded for %(count)d member.",
                    "Attendance recorded for %(count)d members.",
                    count,
                )
                % {"count": count},
            )
            return redirect("channels:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "channels/meeting.html",
        {
            "meeting": meeting,
            "channel": meeting.channel,
            "attendance": [(m, current.get(m.pk)) for m in memberships],
            "form": form,
            "can_run": can_run,
        },
    )
