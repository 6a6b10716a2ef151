"""Views of the methods bank: parse input, check access, call a service or selector, render."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors
from kuulu.core.htmx import render_page_or_fragment
from kuulu.methods import access, exchange, selectors, services
from kuulu.methods.forms import (
    AdoptionForm,
    AssignForm,
    CardForm,
    ExpertForm,
    ExpertSearchForm,
    ImportForm,
    RecordSupportForm,
    SearchForm,
    SkillForm,
    SupportRequestForm,
    UseForm,
)
from kuulu.methods.models import MethodCard, MethodExpert, SupportRequest
from kuulu.organisation.access import county_of

PAGE_SIZE = 30


# --- public portal -----------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters = selectors.CardFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.CardFilters(**form.cleaned_data)
    cards = selectors.published_cards(filters=filters).order_by(selectors.shown_name(), "pk")
    page = Paginator(cards, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page_or_fragment(
        request,
        "methods/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": access.can_manage_methods(request.user),
        },
        fragment="results",
    )


@require_GET
def card(request: HttpRequest, card_id: int) -> HttpResponse:
    method = access.access_card_for_public(request.user, card_id)
    return render(
        request,
        "methods/card.html",
        {
            "card": method,
            "can_manage": access.can_manage_methods(request.user),
            "is_staff": access.can_use_methods(access.actor_for(request.user)),
        },
    )


@require_GET
def schema(request: HttpRequest) -> HttpResponse:
    """The JSON Schema of the exchange format, public so that any county can read it."""
    path = Path(settings.BASE_DIR) / "docs" / "methods-exchange.schema.json"
    return HttpResponse(path.read_bytes(), content_type="application/schema+json")


# --- staff: home, cards, import and export -----------------------------------------------------


@login_required
@require_GET
def work(request: HttpRequest) -> HttpResponse:
    actor = access.require_staff(request.user)
    county = county_of(actor)
    units = access.units_for_logging(request.user)
    context = {
        "is_coordinator": actor.is_coordinator,
        "uses": selectors.recent_uses(county=county, units=None if actor.is_coordinator else units),
        "supports": SupportRequest.objects.filter(county=county)
        .filter(**({} if actor.is_coordinator else {"unit__in": units}))
        .select_related("unit", "method", "expert__person")[:20],
    }
    if actor.is_coordinator:
        context["cards"] = MethodCard.objects.filter(county=county).only(
            "pk", "name_fi", "name_sv", "name_en", "status", "slug", "imported_hash"
        )
    return render(request, "methods/work.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def card_edit(request: HttpRequest, card_id: int | None = None) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    if card_id is None:
        instance = MethodCard(county=county_of(actor), source_county="")
    else:
        instance = access.access_card_for_coordinator(request.user, card_id)
    form = CardForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_card(card=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The method card was saved."))
            return redirect("methods:card", saved.pk)
    return render(request, "methods/card_form.html", {"form": form, "card": instance})


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    county = county_of(actor)
    cards = MethodCard.objects.filter(county=county)
    if request.GET.get("published"):
        cards = cards.filter(status=MethodCard.Status.PUBLISHED)
    document = services.export_cards(county=county, cards=cards)
    record_event(action="methods.export", object_type="methods.methodcard", request=request)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="method-cards-{county.slug}-{stamp}.json"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_cards(request: HttpRequest) -> HttpResponse:
    """Upload → validation errors or a diff → confirm. The confirm step posts the document back
    and it is validated again; nothing is stored until then, and nothing at all on an error."""
    actor = access.require_coordinator(request.user)
    county = county_of(actor)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            raw = form.raw()
            if not raw:
                raise ValidationError(_("Choose a file to import."))
            document = exchange.parse(raw)
        except exchange.ExchangeError as exc:
            context["errors"] = [(e.path, e.text(_)) for e in exc.errors]
            return render(request, "methods/import.html", context, status=400)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return render(request, "methods/import.html", context, status=400)
        if request.POST.get("confirm"):
            overwrite = frozenset(request.POST.getlist("overwrite"))
            try:
                result = services.import_cards(
                    county=county,
                    document=document,
                    actor=request.user,
                    overwrite=overwrite,
                    publish=form.cleaned_data["publish"],
                )
            except ValidationError as exc:  # a card the checks let through; nothing is saved
                add_service_errors(form, exc)
                return render(request, "methods/import.html", context, status=400)
            messages.success(
                request,
                _(
                    "Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
                    "%(kept)s kept with local edits."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "kept": result.kept_local,
                },
            )
            return redirect("methods:work")
        plan = services.plan_import(county=county, document=document)
        posted_back = json.dumps(document, ensure_ascii=False)
        if _too_large_to_confirm(posted_back, conflicts=plan.count("conflict")):
            add_service_errors(
                form,
                ValidationError(
                    _(
                        "The file is too large to import in one go. Split it into smaller "
                        "files (fewer cards in each)."
                    )
                ),
            )
            return render(request, "methods/import.html", context, status=400)
        context["plan"] = plan
        context["document"] = posted_back
        context["publish"] = form.cleaned_data["publish"]
    return render(request, "methods/import.html", context)


def _too_large_to_confirm(document: str, *, conflicts: int) -> bool:
    """Whether the confirm step, which posts the document back as a form field (URL-encoded:
    "ä" takes six bytes), would exceed DATA_UPLOAD_MAX_MEMORY_SIZE: Django would refuse it with
    a bare 400 page after the preview said the import would work."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None:
        return False
    overhead = 1_000 + 60 * conflicts  # the CSRF token, confirm, publish and overwrite=<uid>
    return len(urlencode({"document": document})) + overhead > limit


