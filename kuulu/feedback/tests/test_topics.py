"""Emerging topics, the Django side: computing and storing, the staff view with its role
matrix, masked examples limited to what the user handles, audit, and linking to an outcome."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kuulu.core.models import AuditEvent
from kuulu.feedback.models import Feedback
from kuulu.feedback.outcome_inputs import TopicAdapter
from kuulu.feedback.tasks import compute_emerging_topics
from kuulu.feedback.tests.factories import make_feedback
from kuulu.feedback.topics.models import Topic, TopicSnapshot
from kuulu.feedback.topics.services import compute_topics
from kuulu.organisation.tests.factories import make_county
from kuulu.outcomes.models import Outcome, OutcomeInput
from kuulu.outcomes.tests.factories import make_outcome

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 20)
FEEDBACK_HANDLERS = {"manager", "coordinator", "admin"}

PARKING = [
    ("fi", "Pysäköintipaikkoja ei ole tarpeeksi, soita 040 123 4567 Salla Asiakas."),
    ("fi", "Parkkipaikka oli taas täynnä, jouduin pysäköimään kauas."),
    ("sv", "Parkeringen vid hälsocentralen är alltid full."),
    ("en", "There is never any parking at the health centre."),
]
CALLBACK = [
    ("fi", "Puhelinjono oli tunnin mittainen, takaisinsoittoa ei tullut."),
    ("fi", "Takaisinsoittopyyntö ei toiminut ja jonotin puhelimessa pitkään."),
    ("sv", "Telefonkön var över en timme och ingen återuppringning."),
    ("en", "I was on hold for an hour and nobody called back."),
]


def _expect(role: str, allowed: set[str]) -> int:
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else 403


def _received(feedback: Feedback, days_ago: int) -> None:
    at = timezone.make_aware(datetime.combine(TODAY - timedelta(days=days_ago), time(12)))
    Feedback.objects.filter(pk=feedback.pk).update(received_at=at)


@pytest.fixture
def topics(org):
    """Parking feedback of unit_a (one secret, one naming its writer), call-back feedback of
    unit_b; all in the last month. Returns {concept: Topic}."""
    items = []
    for i, (lang, text) in enumerate(PARKING):
        items.append(
            make_feedback(
                org.county,
                org.unit_a,
                text=text,
                language=lang,
                contact_name="Salla Asiakas" if i == 0 else "",
            )
        )
    secret = make_feedback(
        org.county, org.unit_a, text="Pysäköintialue on täynnä, salainen asia.", language="fi"
    )
    Feedback.objects.filter(pk=secret.pk).update(secrecy="secret")
    items.append(secret)
    for lang, text in CALLBACK:
        items.append(make_feedback(org.county, org.unit_b, text=text, language=lang))
    for n, feedback in enumerate(items):
        _received(feedback, 2 + n)
    compute_topics(org.county.pk, today=TODAY)
    found = {t.concepts[0]: t for t in Topic.objects.all() if t.concepts}
    assert set(found) == {"parking", "phone_queue"}
    found["secret_text"] = secret.text
    return found


def test_compute_stores_a_snapshot_with_new_topics(org, topics):
    snapshot = TopicSnapshot.objects.get()
    assert snapshot.feedback_count == 9
    assert (snapshot.window_end, snapshot.window_start) == (TODAY, TODAY - timedelta(days=89))
    parking = topics["parking"]
    assert parking.size == 5
    assert (parking.size_now, parking.size_previous) == (5, 0)
    assert parking.is_new
    assert parking.languages == {"fi": 3, "sv": 1, "en": 1}
    assert parking.snapshot == snapshot
    assert topics["phone_queue"].size == 4


def test_feedback_outside_the_window_and_anonymised_feedback_are_left_out(org, topics):
    old = make_feedback(org.county, org.unit_a, text="Pysäköinti on hankalaa.", language="fi")
    _received(old, 95)
    Feedback.objects.filter(pk=topics["parking"].member_ids[0]).update(anonymised_at=timezone.now())
    compute_topics(org.county.pk, today=TODAY)
    snapshot = TopicSnapshot.objects.first()
    assert snapshot.feedback_count == 8
    parking = snapshot.topics.get(key=topics["parking"].key)
    assert old.pk not in parking.member_ids
    assert parking.size == 4


def test_keys_carry_over_so_a_topic_keeps_its_identity(org, topics):
    compute_topics(org.county.pk, today=TODAY + timedelta(days=1))
    newest = TopicSnapshot.objects.first()
    assert TopicSnapshot.objects.count() == 2
    assert set(newest.topics.values_list("key", flat=True)) == {
        topics["parking"].key,
        topics["phone_queue"].key,
    }


def test_growing_against_the_previous_period(org):
    earlier = ["Pysäköintipaikkoja on liian vähän aamuisin.", "Parkkipaikkaa ei löytynyt."]
    for text in earlier:
        _received(make_feedback(org.county, org.unit_a, text=text, language="fi"), 40)
    for n, (lang, text) in enumerate(PARKING):
        _received(make_feedback(org.county, org.unit_a, text=text, language=lang), 1 + n)
    compute_topics(org.county.pk, today=TODAY)
    [topic] = Topic.objects.all()
    assert (topic.size_now, topic.size_previous) == (4, 2)
    assert topic.is_growing
    assert not topic.is_new


def test_the_task_computes_topics(org, topics, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    compute_emerging_topics.call(county_id=org.county.pk)
    assert TopicSnapshot.objects.first().topics.count() == 2
    assert TopicSnapshot.objects.count() == 2


def test_role_matrix_for_the_topic_list(clients, topics):
    for role, client in clients.items():
        response = client.get(reverse("feedback:topics"))
        assert response.status_code == _expect(role, FEEDBACK_HANDLERS), role


def test_role_matrix_for_a_topic(clients, topics):
    url = reverse("feedback:topic", args=[topics["parking"].key])
    for role, client in clients.items():
        assert client.get(url).status_code == _expect(role, FEEDBACK_HANDLERS), role


def test_the_list_shows_topics_flags_chart_and_table(clients, topics):
    response = clients["coordinator"].get(reverse("feedback:topics"))
    page = response.content.decode()
    assert topics["parking"].label in page
    assert 'id="topics-chart-title"' in page  # the chart
    assert '<caption id="topics-caption">' in page  # and its table
    assert reverse("feedback:topic", args=[topics["phone_queue"].key]) in page
    assert page.count('class="tag"') >= 2  # both are new


def test_examples_are_masked_and_never_secret(clients, topics):
    response = clients["coordinator"].get(reverse("feedback:topic", args=[topics["parking"].key]))
    page = response.content.decode()
    assert "Parkeringen vid hälsocentralen är alltid full." in page
    assert "040 123 4567" not in page
    assert "Salla" not in page
    assert "[puhelin]" in page
    assert topics["secret_text"] not in page
    assert AuditEvent.objects.filter(
        action="view", object_id=str(topics["parking"].pk), summary="emerging topic viewed"
    ).exists()


def test_a_unit_manager_sees_examples_only_from_their_units(clients, topics):
    manager = clients["manager"]  # manages unit_a: parking, not the call-backs of unit_b
    page = manager.get(reverse("feedback:topic", args=[topics["parking"].key])).content.decode()
    assert "There is never any parking at the health centre." in page
    page = manager.get(reverse("feedback:topic", args=[topics["phone_queue"].key])).content
    assert b"nobody called back" not in page
    assert b"Puhelinjono" not in page


def test_another_countys_topic_is_refused_and_an_unknown_key_not_found(org, clients, topics):
    other = make_county(slug="toinen")
    _received(make_feedback(other, None, text=PARKING[1][1], language="fi"), 1)
    for lang, text in PARKING[1:]:
        _received(make_feedback(other, None, text=text, language=lang), 2)
    compute_topics(other.pk, today=TODAY)
    foreign = Topic.objects.filter(county=other).first()
    url = reverse("feedback:topic", args=[foreign.key])
    assert clients["coordinator"].get(url).status_code == 403
    assert clients["admin"].get(url).status_code == 200  # the platform admin sees every county
    missing = reverse("feedback:topic", args=["abcdef123456"])
    assert clients["coordinator"].get(missing).status_code == 404


def test_only_coordinators_ask_for_a_new_computation(
    clients, topics, django_capture_on_commit_callbacks
):
    url = reverse("feedback:topics_recompute")
    for role in ("anonymous", "resident", "staff", "other_staff", "manager"):
        with django_capture_on_commit_callbacks(execute=True):
            assert clients[role].post(url).status_code in (302, 403), role
    assert TopicSnapshot.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["coordinator"].post(url)
    assert response.status_code == 302
    assert TopicSnapshot.objects.count() == 2  # the tests run tasks at once


def test_a_coordinator_links_a_topic_to_an_outcome(org, clients, topics):
    outcome = make_outcome(org.county)
    key = topics["parking"].key
    url = reverse("feedback:topic_link", args=[key])
    response = clients["coordinator"].post(url, {"outcome": outcome.pk})
    assert response.status_code == 302
    link = OutcomeInput.objects.get(outcome=outcome)
    assert (link.kind, link.object_id) == ("feedback_topic", key)
    page = clients["coordinator"].get(reverse("feedback:topic", args=[key])).content.decode()
    assert outcome.title in page
    again = clients["coordinator"].post(url, {"outcome": outcome.pk})
    assert again.status_code == 400
    assert OutcomeInput.objects.count() == 1
    for role in ("anonymous", "resident", "staff", "other_staff"):
        assert clients[role].post(url, {"outcome": outcome.pk}).status_code in (302, 403), role


def test_the_link_follows_the_topic_to_the_next_computation(org, topics):
    adapter = TopicAdapter()
    key = topics["parking"].key
    compute_topics(org.county.pk, today=TODAY + timedelta(days=1))
    resolved = adapter.resolve([key])[key]
    assert resolved.snapshot == TopicSnapshot.objects.first()
    assert adapter.can_view(org.coordinator, resolved)
    assert not adapter.can_view(org.staff, resolved)
    summary = adapter.public_summary(resolved)
    assert resolved.label in summary
    assert "Salla" not in summary
    assert [c.key for c in adapter.search(org.coordinator, org.county.pk, "")] == [
        t.key for t in TopicSnapshot.objects.first().topics.all()
    ]
    assert adapter.search(org.staff, org.county.pk, "") == []


def test_a_manager_without_outcomes_of_their_own_cannot_link(org, clients, topics):
    make_outcome(org.county, units=[org.unit_b])  # not the manager's subtree
    url = reverse("feedback:topic_link", args=[topics["parking"].key])
    assert clients["manager"].post(url, {"outcome": 1}).status_code == 403


def test_linked_topics_survive_pruning(org, topics):
    outcome = make_outcome(org.county)
    OutcomeInput.objects.create(
        outcome=outcome, kind="feedback_topic", object_id=topics["parking"].key, label="x"
    )
    Feedback.objects.all().delete()  # the topics disappear from later computations
    for n in range(16):
        compute_topics(org.county.pk, today=TODAY + timedelta(days=n + 1))
    assert TopicSnapshot.objects.count() == 15  # 14 newest + the one with the linked topic
    assert Topic.objects.filter(key=topics["parking"].key).exists()


def test_the_nightly_command_computes_every_county(org, topics, monkeypatch):
    from io import StringIO

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)  # a fixed today
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("compute_topics", "--now", stdout=out)
    assert f"{org.county.slug}: 2 topics" in out.getvalue()
    assert TopicSnapshot.objects.count() == 2
    with pytest.raises(CommandError, match="No county"):
        call_command("compute_topics", "--county", "nope")


def test_the_topic_page_shows_only_outcomes_the_reader_may_see(org, clients, topics):
    # A manager handles feedback and so sees the topic; of the outcomes linked to it they see
    # the published ones (on the portal) and the drafts they may edit, never another unit's
    # draft: the outcomes app shows a draft only to those who may edit it.
    key = topics["parking"].key
    other_draft = make_outcome(
        org.county, units=[org.unit_b], title_fi="Toisen yksikön luonnos", title_en="Draft B"
    )
    published = make_outcome(
        org.county, units=[org.unit_b], title_fi="Julkaistu päätös", title_en="Published B"
    )
    Outcome.objects.filter(pk=published.pk).update(is_published=True, published_at=timezone.now())
    own_draft = make_outcome(
        org.county, units=[org.unit_a], title_fi="Oma luonnos", title_en="Own draft"
    )
    for outcome in (other_draft, published, own_draft):
        OutcomeInput.objects.create(
            outcome=outcome, kind="feedback_topic", object_id=key, label="x"
        )

    page = clients["manager"].get(reverse("feedback:topic", args=[key])).content.decode()

    assert other_draft.title not in page
    assert reverse("outcomes:detail", args=[published.pk]) in page
    assert reverse("outcomes:manage_detail", args=[published.pk]) not in page
    assert reverse("outcomes:manage_detail", args=[own_draft.pk]) in page
    coordinator_page = clients["coordinator"].get(reverse("feedback:topic", args=[key]))
    assert reverse("outcomes:manage_detail", args=[other_draft.pk]) in coordinator_page.text
