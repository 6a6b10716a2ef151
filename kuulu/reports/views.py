"""Yearly participation reports: the public pages (web, PDF, figures) of published reports,
and the coordinators' pages to create, write, preview, publish and unpublish them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kuulu.core.forms import add_service_errors
from kuulu.core.htmx import render_page_or_fragment
from kuulu.organisation.access import actor_for
from kuulu.organisation.selectors import default_county
from kuulu.reports import access, selectors, services
from kuulu.reports.bundle import render_bundle
from kuulu.reports.forms import NarrativeForm, ReportCreateForm
from kuulu.reports.models import SECTIONS, Report
from kuulu.reports.presentation import SECTION_HEADINGS, layout, report_title


def _language() -> str:
    return get_language() or "fi"


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Public ----------------------------------------------------------------------------------


def report_list(request: HttpRequest) -> HttpResponse:
    county = default_county()
    reports = selectors.published_reports(county_id=county.pk if county else None)
    return render(
        request,
        "reports/list.html",
        {
            "reports": [(report, report_title(report.year)) for report in reports],
            "can_manage": access.can_manage_reports(actor_for(request.user)),
        },
    )


def report_detail(request: HttpRequest, year: int) -> HttpResponse:
    report = access.access_published_report(year)
    content = selectors.report_content_of(report, today=timezone.localdate())
    county = default_county()
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "layout": layout(report, content),
            "years": [
                r.year for r in selectors.published_reports(county_id=county.pk if county else None)
            ],
        },
    )


def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    report = access.access_published_report(year)
    data = selectors.report_pdf(report, language=_language(), today=timezone.localdate())
    return _download(data, "application/pdf", f"kuulu-report-{report.year}-{_language()}.pdf")


def report_bundle(request: HttpRequest, year: int) -> HttpResponse:
    report = access.access_published_report(year)
    content = selectors.report_content_of(report, today=timezone.localdate())
    return _download(
        render_bundle(report, content),
        "application/zip",
        f"kuulu-report-{report.year}-figures-{_language()}.zip",
    )


# --- Coordinators ----------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest, form: ReportCreateForm | None = None) -> HttpResponse:
    actor = access.require_report_manager(request.user)
    county = access.county_for_manager(actor)
    reports = selectors.reports_for_county(county_id=county.pk)
    if form is None:
        years = {r.year for r in reports}
        this_year = timezone.localdate().year
        suggestion = next(
            (y for y in (this_year - 1, this_year, this_year + 1) if y not in years),
            max(years, default=this_year) + 1,
        )
        form = ReportCreateForm(initial={"year": suggestion}, auto_id="create_%s")
    return render(
        request,
        "reports/manage.html",
        {"reports": [(r, report_title(r.year)) for r in reports], "form": form},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    actor = access.require_report_manager(request.user)
    county = access.county_for_manager(actor)
    form = ReportCreateForm(request.POST, auto_id="create_%s")
    if form.is_valid():
        try:
            report = services.create_report(
                county=county,
                year=form.cleaned_data["year"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                user=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft report was created."))
            return redirect("reports:manage_report", report.pk)
    return manage(request, form=form)


def _manage_context(report: Report) -> dict:
    content = selectors.report_content_of(report, today=timezone.localdate())
    page = layout(report, content)
    written = {
        section: [code for code in ("fi", "sv", "en") if getattr(report, f"{section}_text_{code}")]
        for section in SECTIONS
    }
    return {
        "report": report,
        "title": report_title(report.year),
        "layout": page,
        "sections": [(s, written[s.key]) for s in page.sections],
    }


@login_required
def manage_report(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.access_report_for_manager(request.user, report_id)
    return render_page_or_fragment(
        request, "reports/manage_report.html", _manage_context(report), fragment="preview"
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, report_id: int, section: str) -> HttpResponse:
    report = access.access_report_for_manager(request.user, report_id)
    if section not in SECTIONS:
        raise Http404
    status = 200
    saved = False
    if request.method == "POST":
        form = NarrativeForm(request.POST)
        if form.is_valid():
            try:
                report = services.update_narrative(
                    report=report,
                    section=section,
                    texts={code: form.cleaned_data[f"text_{code}"] for code in ("fi", "sv", "en")},
                    user=request.user,
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 422
            else:
                if not getattr(request, "htmx", None):
                    messages.success(request, _("The text was saved."))
                    return redirect(
                        reverse("reports:manage_report", args=[report.pk]) + f"#section-{section}"
                    )
                saved = True
                form = NarrativeForm(
                    initial={
                        f"text_{c}": getattr(report, f"{section}_text_{c}")
                        for c in ("fi", "sv", "en")
                    }
                )
        else:
            status = 422
    else:
        form = NarrativeForm(
            initial={
                f"text_{c}": getattr(report, f"{section}_text_{c}") or ""
                for c in ("fi", "sv", "en")
            }
        )
    context = _manage_context(report)
    context.update(
        form=form,
        saved=saved,
        section_key=section,
        section_heading=SECTION_HEADINGS[section],
        section=next(s for s in context["layout"].sections if s.key == section),
    )
    return render_page_or_fragment(
        request, "reports/section_form.html", context, fragment="narrative", status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.access_report_for_manager(request.user, report_id)
    if request.method == "POST":
        try:
            services.publish_report(report=report, user=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The report was published. Its figures are now frozen."))
        return redirect("reports:manage_report", report.pk)
    return render(
        request,
        "reports/confirm.html",
        {"report": report, "title": report_title(report.year), "action": "publish"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unpublish(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.access_report_for_manager(request.user, report_id)
    if request.method == "POST":
        try:
            services.unpublish_report(report=report, user=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The report was taken off the portal and is a draft again.")
            )
        return redirect("reports:manage_report", report.pk)
    return render(
        request,
        "reports/confirm.html",
        {"report": report, "title": report_title(report.year), "action": "unpublish"},
    )


@login_required
def preview_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.access_report_for_manager(request.user, report_id)
    data = selectors.report_pdf(report, language=_language(), today=timezone.localdate())
    return _download(data, "application/pdf", f"kuulu-report-{report.year}-{_language()}.pdf")
