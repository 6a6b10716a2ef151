from __future__ import annotations

from kuulu.indicators.demo import load_indicators_demo
from kuulu.indicators.models import ManualIndicator, ManualValue


def test_the_demo_creates_two_manual_indicators_with_values_once(org):
    first = load_indicators_demo(org.county)
    second = load_indicators_demo(org.county)

    assert (first, second) == (11, 0)
    assert ManualIndicator.objects.filter(county=org.county).count() == 2
    assert ManualValue.objects.count() == 9
