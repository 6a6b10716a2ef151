import pytest

from kuulu.assessments import dialogues, services
from kuulu.assessments.tests.factories import fill_required, make_assessment, make_dialogue
from kuulu.outcomes.inputs import adapter

pytestmark = pytest.mark.django_db


def test_published_assessments_are_impact_trail_inputs(org):
    assessment = make_assessment(org.staff_person, unit=org.team_a1, title="Kyydit")
    kind = adapter("impact_assessment")
    assert kind.resolve([str(assessment.pk)]) == {}  # a draft is not an input
    assert kind.public_summary(assessment) is None
    fill_required(assessment)
    services.complete_assessment(assessment=assessment, summary="x")
    assessment = services.publish_assessment(assessment=assessment)
    assert kind.resolve([str(assessment.pk)]) == {str(assessment.pk): assessment}
    assert kind.public_summary(assessment) == "Children's impact assessment: Kyydit"
    assert kind.county_id(assessment) == org.county.pk
    assert kind.units(assessment) == [org.team_a1]
    assert kind.can_view(org.manager, assessment)
    assert not kind.can_view(org.other_staff, assessment)
    assert [c.key for c in kind.search(org.coordinator, org.county.pk, "kyy")] == [
        str(assessment.pk)
    ]
    assert kind.search(org.resident, org.county.pk, "") == []


def test_published_dialogues_are_impact_trail_inputs(org):
    dialogue = make_dialogue(org.staff_person, theme="Yksinäisyys")
    kind = adapter("eratauko_dialogue")
    assert kind.public_summary(dialogue) is None
    dialogues.publish_dialogue(dialogue=dialogue, learnt="Opittiin", held_count=8)
    dialogue.refresh_from_db()
    assert kind.public_summary(dialogue) == "Erätauko dialogue: Yksinäisyys"
    assert kind.contributors(dialogue) == []
    assert kind.can_view(org.staff, dialogue)
    assert not kind.can_view(org.resident, dialogue)


def _published(owner, title):  # type: ignore[no-untyped-def]
    assessment = make_assessment(owner, title=title)
    fill_required(assessment)
    services.complete_assessment(assessment=assessment, summary="x")
    return services.publish_assessment(assessment=assessment)


def test_the_search_offers_what_the_user_works_on_in_two_queries(
    org, django_assert_max_num_queries
):
    others = [_published(org.other_staff_person, f"Muu {n}") for n in range(6)]
    mine = _published(org.staff_person, "Oma")
    kind = adapter("impact_assessment")
    with django_assert_max_num_queries(2):  # the user's roles, then the rows
        offered = kind.search(org.staff, org.county.pk, "", limit=3)
    # Six newer matches the user does not work on no longer crowd out their own.
    assert [c.key for c in offered] == [str(mine.pk)]
    assert {c.key for c in kind.search(org.coordinator, org.county.pk, "", limit=10)} == {
        str(a.pk) for a in [*others, mine]
    }
