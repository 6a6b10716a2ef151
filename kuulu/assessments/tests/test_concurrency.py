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


def test_the_start_form_sent_twice_at_once_starts_one_assessment(postgres, org):
    import re

    from conftest import client_for
    from kuulu.assessments.models import Assessment

    first, second = client_for(org.staff), client_for(org.staff)
    page = first.get("/en/assessments/manage/new/").content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    template = AssessmentTemplate.objects.get(county=org.county, kind="children")
    data = {"template": template.pk, "title": "Koulukyydit", "submission_key": key}

    outcomes = race(
        lambda: first.post("/en/assessments/manage/new/", data),
        lambda: second.post("/en/assessments/manage/new/", data),
    )

    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    assessment = Assessment.objects.get(title="Koulukyydit")
    expected = f"/en/assessments/manage/{assessment.pk}/"
    assert [response["Location"] for _, response in outcomes] == [expected, expected]
