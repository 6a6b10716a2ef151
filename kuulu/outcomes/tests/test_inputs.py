"""The adapters of the source apps, and the registry: what each kind shows publicly, who is
told, and that a new kind plugs in without changing the outcomes app."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from kuulu.channels.models import ConsentRecord
from kuulu.channels.tests.factories import make_member
from kuulu.deliberation import services
from kuulu.deliberation.tests.factories import make_conversation
from kuulu.organisation.access import actor_for
from kuulu.organisation.tests.factories import make_person
from kuulu.outcomes import inputs, links, notifications, selectors
from kuulu.outcomes.models import Outcome, OutcomeInput
from kuulu.outcomes.tests.factories import link, make_outcome, make_statement
from kuulu.panels.models import Panel, Volunteer
from kuulu.panels.tests.factories import make_panel, make_volunteer

pytestmark = pytest.mark.django_db


def test_every_source_kind_is_registered_and_complaints_are_not():
    assert [kind for kind, _name in inputs.kind_choices()] == [
        "budgeting_plan",
        "budgeting_proposal",
        "codevelopment_experiment",
        "codevelopment_practice",
        "council_statement",
        "eratauko_dialogue",
        "feedback",
        "feedback_theme",
        "feedback_topic",
        "impact_assessment",
        "initiative",
        "leadership_question",
        "method_use",
        "panel_statement",
        "polis_report",
        "survey",
        "survey_instrument",
        "survey_question",
    ]


def test_panel_members_are_told_and_a_panel_in_planning_is_never_public(org):
    panel = make_panel(
        org.county, status=Panel.Status.STATEMENT, statement_fi="Lausunto 040 1234567"
    )
    member = make_volunteer(panel, 1)
    make_volunteer(panel, 2)  # not selected
    member.selected = True
    member.language = "sv"
    member.email_confirmed_at = timezone.now()
    member.save(update_fields=["selected", "language", "email_confirmed_at"])
    adapter = inputs.adapter("panel_statement")

    assert adapter.contributors(panel) == [inputs.Contact("v1@example.test", "sv")]
    assert "040 1234567" not in adapter.public_summary(panel)
    planning = make_panel(org.county, status=Panel.Status.PLANNING)
    assert adapter.public_summary(planning) is None
    assert adapter.can_view(org.coordinator, panel) is True
    assert adapter.can_view(org.manager, panel) is False


def test_panel_members_are_told_only_at_an_address_known_to_be_theirs(org):
    panel = make_panel(org.county, status=Panel.Status.STATEMENT)
    confirmed = make_volunteer(panel, 1)
    make_volunteer(panel, 2)  # an address typed in and never confirmed: anyone's
    without_address = make_volunteer(panel, 3)
    typed_in_signed_in = make_volunteer(panel, 4)
    panel.volunteers.update(selected=True)
    Volunteer.objects.filter(pk=confirmed.pk).update(email_confirmed_at=timezone.now())
    # Registered signed in: the account's own address is theirs, whatever they typed.
    Volunteer.objects.filter(pk=without_address.pk).update(email="", user=org.resident)
    Volunteer.objects.filter(pk=typed_in_signed_in.pk).update(user=org.staff)
    outcome = make_outcome(org.county)
    link(outcome, "panel_statement", panel)
    Outcome.objects.filter(pk=outcome.pk).update(is_published=True)

    contacts = inputs.adapter("panel_statement").contributors(panel)

    assert contacts == [
        inputs.Contact("v1@example.test", "fi"),
        inputs.Contact(org.resident.email, "fi"),
        inputs.Contact(org.staff.email, "fi"),
    ]
    assert [r.email for r in notifications.recipients_for(outcome)] == [
        "v1@example.test",
        org.resident.email,
        org.staff.email,
    ]


def test_council_members_of_the_statement_day_are_told_unless_they_withdrew(org):
    statement = make_statement(org.county, date(2026, 2, 1))
    council = statement.request.channel
    stays = make_member(council, make_person(org.county, with_user=False, email="a@example.test"))
    left = make_member(council, make_person(org.county, with_user=False, email="b@example.test"))
    make_member(
        council,
        make_person(org.county, with_user=False, email="later@example.test"),
        term_start=date(2026, 3, 1),
    )
    ConsentRecord.objects.create(
        person=left.person,
        channel=council,
        text="x",
        given_at=timezone.now(),
        withdrawn_at=timezone.now(),
    )
    adapter = inputs.adapter("council_statement")

    assert [c.email for c in adapter.contributors(statement)] == [stays.person.email]
    assert adapter.can_view(org.coordinator, statement) is True
    assert adapter.can_view(org.manager, statement) is False
    council.is_published = False
    assert adapter.public_summary(statement) is None


def test_a_conversation_report_is_public_only_as_counts_and_only_when_published(
    org, django_assert_num_queries
):
    """Found in review: the figures were the numbering counters, which count rejected and
    waiting statements too (here 5 statements where 3 are shown)."""
    conversation = make_conversation(org.county, topic_fi="Lähipalvelut", topic_en="")
    writers = [
        services.participant_for(conversation=conversation, browser_key=uuid.uuid4())
        for _ in range(2)
    ]
    waiting = services.submit_statement(
        conversation=conversation, participant=writers[0], text="Odottaa tarkistusta"
    )
    rejected = services.submit_statement(
        conversation=conversation, participant=writers[1], text="Puhelinnumeroni 040 123 4567"
    )
    services.moderate_statement(statement=rejected, status="rejected")
    other = make_conversation(org.county, topic_fi="Toinen")
    adapter = inputs.adapter("polis_report")

    # Resolved as the outcome pages resolve their inputs: in bulk, counts in the same query.
    with django_assert_num_queries(1):
        found = adapter.resolve([str(conversation.pk), str(other.pk)])
    conversation = found[str(conversation.pk)]
    with translation.override("en"), django_assert_num_queries(0):
        summary = adapter.public_summary(conversation)
    assert waiting.status == "pending"
    assert summary == "Conversation “Lähipalvelut”: 2 participants, 3 statements"
    conversation.is_published = False
    assert adapter.public_summary(conversation) is None
    assert adapter.can_view(org.staff, conversation) is False  # unpublished, not a moderator
    assert adapter.can_view(org.coordinator, conversation) is True


def test_search_offers_only_inputs_the_user_may_see(org):
    from kuulu.feedback.tests.factories import make_feedback

    mine = make_feedback(org.county, org.unit_a, text="Etsittävä A")
    make_feedback(org.county, org.unit_b, text="Etsittävä B")
    adapter = inputs.adapter("feedback")

    manager = adapter.search(org.manager, org.county.pk, "Etsittävä")
    coordinator = adapter.search(org.coordinator, org.county.pk, "Etsittävä")
    resident = adapter.search(org.resident, org.county.pk, "Etsittävä")

    assert [c.key for c in manager] == [str(mine.pk)]
    assert len(coordinator) == 2
    assert resident == []


def test_a_survey_counts_as_traced_when_one_of_its_questions_is_linked(org):
    from kuulu.surveys.tests.factories import add_question, make_survey

    survey = make_survey(org.county, owner=org.coordinator)
    question = add_question(survey, kind="short_text", key="q1")
    survey.closes_at = datetime(2026, 3, 15, 12, tzinfo=ZoneInfo("Europe/Helsinki"))
    survey.save(update_fields=["closes_at"])
    make_survey(org.county, closes_at=datetime(2026, 3, 20, 12, tzinfo=ZoneInfo("UTC")))
    outcome = make_outcome(org.county)
    link(outcome, "survey_question", question)

    share = selectors.traced_input_share(
        county_id=org.county.pk, start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    trail = selectors.outcomes_for_input(kind="survey", obj=survey, published_only=False)

    assert share == (1, 2)
    assert [o.pk for o in trail] == [outcome.pk]


def test_every_counted_kind_is_part_of_the_fingerprint_of_the_traced_share(org):
    """The traced share's indicator figures are cached under these fingerprints: a counted
    kind left out would keep a stale figure (a new question counted, the share unchanged)."""
    county = org.county.pk
    counted = [a.kind for a in inputs.adapters() if a.counts_inputs()]
    before = dict(selectors.inputs_fingerprint(county_id=county))
    make_statement(org.county, date(2026, 2, 1))
    after = dict(selectors.inputs_fingerprint(county_id=county))

    assert {"budgeting_proposal", "leadership_question", "method_use"} <= set(counted)
    assert all(before[kind] for kind in counted)
    assert [kind for kind in before if before[kind] != after[kind]] == ["council_statement"]


class _Idea:
    """A stand-in for a later module's input."""

    def __init__(self, pk: int, county_id: int) -> None:
        self.pk = pk
        self.county_id = county_id


