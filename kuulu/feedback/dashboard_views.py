"""The feedback dashboard and its exports, for coordinators (the county) and managers (their
unit's subtree). Formal complaints are never part of it."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kuulu.core.charts import horizontal_bars
from kuulu.core.forms import KuuluForm
from kuulu.core.spreadsheets import csv_response, xlsx_response
from kuulu.feedback.access import can_view_triage_model
from kuulu.feedback.dashboards import (
    AGE_BUCKETS,
    Dashboard,
    DashboardFilters,
    Figure,
    Score,
    default_period,
    feedback_dashboard,
)
from kuulu.feedback.models import Feedback
from kuulu.organisation.access import Actor, actor_for
from kuulu.organisation.models import Unit
from kuulu.organisation.selectors import default_county

MAX_DAYS = 366 * 5


def dashboard_actor(user: Any) -> tuple[Actor, str | None, int]:
    """Coordinators see the county, managers their unit's subtree; everyone else is refused.
    Returns the actor, the unit path their figures are limited to and the county id."""
    actor = actor_for(user)
    if actor.is_coordinator:
        scope = None
    elif actor.is_manager and actor.unit_path:
        scope = actor.unit_path
    else:
        raise PermissionDenied
    county_id = actor.county_id
    if county_id is None:
        county = default_county()
        if county is None:
            raise Http404
        county_id = county.pk
    return actor, scope, county_id


class DashboardFilterForm(KuuluForm):
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("All units"),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Type"), required=False)
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), required=False)

    def __init__(self, *args: Any, county_id: int, scope: str | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(county_id=county_id, is_active=True)
        if scope:
            units = units.filter(path__startswith=scope)
        self.fields["unit"].queryset = units.order_by("path")
        self.fields["kind"].choices = [("", _("All types")), *Feedback.Kind.choices]
        self.fields["channel"].choices = [("", _("All channels")), *Feedback.Channel.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date must be on or after the start date."))
        elif start or end:
            # A missing date is the one filters() will use (the period ends today; it starts
            # at the default period's start), so one date alone cannot ask for decades either.
            default_start, default_end = default_period()
            if ((end or default_end) - (start or default_start)).days > MAX_DAYS:
                self.add_error(
                    "start" if start else "end", _("Choose a period of at most five years.")
                )
        return data

    def filters(self) -> DashboardFilters:
        default_start, default_end = default_period()
        data = self.cleaned_data if self.is_valid() else {}
        unit = data.get("unit")
        start = data.get("start") or default_start
        end = data.get("end") or default_end
        if start > end:
            start, end = default_start, default_end
        return DashboardFilters(
            start=start,
            end=end,
            unit_path=unit.path if unit else None,
            kind=data.get("kind") or "",
            channel=data.get("channel") or "",
        )


def _dashboard(request: HttpRequest) -> tuple[DashboardFilterForm, Dashboard]:
    """The figures for the actor's scope and filters. They come from the roll-up (well under
    500 ms over a million feedback rows, docs/PERFORMANCE.md) and are also kept in the cache for
    settings.FEEDBACK_DASHBOARD_CACHE_SECONDS: a dashboard a few minutes old is as useful. The
    key holds the scope, so no one sees figures outside their own."""
    _actor, scope, county_id = dashboard_actor(request.user)
    form = DashboardFilterForm(request.GET or None, county_id=county_id, scope=scope)
    filters = form.filters()
    today = timezone.localdate()
    seconds = settings.FEEDBACK_DASHBOARD_CACHE_SECONDS
    key = (
        "feedback-dashboard:"
        + hashlib.sha256(
            repr((county_id, scope, filters, today, get_language())).encode()
        ).hexdigest()
    )
    data = cache.get(key) if seconds else None
    if data is None:
        data = feedback_dashboard(county_id, scope_path=scope, filters=filters, today=today)
        if seconds:
            cache.set(key, data, seconds)
    return form, data


def _chart_value(f: Figure) -> float:
    return 0 if f.hidden else f.value


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, data = _dashboard(request)
    kind_labels = dict(data.kinds)
    return render(
        request,
        "feedback/dashboard.html",
        {
            "form": form,
            "data": data,
            "query": request.GET.urlencode(),
            "triage_link": can_view_triage_model(request.user),
            "kind_labels": [kind_labels[k] for k, _ in data.kinds],
            "age_labels": [label for label, _low, _high in AGE_BUCKETS],
            "month_chart": horizontal_bars(
                [(_month(m.month), _chart_value(m.total)) for m in data.months]
            ),
            "unit_chart": horizontal_bars(
                [(r.label or _("No unit"), _chart_value(r.total)) for r in data.by_unit[:10]]
            ),
            "theme_chart": horizontal_bars(
                [(r.label or _("No theme"), _chart_value(r.total)) for r in data.by_theme[:10]]
            ),
            "channel_chart": horizontal_bars(
                [(r.label, _chart_value(r.total)) for r in data.by_channel]
            ),
        },
    )


def _month(day: date) -> str:
    return f"{day.month}/{day.year}"


def _shown(f: Figure | None) -> Any:
    """A count as exported: a hidden small count says "fewer than N"; one hidden only so that
    a small one cannot be worked out from the row's total is not small and says "hidden"."""
    if f is None:
        return ""
    if not f.hidden:
        return f.value
    minimum = _minimum()
    return _("fewer than %(n)s") % {"n": minimum} if f.value < minimum else _("hidden")


