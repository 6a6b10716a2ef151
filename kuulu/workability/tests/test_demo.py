"""The demo data: two years of figures, goals and the pulse, loaded twice without change."""

from __future__ import annotations

from decimal import Decimal

from kuulu.core.models import AuditEvent
from kuulu.workability import selectors
from kuulu.workability.models import HrPartner, MonthlyFigures, UnitGoal


def test_demo_loads_once_and_shows_figures_goals_and_pulse(db):
    from kuulu.organisation.models import Unit
    from kuulu.workspace.demo import load_demo

    load_demo()
    county_units = Unit.objects.filter(code="older-homecare")
    homecare = county_units.get()
    assert MonthlyFigures.objects.filter(unit=homecare).count() == 24
    assert MonthlyFigures.objects.values("month").distinct().count() == 24
    assert UnitGoal.objects.filter(unit=homecare).count() > 0
    assert HrPartner.objects.count() == 1
    trend = selectors.trend_for(homecare.parent, months=24)
    assert not trend.latest.suppressed
    assert trend.latest.values["sickness_absence"] > Decimal(0)
    guidance = Unit.objects.get(code="older-guidance")
    assert selectors.trend_for(guidance, months=12).latest.suppressed
    pulse = selectors.latest_pulse(homecare)
    assert pulse is not None
    assert not pulse.suppressed
    assert pulse.respondents == 17
    assert len(pulse.items) == 7
    assert all(item.mean is not None for item in pulse.items)
    housing = Unit.objects.get(code="older-housing")
    assert selectors.latest_pulse(housing).suppressed
    assert selectors.latest_pulse(homecare.parent).respondents == 22

    from kuulu.workability.demo import load_workability_demo

    rows = MonthlyFigures.objects.count()
    events = AuditEvent.objects.count()
    assert load_workability_demo(homecare.county) == 0
    assert MonthlyFigures.objects.count() == rows
    assert AuditEvent.objects.count() == events
