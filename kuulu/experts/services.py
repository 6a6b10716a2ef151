"""Writes for the experience-expert bank: profiles, consent and its withdrawal, requests,
offers and their answers, engagement records and retention.

Accepting an offer locks the request row, so two experts answering at once are served one at
a time; a partial unique index (one accepted offer per request) and the one-to-one engagement
are the backstop where the database cannot lock (SQLite)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.experts.models import (
    MIN_DURATION_HOURS,
    AssignmentType,
    Engagement,
    ExperienceArea,
    ExpertProfile,
    ExpertRequest,
    Language,
    Offer,
    TrainingRecord,
)
from kuulu.organisation.models import Municipality, Person

OFFER_SALT = "kuulu.experts.offer"
OFFER_LINK_MAX_AGE = timedelta(days=30)
# The error code of an offer another expert beat to it (the API answers 409).
TAKEN = "duplicate"

PROFILE_FIELDS = (
    "languages",
    "remote_ok",
    "preferred_types",
    "available",
    "unavailable_until",
    "availability_note",
    "fee_basis",
    "fee_amount",
    "payee_number",
    "agreement_signed_on",
    "agreement_valid_until",
    "agreement_reference",
    "consent_given_on",
)
# What an expert may change in their own profile; fees, agreement and payee number are the
# coordinator's.
OWN_PROFILE_FIELDS = (
    "languages",
    "remote_ok",
    "preferred_types",
    "available",
    "unavailable_until",
    "availability_note",
)


class OfferTaken(Exception):
    """Another expert accepted the request first, or it is no longer open."""


def _check_profile_values(data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    languages = data.get("languages")
    if languages is not None:
        if not languages:
            errors["languages"] = _("Choose at least one language.")
        elif set(languages) - set(Language.values):
            errors["languages"] = _("Choose languages from the list.")
    types = data.get("preferred_types")
    if types is not None and set(types) - set(AssignmentType.values):
        errors["preferred_types"] = _("Choose assignment types from the list.")
    signed, until = data.get("agreement_signed_on"), data.get("agreement_valid_until")
    if signed and until and until < signed:
        errors["agreement_valid_until"] = _("The agreement cannot end before it was signed.")
    if errors:
        raise ValidationError(errors)


def _set_relations(
    profile: ExpertProfile,
    areas: list[ExperienceArea] | None,
    municipalities: list[Municipality] | None,
) -> None:
    if areas is not None:
        if any(a.county_id != profile.county_id for a in areas):
            raise ValidationError({"areas": _("Choose experience areas of this county.")})
        profile.areas.set(areas)
    if municipalities is not None:
        if any(m.county_id != profile.county_id for m in municipalities):
            raise ValidationError({"municipalities": _("Choose municipalities of this county.")})
        profile.municipalities.set(municipalities)


@transaction.atomic
def create_profile(
    *,
    person: Person,
    data: dict[str, Any],
    areas: list[ExperienceArea],
    municipalities: list[Municipality],
    actor: Any = None,
    request: Any = None,
) -> ExpertProfile:
    if person.kind != Person.Kind.EXPERIENCE_EXPERT:
        raise ValidationError({"person": _("Only an experience expert can have a profile.")})
    if ExpertProfile.objects.filter(person=person).exists():
        raise ValidationError({"person": _("This person already has a profile.")}, code="duplicate")
    values = {k: v for k, v in data.items() if k in PROFILE_FIELDS}
    _check_profile_values(values)
    if not values.get("consent_given_on"):
        raise ValidationError(
            {"consent_given_on": _("Record when the expert consented to keeping the profile.")}
        )
    try:
        with transaction.atomic():
            profile = ExpertProfile.objects.create(
                county_id=person.county_id, person=person, **values
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"person": _("This person already has a profile.")}, code="duplicate"
        ) from exc
    _set_relations(profile, areas, municipalities)
    record_event(action="create", obj=profile, actor=actor, request=request)
    return profile


@transaction.atomic
def update_profile(
    *,
    profile: ExpertProfile,
    data: dict[str, Any],
    areas: list[ExperienceArea] | None = None,
    municipalities: list[Municipality] | None = None,
    own: bool = False,
    actor: Any = None,
    request: Any = None,
) -> ExpertProfile:
    """Change a profile; with `own`, only the fields an expert may change themself."""
    allowed = OWN_PROFILE_FIELDS if own else PROFILE_FIELDS
    values = {k: v for k, v in data.items() if k in allowed}
    _check_profile_values(values)
    profile = ExpertProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.anonymised_at is not None:
        raise ValidationError(_("This profile has been removed."))
    changed = [k for k, v in values.items() if getattr(profile, k) != v]
    for key, value in values.items():
        setattr(profile, key, value)
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
    if areas is not None and set(profile.areas.all()) != set(areas):
        changed.append("areas")
    if municipalities is not None and set(profile.municipalities.all()) != set(municipalities):
        changed.append("municipalities")
    _set_relations(profile, areas, municipalities)
    record_event(
        action="update",
        obj=profile,
        actor=actor,
        request=request,
        changed_fields=changed,
        summary="own profile changed" if own else "",
    )
    return profile


@transaction.atomic
def add_training(
    *,
    profile: ExpertProfile,
    course_name: str,
    ngo: Any = None,
    trainer: str = "",
    completed_on: date | None = None,
    actor: Any = None,
    request: Any = None,
) -> TrainingRecord:
    course_name = " ".join(course_name.split())
    if not course_name:
        raise ValidationError({"course_name": _("Name the course.")})
    if ngo is None and not trainer.strip():
        raise ValidationError(
            {"trainer": _("Name who trained the expert: an NGO or another trainer.")}
        )
    if ngo is not None and ngo.county_id != profile.county_id:
        raise ValidationError({"ngo": _("Choose an NGO of this county.")})
    # The same form sent twice (a double click) records the training once; the profile's row
    # serialises two copies arriving at once.
    ExpertProfile.objects.select_for_update().filter(pk=profile.pk).values_list("pk").first()
    same = TrainingRecord.objects.filter(
        profile=profile,
        course_name=course_name,
        ngo=ngo,
        trainer=trainer.strip(),
        completed_on=completed_on,
    ).first()
    if same is not None:
        return same
    record = TrainingRecord.objects.create(
        profile=profile,
        course_name=course_name,
        ngo=ngo,
        trainer=trainer.strip(),
        completed_on=completed_on,
    )
    record_event(action="create", obj=record, actor=actor, request=request)
    return record


@transaction.atomic
def withdraw_consent(*, profile: ExpertProfile, actor: Any = None, request: Any = None) -> int:
    """The expert no longer consents to keeping their profile: it leaves the bank now, open
    offers to them are closed, and retention deletes it later. Returns offers closed."""
    profile = ExpertProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.consent_withdrawn_at is not None:
        return 0
    profile.consent_withdrawn_at = timezone.now()
    profile.available = False
    profile.save(update_fields=["consent_withdrawn_at", "available", "updated_at"])
    closed = Offer.objects.filter(profile=profile, status=Offer.Status.PENDING).update(
        status=Offer.Status.CLOSED, answered_at=timezone.now()
    )
    record_event(
        action="update",
        obj=profile,
        actor=actor,
        request=request,
        summary="consent withdrawn",
        changed_fields=["consent_withdrawn_at"],
    )
    return closed


def create_request(
    *,
    requested_by: Person,
    data: dict[str, Any],
    areas: list[ExperienceArea],
    actor: Any = None,
    request: Any = None,
) -> ExpertRequest:
    errors: dict[str, str] = {}
    if requested_by.kind != Person.Kind.STAFF:
        raise ValidationError(_("Only staff members can request an experience expert."))
    if not areas:
        errors["areas"] = _("Choose at least one experience area.")
    elif any(a.county_id != requested_by.county_id for a in areas):
        errors["areas"] = _("Choose experience areas of this county.")
    date_from, date_to = data.get("date_from"), data.get("date_to")
    if date_from and date_from < timezone.localdate():
        errors["date_from"] = _("The date cannot be in the past.")
    if date_from and date_to and date_to < date_from:
        errors["date_to"] = _("The last date cannot be before the first.")
    # The web form's fields refuse other years already (core.forms); the API's come here.
    for field in ("date_from", "date_to"):
        if not year_in_range(data.get(field)):
            errors[field] = year_out_of_range_message()
    remote, municipality = data.get("remote"), data.get("municipality")
    if not remote and municipality is None:
        errors["municipality"] = _("Choose the municipality, or mark the assignment remote.")
    if municipality is not None and municipality.county_id != requested_by.county_id:
        errors["municipality"] = _("Choose a municipality of this county.")
    if not " ".join(str(data.get("need", "")).split()):
        errors["need"] = _("Describe what the expert is needed for.")
    duration = data.get("duration_hours")
    if duration is None or Decimal(duration) < MIN_DURATION_HOURS:
        errors["duration_hours"] = _("The duration must be at least %(hours)s hours.") % {
            "hours": number_format(MIN_DURATION_HOURS)
        }
    if errors:
        raise ValidationError(errors)
    fields = {
        "need",
        "date_from",
        "date_to",
        "time_note",
        "type",
        "remote",
        "municipality",
        "place",
        "language",
        "duration_hours",
        "cost_centre",
    }
    with transaction.atomic():
        expert_request = ExpertRequest.objects.create(
            county_id=requested_by.county_id,
            requested_by=requested_by,
            unit_id=requested_by.unit_id,
            **{k: v for k, v in data.items() if k in fields},
        )
        expert_request.areas.set(areas)
        record_event(action="create", obj=expert_request, actor=actor, request=request)
    return expert_request


@transaction.atomic
def cancel_request(
    *, expert_request: ExpertRequest, actor: Any = None, request: Any = None
) -> ExpertRequest:
    expert_request = ExpertRequest.objects.select_for_update().get(pk=expert_request.pk)
    if expert_request.status == ExpertRequest.Status.CANCELLED:
        return expert_request
    expert_request.status = ExpertRequest.Status.CANCELLED
    expert_request.save(update_fields=["status", "updated_at"])
    now = timezone.now()
    expert_request.offers.filter(status=Offer.Status.PENDING).update(
        status=Offer.Status.CLOSED, answered_at=now
    )
    Engagement.objects.filter(request=expert_request, status=Engagement.Status.AGREED).update(
        status=Engagement.Status.CANCELLED, updated_at=now
    )
    record_event(
        action="update",
        obj=expert_request,
        actor=actor,
        request=request,
        summary="request cancelled",
        changed_fields=["status"],
    )
    return expert_request


def _notify_offer(offer: Offer) -> None:
    from kuulu.experts.tasks import send_offer_email

    transaction.on_commit(partial(send_offer_email.enqueue, offer_id=offer.pk))


def _notify_requester(engagement: Engagement) -> None:
    from kuulu.experts.tasks import send_engagement_email

    transaction.on_commit(partial(send_engagement_email.enqueue, engagement_id=engagement.pk))


@transaction.atomic
def make_offer(
    *,
    expert_request: ExpertRequest,
    profile: ExpertProfile,
    message: str = "",
    actor: Any = None,
    request: Any = None,
) -> Offer:
    """Offer the request to one expert; they get an email with a link to answer."""
    expert_request = ExpertRequest.objects.select_for_update().get(pk=expert_request.pk)
    if expert_request.status != ExpertRequest.Status.OPEN:
        raise ValidationError(_("The request is no longer open."))
    if profile.county_id != expert_request.county_id or not profile.in_bank:
        raise ValidationError(_("This expert is not in the bank."))
    if not profile.agreement_valid_on(expert_request.date_from):
        raise ValidationError(
            _("The expert has no written agreement in force on the date of the request.")
        )
    if _is_past(expert_request):
        raise ValidationError(_("The date of this request has passed."))
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                request=expert_request,
                profile=profile,
                offered_by=actor if getattr(actor, "is_authenticated", False) else None,
                message=message.strip(),
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("This request has already been offered to this expert."), code="duplicate"
        ) from exc
    record_event(action="create", obj=offer, actor=actor, request=request)
    _notify_offer(offer)
    return offer


def _is_past(expert_request: ExpertRequest) -> bool:
    """Whether the request's last day (its only day, or a period's end) is before today."""
    last_day = expert_request.date_to or expert_request.date_from
    return last_day < timezone.localdate()


@transaction.atomic
def answer_offer(
    *, offer: Offer, accept: bool, actor: Any = None, request: Any = None
) -> Engagement | None:
    """The expert's answer. Accepting creates the engagement; when another expert has already
    accepted (or the request closed), raises OfferTaken and changes nothing. The same answer
    again (a double tap, or the email's link opened twice) changes nothing and is no error:
    accepting again returns the engagement the first acceptance made."""
    # The request row is the lock: answers to offers of one request happen one at a time.
    expert_request = ExpertRequest.objects.select_for_update().get(pk=offer.request_id)
    offer = Offer.objects.select_related("profile").get(pk=offer.pk)
    if accept and offer.status == Offer.Status.ACCEPTED:
        engagement = (
            Engagement.objects.filter(offer=offer)
            .exclude(status=Engagement.Status.CANCELLED)
            .first()
        )
        if engagement is not None and expert_request.status == ExpertRequest.Status.FILLED:
            return engagement
    if not accept and offer.status == Offer.Status.DECLINED:
        return None
    if offer.status != Offer.Status.PENDING:
        if offer.status == Offer.Status.CLOSED or (
            accept and expert_request.status != ExpertRequest.Status.OPEN
        ):
            raise OfferTaken
        raise ValidationError(_("You have already answered this offer."))
    now = timezone.now()
    if not accept:
        offer.status = Offer.Status.DECLINED
        offer.answered_at = now
        offer.save(update_fields=["status", "answered_at", "updated_at"])
        record_event(action="update", obj=offer, actor=actor, request=request, summary="declined")
        return None
    if expert_request.status != ExpertRequest.Status.OPEN or not offer.profile.in_bank:
        raise OfferTaken
    if _is_past(expert_request):
        raise ValidationError(
            _("The date of this assignment has passed, so it can no longer be accepted.")
        )
    try:
        with transaction.atomic():
            offer.status = Offer.Status.ACCEPTED
            offer.answered_at = now
            offer.save(update_fields=["status", "answered_at", "updated_at"])
            engagement = Engagement.objects.create(
                request=expert_request,
                offer=offer,
                profile=offer.profile,
                date=expert_request.date_from,
                type=expert_request.type,
                hours=expert_request.duration_hours,
                fee_basis=offer.profile.fee_basis,
                fee_amount=_expected_fee(offer.profile, expert_request.duration_hours),
            )
    except IntegrityError as exc:
        raise OfferTaken from exc
    expert_request.status = ExpertRequest.Status.FILLED
    expert_request.save(update_fields=["status", "updated_at"])
    expert_request.offers.filter(status=Offer.Status.PENDING).update(
        status=Offer.Status.CLOSED, answered_at=now
    )
    record_event(action="update", obj=offer, actor=actor, request=request, summary="accepted")
    record_event(action="create", obj=engagement, actor=actor, request=request)
    _notify_requester(engagement)
    return engagement


def _expected_fee(profile: ExpertProfile, hours: Decimal | None) -> Decimal:
    if profile.fee_basis == "hourly":
        # Half a cent rounds up, as in payroll; Decimal's default (to the even cent) paid
        # 5.00 for half an hour at 10.01.
        return (profile.fee_amount * (hours or Decimal(0))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    if profile.fee_basis == "per_assignment":
        return profile.fee_amount
    return Decimal(0)


DEBRIEF_FIELDS = ("debrief_note", "hours", "status")
FEE_FIELDS = (
    "fee_basis",
    "fee_amount",
    "travel_km",
    "km_allowance",
    "tickets_amount",
    "per_diem_amount",
)


@transaction.atomic
def record_engagement(
    *,
    engagement: Engagement,
    data: dict[str, Any],
    with_fees: bool,
    actor: Any = None,
    request: Any = None,
) -> Engagement:
    """The debrief, hours and status (professional or coordinator); fees and travel claims
    (coordinator, `with_fees`). A cancelled engagement stays cancelled: only done ones are
    paid, and a cancelled assignment was not done."""
    allowed = DEBRIEF_FIELDS + (FEE_FIELDS if with_fees else ())
    values = {k: v for k, v in data.items() if k in allowed}
    # The request first, as cancel_request locks it, so a cancellation and a debrief that
    # marks the engagement done happen one after the other.
    expert_request = ExpertRequest.objects.select_for_update().get(pk=engagement.request_id)
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    cancelled = (
        engagement.status == Engagement.Status.CANCELLED
        or expert_request.status == ExpertRequest.Status.CANCELLED
    )
    status = values.get("status", engagement.status)
    if cancelled and status not in (engagement.status, Engagement.Status.CANCELLED):
        raise ValidationError(
            {
                "status": _(
                    "This engagement was cancelled, so it cannot be agreed or done again. "
                    "If the assignment is needed after all, make a new request."
                )
            }
        )
    if values.get("status") == Engagement.Status.DONE and engagement.date > timezone.localdate():
        raise ValidationError({"status": _("An engagement in the future cannot be done yet.")})
    changed = [k for k, v in values.items() if getattr(engagement, k) != v]
    for key, value in values.items():
        setattr(engagement, key, value)
    if "debrief_note" in changed and engagement.debrief_note.strip():
        engagement.debriefed_at = timezone.now()
        changed.append("debriefed_at")
    if changed:
        engagement.save(update_fields=[*changed, "updated_at"])
    record_event(
        action="update", obj=engagement, actor=actor, request=request, changed_fields=changed
    )
    return engagement


def offer_token(offer: Offer) -> str:
    return signing.dumps({"o": offer.pk, "p": offer.profile_id}, salt=OFFER_SALT, compress=True)


def offer_from_token(token: str) -> Offer | None:
    try:
        data = signing.loads(token, salt=OFFER_SALT, max_age=OFFER_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Offer.objects.select_related("request__municipality", "profile")
        .filter(pk=data.get("o"), profile_id=data.get("p"), profile__anonymised_at__isnull=True)
        .first()
    )


def remove_withdrawn_profiles(*, days_after: int) -> tuple[int, int]:
    """Retention: profiles whose consent was withdrawn `days_after` days ago or earlier are
    deleted; where engagements must stay for bookkeeping, the profile is reduced to what the
    bookkeeping needs (the person and the payee number) and everything else is cleared.
    Returns (deleted, anonymised)."""
    cutoff = timezone.now() - timedelta(days=days_after)
    due = ExpertProfile.objects.filter(consent_withdrawn_at__lt=cutoff, anonymised_at__isnull=True)
    deleted = anonymised = 0
    for profile in due.only("pk"):
        with transaction.atomic():
            if not Engagement.objects.filter(profile=profile).exists():
                Offer.objects.filter(profile=profile).delete()
                profile.delete()
                deleted += 1
                continue
            Offer.objects.filter(profile=profile).exclude(status=Offer.Status.ACCEPTED).delete()
            Offer.objects.filter(profile=profile).update(message="")
            TrainingRecord.objects.filter(profile=profile).delete()
            profile.areas.clear()
            profile.municipalities.clear()
            ExpertProfile.objects.filter(pk=profile.pk).update(
                languages=[],
                preferred_types=[],
                remote_ok=False,
                available=False,
                unavailable_until=None,
                availability_note="",
                agreement_reference="",
                anonymised_at=timezone.now(),
            )
            Engagement.objects.filter(profile=profile).update(debrief_note="")
            anonymised += 1
    return deleted, anonymised
