from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from kuulu.core.models import AuditEvent
from kuulu.core.working_days import deadline
from kuulu.feedback import services
from kuulu.feedback.models import (
    Complaint,
    ComplaintRouting,
    Feedback,
    FeedbackEvent,
    FeedbackHandler,
    Initiative,
    PublishedFeedback,
)
from kuulu.feedback.tests.factories import (
    make_complaint,
    make_feedback,
    make_initiative,
    make_theme,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.7\n" + b"x" * 32


@pytest.fixture(autouse=True)
def _private_root(settings, tmp_path):
    settings.FEEDBACK_PRIVATE_ROOT = tmp_path / "private"


def test_submit_sets_reference_due_date_and_history(org):
    with translation.override("en"):
        feedback, created = services.submit_feedback(
            county=org.county,
            kind="question",
            text="Milloin laboratorio aukeaa?",
            unit=org.unit_a,
            wants_reply=True,
            contact_email="ASIAKAS@example.test",
        )
    assert created is True
    assert feedback.reference.startswith("PA-")
    assert len(feedback.reference) == 8
    assert feedback.contact_email == "asiakas@example.test"
    assert feedback.due_on == deadline(timezone.localdate() + timedelta(days=14))
    assert feedback.status == Feedback.Status.RECEIVED
    assert feedback.secrecy == "contains_secret_details"
    assert list(feedback.events.values_list("kind", flat=True)) == ["received"]
    assert AuditEvent.objects.filter(
        object_type="feedback.feedback", object_id=str(feedback.pk), action="create"
    ).exists()


def test_due_days_per_kind_and_reply(settings):
    settings.FEEDBACK_DUE_DAYS = {"praise": 30, "idea": 21}
    settings.FEEDBACK_REPLY_DUE_DAYS = 10
    day = date(2026, 3, 1)
    assert services.due_date_for("praise", wants_reply=False, received=day) == date(2026, 3, 31)
    assert services.due_date_for("praise", wants_reply=True, received=day) == date(2026, 3, 11)
    # 21 days from Sunday 1 March is a Sunday: the target moves to Monday, as a time limit would.
    assert services.due_date_for("idea", wants_reply=False, received=day) == date(2026, 3, 23)


def test_bad_input_gives_field_errors_and_saves_nothing(org):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.submit_feedback(
            county=org.county,
            kind="nonsense",
            text="x" * 4001,
            score=11,
            wants_reply=True,
        )
    errors = caught.value.message_dict
    assert set(errors) == {"kind", "text", "score", "contact_email"}
    assert errors["text"] == ["The text is 4001 characters long; at most 4000 characters fit."]
    assert Feedback.objects.count() == 0


def test_the_same_submission_twice_makes_one_case(org):
    first, created_first = services.submit_feedback(
        county=org.county, kind="praise", text="Kiitos hyvästä hoidosta!", unit=org.unit_a
    )
    second, created_second = services.submit_feedback(
        county=org.county, kind="praise", text="Kiitos hyvästä hoidosta!", unit=org.unit_a
    )
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Feedback.objects.count() == 1


def test_attachments_are_checked_by_their_bytes(org):
    good = [
        SimpleUploadedFile("kuva.png", PNG, content_type="image/png"),
        SimpleUploadedFile("kirje.pdf", PDF, content_type="application/pdf"),
    ]
    feedback = make_feedback(org.county, org.unit_a, attachments=good)
    stored = list(feedback.attachments.order_by("id"))
    assert [a.content_type for a in stored] == ["image/png", "application/pdf"]
    assert stored[0].file.read() == PNG
    assert "kuva" not in stored[0].file.name

    fake = SimpleUploadedFile("kuva.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        make_feedback(org.county, org.unit_a, text="Toinen", attachments=[fake])
    assert caught.value.message_dict["attachments"] == [
        "kuva.jpg is not an image (JPEG, PNG, WebP) or a PDF document."
    ]
    assert Feedback.objects.count() == 1


def test_too_large_attachment_is_refused(org, settings):
    settings.FEEDBACK_ATTACHMENT_MAX_BYTES = 20
    big = SimpleUploadedFile("iso.png", PNG, content_type="image/png")
    with pytest.raises(ValidationError):
        make_feedback(org.county, org.unit_a, attachments=[big])
    assert Feedback.objects.count() == 0


def test_sniffing_recognises_the_four_types():
    assert services.sniff_content_type(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert services.sniff_content_type(PNG) == "image/png"
    assert services.sniff_content_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert services.sniff_content_type(PDF) == "application/pdf"
    assert services.sniff_content_type(b"GIF89a") is None


def test_triage_confirmation_records_the_correction(org):
    theme = make_theme(org.county)
    feedback = make_feedback(org.county, None, kind="praise", text="Jono oli pitkä.")
    services.confirm_triage(
        feedback=feedback,
        kind="dissatisfaction",
        theme=theme,
        unit=org.unit_b,
        user=org.coordinator,
    )
    feedback.refresh_from_db()
    assert (feedback.kind, feedback.theme, feedback.unit) == ("dissatisfaction", theme, org.unit_b)
    assert feedback.triage_confirmed is True
    event = feedback.events.get(kind=FeedbackEvent.Kind.TRIAGE)
    assert (event.from_value, event.to_value) == ("praise/-", "dissatisfaction/waiting")
    assert event.to_unit == org.unit_b


def test_status_flow_and_illegal_transitions(org):
    feedback = make_feedback(org.county, org.unit_a, wants_reply=True, contact_phone="0401234567")
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            services.change_status(feedback=feedback, status="closed", user=org.manager)
        assert "asked for a reply" in caught.value.message_dict["status"][0]
        with pytest.raises(ValidationError) as caught:
            services.change_status(feedback=feedback, status="answered", user=org.manager)
        assert caught.value.message_dict["status"] == [
            "A case that is received cannot be marked answered."
        ]
    services.change_status(feedback=feedback, status="in_progress", user=org.manager)
    with pytest.raises(ValidationError):
        services.change_status(feedback=feedback, status="answered", user=org.manager)
    services.change_status(
        feedback=feedback, status="answered", note="Soitin asiakkaalle.", user=org.manager
    )
    services.change_status(feedback=feedback, status="closed", user=org.manager)
    feedback.refresh_from_db()
    assert feedback.status == "closed"
    assert feedback.answered_at is not None
    assert feedback.closed_at is not None
    statuses = list(feedback.events.filter(kind="status").values_list("from_value", "to_value"))
    assert statuses == [
        ("received", "in_progress"),
        ("in_progress", "answered"),
        ("answered", "closed"),
    ]


def test_feedback_without_wanted_reply_can_be_closed_directly(org):
    feedback = make_feedback(org.county, org.unit_a, kind="praise")
    services.change_status(feedback=feedback, status="closed", user=org.manager)
    feedback.refresh_from_db()
    assert feedback.status == "closed"


def test_reply_is_emailed_in_the_feedbacks_language_and_answers_the_case(
    org, django_capture_on_commit_callbacks
):
    feedback = make_feedback(
        org.county, org.unit_a, language="sv", wants_reply=True, contact_email="kund@example.test"
    )
    mail.outbox.clear()
    with translation.override("fi"), django_capture_on_commit_callbacks(execute=True):
        services.send_reply(feedback=feedback, text="Tack för din respons!", user=org.manager)
    feedback.refresh_from_db()
    assert feedback.status == "answered"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kund@example.test"]
    assert feedback.reference in message.subject
    assert "Tack för din respons!" in message.body
    reply = feedback.events.get(kind="reply")
    assert reply.sent_at is not None


def test_reply_needs_an_email_address(org):
    feedback = make_feedback(org.county, org.unit_a)
    with pytest.raises(ValidationError):
        services.send_reply(feedback=feedback, text="Kiitos", user=org.manager)
    assert not feedback.events.filter(kind="reply").exists()


def test_assign_only_to_handlers_of_the_unit(org):
    feedback = make_feedback(org.county, org.unit_a)
    with pytest.raises(ValidationError):
        services.assign_feedback(feedback=feedback, assignee=org.other_staff, user=org.manager)
    FeedbackHandler.objects.create(unit=org.unit_a, user=org.staff)
    services.assign_feedback(feedback=feedback, assignee=org.staff, user=org.manager)
    feedback.refresh_from_db()
    assert feedback.assignee == org.staff
    assert feedback.status == "in_progress"


def test_forwarding_needs_a_reason_and_moves_the_case(org):
    feedback = make_feedback(org.county, org.unit_a)
    with pytest.raises(ValidationError):
        services.forward_feedback(feedback=feedback, unit=org.unit_b, reason=" ", user=org.manager)
    services.forward_feedback(
        feedback=feedback, unit=org.unit_b, reason="Koskee perhekeskusta.", user=org.manager
    )
    feedback.refresh_from_db()
    assert feedback.unit == org.unit_b
    event = feedback.events.get(kind="forwarded")
    assert (event.from_unit, event.to_unit, event.text) == (
        org.unit_a,
        org.unit_b,
        "Koskee perhekeskusta.",
    )


def test_publication_is_masked_even_after_editing(org):
    feedback = make_feedback(
        org.county,
        org.unit_a,
        text="Soittakaa minulle 040 123 4567, terveisin Maija Virtanen",
        contact_name="Maija Virtanen",
        contact_email="maija@example.test",
        wants_reply=True,
    )
    services.send_reply(feedback=feedback, text="Kiitos Maija, korjasimme asian.", user=org.manager)
    draft = services.publication_draft(feedback)
    assert "040 123 4567" not in draft.masked_text
    assert "Virtanen" not in draft.masked_text
    assert "Maija" not in draft.masked_response
    published = services.publish_feedback(
        feedback=feedback,
        masked_text=draft.masked_text + " Sähköposti maija@example.test",
        masked_response=draft.masked_response,
        user=org.coordinator,
    )
    assert "maija@example.test" not in published.masked_text


def test_secret_or_unanswered_feedback_is_not_published(org):
    feedback = make_feedback(org.county, org.unit_a)
    with pytest.raises(ValidationError):
        services.publish_feedback(
            feedback=feedback, masked_text="a", masked_response="b", user=org.coordinator
        )
    services.change_status(feedback=feedback, status="in_progress", user=org.coordinator)
    services.change_status(
        feedback=feedback, status="answered", note="Puhelimessa", user=org.coordinator
    )
    services.set_secrecy(feedback=feedback, secrecy="secret", user=org.coordinator)
    with pytest.raises(ValidationError):
        services.publish_feedback(
            feedback=feedback, masked_text="a", masked_response="b", user=org.coordinator
        )
    assert PublishedFeedback.objects.count() == 0


def test_complaint_goes_to_the_nearest_director(org):
    ComplaintRouting.objects.create(unit=org.area_a, director=org.manager)
    complaint = make_complaint(org.county, org.team_a1)
    assert complaint.director == org.manager
    assert complaint.reference.startswith("MU-")
    assert complaint.due_on == deadline(timezone.localdate() + timedelta(days=28))
    assert make_complaint(org.county, org.unit_b).director is None


def test_complaint_due_days_come_from_settings(org, settings):
    settings.FEEDBACK_COMPLAINT_DUE_DAYS = 14
    complaint = make_complaint(org.county, org.unit_a)
    assert complaint.due_on == deadline(timezone.localdate() + timedelta(days=14))


def test_complaint_cannot_be_anonymous_and_needs_a_way_to_answer(org):
    with pytest.raises(ValidationError) as caught:
        services.submit_complaint(
            county=org.county,
            act="patient",
            complainant_name=" ",
            description="Hoito oli huonoa",
            relationship="guardian",
        )
    assert set(caught.value.message_dict) == {
        "complainant_name",
        "complainant_email",
        "subject_name",
    }
    assert Complaint.objects.count() == 0


def test_complaint_is_answered_only_with_a_written_answer(org):
    complaint = make_complaint(org.county, org.unit_a)
    with pytest.raises(ValidationError):
        services.change_complaint_status(complaint=complaint, status="answered", user=org.admin)
    services.change_complaint_status(complaint=complaint, status="in_progress", user=org.admin)
    answer = services.answer_complaint(
        complaint=complaint,
        text="Pahoittelemme.",
        reasons="Potilaslain 3 §.",
        signer_name="Johtaja Jaana",
        signer_title="palvelualuejohtaja",
        sent_on=timezone.localdate(),
        delivery="letter",
        user=org.admin,
    )
    complaint.refresh_from_db()
    assert complaint.status == "answered"
    assert answer.signed_by == org.admin
    with pytest.raises(ValidationError):
        services.answer_complaint(
            complaint=complaint,
            text="Toinen",
            reasons="x",
            signer_name="x",
            signer_title="x",
            sent_on=timezone.localdate(),
            delivery="letter",
            user=org.admin,
        )
    services.change_complaint_status(complaint=complaint, status="closed", user=org.admin)


def test_complaints_never_appear_among_feedback(org):
    make_complaint(org.county, org.unit_a)
    assert Feedback.objects.count() == 0


def test_one_month_after_handles_short_months():
    assert services.one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert services.one_month_after(date(2026, 12, 15)) == date(2027, 1, 15)


def test_initiative_notice_and_outcome(org):
    initiative = make_initiative(
        org.county,
        signers=[
            {"name": "Aino", "basis": "resident", "email": ""},
            {"name": "Kylätoimikunta", "basis": "ngo", "phone": "0401111111"},
        ],
    )
    signers = list(initiative.signers.order_by("position"))
    assert [s.is_contact for s in signers] == [False, True]
    assert initiative.handler_notice_due == deadline(services.one_month_after(timezone.localdate()))
    services.send_handler_notice(
        initiative=initiative,
        handled_by=org.manager,
        handler_description="Kotihoidon johtaja",
        expected_decision="kesäkuussa",
        sent_on=timezone.localdate(),
        user=org.coordinator,
    )
    services.record_initiative_outcome(
        initiative=initiative,
        outcome="Penkit hankitaan.",
        sent_on=timezone.localdate(),
        user=org.coordinator,
    )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.DECIDED
    assert initiative.handled_by == org.manager


def test_initiative_needs_an_initiator_with_a_basis(org):
    with pytest.raises(ValidationError) as caught:
        services.submit_initiative(
            county=org.county, title="Otsikko", text="Teksti", signers=[{"name": "", "basis": ""}]
        )
    assert "signers" in caught.value.message_dict
    assert Initiative.objects.count() == 0


def test_retention_anonymises_feedback_and_deletes_old_cases(org, settings):
    feedback = make_feedback(
        org.county,
        org.unit_a,
        kind="praise",
        text="Hoitaja Virtanen soitti numeroon 040 765 4321",
        contact_name="Kalle Asiakas",
        contact_email="kalle@example.test",
        attachments=[SimpleUploadedFile("a.png", PNG, content_type="image/png")],
    )
    services.change_status(feedback=feedback, status="closed", user=org.manager)
    fresh = make_feedback(org.county, org.unit_a, kind="praise", text="Tuore")
    services.change_status(feedback=fresh, status="closed", user=org.manager)
    Feedback.objects.filter(pk=feedback.pk).update(
        closed_at=timezone.now() - timedelta(days=settings.FEEDBACK_RETENTION_DAYS + 1)
    )
    complaint = make_complaint(org.county, org.unit_a)
    services.answer_complaint(
        complaint=complaint,
        text="V",
        reasons="P",
        signer_name="S",
        signer_title="T",
        sent_on=timezone.localdate(),
        delivery="letter",
        user=org.admin,
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        received_at=timezone.now() - timedelta(days=settings.COMPLAINT_RETENTION_DAYS + 1)
    )
    open_complaint = make_complaint(org.county, org.unit_a, description="Toinen")
    Complaint.objects.filter(pk=open_complaint.pk).update(
        received_at=timezone.now() - timedelta(days=settings.COMPLAINT_RETENTION_DAYS + 1)
    )

    counts = services.run_feedback_retention()

    assert counts == {"feedback anonymised": 1, "complaints deleted": 1, "initiatives deleted": 0}
    feedback.refresh_from_db()
    assert (feedback.contact_name, feedback.contact_email, feedback.contact_phone) == ("", "", "")
    assert "040 765 4321" not in feedback.text
    assert "Virtanen" not in feedback.text
    assert feedback.anonymised_at is not None
    assert feedback.attachments.count() == 0
    fresh.refresh_from_db()
    assert fresh.anonymised_at is None
    assert list(Complaint.objects.values_list("pk", flat=True)) == [open_complaint.pk]
    assert services.run_feedback_retention()["feedback anonymised"] == 0


def test_retention_anonymises_answered_cases_and_withdraws_their_publication(org):
    from datetime import timedelta

    from django.utils import timezone

    from kuulu.feedback.models import Feedback, PublishedFeedback
    from kuulu.feedback.services import run_feedback_retention
    from kuulu.feedback.tests.factories import make_feedback

    old = timezone.now() - timedelta(days=3000)
    feedback = make_feedback(org.county, contact_email="a@example.test")
    Feedback.objects.filter(pk=feedback.pk).update(
        status=Feedback.Status.ANSWERED, answered_at=old, received_at=old
    )
    PublishedFeedback.objects.create(feedback=feedback, masked_text="x", masked_response="y")
    assert run_feedback_retention()["feedback anonymised"] == 1
    feedback.refresh_from_db()
    assert feedback.contact_email == ""
    assert feedback.anonymised_at is not None
    assert not PublishedFeedback.objects.filter(feedback=feedback).exists()


def test_an_initiative_is_handled_by_staff_of_its_own_county(org):

    from django.core.exceptions import ValidationError as _ValidationError
    from django.utils import timezone

    from kuulu.feedback import services as feedback_services
    from kuulu.feedback.tests.factories import make_initiative
    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    initiative = make_initiative(org.county)
    county = make_county()
    stranger = make_person(county, kind="staff", unit=make_unit(county, code="x")).user
    with pytest.raises(_ValidationError) as exc:
        feedback_services.send_handler_notice(
            initiative=initiative,
            handled_by=stranger,
            handler_description="Aluehallitus",
            expected_decision="",
            sent_on=timezone.localdate(),
            user=org.coordinator,
        )
    assert "handled_by" in exc.value.message_dict


def test_retention_forgets_who_made_the_cases_it_anonymises_or_deletes(org, settings):
    """Found in review: the strongly identified person's link to their case (a keyed hash of
    the identity code) outlived the anonymisation, so "anonymised" feedback stayed tied to a
    person, and their "own cases" page still listed it."""
    from kuulu.identity.models import CaseLink

    old = timezone.now() - timedelta(days=settings.INITIATIVE_RETENTION_DAYS + 1)
    feedback = make_feedback(org.county, org.unit_a, text="Vanha")
    services.change_status(feedback=feedback, status="closed", user=org.manager)
    Feedback.objects.filter(pk=feedback.pk).update(closed_at=old)
    kept = make_feedback(org.county, org.unit_a, text="Tuore")
    initiative = make_initiative(org.county)
    Initiative.objects.filter(pk=initiative.pk).update(status="decided", received_at=old)
    for obj in (feedback, kept, initiative):
        CaseLink.objects.create(
            person_key="k" * 64, object_type=obj._meta.label_lower, object_id=obj.pk
        )

    counts = services.run_feedback_retention()

    assert (counts["feedback anonymised"], counts["initiatives deleted"]) == (1, 1)
    assert list(CaseLink.objects.values_list("object_type", "object_id")) == [
        ("feedback.feedback", kept.pk)
    ]


def test_retention_finishes_cases_an_erasure_request_anonymised_only_in_part(org):
    """Found in review: erasure requests cleared contact details and text but left attachments,
    the place and the link to the identified person, and retention skipped such cases as
    already anonymised."""
    from kuulu.identity.models import CaseLink

    feedback = make_feedback(
        org.county,
        org.unit_a,
        text="Vanha",
        location_text="Kotikatu 5",
        attachments=[SimpleUploadedFile("a.png", PNG, content_type="image/png")],
    )
    earlier = timezone.now() - timedelta(days=3)
    Feedback.objects.filter(pk=feedback.pk).update(anonymised_at=earlier)  # as erasure did
    CaseLink.objects.create(
        person_key="k" * 64, object_type="feedback.feedback", object_id=feedback.pk
    )
    finished = make_feedback(org.county, org.unit_a, text="Valmis")
    Feedback.objects.filter(pk=finished.pk).update(anonymised_at=earlier, fingerprint="")

    counts = services.run_feedback_retention()

    assert counts["feedback anonymised"] == 1
    feedback.refresh_from_db()
    assert (feedback.location_text, feedback.anonymised_at) == ("", earlier)
    assert feedback.attachments.count() == 0
    assert not CaseLink.objects.exists()
    assert services.run_feedback_retention()["feedback anonymised"] == 0


def test_the_links_retention_left_behind_before_are_removed_by_a_migration(org):
    import importlib

    from django.apps import apps

    from kuulu.identity.models import CaseLink

    migration = importlib.import_module(
        "kuulu.feedback.migrations.0010_forget_links_of_retired_cases"
    )
    anonymised = make_feedback(org.county, org.unit_a, text="Anonymisoitu")
    Feedback.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
    kept = make_feedback(org.county, org.unit_a, text="Tuore")
    initiative = make_initiative(org.county)
    links = [
        ("feedback.feedback", anonymised.pk),
        ("feedback.feedback", kept.pk),
        ("feedback.initiative", initiative.pk),
        ("feedback.initiative", initiative.pk + 1000),  # deleted by retention
    ]
    for object_type, object_id in links:
        CaseLink.objects.create(person_key="k" * 64, object_type=object_type, object_id=object_id)

    migration.forget_links(apps, None)

    assert sorted(CaseLink.objects.values_list("object_type", "object_id")) == [
        ("feedback.feedback", kept.pk),
        ("feedback.initiative", initiative.pk),
    ]


@pytest.mark.postgres
def test_two_handlers_replying_at_once_send_the_customer_one_reply(postgres, org, mailoutbox):
    from kuulu.core.tests.concurrency import race

    feedback = make_feedback(org.county, org.unit_a, contact_email="asiakas@example.test")

    def reply(user, text):  # type: ignore[no-untyped-def]
        return lambda: (
            services.send_reply(feedback=feedback, text=text, user=user, replies_seen=0).pk
        )

    outcomes = race(reply(org.manager, "Vastaus A"), reply(org.coordinator, "Vastaus B"))

    assert sorted(o[0] for o in outcomes) == ["error", "ok"], outcomes
    refused = next(o[1] for o in outcomes if o[0] == "error")
    assert isinstance(refused, ValidationError)
    assert FeedbackEvent.objects.filter(feedback=feedback, kind="reply").count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.postgres
def test_a_case_sent_twice_at_once_makes_one_case(postgres, org):
    """Found in review: the duplicate check locked rows that did not exist yet, so a double
    click on "send" made two formal complaints (two cases with a legal deadline) or two
    initiatives. Both requests now get the one case."""
    from kuulu.core.tests.concurrency import race

    def complaint():  # type: ignore[no-untyped-def]
        return services.submit_complaint(
            county=org.county,
            act="patient",
            complainant_name="Maija Meikäläinen",
            complainant_email="maija@example.test",
            description="Hoito viivästyi.",
        )

    def initiative():  # type: ignore[no-untyped-def]
        return services.submit_initiative(
            county=org.county,
            title="Penkit pihalle",
            text="Pihalla ei ole paikkaa levätä.",
            signers=[{"name": "Aino Aloittaja", "basis": "resident", "email": "a@example.test"}],
        )

    def feedback():  # type: ignore[no-untyped-def]
        return services.submit_feedback(
            county=org.county, kind="praise", text="Kiitos hyvästä hoidosta.", submission_key="k1"
        )

    for submit, model in ((complaint, Complaint), (initiative, Initiative), (feedback, Feedback)):
        outcomes = race(submit, submit, submit)
        assert [o[0] for o in outcomes] == ["ok", "ok", "ok"], outcomes
        assert model.objects.count() == 1
        assert {o[1][0].pk for o in outcomes} == {model.objects.get().pk}
        assert sorted(o[1][1] for o in outcomes) == [False, False, True]


def _received_at(monkeypatch, moment: datetime) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_a_computed_deadline_on_a_weekend_or_holiday_moves_to_the_next_working_day(
    org, monkeypatch, settings
):
    """Left alone in earlier notes: due dates counted calendar days and fell on Saturdays,
    New Year's Day or Independence Day. They now end, as a statutory time limit does (act
    150/1930), on the next working day."""
    settings.FEEDBACK_COMPLAINT_DUE_DAYS = 28
    # Friday 4 December 2026 + 28 days = New Year's Day (Friday) -> Monday 4 January 2027.
    _received_at(monkeypatch, datetime(2026, 12, 4, 10, tzinfo=UTC))
    assert make_complaint(org.county, org.unit_a).due_on == date(2027, 1, 4)
    # + 14 days for a question with a wanted reply = Friday 18 December, a working day.
    feedback, _created = services.submit_feedback(
        county=org.county,
        kind="question",
        text="Milloin?",
        contact_email="a@example.test",
        wants_reply=True,
    )
    assert feedback.due_on == date(2026, 12, 18)
    # Friday 6 November + one month = Sunday 6 December, Independence Day -> Monday 7 December.
    _received_at(monkeypatch, datetime(2026, 11, 6, 10, tzinfo=UTC))
    initiative = make_initiative(
        org.county, signers=[{"name": "Aino", "basis": "resident", "email": "a@example.test"}]
    )
    assert initiative.handler_notice_due == date(2026, 12, 7)
    # Saturday 5 December + 30 days = Monday 4 January: unchanged.
    assert services.due_date_for("praise", wants_reply=False, received=date(2026, 12, 5)) == date(
        2027, 1, 4
    )


def test_a_follow_up_answer_keeps_the_first_answer_time_and_the_case_its_keeping_time(org):
    """A second reply moved `answered_at`, so a case answered on time and followed up after its
    due date counted as answered late. The keeping time counts from the latest answer."""
    from django.conf import settings

    # given: a case answered by a reply long ago
    feedback = make_feedback(org.county, org.unit_a, contact_email="a@example.test")
    services.send_reply(feedback=feedback, text="Kiitos", user=org.manager)
    first = timezone.now() - timedelta(days=settings.FEEDBACK_RETENTION_DAYS + 10)
    Feedback.objects.filter(pk=feedback.pk).update(answered_at=first, last_answered_at=first)

    # when: a follow-up reply now, and a second answer by phone
    services.send_reply(feedback=feedback, text="Vielä tarkennus", user=org.manager)
    feedback.refresh_from_db()
    after_reply = feedback.last_answered_at
    services.change_status(
        feedback=feedback, status="answered", note="Soitin vielä.", user=org.manager
    )

    # then: the first answer stands, the latest is kept apart, and retention waits for it
    feedback.refresh_from_db()
    assert feedback.answered_at == first
    assert after_reply > first
    assert feedback.last_answered_at > after_reply
    assert services.run_feedback_retention()["feedback anonymised"] == 0
    Feedback.objects.filter(pk=feedback.pk).update(last_answered_at=first)
    assert services.run_feedback_retention()["feedback anonymised"] == 1


def test_migration_takes_the_first_answer_from_the_history(org):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kuulu.feedback.migrations.0012_feedback_last_answered")
    # given: a case answered, reopened and answered again before the field was split
    feedback = make_feedback(org.county, org.unit_a, contact_email="a@example.test")
    services.send_reply(feedback=feedback, text="Kiitos", user=org.manager)
    first = feedback.events.get(kind="reply").at
    last = first + timedelta(days=30)
    Feedback.objects.filter(pk=feedback.pk).update(answered_at=last, last_answered_at=None)
    unanswered = make_feedback(org.county, org.unit_a)

    # when
    migration.split_first_and_last_answer(apps, None)

    # then
    feedback.refresh_from_db()
    assert (feedback.answered_at, feedback.last_answered_at) == (first, last)
    unanswered.refresh_from_db()
    assert (unanswered.answered_at, unanswered.last_answered_at) == (None, None)
