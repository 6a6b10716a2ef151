"""Services: profiles and consent, requests, offers and answers, engagements, retention."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kuulu.core.models import AuditEvent
from kuulu.experts import selectors, services
from kuulu.experts.models import Engagement, ExpertProfile, ExpertRequest, Offer, TrainingRecord
from kuulu.experts.tests.factories import in_days, make_area, make_expert, make_request
from kuulu.organisation.models import Ngo
from kuulu.organisation.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(org):
    return make_area(org.county, name_fi="Mielenterveys")


@pytest.fixture
def expert(org, area):
    return make_expert(org.county, areas=[area], municipalities=[org.county.municipalities.first()])


@pytest.fixture
def expert_request(org, area):
    return make_request(org.staff_person, areas=[area])


def test_only_experience_experts_get_one_profile(org, expert):
    with pytest.raises(ValidationError) as exc:
        make_expert(org.county, person=org.staff_person)
    assert "person" in exc.value.message_dict
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        make_expert(org.county, person=expert.person)
    assert exc.value.message_dict["person"] == ["This person already has a profile."]


def test_profile_needs_languages_consent_and_ordered_agreement(org):
    with pytest.raises(ValidationError) as exc:
        make_expert(
            org.county,
            languages=[],
            consent_given_on=None,
            agreement_signed_on=in_days(0),
            agreement_valid_until=in_days(-1),
        )
    assert set(exc.value.message_dict) == {"languages", "agreement_valid_until"}
    with pytest.raises(ValidationError) as exc:
        make_expert(org.county, consent_given_on=None)
    assert set(exc.value.message_dict) == {"consent_given_on"}
    assert ExpertProfile.objects.count() == 0


def test_expert_changes_only_their_own_fields(expert):
    services.update_profile(
        profile=expert,
        data={"languages": ["sv"], "fee_amount": Decimal(999), "payee_number": "X"},
        own=True,
    )
    expert.refresh_from_db()
    assert expert.languages == ["sv"]
    assert expert.fee_amount == Decimal("30.00")
    assert expert.payee_number.startswith("P-")
    event = AuditEvent.objects.filter(object_type="experts.expertprofile", action="update").get()
    assert event.changed_fields == ["languages"]


def test_training_names_who_trained(org, expert):
    with pytest.raises(ValidationError):
        services.add_training(profile=expert, course_name="Peruskurssi")
    ngo = Ngo.objects.create(county=org.county, name_fi="Mielenterveysyhdistys")
    record = services.add_training(profile=expert, course_name=" Peruskurssi ", ngo=ngo)
    assert (record.course_name, record.trained_by) == ("Peruskurssi", "Mielenterveysyhdistys")


def test_the_same_training_sent_twice_is_recorded_once(org, expert):
    """A double click on "Save" listed the course twice on the profile."""
    ngo = Ngo.objects.create(county=org.county, name_fi="Mielenterveysyhdistys")
    data = {"profile": expert, "course_name": "Peruskurssi", "ngo": ngo}
    first = services.add_training(**data, completed_on=in_days(-30))
    second = services.add_training(**data, completed_on=in_days(-30))
    assert second == first
    assert TrainingRecord.objects.filter(profile=expert).count() == 1
    # Another course, or the same one completed again later, is a record of its own.
    services.add_training(**data, completed_on=in_days(-1))
    services.add_training(**{**data, "course_name": "Jatkokurssi"}, completed_on=in_days(-1))
    assert TrainingRecord.objects.filter(profile=expert).count() == 3


def test_request_rules(org, area):
    with pytest.raises(ValidationError) as exc:
        make_request(
            org.staff_person,
            areas=[],
            date_from=in_days(-1),
            municipality=None,
            need="  ",
        )
    assert set(exc.value.message_dict) == {"areas", "date_from", "municipality", "need"}
    with pytest.raises(ValidationError):
        make_request(org.resident_person, areas=[area])
    remote = make_request(org.staff_person, areas=[area], remote=True, municipality=None)
    assert remote.unit == org.team_a1
    assert ExpertRequest.objects.count() == 1


def test_offer_needs_an_agreement_in_force(org, area, expert_request):
    lapsed = make_expert(org.county, areas=[area], agreement_valid_until=in_days(1))
    with pytest.raises(ValidationError):
        services.make_offer(expert_request=expert_request, profile=lapsed)
    assert Offer.objects.count() == 0


def test_offer_email(org, expert, expert_request, django_capture_on_commit_callbacks):
    expert.person.user.language = "sv"
    expert.person.user.save()
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.make_offer(
            expert_request=expert_request, profile=expert, message="Sopisiko?"
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [expert.person.email]
    assert "/sv/experts/offers/answer/" in message.body
    assert "Sopisiko?" in message.body
    token = message.body.split("/sv/experts/offers/answer/")[1].split("/")[0]
    assert services.offer_from_token(token) == offer
    assert services.offer_from_token(token + "x") is None
    with pytest.raises(ValidationError) as exc:
        services.make_offer(expert_request=expert_request, profile=expert)
    assert exc.value.code == "duplicate"


def test_accepting_creates_the_engagement_and_closes_other_offers(
    org, area, expert, expert_request, django_capture_on_commit_callbacks
):
    other = make_expert(org.county, areas=[area])
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    other_offer = services.make_offer(expert_request=expert_request, profile=other)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        engagement = services.answer_offer(offer=offer, accept=True)
    assert engagement.profile == expert
    assert (engagement.hours, engagement.fee_basis, engagement.fee_amount) == (
        Decimal("2.0"),
        "hourly",
        Decimal("60.00"),
    )
    expert_request.refresh_from_db()
    other_offer.refresh_from_db()
    assert expert_request.status == "filled"
    assert other_offer.status == "closed"
    assert [m.to for m in mail.outbox] == [[org.staff_person.email]]
    with pytest.raises(services.OfferTaken):
        services.answer_offer(offer=other_offer, accept=True)
    assert Engagement.objects.count() == 1


def test_the_expected_hourly_fee_rounds_half_a_cent_up(org, area):
    """Half an hour at 10.01 is 5.005; Decimal's default rounding (to the even cent) made the
    fee 5.00, a cent less than payroll's rounding gives."""
    expert = make_expert(org.county, areas=[area], fee_amount=Decimal("10.01"))
    expert_request = make_request(org.staff_person, areas=[area], duration_hours=Decimal("0.5"))
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    engagement = services.answer_offer(offer=offer, accept=True)
    assert engagement.fee_amount == Decimal("5.01")
    engagement.refresh_from_db()
    assert engagement.fee_amount == Decimal("5.01")


