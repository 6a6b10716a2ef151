from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from kuulu.feedback.models import Feedback
from kuulu.feedback.tests.factories import make_complaint, make_feedback, make_initiative
from kuulu.organisation.tests.factories import make_county, make_unit
from kuulu.outcomes import links, notifications, publishing, records, selectors
from kuulu.outcomes.inputs import kind_choices
from kuulu.outcomes.models import Notification, OptOut, Outcome, OutcomeInput, ProgressUpdate
from kuulu.outcomes.tests.factories import TODAY, link, make_outcome

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Europe/Helsinki"))


def test_create_outcome_keeps_translations_units_and_a_first_history_entry(org):
    outcome = make_outcome(
        org.county,
        units=[org.unit_a],
        title_sv="Flexiblare besökstider",
        status="in_progress",
        progress=30,
    )

    outcome.refresh_from_db()
    assert outcome.title_fi == "Kotihoidon käyntiajat joustavammiksi"
    assert outcome.title_sv == "Flexiblare besökstider"
    assert [u.pk for u in outcome.units.all()] == [org.unit_a.pk]
    assert list(outcome.updates.values_list("status", "progress", "recorded_on")) == [
        ("in_progress", 30, TODAY)
    ]


def test_not_done_needs_a_reason_and_progress_stays_within_0_100(org):
    with pytest.raises(ValidationError) as no_reason:
        make_outcome(org.county, status="not_done")
    with pytest.raises(ValidationError) as too_much:
        make_outcome(org.county, progress=101)
    with pytest.raises(ValidationError) as no_title:
        make_outcome(org.county, title_fi=" ")

    assert "not_done_reason_fi" in no_reason.value.message_dict
    assert "progress" in too_much.value.message_dict
    assert "title_fi" in no_title.value.message_dict
    assert Outcome.objects.count() == 0


def test_units_of_another_county_are_refused(org):
    other_unit = make_unit(make_county())
    with pytest.raises(ValidationError) as error:
        make_outcome(org.county, units=[other_unit])
    assert "units" in error.value.message_dict
    assert Outcome.objects.count() == 0


def test_progress_updates_keep_a_history_and_done_means_100(org):
    outcome = make_outcome(org.county)

    records.record_progress(
        outcome=outcome, status="in_progress", progress=40, note="Pilotti", today=date(2026, 7, 1)
    )
    records.record_progress(outcome=outcome, status="done", progress=60, today=date(2026, 9, 1))
    with pytest.raises(ValidationError):
        records.record_progress(
            outcome=outcome, status="not_done", progress=60, today=date(2026, 9, 2)
        )

    outcome.refresh_from_db()
    assert (outcome.status, outcome.progress) == ("done", 100)
    assert list(
        ProgressUpdate.objects.filter(outcome=outcome)
        .order_by("recorded_on", "id")
        .values_list("status", "progress", "note")
    ) == [("planned", 0, ""), ("in_progress", 40, "Pilotti"), ("done", 100, "")]


def test_editing_a_done_outcome_keeps_it_at_100(org, clients):
    from django.urls import reverse

    outcome = make_outcome(org.county, status="done", progress=100)

    response = clients["coordinator"].post(
        reverse("outcomes:edit", args=[outcome.pk]),
        {"title_fi": "Käynnit pidemmiksi", "status": "done", "progress": "40"},
    )
    records.update_outcome(  # no status given: the outcome's own, done
        outcome=outcome,
        data={"title_fi": "Käynnit pidemmiksi", "progress": 70},
        units=[],
        today=date(2026, 9, 1),
    )

    outcome.refresh_from_db()
    assert response.status_code == 302
    assert (outcome.status, outcome.progress) == ("done", 100)
    assert list(ProgressUpdate.objects.filter(outcome=outcome).values_list("progress")) == [(100,)]


def test_not_done_with_a_reason_is_recorded(org):
    outcome = make_outcome(org.county)
    records.record_progress(
        outcome=outcome,
        status="not_done",
        progress=10,
        not_done_reason="Rahoitus ei riittänyt.",
        today=date(2026, 7, 1),
    )
    outcome.refresh_from_db()
    assert outcome.status == "not_done"
    assert outcome.not_done_reason == "Rahoitus ei riittänyt."


def test_link_input_copies_a_label_without_personal_data(org):
    feedback = make_feedback(
        org.county, org.unit_a, text="Hoitaja Virtanen oli ihana", contact_name="Maija Meikäläinen"
    )
    outcome = make_outcome(org.county, units=[org.unit_a])

    with translation.override("en"):
        row = links.link_input(
            outcome=outcome, kind="feedback", key=str(feedback.pk), user=org.manager
        )

    assert row.label == f"{feedback.reference} (development idea)"
    with pytest.raises(ValidationError):
        links.link_input(outcome=outcome, kind="feedback", key=str(feedback.pk), user=org.manager)
    assert OutcomeInput.objects.count() == 1


@pytest.mark.parametrize("who", ["other_staff", "resident", "staff"])
def test_link_input_refuses_inputs_the_user_may_not_see(org, who):
    feedback = make_feedback(org.county, org.unit_a)
    outcome = make_outcome(org.county, units=[org.unit_a])

    with pytest.raises(PermissionDenied):
        links.link_input(
            outcome=outcome, kind="feedback", key=str(feedback.pk), user=getattr(org, who)
        )
    assert OutcomeInput.objects.count() == 0


