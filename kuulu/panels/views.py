"""Panels: public list and page, volunteer registration, the coordinator's pages (sample,
letters, strata, quotas, draw, verification, statement and response) and the workspace."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh
from django_ratelimit.decorators import ratelimit

from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors, blank_translations
from kuulu.core.ratelimits import public_form_rate
from kuulu.core.spreadsheets import csv_response
from kuulu.organisation.access import county_of, require_coordinator
from kuulu.panels import access, selectors, services
from kuulu.panels.forms import (
    DrawForm,
    HearingForm,
    MaterialForm,
    MeetingForm,
    PanelForm,
    QuotaForm,
    ResponseForm,
    SampleForm,
    StatementForm,
    StratumForm,
    VolunteerForm,
)
from kuulu.panels.letters import HEADER, letter_rows
from kuulu.panels.models import DrawJob, Panel, Quota

# --- Public pages ----------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "panels/index.html",
        {
            "panels": selectors.public_panels(),
            "can_manage": access.can_manage_panels(request.user),
            "member_panels": selectors.panels_for_member(request.user),
        },
    )


@require_GET
def detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_public(request.user, panel_id)
    return render(
        request,
        "panels/detail.html",
        {
            "panel": panel,
            "composition": selectors.public_composition(panel),
            "min_group": settings.KUULU_MIN_GROUP_SIZE,
            "can_manage": access.can_manage_panels(request.user, panel),
            "is_member": access.is_member(request.user, panel),
        },
    )


@require_http_methods(["GET", "POST"])
@ratelimit(group="panel-volunteer", key="ip", rate=public_form_rate, method="POST", block=True)
def volunteer(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_public(request.user, panel_id)
    strata = list(panel.strata.all())
    form = VolunteerForm(request.POST or None, strata=strata)
    if request.method == "POST" and form.is_valid() and panel.volunteering_open():
        data = form.cleaned_data
        try:
            registered = services.register_volunteer(
                panel=panel,
                code=data["code"],
                answers=form.answers(),
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                consent=data.get("consent", False),
                language=get_language() or "fi",
                user=request.user,
            )
        except ValidationError as exc:
            # The service decided on the panel as it is now: a stratum added since the page
            # was opened is asked on the form, and a registration closed since says so.
            panel = access.access_panel_for_public(request.user, panel_id)
            current = list(panel.strata.all())
            if [s.pk for s in current] != [s.pk for s in strata]:
                form = VolunteerForm(request.POST, strata=current)
                form.is_valid()
            add_service_errors(form, exc)
        else:
            return render(
                request,
                "panels/volunteer_thanks.html",
                {
                    "panel": panel,
                    "confirm_sent": bool(registered.email) and not registered.email_confirmed_at,
                },
            )
    status = 409 if request.method == "POST" and not panel.volunteering_open() else 200
    return render(
        request,
        "panels/volunteer.html",
        {"panel": panel, "form": form, "open": panel.volunteering_open()},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def volunteer_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a volunteer (signed, no sign-in): opening it shows a button, and only
    the button confirms the address, as mail scanners open links but do not press buttons."""
    try:
        if request.method == "GET":
            volunteer = services.check_confirmation_link(token=token)
            return render(request, "panels/volunteer_confirm.html", {"panel": volunteer.panel})
        confirmed = services.confirm_volunteer_email(token=token)
    except ValidationError as exc:
        return render(
            request, "panels/volunteer_confirm.html", {"error": " ".join(exc.messages)}, status=400
        )
    return render(
        request,
        "panels/volunteer_confirm.html",
        {
            "confirmed": True,
            "panel": confirmed.panel,
            "member": confirmed.selected and confirmed.user_id is not None,
        },
    )


