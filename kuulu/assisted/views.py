"""Staff pages for acting on a resident's behalf, and the resident's own history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kuulu.assisted import access, selectors, services, visits
from kuulu.assisted.forms import (
    AssistedFeedbackForm,
    AssistedRegistrationForm,
    BallotForm,
    ConversationChoiceForm,
    ResidentSearchForm,
    StartVisitForm,
    SurveyChoiceForm,
)
from kuulu.assisted.models import AssistedAction
from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors
from kuulu.core.numbers import id_from
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import Municipality, Person


def _resident_queryset(actor: Any, ids: list[int]) -> Any:
    return Person.objects.filter(
        pk__in=ids, county_id=actor.county_id, kind=Person.Kind.RESIDENT, is_active=True
    ).select_related("municipality")


def _start_form(request: HttpRequest, actor: Any, found: list[Person]) -> StartVisitForm:
    if request.method == "POST":
        posted = request.POST.get("resident", "")
        posted_id = id_from(posted)
        ids = [posted_id] if posted_id is not None else []
    else:
        ids = [p.pk for p in found]
    initial: dict[str, Any] = {"unit": actor.unit_id}
    if found:
        initial["who"] = StartVisitForm.WHO_FOUND
        if len(found) == 1:
            initial["resident"] = found[0].pk
    return StartVisitForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        residents=_resident_queryset(actor, ids),
        units=access.service_points_for(actor),
        municipalities=Municipality.objects.filter(county_id=actor.county_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Start helping a resident (find or record them, and their consent), or the visit in
    progress with its actions."""
    actor = access.require_assistant(request.user)
    visit = visits.current_visit(request)
    search = ResidentSearchForm(request.GET or None)
    found: list[Person] = []
    searched = False
    if (
        visit is None
        and request.method == "GET"
        and search.is_bound
        and search.is_valid()
        and search.cleaned_data["q"]
    ):
        searched = True
        found = services.find_residents(
            visit_staff=request.user, query=search.cleaned_data["q"], request=request
        )
    form = _start_form(request, actor, found)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            consent = services.Consent(
                method=data["consent_method"],
                representative_name=data["representative_name"],
                note=data["consent_note"],
            )
            try:
                consent = services.check_consent(consent)
                resident = None
                if data["who"] == StartVisitForm.WHO_FOUND:
                    resident = data["resident"]
                elif data["who"] == StartVisitForm.WHO_NEW:
                    resident = services.create_resident(
                        staff_user=request.user,
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        email=data["email"] or "",
                        phone=data["phone"],
                        municipality=data["municipality"],
                        invite=data["invite"],
                        language=get_language() or "fi",
                        request=request,
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                visits.start_visit(request, resident=resident, unit=data["unit"], consent=consent)
                messages.success(
                    request, _("Consent recorded. Choose what to do for the resident.")
                )
                return redirect("assisted:start")
        status = 400
    recent = list(selectors.recent_actions(actor, limit=20))
    naming = sum(1 for action in recent if action.resident_person_id is not None)
    if naming:
        # Who was helped at which service point is personal data: the read is logged, as
        # other lists of people are (without names).
        record_event(
            action="view",
            object_type=AssistedAction._meta.label_lower,
            request=request,
            summary=f"records of assistance listed: {naming} naming a resident",
        )
    return render(
        request,
        "assisted/start.html",
        {
            "visit": visit,
            "search": search,
            "searched": searched,
            "found": found,
            "form": form,
            "recent": recent,
        },
        status=status,
    )


@login_required
@require_POST
def finish(request: HttpRequest) -> HttpResponse:
    access.require_assistant(request.user)
    visits.end_visit(request)
    messages.success(request, _("You finished helping the resident."))
    return redirect("assisted:start")


def _visit_or_redirect(request: HttpRequest) -> services.Visit | None:
    visit = visits.current_visit(request)
    if visit is None:
        messages.info(request, _("Start by choosing the resident and recording their consent."))
    return visit


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("assisted:start")


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    actor = access.require_assistant(request.user)
    visit = _visit_or_redirect(request)
    if visit is None:
        return redirect("assisted:start")
    units = access.service_points_for(actor)
    if request.method == "POST":
        form = AssistedFeedbackForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item, _action, created = services.record_feedback(
                    visit=visit,
                    kind=data["kind"],
                    text=data["text"],
                    channel=data["channel"],
                    unit=data["unit"],
                    language=data["language"],
                    score=data["score"],
                    wants_reply=data["wants_reply"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"] or "",
                    contact_phone=data["contact_phone"],
                    submission_key=data["submission_key"],
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if not created:
                    return _done(request, _("This feedback had already been recorded."))
                return _done(
                    request,
                    _("Feedback %(reference)s was recorded with your assistance.")
                    % {"reference": item.reference},
                )
        status = 400
    else:
        resident = visit.resident
        initial: dict[str, Any] = {"language": get_language() or "fi", "unit": visit.unit.pk}
        if resident is not None:
            initial.update(
                contact_name=resident.full_name,
                contact_email=resident.email,
                contact_phone=resident.phone,
            )
        form = AssistedFeedbackForm(initial=initial, units=units)
        status = 200
    return render(request, "assisted/feedback.html", {"form": form, "visit": visit}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def registration(request: HttpRequest) -> HttpResponse:
    actor = access.require_assistant(request.user)
    visit = _visit_or_redirect(request)
    if visit is None:
        return redirect("assisted:start")
    sessions = services.sessions_open_for_residents(county_id=actor.county_id)
    status = 200
    if request.method == "POST":
        form = AssistedRegistrationForm(request.POST, sessions=sessions)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item, _action = services.register_resident(
                    visit=visit,
                    session=data["session"],
                    name=data["name"],
                    email=data["email"],
                    language=data["language"],
                    dietary=data["dietary"],
                    accessibility=data["accessibility"],
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                message = (
                    _("The resident is registered. A confirmation is sent by email.")
                    if item.status == item.Status.ATTENDING
                    else _("The session is full: the resident is on the waitlist.")
                )
                return _done(request, message)
        status = 400
    else:
        resident = visit.resident
        initial: dict[str, Any] = {"language": get_language() or "fi"}
        if resident is not None:
            initial.update(name=resident.full_name, email=resident.email)
        form = AssistedRegistrationForm(initial=initial, sessions=sessions)
    return render(
        request,
        "assisted/registration.html",
        {"form": form, "visit": visit, "sessions": sessions},
        status=status,
    )


@login_required
def survey_choose(request: HttpRequest) -> HttpResponse:
    actor = access.require_assistant(request.user)
    visit = _visit_or_redirect(request)
    if visit is None:
        return redirect("assisted:start")
    surveys = services.surveys_open_for_residents(county_id=actor.county_id)
    form = SurveyChoiceForm(request.GET or None, surveys=surveys)
    if form.is_bound and form.is_valid():
        return redirect("assisted:survey_answer", survey_id=form.cleaned_data["survey"].pk)
    return render(
        request,
        "assisted/choose.html",
        {
            "form": form,
            "visit": visit,
            "items": surveys,
            "title": _("Enter a paper survey answer"),
            "empty": _("No survey open to residents takes answers now."),
        },
    )


def _survey_fields(questionnaire: Any, raw: dict[str, Any], errors: dict[str, str]) -> list:
    # The survey app's own presentation, so the paper answer is entered with the same
    # question widgets the respondent sees online.
    from kuulu.surveys.views import present

    pages = []
    for page in questionnaire.pages:
        fields = [
            present(q, raw.get(q.key), errors.get(q.key, "")) for q in questionnaire.questions(page)
        ]
        pages.append({"page": page, "fields": fields})
    return pages


@login_required
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, survey_id: int) -> HttpResponse:
    from kuulu.surveys.answers import load_questionnaire, raw_from_post
    from kuulu.surveys.models import Survey, SurveyVersion

    actor = access.require_assistant(request.user)
    visit = _visit_or_redirect(request)
    if visit is None:
        return redirect("assisted:start")
    open_ids = {s.pk for s in services.surveys_open_for_residents(county_id=actor.county_id)}
    survey = get_object_or_404(Survey, pk=survey_id)
    if survey.pk not in open_ids:
        raise PermissionDenied
    questionnaire = load_questionnaire(SurveyVersion.objects.get(pk=survey.current_version_id))
    questions = [q for page in questionnaire.pages for q in questionnaire.questions(page)]
    raw: dict[str, Any] = {}
    errors: dict[str, str] = {}
    general: list[str] = []
    status = 200
    if request.method == "POST":
        raw = raw_from_post(questions, request.POST)
        try:
            services.enter_paper_survey(
                visit=visit,
                survey=survey,
                raw=raw,
                language=get_language() or "fi",
                request=request,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, messages_ in exc.message_dict.items():
                    if key in questionnaire.by_key:
                        errors[key] = " ".join(messages_)
                    else:
                        general.extend(messages_)
            else:
                general.extend(exc.messages)
            status = 400
        else:
            return _done(request, _("The survey answer was recorded with your assistance."))
    pages = _survey_fields(questionnaire, raw, errors)
    field_errors = [f for p in pages for f in p["fields"] if f.error]
    return render(
        request,
        "assisted/survey.html",
        {
            "survey": survey,
            "visit": visit,
            "pages": pages,
            "field_errors": field_errors,
            "general_errors": general,
        },
        status=status,
    )


@login_required
def ballot_choose(request: HttpRequest) -> HttpResponse:
    actor = access.require_assistant(request.user)
    visit = _visit_or_redirect(request)
    if visit is None:
        return redirect("assisted:start")
    conversations = services.conversations_open_for_residents(county_id=actor.county_id)
    form = ConversationChoiceForm(request.GET or None, conversations=conversations)
    if form.is_bound and form.is_valid():
        return redirect("assisted:ballot", conversation_id=form.cleaned_data["conversation"].pk)
    return render(
        request,
        "assisted/choose.html",
        {
            "form": form,
            "visit": visit,
            "items": conversations,
            "title": _("Enter a paper ballot of a conversation"),
            "empty": _("No conversation is open now."),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, conversation_id: int) -> HttpResponse:
    from kuulu.deliberation.models import Conversation
    from kuulu.deliberation.selectors import visible_statements

    actor = access.require_assistant(request.user)
    visit = _visit_or_redirect(request)
    if visit is None:
        return redirect("assisted:start")
    open_ids = {c.pk for c in services.conversations_open_for_residents(county_id=actor.county_id)}
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    if conversation.pk not in open_ids:
        raise PermissionDenied
    statements = list(visible_statements(conversation).order_by("number"))
    form = BallotForm(request.POST if request.method == "POST" else None, statements=statements)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_paper_ballot(
                    visit=visit, conversation=conversation, votes=form.votes(), request=request
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _done(request, _("The ballot was recorded with your assistance."))
        status = 400
    return render(
        request,
        "assisted/ballot.html",
        {"form": form, "visit": visit, "conversation": conversation},
        status=status,
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own participation, with what staff helped with, everything else
    they did in Kuulu and what came of it, and their follows, data and erasure."""
    if not access.can_see_own_history(actor_for(request.user)):
        raise PermissionDenied
    from kuulu.assisted import mydata
    from kuulu.follows.models import Follow

    rows = selectors.participation_history(request.user)
    listed = {row.title for row in rows}
    records = [
        r
        for r in mydata.records_for(request.user)
        if r.type not in ("registration", "survey", "conversation") or r.outcomes
        if not (r.type == "feedback" and r.title in listed)
    ]
    return render(
        request,
        "assisted/mine.html",
        {
            "rows": rows,
            "records": records,
            "follow_count": Follow.objects.filter(user=request.user).count(),
        },
    )


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The person's own data as a JSON file (format: docs/MY_DATA.md)."""
    if not access.can_see_own_history(actor_for(request.user)):
        raise PermissionDenied
    import json

    from kuulu.assisted import mydata
    from kuulu.core.audit import record_event

    data = mydata.export_data(request.user)
    record_event(
        action="export",
        object_type="accounts.user",
        object_id=request.user.pk,
        actor=request.user,
        request=request,
        summary="own data download",
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="kuulu-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    """What erasure would do (GET) and doing it after an explicit confirmation (POST)."""
    if not access.can_see_own_history(actor_for(request.user)):
        raise PermissionDenied
    from kuulu.assisted import mydata

    done = None
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            done = mydata.erase_my_data(user=request.user)
        else:
            error = _("Tick the box to confirm that you want your data erased.")
    return render(
        request,
        "assisted/erase.html",
        {"rules": mydata.erasure_plan(request.user), "done": done, "error": error},
        status=400 if error else 200,
    )