def _minimum() -> int:
    from kuulu.feedback.dashboards import min_group_size

    return min_group_size()


def _nps(score: Score | None) -> Any:
    if score is None or not score.scored:
        return ""
    if score.hidden:
        return _("fewer than %(n)s scores") % {"n": score.minimum}
    return "" if score.value is None else score.value


def _export_rows(data: Dashboard) -> list[list[Any]]:
    rows: list[list[Any]] = [
        [_("Total"), _("All feedback"), _shown(data.total), _nps(data.score)],
    ]
    kind_labels = dict(data.kinds)
    for month in data.months:
        rows.append([_("Month"), _month(month.month), _shown(month.total), _nps(month.score)])
        for key, f in month.by_kind.items():
            rows.append(
                [_("Month and type"), f"{_month(month.month)} {kind_labels[key]}", _shown(f), ""]
            )
    for row in data.by_unit:
        rows.append([_("Unit"), row.label or _("No unit"), _shown(row.total), _nps(row.score)])
    for row in data.by_theme:
        rows.append([_("Theme"), row.label or _("No theme"), _shown(row.total), ""])
    for row in data.by_channel:
        rows.append([_("Channel"), row.label, _shown(row.total), ""])
    response = data.response
    rows.append([_("Response time"), _("Answered"), _shown(response.answered), ""])
    rows.append([_("Response time"), _("Answered by the due date"), _shown(response.on_time), ""])
    rows.append(
        [
            _("Response time"),
            _("Share answered by the due date (%)"),
            "" if response.share_on_time is None else response.share_on_time,
            "",
        ]
    )
    rows.append(
        [
            _("Response time"),
            _("Median days to answer"),
            "" if response.median_days is None else response.median_days,
            "",
        ]
    )
    for backlog in data.backlog:
        rows.append([_("Open backlog"), backlog.status, _shown(backlog.total), ""])
        rows.append(
            [_("Open backlog"), f"{backlog.status}: {_('overdue')}", _shown(backlog.overdue), ""]
        )
        for label, f in backlog.by_age.items():
            rows.append(
                [_("Open backlog"), f"{backlog.status}: {label} {_('days')}", _shown(f), ""]
            )
    return rows


def _export_header() -> list[str]:
    return [_("Section"), _("Group"), _("Feedback"), _("Recommendation score (NPS)")]


@login_required
@require_GET
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, data = _dashboard(request)
    name = f"feedback-{data.filters.start.isoformat()}-{data.filters.end.isoformat()}"
    rows = _export_rows(data)
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", _("Feedback"), _export_header(), rows)
    return csv_response(f"{name}.csv", _export_header(), rows)