@pytest.fixture
def later_module(org):  # type: ignore[no-untyped-def]
    """A kind registered the way a later module's outcome_inputs.py would register it."""

    @inputs.register
    class IdeaAdapter(inputs.InputAdapter):
        kind = "test_idea"
        verbose_name = "Idea"

        def resolve(self, keys):  # type: ignore[no-untyped-def]
            return {k: _Idea(int(k), org.county.pk) for k in keys if k in ("1", "2")}

        def can_view(self, user, obj):  # type: ignore[no-untyped-def]
            return actor_for(user).is_coordinator

        def public_summary(self, obj):  # type: ignore[no-untyped-def]
            return f"Idea {obj.pk}"

        def contributors(self, obj):  # type: ignore[no-untyped-def]
            return [inputs.Contact(f"idea{obj.pk}@example.test", "en")]

    yield IdeaAdapter
    inputs._adapters.pop("test_idea", None)


def test_a_new_module_plugs_in_through_the_registry(org, later_module):
    outcome = make_outcome(org.county)

    links.link_input(outcome=outcome, kind="test_idea", key="1", user=org.coordinator)
    Outcome.objects.filter(pk=outcome.pk).update(is_published=True)
    OutcomeInput.objects.create(outcome=outcome, kind="test_idea", object_id="3", label="gone")

    public = selectors.public_inputs(outcome)
    assert [(r.public_text, r.removed) for r in public.rows] == [("Idea 1", False), (None, True)]
    assert [r.email for r in notifications.recipients_for(outcome)] == ["idea1@example.test"]
