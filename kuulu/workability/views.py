"""Work-ability pages: the starting units, a unit subtree's figures with goals and the staff
pulse, goals, the HR import and HR partners. Every view of figures is audit-logged."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kuulu.core.audit import record_event
from kuulu.core.numbers import id_from
from kuulu.organisation.models import Unit
from kuulu.workability import access, hrfile, selectors, services
from kuulu.workability.charts import line_chart
from kuulu.workability.figures import meets_goal
from kuulu.workability.forms import GOAL_FIGURES, GoalsForm, HrPartnerForm, ImportForm, TrendForm
from kuulu.workability.models import Figure, FigureImport, HrPartner


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = access.require_module(request.user)
    units = access.top_units_for(actor)
    return render(
        request,
        "workability/index.html",
        {
            "units": units,
            "can_import": access.can_import(actor),
            "can_grant": access.can_grant_hr(actor),
        },
    )


def _display(figure: str, value: Decimal | None) -> str:
    if value is None:
        return "\u2013"
    text = f"{value:.1f}" if figure in ("sickness_absence", "turnover") else f"{value:.0f}"
    return text.replace(".", ",") if request_lang_uses_comma() else text


def request_lang_uses_comma() -> bool:
    from kuulu.core.i18n import active_language

    return active_language() in ("fi", "sv")


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit, actor = access.access_unit_for_viewer(request.user, unit_id)
    form = TrendForm(request.GET or None, initial={"figure": Figure.SICKNESS_ABSENCE, "months": 24})
    figure, months = Figure.SICKNESS_ABSENCE.value, 24
    if form.is_valid():
        figure = form.cleaned_data["figure"] or figure
        months = form.cleaned_data["months"] or months
    trend = selectors.trend_for(unit, months=months)
    whole_county = access.sees_whole_county(actor)
    label = Figure(figure).label
    record_event(
        action="view",
        obj=unit,
        actor=request.user,
        request=request,
        summary="work-ability figures viewed",
    )
    summary = []
    children = []
    chart = None
    table = []
    if trend.latest is not None:
        year = trend.latest.month.year
        for f in Figure:
            value = trend.latest.values.get(f.value)
            goal = trend.goals.get((f.value, year))
            summary.append(
                {
                    "figure": f,
                    "value": _display(f.value, value),
                    "goal": _display(f.value, goal) if goal is not None else "",
                    "meets": meets_goal(f.value, value, goal),
                }
            )
        goals_by_year = {y: g for (f, y), g in trend.goals.items() if f == figure}
        values = [p.values.get(figure) for p in trend.points]
        chart = line_chart(trend.months, values, goals_by_year)
        for point in trend.points:
            goal = goals_by_year.get(point.month.year)
            table.append(
                {
                    "month": point.month,
                    "suppressed": point.suppressed,
                    "protecting": point.month in trend.protecting,
                    "incomplete": point.incomplete,
                    "not_counted": point.not_counted,
                    "value": _display(figure, point.values.get(figure)),
                    "goal": _display(figure, goal) if goal is not None else "",
                }
            )
        rows = selectors.children_at(unit, trend.latest.month, unit_hidden=trend.latest.suppressed)
        for row in rows:
            goal = row.goals.get((figure, year))
            children.append(
                {
                    "unit": row.unit,
                    "suppressed": row.suppressed or row.point.suppressed,
                    "incomplete": row.point.incomplete,
                    "value": _display(figure, row.point.values.get(figure)),
                    "goal": _display(figure, goal) if goal is not None else "",
                    "can_open": row.unit is not None
                    and access.can_view_unit(actor, row.unit, whole_county=whole_county),
                }
            )
    ancestors = [
        u
        for u in Unit.objects.filter(
            pk__in=[int(p) for p in unit.path.split("/") if p and int(p) != unit.pk]
        ).order_by("depth")
        if access.can_view_unit(actor, u, whole_county=whole_county)
    ]
    if not any(row["unit"] is not None for row in children):
        children = []  # a unit with no units below: its own figures are the page itself
    return render(
        request,
        "workability/unit.html",
        {
            "unit": unit,
            "form": form,
            "figure": figure,
            "figure_label": label,
            "months": months,
            "trend": trend,
            "summary": summary,
            "chart": chart,
            "table": table,
            "children": children,
            "ancestors": ancestors,
            "pulse": selectors.latest_pulse(unit),
            "can_set_goals": access.can_set_goals(actor, unit),
            "min_persons": selectors.min_persons(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_goals(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit, _actor = access.access_unit_for_goals(request.user, unit_id)
    year = request.GET.get("year") or request.POST.get("year")
    latest = selectors.latest_month(unit)
    asked = id_from(year, max_digits=4)
    default_year = asked or (latest.year if latest else timezone.now().year)
    existing = selectors.goals_for(unit)
    initial = {"year": default_year} | {
        f.value: existing.get((f.value, default_year)) for f in GOAL_FIGURES
    }
    form = GoalsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            for f in GOAL_FIGURES:
                services.set_goal(
                    unit=unit,
                    figure=f.value,
                    year=form.cleaned_data["year"],
                    value=form.cleaned_data[f.value],
                    actor=request.user,
                    request=request,
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The goals were saved."))
            return redirect("workability:unit", unit_id=unit.pk)
    if request.method == "GET":
        record_event(
            action="view",
            obj=unit,
            actor=request.user,
            request=request,
            summary="unit goals viewed",
        )
    status = 422 if request.method == "POST" else 200
    return render(request, "workability/goals.html", {"unit": unit, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_figures(request: HttpRequest) -> HttpResponse:
    county, _actor = access.access_county_for_import(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[hrfile.Problem] = []
    if request.method == "POST" and form.is_valid():
        try:
            record = services.import_figures(
                county=county,
                data=form.cleaned_data["file"],
                file_name=request.FILES["file"].name,
                replace=form.cleaned_data["replace"],
                actor=request.user,
                request=request,
            )
        except hrfile.FileProblems as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("%(created)s unit-months were imported and %(replaced)s replaced.")
                % {"created": record.created, "replaced": record.replaced},
            )
            return redirect("workability:import")
    status = 422 if request.method == "POST" else 200
    imports = FigureImport.objects.filter(county=county)[:10]
    return render(
        request,
        "workability/import.html",
        {"form": form, "problems": problems, "imports": imports},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def hr_partners(request: HttpRequest) -> HttpResponse:
    county, _actor = access.access_county_for_hr_grants(request.user)
    form = HrPartnerForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_hr_partner(
                person=form.cleaned_data["person"], actor=request.user, request=request
            )
        except ValidationError as exc:
            form.add_error("person", exc)
        else:
            messages.success(request, _("The HR partner was added."))
            return redirect("workability:hr_partners")
    partners = HrPartner.objects.filter(person__county=county).select_related("person__unit")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "workability/hr_partners.html",
        {"form": form, "partners": partners},
        status=status,
    )


@login_required
@require_POST
def hr_partner_remove(request: HttpRequest, partner_id: int) -> HttpResponse:
    county, _actor = access.access_county_for_hr_grants(request.user)
    partner = get_object_or_404(HrPartner, pk=partner_id, person__county=county)
    services.revoke_hr_partner(partner=partner, actor=request.user, request=request)
    messages.success(request, _("The HR partner was removed."))
    return redirect("workability:hr_partners")
