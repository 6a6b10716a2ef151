"""Experience-expert bank: the public page, the staff search, requests and matching, offers
and answers, the expert's own page, engagement records and the payroll export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors
from kuulu.core.htmx import render_page_or_fragment
from kuulu.core.spreadsheets import csv_response
from kuulu.experts import access, selectors, services
from kuulu.experts.forms import (
    AnswerForm,
    BankFilterForm,
    DebriefForm,
    EngagementForm,
    NewProfileForm,
    OfferForm,
    OwnProfileForm,
    PayrollForm,
    ProfileForm,
    RequestForm,
    TrainingForm,
    WithdrawForm,
)
from kuulu.experts.models import ExpertProfile, ExpertRequest, Offer
from kuulu.organisation.access import actor_for, county_of
from kuulu.organisation.selectors import default_county


def index(request: HttpRequest) -> HttpResponse:
    """Public: what the bank is and how to become an experience expert. No experts named."""
    actor = actor_for(request.user)
    county = county_of(actor) if actor.county_id else default_county()
    areas = selectors.areas_for(county.pk) if county else []
    return render(
        request,
        "experts/index.html",
        {
            "areas": areas,
            "can_use_bank": access.can_use_bank(actor),
            "is_expert": access.is_expert(actor),
            "can_coordinate": access.can_coordinate(actor),
        },
    )


@login_required
def bank(request: HttpRequest) -> HttpResponse:
    actor = access.require_bank_user(request.user)
    county = county_of(actor)
    form = BankFilterForm(request.GET or None, county_id=county.pk)
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = selectors.bank_profiles(
        county_id=county.pk,
        area=filters.get("area"),
        language=filters.get("language", ""),
        municipality=filters.get("municipality"),
        type=filters.get("type", ""),
    )
    return render_page_or_fragment(
        request,
        "experts/bank.html",
        {"form": form, "profiles": profiles, "can_coordinate": access.can_coordinate(actor)},
        fragment="results",
    )


@login_required
def profile_detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile, actor = access.access_profile_for_viewer(request.user, profile_id)
    full = access.sees_sensitive(actor, profile)
    if full and access.can_coordinate(actor):
        # Fee, agreement, contact details and availability notes: a sensitive read.
        record_event(action="view", obj=profile, request=request, summary="full profile viewed")
    return render(
        request,
        "experts/profile.html",
        {
            "profile": selectors.profile_detail(profile),
            "full": full,
            "can_coordinate": access.can_coordinate(actor),
            "engagements": selectors.engagements_for_expert(profile) if full else [],
        },
    )


def _profile_values(form: OwnProfileForm) -> tuple[dict, list, list]:
    data = dict(form.cleaned_data)
    return data, list(data.pop("areas", [])), list(data.pop("municipalities", []))


@login_required
@require_http_methods(["GET", "POST"])
def profile_create(request: HttpRequest) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    county = county_of(actor)
    form = NewProfileForm(request.POST or None, county_id=county.pk)
    if request.method == "POST" and form.is_valid():
        data, areas, municipalities = _profile_values(form)
        try:
            profile = services.create_profile(
                person=data.pop("person"),
                data=data,
                areas=areas,
                municipalities=municipalities,
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The profile was added to the bank."))
            return redirect("experts:profile", profile_id=profile.pk)
    return render(request, "experts/profile_form.html", {"form": form, "profile": None})


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = access.access_profile_for_editor(request.user, profile_id)
    if request.method == "GET":
        # The form shows the fee, payee number, agreement and availability notes: the same
        # sensitive read as the full profile.
        record_event(
            action="view", obj=profile, request=request, summary="full profile viewed for editing"
        )
    form = ProfileForm(request.POST or None, instance=profile, county_id=profile.county_id)
    if request.method == "POST" and form.is_valid():
        data, areas, municipalities = _profile_values(form)
        try:
            services.update_profile(
                profile=profile,
                data=data,
                areas=areas,
                municipalities=municipalities,
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("experts:profile", profile_id=profile.pk)
    return render(request, "experts/profile_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def training_add(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = access.access_profile_for_editor(request.user, profile_id)
    form = TrainingForm(request.POST or None, county_id=profile.county_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_training(
                profile=profile, **form.cleaned_data, actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training was recorded."))
            return redirect("experts:profile", profile_id=profile.pk)
    return render(request, "experts/training_form.html", {"form": form, "profile": profile})


@login_required
def me(request: HttpRequest) -> HttpResponse:
    profile = access.own_profile_or_none(request.user)
    if profile is None:
        return render(request, "experts/me.html", {"profile": None})
    offers = list(selectors.offers_for_expert(profile))
    return render(
        request,
        "experts/me.html",
        {
            "profile": selectors.profile_detail(profile),
            "pending": [o for o in offers if o.status == Offer.Status.PENDING],
            "answered": [o for o in offers if o.status != Offer.Status.PENDING],
            "engagements": selectors.engagements_for_expert(profile),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def me_edit(request: HttpRequest) -> HttpResponse:
    profile = access.own_profile(request.user)
    if not profile.in_bank:
        raise Http404
    form = OwnProfileForm(request.POST or None, instance=profile, county_id=profile.county_id)
    if request.method == "POST" and form.is_valid():
        data, areas, municipalities = _profile_values(form)
        try:
            services.update_profile(
                profile=profile,
                data=data,
                areas=areas,
                municipalities=municipalities,
                own=True,
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("experts:me")
    return render(request, "experts/me_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def me_withdraw(request: HttpRequest) -> HttpResponse:
    profile = access.own_profile(request.user)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw_consent(profile=profile, actor=request.user, request=request)
        messages.success(
            request,
            _(
                "Your consent is withdrawn. You are no longer in the bank, and your profile "
                "will be deleted."
            ),
        )
        return redirect("experts:me")
    return render(request, "experts/withdraw.html", {"form": form, "profile": profile})


def _answer(request: HttpRequest, offer: Offer) -> str:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return "invalid"
    accept = form.cleaned_data["answer"] == "accept"
    try:
        services.answer_offer(offer=offer, accept=accept, actor=request.user, request=request)
    except services.OfferTaken:
        messages.error(
            request,
            _(
                "Thank you, but another expert has already taken this assignment, or it was "
                "cancelled. Nothing was recorded."
            ),
        )
        return "taken"
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return "error"
    if accept:
        messages.success(request, _("You accepted the assignment. Thank you!"))
    else:
        messages.success(request, _("You declined the offer. Thank you for letting us know."))
    return "ok"


@login_required
@require_POST
def offer_respond(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = access.access_offer_for_expert(request.user, offer_id)
    _answer(request, offer)
    return redirect("experts:me")


@require_http_methods(["GET", "POST"])
def offer_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the offer email: the expert answers without signing in."""
    offer = services.offer_from_token(token)
    if offer is None:
        return render(request, "experts/offer_answer.html", {"invalid": True}, status=404)
    if request.method == "POST":
        _answer(request, offer)
        return redirect("experts:offer_answer", token=token)
    return render(request, "experts/offer_answer.html", {"offer": offer, "token": token})


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    _actor, person = access.require_requester(request.user)
    form = RequestForm(request.POST or None, county_id=person.county_id)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        areas = list(data.pop("areas"))
        try:
            expert_request = services.create_request(
                requested_by=person, data=data, areas=areas, actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your request was sent. The coordinator offers it to a suitable expert."),
            )
            return redirect("experts:request", request_id=expert_request.pk)
    return render(request, "experts/request_form.html", {"form": form})