# --- the expert pool and support ---------------------------------------------------------------


@login_required
@require_GET
def experts(request: HttpRequest) -> HttpResponse:
    actor = access.require_staff(request.user)
    county = county_of(actor)
    form = ExpertSearchForm(request.GET or None, county=county)
    rows = []
    if form.is_valid() or not form.is_bound:
        data = form.cleaned_data if form.is_bound else {}
        rows = selectors.experts(
            county=county,
            method_id=data["method"].pk if data.get("method") else None,
            municipality_id=data["municipality"].pk if data.get("municipality") else None,
            language=data.get("language") or "",
        )
    return render_page_or_fragment(
        request,
        "methods/experts.html",
        {"form": form, "rows": rows, "is_coordinator": actor.is_coordinator},
        fragment="results",
    )


@login_required
@ratelimit(key="user", rate="30/h", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def support_new(request: HttpRequest) -> HttpResponse:
    actor = access.require_staff(request.user)
    county = county_of(actor)
    units = access.units_for_logging(request.user)
    initial = {"language": "fi", "method": request.GET.get("method")}
    form = SupportRequestForm(request.POST or None, county=county, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not access.can_act_for_unit(request.user, data["unit"]):
            raise PermissionDenied
        try:
            services.request_support(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request was sent to the coordinator."))
            return redirect("methods:work")
    return render(request, "methods/support_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def support_detail(request: HttpRequest, support_id: int) -> HttpResponse:
    support = access.access_support_for_coordinator(request.user, support_id)
    county = support.county
    assign_form = AssignForm(
        request.POST if request.POST.get("action") == "assign" else None,
        county=county,
        initial={"expert": support.expert_id},
    )
    record_form = RecordSupportForm(
        request.POST if request.POST.get("action") == "record" else None
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "assign" and assign_form.is_valid():
                services.assign_expert(
                    support=support, expert=assign_form.cleaned_data["expert"], actor=request.user
                )
                messages.success(request, _("The method expert was assigned."))
                return redirect("methods:support", support.pk)
            if request.POST.get("action") == "cancel":
                services.cancel_support(support=support, actor=request.user)
                messages.success(request, _("The request was cancelled."))
                return redirect("methods:support", support.pk)
            if request.POST.get("action") == "record" and record_form.is_valid():
                services.record_support(
                    support=support,
                    support_given=record_form.cleaned_data["support_given"],
                    actor=request.user,
                )
                messages.success(request, _("The support was recorded."))
                return redirect("methods:support", support.pk)
        except ValidationError as exc:
            # A request closed meanwhile (in another tab, by another coordinator) shows neither
            # form, so an error put on one would not be seen: it goes to the page's messages.
            closed = (SupportRequest.Status.DONE, SupportRequest.Status.CANCELLED)
            if request.POST.get("action") == "cancel" or support.status in closed:
                messages.error(request, exc.messages[0])
                return redirect("methods:support", support.pk)
            add_service_errors(
                record_form if request.POST.get("action") == "record" else assign_form, exc
            )
    experts = selectors.experts(county=county, method_id=support.method_id)
    return render(
        request,
        "methods/support.html",
        {
            "support": support,
            "assign_form": assign_form,
            "record_form": record_form,
            "suggested": experts,
        },
    )


# --- uses and adoption -------------------------------------------------------------------------


@login_required
@ratelimit(key="user", rate="60/h", method="POST", block=True)
@require_http_methods(["GET", "POST"])
def use_new(request: HttpRequest) -> HttpResponse:
    actor = access.require_staff(request.user)
    county = county_of(actor)
    units = access.units_for_logging(request.user)
    form = UseForm(
        request.POST or None,
        county=county,
        units=units,
        initial={"method": request.GET.get("method"), "used_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not access.can_act_for_unit(request.user, data["unit"]):
            raise PermissionDenied
        try:
            services.log_use(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The use of the method was logged."))
            return redirect("methods:work")
    return render(request, "methods/use_form.html", {"form": form})


@login_required
@require_GET
def adoption(request: HttpRequest) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    county = county_of(actor)
    today = timezone.localdate()
    default = {"start": date(today.year - 2, 1, 1), "end": today}
    form = AdoptionForm(request.GET or None, initial=default)
    start, end = default["start"], default["end"]
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        if end < start or end - start > timedelta(days=3660):
            start, end = default["start"], default["end"]
    figures = selectors.adoption(county=county, start=start, end=end)
    return render(
        request,
        "methods/adoption.html",
        {"form": form, "figures": figures, "start": start, "end": end},
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_new(request: HttpRequest) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    county = county_of(actor)
    form = ExpertForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.add_expert(county=county, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            record_event(action="methods.expert_added", obj=expert, request=request)
            return redirect("methods:expert", expert.pk)
    return render(request, "methods/expert_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def expert_detail(request: HttpRequest, expert_id: int) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    county = county_of(actor)
    expert = get_object_or_404(
        MethodExpert.objects.select_related("person"), pk=expert_id, county=county
    )
    form = SkillForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_skill(
                expert=expert,
                method=data["method"],
                trained_on=data["trained_on"],
                trained_by=data["trained_by"],
                earlier_uses=data["earlier_uses"] or 0,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The method was added to the expert."))
            return redirect("methods:expert", expert.pk)
    rows = selectors.experts(county=county, expert_id=expert.pk)
    return render(
        request,
        "methods/expert.html",
        {"expert": expert, "row": rows[0] if rows else None, "form": form},
    )


@login_required
@require_POST
def expert_toggle(request: HttpRequest, expert_id: int) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    expert = get_object_or_404(MethodExpert, pk=expert_id, county=county_of(actor))
    wanted = request.POST.get("active", "")
    if wanted not in ("0", "1"):
        return HttpResponseBadRequest(_("Choose whether the expert is in the pool."))
    services.set_expert_active(
        expert=expert, active=wanted == "1", actor=request.user, request=request
    )
    return redirect("methods:expert", expert.pk)
