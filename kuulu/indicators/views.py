"""Staff pages of the indicators: the dashboard, an indicator's page, exports, and the
coordinator's manual indicators (under manage/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors
from kuulu.core.spreadsheets import csv_response, xlsx_response
from kuulu.indicators import access, selectors, services
from kuulu.indicators.catalogue import IndicatorDef
from kuulu.indicators.charts import trend_chart
from kuulu.indicators.forms import FilterForm, ImportForm, ManualIndicatorForm, ManualValueForm
from kuulu.indicators.models import ManualIndicator, ManualValue
from kuulu.indicators.types import IndicatorValue, Period, Perspective


def perspective_name(perspective: Perspective) -> str:
    return {
        Perspective.INFORMATION: _("Information and transactions"),
        Perspective.SERVICE: _("The service situation"),
        Perspective.DEVELOPMENT: _("Development"),
        Perspective.STRATEGY: _("The strategy level"),
    }[perspective]


def _targets(county_id: int) -> dict[str, Any]:
    """The programme's targets per indicator code (helper B's selector; none until it exists)."""
    try:
        from kuulu.programme import selectors as programme
    except ImportError:  # pragma: no cover
        return {}
    targets_for = getattr(programme, "targets_for", None)
    if targets_for is None:
        return {}
    try:
        return dict(targets_for(county_id=county_id))
    except Exception:  # pragma: no cover - the programme must never break the dashboard
        return {}


@dataclass
class Row:
    """One indicator on a page: its definition, value, target and quarterly trend."""

    d: IndicatorDef
    value: IndicatorValue
    display: str
    trend: list[tuple[Period, IndicatorValue, str]]
    target: Any = None
    target_display: str = ""
    records_url: str = ""
    chart: Any = None
    chart_id: str = ""


@dataclass
class Group:
    perspective: Perspective
    name: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Figures:
    actor: Any
    county: Any
    form: FilterForm
    choice: access.ScopeChoice
    period: Period
    quarters: list[Period]
    rows: list[Row]


def _figures(request: HttpRequest, *, codes: list[str] | None = None) -> Figures:
    actor, county = access.require_viewer(request.user)
    form = FilterForm(request.GET or None, county=county)
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    choice = access.scope_for(
        actor,
        county,
        unit_id=data["unit"].pk if data.get("unit") else None,
        service_area_id=data["service_area"].pk if data.get("service_area") else None,
        municipality_id=data["municipality"].pk if data.get("municipality") else None,
        explicit=form.explicit,
    )
    today = timezone.localdate()
    period = form.period(today) if request.GET and valid else selectors.quarter_of(today)
    quarters = selectors.last_quarters(today=min(period.end, today), count=8)
    catalogue = selectors.indicator_catalogue(county_id=county.pk)
    if codes is not None:
        catalogue = [d for d in catalogue if d.code in codes]
    wanted = [d.code for d in catalogue]
    periods = [*quarters] if period in quarters else [period, *quarters]
    series = selectors.indicator_series(
        scope=choice.scope, periods=periods, codes=wanted, today=today
    )
    offset = 0 if period in quarters else 1
    targets = _targets(county.pk)
    rows = []
    for d in catalogue:
        values = series[d.code]
        value = values[quarters.index(period)] if period in quarters else values[0]
        target = targets.get(d.code)
        rows.append(
            Row(
                d=d,
                value=value,
                display=selectors.format_value(value, d.unit),
                trend=[
                    (q, v, selectors.format_value(v, d.unit))
                    for q, v in zip(quarters, values[offset:], strict=True)
                ],
                target=target,
                target_display=(
                    selectors.format_value(IndicatorValue(d.code, target.target), d.unit)
                    if target is not None
                    else ""
                ),
                records_url=reverse(d.records_url)
                if access.can_see_records(actor, d.records_url)
                else "",
            )
        )
    return Figures(actor, county, form, choice, period, quarters, rows)


def _with_chart(row: Row) -> Row:
    row.chart = trend_chart(
        [(q.label, v.value, text) for q, v, text in row.trend],
        target=row.target.target if row.target is not None else None,
        target_display=row.target_display,
        percent=row.d.unit == "%",
    )
    row.chart_id = f"trend-{row.d.code}"
    return row


def _scope_label(choice: access.ScopeChoice, county: Any) -> str:
    parts = [str(county.name)]
    if choice.service_area:
        parts.append(str(choice.service_area.name))
    if choice.unit:
        parts.append(str(choice.unit.name))
    if choice.municipality:
        parts.append(str(choice.municipality.name))
    return " / ".join(parts)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = _figures(request)
    groups = {p: Group(p, perspective_name(p)) for p in Perspective}
    for row in figures.rows:
        groups[row.d.perspective].rows.append(_with_chart(row))
    return render(
        request,
        "indicators/dashboard.html",
        {
            "figures": figures,
            "form": figures.form,
            "groups": [g for g in groups.values() if g.rows],
            "scope_label": _scope_label(figures.choice, figures.county),
            "query": request.GET.urlencode(),
            "can_manage": access.can_manage_indicators(figures.actor),
        },
    )


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    _actor, county = access.require_viewer(request.user)
    if selectors.indicator_def(code=code, county_id=county.pk) is None:
        raise Http404
    figures = _figures(request, codes=[code])
    row = _with_chart(figures.rows[0])
    return render(
        request,
        "indicators/detail.html",
        {
            "figures": figures,
            "form": figures.form,
            "row": row,
            "perspective": perspective_name(row.d.perspective),
            "unit": selectors.unit_label(row.d.unit),
            "scope_label": _scope_label(figures.choice, figures.county),
            "query": request.GET.urlencode(),
        },
    )


def _export_rows(figures: Figures) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Code"),
        _("Indicator"),
        _("Perspective"),
        _("Unit"),
        _("Period"),
        _("Value"),
        _("Numerator"),
        _("Denominator"),
        _("Hidden (fewer than 5 persons)"),
        _("Target"),
        _("Target year"),
    ]
    rows = []
    for row in figures.rows:
        for period, value in [(figures.period, row.value)] + [
            (q, v) for q, v, _t in row.trend if q != figures.period
        ]:
            rows.append(
                [
                    row.d.code,
                    str(row.d.name),
                    perspective_name(row.d.perspective),
                    row.d.unit,
                    period.label,
                    value.value,
                    value.numerator,
                    value.denominator,
                    _("yes") if value.suppressed else "",
                    row.target.target if row.target is not None else None,
                    row.target.target_year if row.target is not None else None,
                ]
            )
    return header, rows


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    figures = _figures(request)
    header, rows = _export_rows(figures)
    record_event(
        action="export",
        object_type="indicators.indicator",
        request=request,
        summary=f"indicators exported as {fmt}",
    )
    name = f"indicators-{figures.period.label.replace(' ', '-')}"
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", _("Indicators"), header, rows)
    return csv_response(f"{name}.csv", header, rows)


# --- manual indicators ------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _actor, county = access.require_manager_of_indicators(request.user)
    indicators = ManualIndicator.objects.filter(county=county).order_by("perspective", "code")
    return render(
        request,
        "indicators/manage.html",
        {"indicators": indicators, "perspective_name": perspective_name},
    )


def _manual_for(request: HttpRequest, indicator_id: int) -> ManualIndicator:
    actor, county = access.require_manager_of_indicators(request.user)
    indicator = get_object_or_404(ManualIndicator, pk=indicator_id)
    access.require_same_county(actor, indicator.county_id)
    if indicator.county_id != county.pk:
        raise Http404
    return indicator


@login_required
@require_http_methods(["GET", "POST"])
def manual_create(request: HttpRequest) -> HttpResponse:
    _actor, county = access.require_manager_of_indicators(request.user)
    form = ManualIndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.save_manual_indicator(
                county=county, data=form.indicator_data(), actor=request.user, request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect("indicators:manual", indicator_id=indicator.pk)
    return render(request, "indicators/manual_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def manual_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = _manual_for(request, indicator_id)
    form = ManualIndicatorForm(
        request.POST or None, instance=ManualIndicator.objects.get(pk=indicator.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_manual_indicator(
                county=indicator.county,
                data=form.indicator_data(),
                actor=request.user,
                request=request,
                indicator=indicator,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect("indicators:manual", indicator_id=indicator.pk)
    return render(request, "indicators/manual_form.html", {"form": form, "indicator": indicator})


@login_required
@require_http_methods(["GET", "POST"])
def manual_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """The indicator's values, and the form to enter one."""
    indicator = _manual_for(request, indicator_id)
    form = ManualValueForm(request.POST or None, county=indicator.county)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_manual_value(
                indicator=indicator,
                period=form.period(),
                value=data["value"],
                unit=data.get("unit"),
                persons=data.get("persons"),
                source_note=data.get("source_note", ""),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The value has been saved."))
            return redirect("indicators:manual", indicator_id=indicator.pk)
    values = indicator.values.select_related("unit").order_by("-period_start", "unit__path")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "indicators/manual_detail.html",
        {
            "indicator": indicator,
            "form": form,
            "values": values,
            "perspective": perspective_name(Perspective(indicator.perspective)),
        },
        status=status,
    )


@login_required
@require_POST
def value_delete(request: HttpRequest, value_id: int) -> HttpResponse:
    value = get_object_or_404(ManualValue.objects.select_related("indicator"), pk=value_id)
    indicator = _manual_for(request, value.indicator_id)
    services.delete_manual_value(value=value, actor=request.user, request=request)
    messages.success(request, _("The value has been deleted."))
    return redirect("indicators:manual", indicator_id=indicator.pk)


@login_required
@require_http_methods(["GET", "POST"])
def manual_import(request: HttpRequest) -> HttpResponse:
    _actor, county = access.require_manager_of_indicators(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[services.ImportProblem] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.import_manual_values(
                county=county, text=form.cleaned_data["file"], actor=request.user, request=request
            )
        except services.ManualImportError as exc:
            problems = exc.problems
        else:
            messages.success(request, _("%(count)s values were imported.") % {"count": count})
            return redirect("indicators:manage")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "indicators/manual_import.html",
        {"form": form, "problems": problems},
        status=status,
    )
