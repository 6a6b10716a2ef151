import pytest

from kuulu.assessments.demo import ASSESSMENT_TITLE, DIALOGUE_THEME, load_assessments_demo
from kuulu.assessments.models import Assessment, AssessmentTemplate, Dialogue
from kuulu.organisation.tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_demo_has_templates_a_published_assessment_and_a_published_dialogue(org):
    make_person(org.county, kind="staff", unit=org.unit_b, email="perhekeskus@kuulu.example")
    make_person(org.county, kind="staff", unit=org.unit_b, email="sosiaalityontekija@kuulu.example")
    make_person(
        org.county,
        kind="staff",
        unit=org.area_a,
        is_coordinator=True,
        email="koordinaattori@kuulu.example",
    )
    created = load_assessments_demo(org.county)
    assert created == 11 + (1 + 5) + (1 + 2 + 5)
    assert load_assessments_demo(org.county) == 0  # idempotent
    assert AssessmentTemplate.objects.filter(county=org.county).count() == 2
    assessment = Assessment.objects.get(title=ASSESSMENT_TITLE)
    assert assessment.status == "complete"
    assert assessment.is_published
    assert assessment.collaborators.count() == 1
    assert assessment.template.kind == "children"
    dialogue = Dialogue.objects.get(theme=DIALOGUE_THEME)
    assert dialogue.is_published
    assert dialogue.notes.count() == 5
    assert dialogue.notes.filter(masked_kinds=["phone"]).count() == 1
    assert "040 123 4567" not in " ".join(dialogue.notes.values_list("public_text", flat=True))