def test_link_input_refuses_another_countys_input_and_unknown_keys(org):
    other = make_county()
    foreign = make_feedback(other, make_unit(other))
    outcome = make_outcome(org.county)

    with pytest.raises(PermissionDenied):
        links.link_input(outcome=outcome, kind="feedback", key=str(foreign.pk), user=org.admin)
    with pytest.raises(PermissionDenied):
        links.link_input(outcome=outcome, kind="feedback", key="999999", user=org.coordinator)
    with pytest.raises(ValidationError):
        links.link_input(outcome=outcome, kind="complaint", key="1", user=org.coordinator)
    assert OutcomeInput.objects.count() == 0


def test_complaints_cannot_be_linked_at_all(org):
    complaint = make_complaint(org.county, org.unit_a)
    outcome = make_outcome(org.county)
    with pytest.raises(ValidationError):
        links.link_input(
            outcome=outcome, kind="complaint", key=str(complaint.pk), user=org.coordinator
        )
    assert "complaint" not in [kind for kind, _name in kind_choices()]


def test_a_deleted_input_shows_as_removed_and_the_outcome_stays(org):
    feedback = make_feedback(org.county, org.unit_a)
    outcome = make_outcome(org.county)
    link(outcome, "feedback", feedback, label="PAL-1")

    Feedback.objects.filter(pk=feedback.pk).delete()

    rows = selectors.input_rows(outcome.inputs.all(), public=False)
    public = selectors.public_inputs(outcome)
    assert Outcome.objects.filter(pk=outcome.pk).exists()
    assert [(r.link.label, r.removed) for r in rows] == [("PAL-1", True)]
    assert [(r.removed, r.public_text) for r in public.rows] == [(True, None)]


def test_public_summaries_are_masked_and_secret_feedback_is_left_out(org):
    public = make_feedback(
        org.county, org.unit_a, text="Soitin numeroon 040 123 4567, hoitaja Virtanen auttoi."
    )
    Feedback.objects.filter(pk=public.pk).update(secrecy="public")
    secret = make_feedback(org.county, org.unit_a, text="Diagnoosi ja henkilötunnus 131052-308T")
    Feedback.objects.filter(pk=secret.pk).update(secrecy="secret")
    default = make_feedback(org.county, org.unit_a, text="Minulla on diabetes, Maija Virtanen")
    outcome = make_outcome(org.county)
    for fb in (public, secret, default):
        link(outcome, "feedback", fb)

    with translation.override("en"):
        inputs = selectors.public_inputs(outcome)

    texts = [r.public_text for r in inputs.rows]
    assert texts[0] == "Soitin numeroon [phone], hoitaja [name] auttoi."
    assert texts[1].startswith("Feedback (development idea), ")
    assert inputs.hidden == 1
    joined = " ".join(texts)
    for personal in ("040 123 4567", "Virtanen", "131052-308T", "diabetes", "Maija"):
        assert personal not in joined


def _published_with_contributors(org):  # type: ignore[no-untyped-def]
    fb = make_feedback(
        org.county,
        org.unit_a,
        text="Idea",
        wants_reply=True,
        contact_email="Anna@Example.test",
        language="sv",
    )
    silent = make_feedback(
        org.county, org.unit_a, text="Toinen", wants_reply=False, contact_email="b@example.test"
    )
    initiative = make_initiative(
        org.county,
        signers=[
            {"name": "Aino", "basis": "resident", "email": "anna@example.test"},
            {"name": "Eino", "basis": "resident", "email": "eino@example.test"},
        ],
    )
    outcome = make_outcome(org.county)
    link(outcome, "feedback", fb)
    link(outcome, "feedback", silent)
    link(outcome, "initiative", initiative)
    return outcome


def test_publishing_tells_each_contributor_once_in_their_language(
    org, django_capture_on_commit_callbacks
):
    outcome = _published_with_contributors(org)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_outcome(outcome=outcome, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.unpublish_outcome(outcome=outcome)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_outcome(outcome=outcome, now=NOW)
    notifications.notify_contributors(outcome_id=outcome.pk)  # the task runs again

    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.test", "eino@example.test"]
    swedish = next(m for m in mail.outbox if m.to[0] == "anna@example.test")
    finnish = next(m for m in mail.outbox if m.to[0] == "eino@example.test")
    assert swedish.body.startswith("Hej,")
    assert "Om du inte vill få fler sådana meddelanden, öppna:" in swedish.body
    assert "/sv/outcomes/opt-out/" in swedish.body
    assert finnish.body.startswith("Hei,")
    assert "/fi/outcomes/opt-out/" in finnish.body
    assert Notification.objects.filter(outcome=outcome).count() == 2
    assert Notification.objects.filter(outcome=outcome, language="sv").count() == 1
    outcome.refresh_from_db()
    assert outcome.published_at == NOW


def test_opted_out_addresses_get_nothing(org):
    outcome = _published_with_contributors(org)
    Outcome.objects.filter(pk=outcome.pk).update(is_published=True)
    token = notifications.opt_out_token(notifications.recipient_hash(" ANNA@example.test"))
    assert notifications.opt_out(token=token) is True
    assert notifications.opt_out(token=token + "x") is False
    mail.outbox.clear()

    sent = notifications.notify_contributors(outcome_id=outcome.pk)

    assert sent == 1
    assert [m.to for m in mail.outbox] == [["eino@example.test"]]
    assert OptOut.objects.count() == 1
    assert "anna" not in OptOut.objects.get().recipient_hash


def test_an_unpublished_outcome_tells_no_one(org):
    outcome = _published_with_contributors(org)
    mail.outbox.clear()
    assert notifications.notify_contributors(outcome_id=outcome.pk) == 0
    assert mail.outbox == []
