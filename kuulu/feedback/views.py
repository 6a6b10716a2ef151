"""Public intake (feedback, formal complaint, initiative), handlers' queues and case pages,
formal complaints, initiatives and the public "you said, we did" list."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.accounts.models import User
from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors
from kuulu.core.htmx import render_page_or_fragment
from kuulu.core.ratelimits import public_form_rate
from kuulu.core.spreadsheets import csv_response
from kuulu.feedback import access, selectors, services
from kuulu.feedback.forms import (
    AssignForm,
    ComplaintAnswerForm,
    ComplaintForm,
    ComplaintHandlerForm,
    ComplaintNoteForm,
    ComplaintStatusForm,
    FeedbackForm,
    ForwardForm,
    HandlerForm,
    InitiativeForm,
    NoteForm,
    NoticeForm,
    OutcomeForm,
    PublishForm,
    QueueFilterForm,
    ReplyForm,
    ReportYearForm,
    SecrecyForm,
    SignerFormSet,
    StaffFeedbackForm,
    StatusForm,
    TemplatePickForm,
    TriageForm,
    UnitSearchForm,
)
from kuulu.feedback.models import (
    Complaint,
    Feedback,
    FeedbackHandler,
    Initiative,
    ReplyTemplate,
)
from kuulu.identity import access as identity_access
from kuulu.identity import requirements as identification
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import County
from kuulu.organisation.selectors import default_county

RECEIPT_KEY = "feedback_receipt"


def _county() -> County:
    county = default_county()
    if county is None:
        raise Http404
    return county


def _staff_county(request: HttpRequest) -> County:
    actor = actor_for(request.user)
    if actor.county_id:
        return County.objects.get(pk=actor.county_id)
    return _county()


def _receipt(request: HttpRequest, kind: str, reference: str, created: bool) -> HttpResponse:
    """After commit: remember what to show and redirect (so a reload sends nothing again)."""
    request.session[RECEIPT_KEY] = {"kind": kind, "reference": reference, "created": created}
    return redirect("feedback:received")


# --- Public intake ----------------------------------------------------------------------------


def _unit_results(request: HttpRequest, county: County) -> tuple[UnitSearchForm, Any]:
    form = UnitSearchForm(request.GET or None)
    query = form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else ""
    return form, (selectors.search_units(county, query) if query else None)


@require_http_methods(["GET", "POST"])
@ratelimit(group="feedback-give", key="ip", rate=public_form_rate, method="POST", block=True)
def give(request: HttpRequest, unit_code: str | None = None) -> HttpResponse:
    county = _county()
    unit = None
    if unit_code is not None:
        unit = selectors.unit_by_code(county, unit_code)
        if unit is None:
            raise Http404
    search_form, units = _unit_results(request, county)
    complaint_choice = False
    if request.method == "POST":
        form = FeedbackForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            route = request.POST.get("route", "")
            if route != "feedback" and selectors.needs_complaint_choice(
                data["text"], county=county, language=data["language"]
            ):
                # Tell about the formal complaint and the ombudsman; the customer chooses.
                complaint_choice = True
            else:
                try:
                    feedback, created = services.submit_feedback(
                        county=county,
                        kind=data["kind"],
                        text=data["text"],
                        channel=Feedback.Channel.UNIT_LINK if unit else Feedback.Channel.WEB,
                        unit=unit,
                        language=data["language"],
                        score=data["score"],
                        wants_reply=data["wants_reply"],
                        contact_name=data["contact_name"],
                        contact_email=data["contact_email"],
                        contact_phone=data["contact_phone"],
                        attachments=data["attachments"],
                        submission_key=data.get("submission_key", ""),
                        request=request,
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    identity_access.link_case(request, feedback)  # so the person can see it later
                    return _receipt(request, "feedback", feedback.reference, created)
    else:
        form = FeedbackForm(initial={"language": get_language() or "fi"})
    return render_page_or_fragment(
        request,
        "feedback/give.html",
        {
            "form": form,
            "unit": unit,
            "search_form": search_form,
            "units": units,
            "complaint_choice": complaint_choice,
            "had_files": bool(request.FILES),
        },
        fragment="unit_results",
    )


def unit_qr(request: HttpRequest, unit_code: str) -> HttpResponse:
    """A printable poster with the unit's feedback link as a QR code."""
    county = _county()
    unit = selectors.unit_by_code(county, unit_code)
    if unit is None:
        raise Http404
    link = request.build_absolute_uri(reverse("feedback:give_unit", args=[unit.code]))
    buffer = io.BytesIO()
    segno.make(link, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=8,
        border=2,
        svgclass="qr-code",
        title=_("QR code to the feedback form"),
        lineclass=None,
    )
    # segno's own output (an SVG path): contains no user input but the escaped URL.
    svg = mark_safe(buffer.getvalue().decode())  # noqa: S308
    return render(request, "feedback/qr.html", {"unit": unit, "link": link, "svg": svg})