# --- Coordinators ----------------------------------------------------------------------------


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    actor = require_coordinator(request.user)
    return render(
        request,
        "panels/manage.html",
        {"panels": selectors.panels_for_coordinator(actor.county_id)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    # The coordinator's own county (a system admin's: the installation's).
    county = county_of(require_coordinator(request.user))
    form = PanelForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            panel = services.create_panel(
                county=county,
                data=blank_translations(form.cleaned_data),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The panel has been created with the default strata."))
            return redirect("panels:panel_manage", panel_id=panel.pk)
    return render(request, "panels/panel_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    form = PanelForm(request.POST or None, instance=panel, county=panel.county)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_panel(
                panel=Panel.objects.get(pk=panel.pk),
                data=blank_translations(form.cleaned_data),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The panel has been saved."))
            return redirect("panels:panel_manage", panel_id=panel.pk)
    panel = Panel.objects.get(pk=panel.pk)
    return render(request, "panels/panel_form.html", {"form": form, "panel": panel})


def _manage_page(request: HttpRequest, panel: Panel, **extra: object) -> HttpResponse:
    status = extra.pop("status", 200)
    job = services.latest_job(panel)
    if job is not None and job.status == DrawJob.Status.FAILED and "failure" not in extra:
        extra["failure"] = services.job_failure(job)
    context = {
        "panel": panel,
        "overview": selectors.strata_overview(panel),
        "volunteer_count": panel.volunteers.count(),
        "invitee_count": panel.invitees.count(),
        "unsent_confirmations": selectors.volunteers_to_send_confirmation(panel).count(),
        "letters_issued": panel.invitees.filter(code_hash__isnull=False).count(),
        "record": getattr(panel, "draw", None),
        "job": job,
        "draw_form": DrawForm(),
        "next_status": services.NEXT_STATUS.get(panel.status),
        **extra,
    }
    record = context["record"]
    if record is not None and record.inputs:
        context["average_chance"] = record.seats / len(record.inputs)
    if context["next_status"] is not None:
        context["next_status_label"] = Panel.Status(context["next_status"]).label
    return render(request, "panels/panel_manage.html", context, status=status)


@login_required
@require_GET
def panel_manage(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    return _manage_page(request, panel)


@login_required
@require_POST
def advance(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    try:
        services.advance_status(panel=panel, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The panel has moved to its next stage."))
    return redirect("panels:panel_manage", panel_id=panel.pk)


@login_required
@require_POST
def confirmation_links(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    sent = services.send_confirmation_links(panel=panel, actor=request.user, request=request)
    if sent:
        messages.success(
            request,
            ngettext(
                "The confirmation link is being sent to %(count)d volunteer.",
                "The confirmation link is being sent to %(count)d volunteers.",
                sent,
            )
            % {"count": sent},
        )
    else:
        messages.info(request, _("No volunteer is waiting for the confirmation link."))
    return redirect("panels:panel_manage", panel_id=panel.pk)


@login_required
@require_http_methods(["GET", "POST"])
def strata(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    form = StratumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_stratum(
                panel=panel, **form.stratum_data(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The stratum has been added."))
            return redirect("panels:strata", panel_id=panel.pk)
    return render(
        request,
        "panels/strata.html",
        {"panel": panel, "form": form, "overview": selectors.strata_overview(panel)},
    )


@login_required
@require_POST
def stratum_delete(request: HttpRequest, stratum_id: int) -> HttpResponse:
    stratum = access.access_stratum_for_coordinator(request.user, stratum_id)
    try:
        services.delete_stratum(stratum=stratum, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The stratum has been removed."))
    return redirect("panels:strata", panel_id=stratum.panel_id)


@login_required
@require_http_methods(["GET", "POST"])
def quotas(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    strata_list = list(panel.strata.all())
    existing = {(q.stratum_id, q.value): q for q in Quota.objects.filter(stratum__panel=panel)}
    form = QuotaForm(request.POST or None, strata=strata_list, quotas=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_quotas(
                panel=panel, quotas=form.quota_data(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The quotas have been saved."))
            return redirect("panels:panel_manage", panel_id=panel.pk)
    return render(request, "panels/quotas.html", {"panel": panel, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def sample(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    form = SampleForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = services.import_sample(
                panel=panel,
                data=form.cleaned_data["file"].read(),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 409
        else:
            if report.is_clean:
                messages.success(
                    request,
                    _("%(count)d invitees were imported.") % {"count": len(report.rows)},
                )
                return redirect("panels:panel_manage", panel_id=panel.pk)
            status = 422
    return render(
        request,
        "panels/sample.html",
        {"panel": panel, "form": form, "report": report},
        status=status,
    )


@login_required
@require_POST
def letters(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    try:
        issued = services.issue_invitations(panel=panel, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("panels:panel_manage", panel_id=panel.pk)
    base_url = f"{request.scheme}://{request.get_host()}"
    response = csv_response(
        f"panel-{panel.pk}-letters.csv", HEADER, letter_rows(panel, issued, base_url)
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def draw(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    form = DrawForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, panel, draw_form=form, status=422)
    try:
        result = services.request_draw(
            panel=panel,
            seed=form.cleaned_data["seed"],
            method=form.cleaned_data["method"],
            actor=request.user,
            request=request,
        )
    except services.DrawFailed as exc:
        return _manage_page(request, panel, draw_form=form, failure=exc, status=409)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("panels:panel_manage", panel_id=panel.pk)
    if isinstance(result, DrawJob):
        messages.info(
            request,
            _(
                "The maximally fair draw is being computed with the seed %(seed)d. Its progress "
                "is shown below."
            )
            % {"seed": result.seed},
        )
    else:
        messages.success(
            request,
            _(
                "The panel has been drawn with the seed %(seed)d. The invitation sample's names "
                "and addresses have been deleted."
            )
            % {"seed": result.seed},
        )
    return redirect(f"{reverse('panels:panel_manage', args=[panel.pk])}#draw")


@login_required
@require_GET
def draw_status(request: HttpRequest, panel_id: int) -> HttpResponse:
    """The progress of the panel's latest draw job (polled by the page while it runs). When
    the job has finished, an htmx request gets a full-page refresh."""
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    job = services.latest_job(panel)
    if job is None:
        raise Http404
    if request.htmx and not job.active:
        return HttpResponseClientRefresh()
    return render(request, "panels/draw_status.html", {"panel": panel, "job": job})


@login_required
@require_GET
def verify(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    if not hasattr(panel, "draw"):
        raise Http404
    result = services.verify_draw(panel=panel, actor=request.user, request=request)
    return render(
        request, "panels/verify.html", {"panel": panel, "record": panel.draw, "result": result}
    )


@login_required
@require_GET
def volunteers(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    record_event(action="view", obj=panel, request=request, summary="volunteers viewed")
    strata_list = list(panel.strata.all())
    record = getattr(panel, "draw", None)
    probabilities = record.probabilities if record is not None else {}
    rows = []
    for v in panel.volunteers.order_by("-selected", "id"):
        rows.append(
            (v, [v.answers.get(s.key, "") for s in strata_list], probabilities.get(str(v.pk)))
        )
    if probabilities:
        # Least likely first: the figure maximin raises.
        rows.sort(key=lambda row: (row[2] if row[2] is not None else 2.0, row[0].pk))
    return render(
        request,
        "panels/volunteers.html",
        {
            "panel": panel,
            "strata": strata_list,
            "rows": rows,
            "record": record,
            "has_probabilities": bool(probabilities),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    which = request.POST.get("form") if request.method == "POST" else None
    statement_form = StatementForm(
        request.POST if which == "statement" else None,
        initial={
            "statement_fi": panel.statement_fi,
            "statement_sv": panel.statement_sv,
            "statement_en": panel.statement_en,
            "statement_date": panel.statement_date,
        },
        prefix="statement",
    )
    response_form = ResponseForm(
        request.POST if which == "response" else None,
        initial={
            "response_fi": panel.response_fi,
            "response_sv": panel.response_sv,
            "response_en": panel.response_en,
            "response_by": panel.response_by,
            "response_date": panel.response_date,
        },
        prefix="response",
    )
    if which == "statement" and statement_form.is_valid():
        data = statement_form.cleaned_data
        try:
            services.publish_statement(
                panel=panel,
                texts={k: data[k] for k in ("statement_fi", "statement_sv", "statement_en")},
                given_on=data["statement_date"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(statement_form, exc)
        else:
            messages.success(request, _("The statement has been published."))
            return redirect("panels:statement", panel_id=panel.pk)
    if which == "response" and response_form.is_valid():
        data = response_form.cleaned_data
        try:
            services.publish_response(
                panel=panel,
                texts={k: data[k] for k in ("response_fi", "response_sv", "response_en")},
                by=data["response_by"],
                given_on=data["response_date"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(response_form, exc)
        else:
            messages.success(request, _("The response has been published."))
            return redirect("panels:statement", panel_id=panel.pk)
    return render(
        request,
        "panels/statement.html",
        {"panel": panel, "statement_form": statement_form, "response_form": response_form},
    )


# --- The panel's workspace -------------------------------------------------------------------

WORKSPACE_FORMS = {
    "meeting": (MeetingForm, services.add_meeting),
    "material": (MaterialForm, services.add_material),
    "hearing": (HearingForm, services.add_hearing),
}


def _workspace_page(request: HttpRequest, panel: Panel, **forms: object) -> HttpResponse:
    can_manage = access.can_manage_panels(request.user, panel)
    context = {
        "panel": panel,
        "can_manage": can_manage,
        "meetings": panel.meetings.all(),
        "materials": panel.materials.all(),
        "hearings": panel.hearings.all(),
    }
    if can_manage:
        context.update(
            {
                "meeting_form": forms.get("meeting") or MeetingForm(prefix="meeting"),
                "material_form": forms.get("material") or MaterialForm(prefix="material"),
                "hearing_form": forms.get("hearing") or HearingForm(prefix="hearing"),
            }
        )
    return render(request, "panels/workspace.html", context, status=200 if not forms else 422)


@login_required
@require_GET
def workspace(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = access.access_panel_for_workspace(request.user, panel_id)
    return _workspace_page(request, panel)


@login_required
@require_POST
def workspace_add(request: HttpRequest, panel_id: int, kind: str) -> HttpResponse:
    panel = access.access_panel_for_coordinator(request.user, panel_id)
    if kind not in WORKSPACE_FORMS:
        raise Http404
    form_class, add = WORKSPACE_FORMS[kind]
    form = form_class(request.POST, prefix=kind)
    if form.is_valid():
        try:
            add(panel=panel, data=form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Added to the workspace."))
            return redirect("panels:workspace", panel_id=panel.pk)
    return _workspace_page(request, panel, **{kind: form})


@login_required
@require_POST
def workspace_delete(request: HttpRequest, kind: str, item_id: int) -> HttpResponse:
    item = access.access_workspace_item_for_coordinator(request.user, kind, item_id)
    services.delete_workspace_item(item=item, actor=request.user)
    messages.success(request, _("Removed from the workspace."))
    return redirect("panels:workspace", panel_id=item.panel_id)