@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    actor = access.require_bank_user(request.user)
    requests = selectors.requests_by(actor.person_id) if actor.person_id else []
    return render(request, "experts/my_requests.html", {"requests": requests})


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    status = request.GET.get("status", "open")
    if status not in {*ExpertRequest.Status.values, "all"}:
        status = "open"
    requests = selectors.request_queue(
        county_id=None if actor.is_admin else actor.county_id,
        status="" if status == "all" else status,
    )
    return render(
        request,
        "experts/queue.html",
        {"requests": requests, "status": status, "statuses": ExpertRequest.Status.choices},
    )


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    expert_request, actor = access.access_request_for_viewer(request.user, request_id)
    coordinating = access.can_coordinate(actor)
    suggestions = (
        selectors.explained_suggestions(expert_request)
        if coordinating and expert_request.status == ExpertRequest.Status.OPEN
        else []
    )
    return render(
        request,
        "experts/request_detail.html",
        {
            "expert_request": expert_request,
            "coordinating": coordinating,
            "suggestions": suggestions,
            "offers": selectors.request_offers(expert_request) if coordinating else [],
            "engagement": getattr(expert_request, "engagement", None),
        },
    )


@login_required
@require_POST
def offer_create(request: HttpRequest, request_id: int) -> HttpResponse:
    expert_request = access.access_request_for_coordinator(request.user, request_id)
    form = OfferForm(request.POST)
    profile = None
    if form.is_valid():
        profile = ExpertProfile.objects.filter(pk=form.cleaned_data["profile"]).first()
    if profile is None:
        messages.error(request, _("Choose an expert from the suggestions."))
        return redirect("experts:request", request_id=expert_request.pk)
    try:
        services.make_offer(
            expert_request=expert_request,
            profile=profile,
            message=form.cleaned_data["message"],
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Offered. The expert gets an email with a link to answer."))
    return redirect("experts:request", request_id=expert_request.pk)


@login_required
@require_POST
def request_cancel(request: HttpRequest, request_id: int) -> HttpResponse:
    expert_request, _actor = access.access_request_for_viewer(request.user, request_id)
    services.cancel_request(expert_request=expert_request, actor=request.user, request=request)
    messages.success(request, _("The request was cancelled."))
    return redirect("experts:request", request_id=expert_request.pk)


@login_required
@require_http_methods(["GET", "POST"])
def engagement(request: HttpRequest, engagement_id: int) -> HttpResponse:
    record, actor = access.access_engagement(request.user, engagement_id)
    with_fees = access.can_record_fees(actor, record)
    form = None
    if access.can_debrief(actor, record):
        form_class = EngagementForm if with_fees else DebriefForm
        form = form_class(request.POST or None, instance=record)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.record_engagement(
                engagement=record,
                data=form.cleaned_data,
                with_fees=with_fees,
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("experts:engagement", engagement_id=record.pk)
        record.refresh_from_db()
    return render(
        request,
        "experts/engagement.html",
        {"engagement": record, "form": form, "with_fees": with_fees},
    )


@login_required
def payroll(request: HttpRequest) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    form = PayrollForm(request.GET or {"month": PayrollForm.default_month()})
    rows = []
    if form.is_valid():
        first = form.cleaned_data["month"]
        rows = selectors.payroll_rows(
            county_id=None if actor.is_admin else actor.county_id, first=first
        )
        # Names, payee numbers and fees (taxable income): a sensitive read, as the export is.
        record_event(
            action="view",
            object_type="experts.engagement",
            request=request,
            summary=f"payroll viewed {first:%Y-%m}, {len(rows)} rows",
        )
    return render(
        request,
        "experts/payroll.html",
        {
            "form": form,
            "rows": rows,
            "header": selectors.payroll_header(),
            "month": form.data.get("month", ""),
        },
    )


@login_required
def payroll_csv(request: HttpRequest) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    form = PayrollForm(request.GET)
    if not form.is_valid():
        return redirect("experts:payroll")
    first = form.cleaned_data["month"]
    rows = selectors.payroll_rows(
        county_id=None if actor.is_admin else actor.county_id, first=first
    )
    record_event(
        action="export",
        object_type="experts.engagement",
        request=request,
        summary=f"payroll export {first:%Y-%m}, {len(rows)} rows",
    )
    return csv_response(
        f"experience-experts-{first:%Y-%m}.csv",
        selectors.payroll_header(),
        (row.values for row in rows),
    )