def received(request: HttpRequest) -> HttpResponse:
    receipt = request.session.get(RECEIPT_KEY)
    if not receipt:
        return render(request, "feedback/received.html", {"receipt": None}, status=404)
    return render(request, "feedback/received.html", {"receipt": receipt})


def _complaint_prefill(request: HttpRequest, county: County) -> dict[str, Any]:
    """Feedback fields carried over when the customer chose the formal complaint."""
    post = request.POST
    unit = (
        selectors.unit_by_code(county, post.get("unit_code", "")) if post.get("unit_code") else None
    )
    return {
        "description": post.get("text", "")[:4000],
        "complainant_name": post.get("contact_name", "")[:160],
        "complainant_email": post.get("contact_email", "")[:254],
        "complainant_phone": post.get("contact_phone", "")[:40],
        "language": post.get("language") or get_language(),
        "unit": unit.pk if unit else None,
    }


@require_http_methods(["GET", "POST"])
@ratelimit(group="feedback-complaint", key="ip", rate=public_form_rate, method="POST", block=True)
def complaint_give(request: HttpRequest) -> HttpResponse:
    county = _county()
    if request.method == "POST" and request.POST.get("route") == "complaint":
        # Coming from the feedback form: show the complaint form filled in, nothing saved yet.
        form = ComplaintForm(initial=_complaint_prefill(request, county), county=county)
        return render(
            request, "feedback/complaint_give.html", {"form": form, "from_feedback": True}
        )
    if request.method == "POST":
        form = ComplaintForm(request.POST, county=county)
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint, created = services.submit_complaint(
                    county=county,
                    act=data["act"],
                    unit=data["unit"],
                    relationship=data["relationship"],
                    subject_name=data["subject_name"],
                    complainant_name=data["complainant_name"],
                    complainant_email=data["complainant_email"],
                    complainant_phone=data["complainant_phone"],
                    complainant_address=data["complainant_address"],
                    description=data["description"],
                    desired_outcome=data["desired_outcome"],
                    language=data["language"],
                    from_feedback_choice=request.POST.get("from_feedback") == "1",
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _receipt(request, "complaint", complaint.reference, created)
    else:
        form = ComplaintForm(initial={"language": get_language() or "fi"}, county=county)
    return render(
        request,
        "feedback/complaint_give.html",
        {"form": form, "from_feedback": request.POST.get("from_feedback") == "1"},
    )


@require_http_methods(["GET", "POST"])
@ratelimit(group="feedback-initiative", key="ip", rate=public_form_rate, method="POST", block=True)
def initiative_give(request: HttpRequest) -> HttpResponse:
    county = _county()
    try:  # the identification the county requires of initiators (an admin-edited policy)
        identification.require_for(request, "feedback.initiative", county=county)
    except identification.IdentificationRequired as needed:
        return identification.prompt_response(request, needed)
    if request.method == "POST":
        form = InitiativeForm(request.POST, county=county)
        signers = SignerFormSet(request.POST, prefix="signer", form_kwargs={"county": county})
        if form.is_valid() and signers.is_valid():
            data = form.cleaned_data
            try:
                initiative, created = services.submit_initiative(
                    county=county,
                    title=data["title"],
                    text=data["text"],
                    unit=data["unit"],
                    language=data["language"],
                    signers=[s for s in signers.cleaned_data if s],
                    request=request,
                )
            except ValidationError as exc:
                # "signers" is no field of the form, so add_service_errors puts it on top.
                add_service_errors(form, exc)
            else:
                identity_access.link_case(request, initiative)
                return _receipt(request, "initiative", initiative.reference, created)
    else:
        form = InitiativeForm(initial={"language": get_language() or "fi"}, county=county)
        signers = SignerFormSet(prefix="signer", form_kwargs={"county": county})
    return render(request, "feedback/initiative_give.html", {"form": form, "signers": signers})


def own_cases(request: HttpRequest) -> HttpResponse:
    """A strongly identified person's own feedback and initiatives, with their status."""
    try:
        feedback_ids = identity_access.own_case_ids(request, Feedback)
        initiative_ids = identity_access.own_case_ids(request, Initiative)
    except identification.IdentificationRequired as needed:
        return identification.prompt_response(request, needed)
    feedback, initiatives = selectors.own_cases(feedback_ids, initiative_ids)
    record_event(
        action="view",
        object_type="feedback.own_cases",
        request=request,
        summary=f"{len(feedback)} feedback, {len(initiatives)} initiatives",
    )
    return render(
        request, "feedback/own_cases.html", {"feedback": feedback, "initiatives": initiatives}
    )


# Published items per page of "you said, we did": the list only grows, so it is paged.
PUBLISHED_PAGE_SIZE = 20


def you_said_we_did(request: HttpRequest) -> HttpResponse:
    items = selectors.published_feedback(default_county())
    page = Paginator(items, PUBLISHED_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/you_said_we_did.html", {"page": page})


# --- Handlers: queue and staff entry ----------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    access.require_feedback_handler(request.user)
    county = _staff_county(request)
    form = QueueFilterForm(
        request.GET or None, units=access.manageable_units(request.user).filter(county=county)
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.QueueFilters(
        status=data.get("status") or "open",
        kind=data.get("kind") or "",
        unit_id=data["unit"].pk if data.get("unit") else None,
        mine=bool(data.get("mine")),
        overdue=bool(data.get("overdue")),
        untriaged=bool(data.get("untriaged")),
    )
    cases = selectors.feedback_queue(request.user, filters)[:200]
    return render_page_or_fragment(
        request,
        "feedback/queue.html",
        {
            "form": form,
            "cases": cases,
            "counts": selectors.queue_counts(request.user),
            "today": timezone.localdate(),
            "can_manage_handlers": access.can_manage_handlers(request.user),
            "is_complaint_handler": access.is_complaint_handler(request.user),
            "is_initiative_handler": access.is_initiative_handler(request.user),
        },
        fragment="results",
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_entry(request: HttpRequest) -> HttpResponse:
    access.require_feedback_entry(request.user)
    county = _staff_county(request)
    if request.method == "POST":
        form = StaffFeedbackForm(request.POST, county=county)
        if form.is_valid():
            data = form.cleaned_data
            try:
                feedback, created = services.submit_feedback(
                    county=county,
                    kind=data["kind"],
                    text=data["text"],
                    channel=data["channel"],
                    unit=data["unit"],
                    language=data["language"],
                    score=data["score"],
                    wants_reply=data["wants_reply"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    entered_by=request.user,
                    submission_key=data.get("submission_key", ""),
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if created:
                    messages.success(
                        request,
                        _("Feedback %(reference)s was recorded.")
                        % {"reference": feedback.reference},
                    )
                else:
                    messages.info(request, _("This feedback had already been recorded."))
                if access.can_handle_feedback(request.user, feedback):
                    return redirect("feedback:case", pk=feedback.pk)
                return redirect("feedback:staff_entry")
    else:
        initial: dict[str, Any] = {"language": get_language() or "fi"}
        actor = actor_for(request.user)
        if actor.unit_id:
            initial["unit"] = actor.unit_id
        form = StaffFeedbackForm(initial=initial, county=county)
    return render(request, "feedback/staff_entry.html", {"form": form})


# --- Handlers: one case -----------------------------------------------------------------------


def _case_page(
    request: HttpRequest, feedback: Feedback, status: int = 200, **forms: Any
) -> HttpResponse:
    county = feedback.county
    template_text = ""
    pick = TemplatePickForm(request.GET or None, county=county, auto_id="pick_%s")
    chosen: ReplyTemplate | None = None
    if request.method == "GET" and pick.is_bound and pick.is_valid():
        chosen = pick.cleaned_data.get("template")
    if chosen is not None:
        lang = feedback.language
        template_text = getattr(chosen, f"body_{lang}", "") or chosen.body_fi or chosen.body
    replies_seen = selectors.reply_count(feedback)
    reply_form = forms.get("reply_form")
    if reply_form is not None and reply_form.is_bound:
        # A reply form shown again carries the replies this page shows, so that a handler
        # who has now read another handler's reply can send theirs.
        reply_form.data = reply_form.data.copy()
        reply_form.data["replies_seen"] = str(replies_seen)
    context = {
        "feedback": feedback,
        "history": selectors.feedback_history(feedback),
        "attachments": list(feedback.attachments.all()),
        "overdue": feedback.is_overdue(),
        "can_publish": access.can_publish(request.user),
        "published": getattr(feedback, "published", None),
        "triage_form": forms.get("triage_form")
        or TriageForm(
            auto_id="triage_%s",
            county=county,
            initial={
                "kind": feedback.kind or feedback.suggested_kind,
                "theme": feedback.theme_id or feedback.suggested_theme_id,
                "unit": feedback.unit_id or feedback.suggested_unit_id,
            },
        ),
        "status_form": forms.get("status_form")
        or StatusForm(auto_id="status_%s", initial={"status": feedback.status}),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            auto_id="assign_%s",
            candidates=selectors.possible_assignees(feedback),
            initial={"assignee": feedback.assignee_id or ""},
        ),
        "note_form": forms.get("note_form") or NoteForm(auto_id="note_%s"),
        "pick_form": pick if pick.is_bound else TemplatePickForm(county=county, auto_id="pick_%s"),
        "reply_form": reply_form
        or ReplyForm(
            auto_id="reply_%s",
            county=county,
            initial={
                "text": template_text,
                "template": chosen.pk if chosen else None,
                "replies_seen": replies_seen,
            },
        ),
        "forward_form": forms.get("forward_form")
        or ForwardForm(county=county, auto_id="forward_%s"),
        "secrecy_form": forms.get("secrecy_form")
        or SecrecyForm(auto_id="secrecy_%s", initial={"secrecy": feedback.secrecy}),
    }
    return render(request, "feedback/case.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = access.access_feedback_for_handler(request.user, pk)
    record_event(action="view", obj=feedback, request=request, summary="feedback case viewed")
    return _case_page(request, feedback)


def _case_action(
    request: HttpRequest, pk: int, form_name: str, form: Any, action: Any
) -> HttpResponse:
    """Run one handler action from a case page form; show the errors on the page."""
    feedback = access.access_feedback_for_handler(request.user, pk)
    if form.is_valid():
        try:
            message = action(feedback, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("feedback:case", pk=feedback.pk)
    # The page shows the case again: that is a view too.
    record_event(action="view", obj=feedback, request=request, summary="feedback case viewed")
    return _case_page(request, feedback, status=400, **{form_name: form})


@login_required
@require_POST
def case_triage(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = access.access_feedback_for_handler(request.user, pk)
    form = TriageForm(request.POST, county=feedback.county, auto_id="triage_%s")

    def act(fb: Feedback, data: dict) -> str:
        services.confirm_triage(
            feedback=fb,
            kind=data["kind"],
            theme=data["theme"],
            unit=data["unit"],
            user=request.user,
            request=request,
        )
        return _("Type, theme and unit saved.")

    return _case_action(request, pk, "triage_form", form, act)


@login_required
@require_POST
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    def act(fb: Feedback, data: dict) -> str:
        unchanged = fb.status == data["status"]
        services.change_status(
            feedback=fb,
            status=data["status"],
            note=data["note"],
            user=request.user,
            request=request,
        )
        if not unchanged:
            return _("Status changed.")
        if data["note"].strip():
            return _("The case already had this status. Your note was added.")
        return _("The case already had this status; nothing changed.")

    return _case_action(
        request, pk, "status_form", StatusForm(request.POST, auto_id="status_%s"), act
    )


@login_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = access.access_feedback_for_handler(request.user, pk)
    form = AssignForm(
        request.POST, auto_id="assign_%s", candidates=selectors.possible_assignees(feedback)
    )

    def act(fb: Feedback, data: dict) -> str:
        assignee = User.objects.filter(pk=data["assignee"]).first() if data["assignee"] else None
        services.assign_feedback(feedback=fb, assignee=assignee, user=request.user, request=request)
        return _("Handler changed.")

    return _case_action(request, pk, "assign_form", form, act)


@login_required
@require_POST
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    def act(fb: Feedback, data: dict) -> str:
        services.add_note(feedback=fb, text=data["text"], user=request.user, request=request)
        return _("Note added.")

    return _case_action(request, pk, "note_form", NoteForm(request.POST, auto_id="note_%s"), act)


@login_required
@require_POST
def case_reply(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = access.access_feedback_for_handler(request.user, pk)

    def act(fb: Feedback, data: dict) -> str:
        services.send_reply(
            feedback=fb,
            text=data["text"],
            template=data["template"],
            replies_seen=data["replies_seen"] or 0,
            user=request.user,
            request=request,
        )
        return _("The reply was sent to the customer.")

    return _case_action(
        request,
        pk,
        "reply_form",
        ReplyForm(request.POST, county=feedback.county, auto_id="reply_%s"),
        act,
    )


@login_required
@require_POST
def case_forward(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = access.access_feedback_for_handler(request.user, pk)

    def act(fb: Feedback, data: dict) -> str:
        services.forward_feedback(
            feedback=fb,
            unit=data["unit"],
            reason=data["reason"],
            user=request.user,
            request=request,
        )
        return _("The feedback was forwarded.")

    return _case_action(
        request,
        pk,
        "forward_form",
        ForwardForm(request.POST, county=feedback.county, auto_id="forward_%s"),
        act,
    )


@login_required
@require_POST
def case_secrecy(request: HttpRequest, pk: int) -> HttpResponse:
    def act(fb: Feedback, data: dict) -> str:
        services.set_secrecy(
            feedback=fb, secrecy=data["secrecy"], user=request.user, request=request
        )
        return _("Secrecy label saved.")

    return _case_action(
        request, pk, "secrecy_form", SecrecyForm(request.POST, auto_id="secrecy_%s"), act
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_publish(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = access.access_feedback_for_publisher(request.user, pk)
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                services.publish_feedback(
                    feedback=feedback,
                    masked_text=form.cleaned_data["masked_text"],
                    masked_response=form.cleaned_data["masked_response"],
                    user=request.user,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Published on the “you said, we did” list."))
                return redirect("feedback:case", pk=feedback.pk)
    else:
        draft = services.publication_draft(feedback)
        form = PublishForm(
            initial={"masked_text": draft.masked_text, "masked_response": draft.masked_response}
        )
    return render(
        request,
        "feedback/publish.html",
        {"feedback": feedback, "form": form, "published": getattr(feedback, "published", None)},
    )


@login_required
@require_POST
def case_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = access.access_feedback_for_publisher(request.user, pk)
    services.unpublish_feedback(feedback=feedback, user=request.user, request=request)
    messages.success(request, _("Removed from the public list."))
    return redirect("feedback:case", pk=feedback.pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = access.access_attachment_for_handler(request.user, pk)
    record_event(action="view", obj=attachment, request=request, summary="attachment opened")
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=attachment.content_type == "application/pdf",
        filename=f"{attachment.feedback.reference}-{attachment.pk}."
        + attachment.file.name.rsplit(".", 1)[-1],
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def handlers(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_handlers(request.user):
        raise PermissionDenied
    units = access.manageable_units(request.user)
    form = HandlerForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        try:
            if user is None:
                raise ValidationError({"email": _("No staff member has this email address.")})
            services.add_feedback_handler(
                unit=form.cleaned_data["unit"], user=user, by=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Handler added."))
            return redirect("feedback:handlers")
    return render(
        request,
        "feedback/handlers.html",
        {"form": form, "handlers": selectors.handlers_of(units)},
    )


@login_required
@require_POST
def handler_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_manage_handlers(request.user):
        raise PermissionDenied
    handler = get_object_or_404(
        FeedbackHandler, pk=pk, unit__in=access.manageable_units(request.user)
    )
    services.remove_feedback_handler(handler=handler, by=request.user, request=request)
    messages.success(request, _("Handler removed."))
    return redirect("feedback:handlers")


# --- Formal complaints ------------------------------------------------------------------------


@login_required
def complaints(request: HttpRequest) -> HttpResponse:
    access.require_complaint_handler(request.user)
    status = request.GET.get("status", "open")
    if status not in ("open", "all", *Complaint.Status.values):
        # An unknown status (a NUL in it failed the audit write on PostgreSQL): the default.
        status = "open"
    items = selectors.complaints_for_handler(request.user, status=status)
    # Every view of formal complaints is logged, the list too.
    record_event(
        action="view",
        object_type="feedback.complaint",
        request=request,
        summary=f"complaint list ({status[:20]})",
    )
    return render(
        request,
        "feedback/complaints.html",
        {
            "complaints": items,
            "status": status,
            "statuses": Complaint.Status.choices,
            "today": timezone.localdate(),
        },
    )


def _complaint_page(
    request: HttpRequest, complaint: Complaint, status: int = 200, **forms: Any
) -> HttpResponse:
    answer = getattr(complaint, "answer", None)
    context = {
        "complaint": complaint,
        "answer": answer,
        "history": complaint.events.select_related("actor"),
        "handlers": complaint.handlers.all(),
        "overdue": complaint.is_overdue(),
        "status_form": forms.get("status_form")
        or ComplaintStatusForm(auto_id="status_%s", initial={"status": complaint.status}),
        "answer_form": forms.get("answer_form")
        or ComplaintAnswerForm(
            auto_id="answer_%s",
            initial={
                "sent_on": timezone.localdate(),
                "signer_name": request.user.get_full_name(),
            },
        ),
        "handler_form": forms.get("handler_form") or ComplaintHandlerForm(auto_id="handler_%s"),
        "note_form": forms.get("note_form") or ComplaintNoteForm(auto_id="note_%s"),
    }
    return render(request, "feedback/complaint.html", context, status=status)


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = access.access_complaint_for_handler(request.user, pk)
    record_event(action="view", obj=complaint, request=request, summary="formal complaint viewed")
    return _complaint_page(request, complaint)


def _complaint_action(
    request: HttpRequest, pk: int, form_name: str, form: Any, action: Any
) -> HttpResponse:
    complaint = access.access_complaint_for_handler(request.user, pk)
    if form.is_valid():
        try:
            message = action(complaint, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("feedback:complaint", pk=complaint.pk)
    # The page shows the complaint again: that is a view too.
    record_event(action="view", obj=complaint, request=request, summary="formal complaint viewed")
    return _complaint_page(request, complaint, status=400, **{form_name: form})


@login_required
@require_POST
def complaint_status(request: HttpRequest, pk: int) -> HttpResponse:
    def act(c: Complaint, data: dict) -> str:
        unchanged = c.status == data["status"]
        services.change_complaint_status(
            complaint=c, status=data["status"], user=request.user, request=request
        )
        if unchanged:
            return _("The case already had this status; nothing changed.")
        return _("Status changed.")

    return _complaint_action(
        request, pk, "status_form", ComplaintStatusForm(request.POST, auto_id="status_%s"), act
    )


@login_required
@require_POST
def complaint_answer(request: HttpRequest, pk: int) -> HttpResponse:
    def act(c: Complaint, data: dict) -> str:
        services.answer_complaint(complaint=c, user=request.user, request=request, **data)
        return _("The answer was recorded.")

    return _complaint_action(
        request, pk, "answer_form", ComplaintAnswerForm(request.POST, auto_id="answer_%s"), act
    )


@login_required
@require_POST
def complaint_handler_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = ComplaintHandlerForm(request.POST, auto_id="handler_%s")

    def act(c: Complaint, data: dict) -> str:
        user = User.objects.filter(email__iexact=data["email"], is_active=True).first()
        if user is None or not actor_for(user).is_staff:
            raise ValidationError({"email": _("No staff member has this email address.")})
        services.add_complaint_handler(
            complaint=c, handler=user, user=request.user, request=request
        )
        return _("Handler added.")

    return _complaint_action(request, pk, "handler_form", form, act)


@login_required
@require_POST
def complaint_note(request: HttpRequest, pk: int) -> HttpResponse:
    def act(c: Complaint, data: dict) -> str:
        services.add_complaint_note(
            complaint=c, text=data["text"], user=request.user, request=request
        )
        return _("Note added.")

    return _complaint_action(
        request, pk, "note_form", ComplaintNoteForm(request.POST, auto_id="note_%s"), act
    )


@login_required
def complaint_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The complaint and its answer as a plain text document, for the registry or printing."""
    complaint = access.access_complaint_for_handler(request.user, pk)
    record_event(
        action="export", obj=complaint, request=request, summary="formal complaint exported"
    )
    answer = getattr(complaint, "answer", None)
    response = render(
        request,
        "feedback/complaint_document.txt",
        {"complaint": complaint, "answer": answer},
        content_type="text/plain; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{complaint.reference}.txt"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Initiatives ------------------------------------------------------------------------------


@login_required
def initiatives(request: HttpRequest) -> HttpResponse:
    access.require_initiative_handler(request.user)
    return render(
        request,
        "feedback/initiatives.html",
        {
            "initiatives": selectors.initiatives_for_handler(request.user),
            "today": timezone.localdate(),
            "can_report": access.can_report_initiatives(request.user),
        },
    )


def _initiative_page(
    request: HttpRequest, initiative: Initiative, status: int = 200, **forms: Any
) -> HttpResponse:
    # The page lists the initiators' contact details: every showing of it is logged.
    record_event(action="view", obj=initiative, request=request, summary="initiative viewed")
    context = {
        "initiative": initiative,
        "signers": initiative.signers.select_related("municipality"),
        "notice_overdue": initiative.notice_overdue(),
        "notice_form": forms.get("notice_form")
        or NoticeForm(
            auto_id="notice_%s",
            initial={
                "sent_on": timezone.localdate(),
                "handler_description": initiative.handler_description,
                "expected_decision": initiative.expected_decision,
            },
        ),
        "outcome_form": forms.get("outcome_form")
        or OutcomeForm(
            auto_id="outcome_%s",
            initial={"sent_on": timezone.localdate(), "outcome": initiative.outcome},
        ),
    }
    return render(request, "feedback/initiative.html", context, status=status)


@login_required
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.access_initiative_for_handler(request.user, pk)
    return _initiative_page(request, initiative)


@login_required
@require_POST
def initiative_notice(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.access_initiative_for_handler(request.user, pk)
    form = NoticeForm(request.POST, auto_id="notice_%s")
    if form.is_valid():
        data = form.cleaned_data
        handler = None
        if data["handler_email"]:
            handler = User.objects.filter(
                email__iexact=data["handler_email"], is_active=True
            ).first()
            if handler is None or not actor_for(handler).is_staff:
                form.add_error("handler_email", _("No staff member has this email address."))
        if not form.errors:
            try:
                services.send_handler_notice(
                    initiative=initiative,
                    handled_by=handler or initiative.handled_by,
                    handler_description=data["handler_description"],
                    expected_decision=data["expected_decision"],
                    sent_on=data["sent_on"],
                    user=request.user,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The notice of handling was recorded."))
                return redirect("feedback:initiative", pk=initiative.pk)
    return _initiative_page(request, initiative, status=400, notice_form=form)


@login_required
@require_POST
def initiative_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = access.access_initiative_for_handler(request.user, pk)
    form = OutcomeForm(request.POST, auto_id="outcome_%s")
    if form.is_valid():
        try:
            services.record_initiative_outcome(
                initiative=initiative,
                outcome=form.cleaned_data["outcome"],
                sent_on=form.cleaned_data["sent_on"],
                user=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The outcome was recorded."))
            return redirect("feedback:initiative", pk=initiative.pk)
    return _initiative_page(request, initiative, status=400, outcome_form=form)


def _report_year(request: HttpRequest) -> tuple[ReportYearForm, int, int | None]:
    if not access.can_report_initiatives(request.user):
        raise PermissionDenied
    county_id = actor_for(request.user).county_id
    years = selectors.initiative_years(county_id)
    form = ReportYearForm(request.GET or None, years=years)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else years[0]
    return form, year, county_id


@login_required
def initiative_report(request: HttpRequest) -> HttpResponse:
    form, year, county_id = _report_year(request)
    summary, rows = selectors.initiatives_report(county_id, year)
    return render(
        request,
        "feedback/initiative_report.html",
        {"form": form, "summary": summary, "rows": rows, "year": year},
    )


@login_required
def initiative_report_csv(request: HttpRequest) -> HttpResponse:
    _form, year, county_id = _report_year(request)
    _summary, rows = selectors.initiatives_report(county_id, year)
    header = [
        _("Reference"),
        _("Received"),
        _("Title"),
        _("Initiators"),
        _("Notice due"),
        _("Notice sent"),
        _("Handled by"),
        _("Status"),
        _("Outcome sent"),
        _("Outcome"),
    ]
    record_event(
        action="export",
        object_type="feedback.initiative",
        request=request,
        summary=f"initiatives report {year}",
    )
    return csv_response(
        f"initiatives-{year}.csv",
        header,
        (
            [
                item.reference,
                timezone.localdate(item.received_at).isoformat(),
                item.title,
                item.signer_count,
                item.handler_notice_due.isoformat(),
                item.handler_notice_sent_on.isoformat() if item.handler_notice_sent_on else "",
                item.handler_description,
                item.get_status_display(),
                item.outcome_sent_on.isoformat() if item.outcome_sent_on else "",
                item.outcome,
            ]
            for item in rows
        ),
    )
