"""The shipped templates created by two first visits at once on PostgreSQL: once."""

from __future__ import annotations

import pytest

from kuulu.assessments import services
from kuulu.assessments.models import AssessmentTemplate, TemplateStep
from kuulu.core.tests.concurrency import race

pytestmark = pytest.mark.postgres


def test_two_first_visits_at_once_create_each_template_once(postgres, org):
    outcomes = race(
        lambda: services.ensure_templates(county=org.county),
        lambda: services.ensure_templates(county=org.county),
    )
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    created = sorted(value for _, value in outcomes)
    assert created[0] == 0
    kinds = list(
        AssessmentTemplate.objects.filter(county=org.county).values_list("kind", flat=True)
    )
    assert sorted(kinds) == ["advance", "children"]
    assert created[1] == 2 + TemplateStep.objects.count()