def test_second_acceptance_loses_and_changes_nothing(org, area, expert, expert_request):
    other = make_expert(org.county, areas=[area])
    first = services.make_offer(expert_request=expert_request, profile=expert)
    second = services.make_offer(expert_request=expert_request, profile=other)
    # The second expert's page was loaded before the first accepted.
    services.answer_offer(offer=first, accept=True)
    Offer.objects.filter(pk=second.pk).update(status="pending")  # as if not yet closed
    with pytest.raises(services.OfferTaken):
        services.answer_offer(offer=second, accept=True)
    second.refresh_from_db()
    assert second.status == "pending"
    assert Engagement.objects.get().profile == expert


def test_the_same_answer_twice_changes_nothing_and_is_no_error(org, area, expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    engagement = services.answer_offer(offer=offer, accept=True)
    assert services.answer_offer(offer=offer, accept=True) == engagement
    assert Engagement.objects.get() == engagement
    assert AuditEvent.objects.filter(summary="accepted").count() == 1
    with pytest.raises(ValidationError):
        services.answer_offer(offer=offer, accept=False)
    # Once the request is cancelled, accepting again is refused as taken.
    services.cancel_request(expert_request=expert_request)
    with pytest.raises(services.OfferTaken):
        services.answer_offer(offer=offer, accept=True)

    other_request = make_request(org.staff_person, areas=[area])
    declined = services.make_offer(expert_request=other_request, profile=expert)
    assert services.answer_offer(offer=declined, accept=False) is None
    assert services.answer_offer(offer=declined, accept=False) is None
    assert AuditEvent.objects.filter(summary="declined").count() == 1


def test_declining_keeps_the_request_open(expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    assert services.answer_offer(offer=offer, accept=False) is None
    offer.refresh_from_db()
    expert_request.refresh_from_db()
    assert (offer.status, expert_request.status) == ("declined", "open")
    with pytest.raises(ValidationError):
        services.answer_offer(offer=offer, accept=True)


def test_withdrawing_consent_leaves_the_bank_and_closes_offers(expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    assert services.withdraw_consent(profile=expert) == 1
    expert.refresh_from_db()
    offer.refresh_from_db()
    assert not expert.in_bank
    assert not expert.available
    assert offer.status == "closed"
    assert not ExpertProfile.objects.in_bank().exists()
    with pytest.raises(ValidationError):
        services.make_offer(expert_request=expert_request, profile=expert)


def test_cancelling_a_request_cancels_its_agreed_engagement(expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    engagement = services.answer_offer(offer=offer, accept=True)
    services.cancel_request(expert_request=expert_request)
    engagement.refresh_from_db()
    assert engagement.status == "cancelled"


def test_a_cancelled_engagement_is_not_reopened_or_paid(org, expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    engagement = services.answer_offer(offer=offer, accept=True)
    services.cancel_request(expert_request=expert_request)
    day = in_days(-1)
    Engagement.objects.filter(pk=engagement.pk).update(date=day)
    for status, with_fees in [("done", False), ("done", True), ("agreed", True)]:
        with pytest.raises(ValidationError) as error:
            services.record_engagement(
                engagement=engagement, data={"status": status}, with_fees=with_fees
            )
        assert list(error.value.message_dict) == ["status"]
    engagement.refresh_from_db()
    assert engagement.status == "cancelled"
    assert selectors.payroll_rows(county_id=org.county.pk, first=day.replace(day=1)) == []
    # The debrief and travel costs of a cancelled engagement can still be written down.
    services.record_engagement(
        engagement=engagement,
        data={"status": "cancelled", "debrief_note": "Peruttu.", "tickets_amount": Decimal(8)},
        with_fees=True,
    )
    engagement.refresh_from_db()
    assert (engagement.status, engagement.debrief_note, engagement.tickets_amount) == (
        "cancelled",
        "Peruttu.",
        Decimal("8.00"),
    )


def test_a_done_engagement_stays_editable_after_its_request_is_cancelled(expert, expert_request):
    engagement = _done_engagement(expert, expert_request)
    services.cancel_request(expert_request=expert_request)
    services.record_engagement(
        engagement=engagement, data={"status": "done", "hours": Decimal(3)}, with_fees=False
    )
    engagement.refresh_from_db()
    assert (engagement.status, engagement.hours) == ("done", Decimal("3.0"))


def test_recording_fees_needs_the_coordinators_right(expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    engagement = services.answer_offer(offer=offer, accept=True)
    with pytest.raises(ValidationError):
        services.record_engagement(engagement=engagement, data={"status": "done"}, with_fees=False)
    services.record_engagement(
        engagement=engagement,
        data={"debrief_note": "Hyvin meni.", "hours": Decimal(3), "fee_amount": Decimal(1)},
        with_fees=False,
    )
    engagement.refresh_from_db()
    assert (engagement.debrief_note, engagement.hours, engagement.fee_amount) == (
        "Hyvin meni.",
        Decimal("3.0"),
        Decimal("60.00"),
    )
    assert engagement.debriefed_at is not None
    services.record_engagement(
        engagement=engagement,
        data={"km_allowance": Decimal("12.50"), "tickets_amount": Decimal("8")},
        with_fees=True,
    )
    engagement.refresh_from_db()
    assert engagement.total_amount == Decimal("80.50")


def _done_engagement(expert, expert_request):
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    engagement = services.answer_offer(offer=offer, accept=True)
    Engagement.objects.filter(pk=engagement.pk).update(
        status="done", debrief_note="Hyvin meni.", date=in_days(-20)
    )
    return engagement


def test_retention_deletes_or_reduces_withdrawn_profiles(org, area, expert, expert_request):
    engagement = _done_engagement(expert, expert_request)
    # the message offered with the kept engagement may speak of the expert's own story
    Offer.objects.filter(profile=expert).update(message="Kertomasi toipumisesta sopisi tähän.")
    TrainingRecord.objects.create(profile=expert, course_name="Peruskurssi", trainer="Yhdistys")
    quiet = make_expert(org.county, areas=[area])
    fresh = make_expert(org.county, areas=[area])
    for profile in (expert, quiet, fresh):
        services.withdraw_consent(profile=profile)
    ExpertProfile.objects.filter(pk__in=[expert.pk, quiet.pk]).update(
        consent_withdrawn_at=timezone.now() - timedelta(days=31)
    )

    assert services.remove_withdrawn_profiles(days_after=30) == (1, 1)

    assert not ExpertProfile.objects.filter(pk=quiet.pk).exists()
    assert ExpertProfile.objects.filter(pk=fresh.pk, anonymised_at__isnull=True).exists()
    expert.refresh_from_db()
    engagement.refresh_from_db()
    assert expert.anonymised_at is not None
    assert (expert.languages, expert.availability_note, expert.agreement_reference) == ([], "", "")
    assert list(expert.areas.all()) == []
    assert not TrainingRecord.objects.exists()
    assert expert.payee_number  # bookkeeping keeps the payee reference and the amounts
    assert (engagement.fee_amount, engagement.debrief_note) == (Decimal("60.00"), "")
    assert list(Offer.objects.filter(profile=expert).values_list("status", "message")) == [
        ("accepted", "")
    ]
    assert services.remove_withdrawn_profiles(days_after=30) == (0, 0)


def test_workspace_retention_job_runs_expert_retention(org, expert):
    from kuulu.workspace.retention import run_retention

    services.withdraw_consent(profile=expert)
    ExpertProfile.objects.filter(pk=expert.pk).update(
        consent_withdrawn_at=timezone.now() - timedelta(days=400)
    )
    assert run_retention()["withdrawn expert profiles deleted"] == 1


def test_staff_from_other_county_cannot_use_foreign_areas(org, area):
    from kuulu.organisation.tests.factories import make_county, make_unit

    county = make_county()
    unit = make_unit(county, code="x")
    stranger = make_person(county, kind="staff", unit=unit)
    with pytest.raises(ValidationError) as exc:
        make_request(stranger, areas=[area], remote=True, municipality=None)
    assert "areas" in exc.value.message_dict


def test_the_database_refuses_a_second_accepted_offer(org, area, expert, expert_request):
    """The backstop when the row lock is not there (SQLite, or a write around the service):
    the partial unique index turns a second acceptance into OfferTaken, and nothing changes."""
    other = make_expert(org.county, areas=[area])
    first = services.make_offer(expert_request=expert_request, profile=expert)
    second = services.make_offer(expert_request=expert_request, profile=other)
    Offer.objects.filter(pk=first.pk).update(status="accepted")  # request still says open
    with pytest.raises(services.OfferTaken):
        services.answer_offer(offer=second, accept=True)
    second.refresh_from_db()
    expert_request.refresh_from_db()
    assert (second.status, expert_request.status) == ("pending", "open")
    assert not Engagement.objects.exists()


def test_an_offer_cannot_be_accepted_or_made_once_the_request_s_date_has_passed(
    org, area, expert, expert_request
):
    """Left alone in earlier notes: an offer answered a week late still made an engagement
    (and an expected fee) for a date already gone. Declining stays possible."""
    offer = services.make_offer(expert_request=expert_request, profile=expert)
    ExpertRequest.objects.filter(pk=expert_request.pk).update(date_from=in_days(-1))
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.answer_offer(offer=offer, accept=True)
    assert caught.value.messages == [
        "The date of this assignment has passed, so it can no longer be accepted."
    ]
    offer.refresh_from_db()
    expert_request.refresh_from_db()
    assert (offer.status, expert_request.status) == ("pending", "open")
    assert Engagement.objects.count() == 0
    assert services.answer_offer(offer=offer, accept=False) is None
    other = make_expert(org.county, areas=[area])
    with pytest.raises(ValidationError):
        services.make_offer(expert_request=expert_request, profile=other)
    # A period that has begun but not ended can still be accepted.
    period = make_request(org.staff_person, areas=[area], date_from=in_days(1), date_to=in_days(3))
    running = services.make_offer(expert_request=period, profile=expert)
    ExpertRequest.objects.filter(pk=period.pk).update(date_from=in_days(-2))
    assert services.answer_offer(offer=running, accept=True) is not None
