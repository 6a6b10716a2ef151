"""Participation channels: every way residents, customers and NGOs take part, in one directory.

Membership, consent, councils' statements and meetings are added on top of `Channel`."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Person


class Channel(TimeStampedModel):
    class Kind(models.TextChoices):
        STATUTORY_COUNCIL = "statutory_council", _("statutory council")
        CUSTOMER_PANEL = "customer_panel", _("customer panel")
        RESIDENT_PANEL = "resident_panel", _("resident panel")
        DEVELOPER_CUSTOMERS = "developer_customers", _("developer-customer group")
        EXPERT_BANK = "expert_bank", _("experience-expert bank")
        PEER_GROUP = "peer_group", _("peer group")
        INFLUENCER_NETWORK = "influencer_network", _("influencer network")
        LEARNING_NETWORK = "learning_network", _("learning network")
        RESIDENT_FORUM = "resident_forum", _("resident forum")

    class Council(models.TextChoices):
        """Which statutory council (county act): the rule of one member from each
        municipality's corresponding council applies to these."""

        NONE = "", _("not a statutory council")
        YOUTH = "youth", _("youth council")
        OLDER_PEOPLE = "older_people", _("council for older people")
        DISABILITY = "disability", _("disability council")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="channels")
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    council = models.CharField(
        _("statutory council"), max_length=16, choices=Council.choices, blank=True, default=""
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=80)
    purpose = models.TextField(_("purpose"))
    who_may_join = models.TextField(_("who may join"), blank=True)
    how_to_join = models.TextField(_("how to join"), blank=True)
    meeting_rhythm = models.CharField(_("meeting rhythm"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=160, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    accepts_applications = models.BooleanField(
        _("accepts applications through Kuulu"), default=False
    )
    is_published = models.BooleanField(_("shown on the public portal"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("participation channel")
        verbose_name_plural = _("participation channels")
        constraints = [
            models.UniqueConstraint(fields=["county", "slug"], name="channel_slug_unique"),
            models.CheckConstraint(
                condition=Q(kind="statutory_council") | Q(council=""),
                name="channel_council_only_for_statutory",
                violation_error_message=_("Only a statutory council names the council type."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """A member's role in a channel; meeting fees are set per role."""

    CHAIR = "chair", _("chair")
    VICE_CHAIR = "vice_chair", _("vice-chair")
    SECRETARY = "secretary", _("secretary")
    MEMBER = "member", _("member")
    DEPUTY = "deputy", _("deputy member")


class ChannelFee(models.Model):
    """The fee paid for attending one meeting of a channel in a role (e.g. the chair's is
    higher). A role without a row is paid nothing."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="fees")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    amount = models.DecimalField(_("fee per meeting (EUR)"), max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["channel", "role"]
        verbose_name = _("meeting fee")
        verbose_name_plural = _("meeting fees")
        constraints = [
            models.UniqueConstraint(fields=["channel", "role"], name="channel_fee_unique_role"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="channel_fee_not_negative",
                violation_error_message=_("A fee cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}: {self.get_role_display()} {self.amount}"


class Application(TimeStampedModel):
    """Someone from the public asking to join a channel. Holds the applicant's own words and
    contact details until the coordinator decides; the retention job removes it later."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("not accepted")

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="applications")
    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        "organisation.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=5, default="fi")
    motivation = models.TextField(_("why you want to join"))
    seat_wish = models.CharField(_("role or seat you apply for"), max_length=160, blank=True)
    public_listing = models.BooleanField(_("name may be shown publicly as a member"), default=False)
    consent_text = models.TextField(_("what the applicant consented to"))
    consent_given_at = models.DateTimeField(_("consent given"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rejection_reason = models.TextField(_("reason"), blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="channel_applications",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.channel}: {self.name}"


class ConsentRecord(TimeStampedModel):
    """What a member agreed to be stored and why, as the text they saw, and when they gave
    or withdrew it. Withdrawal ends their memberships and hides them from public lists."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="channel_consents")
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="consents")
    text = models.TextField(_("what is stored and why"))
    public_listing = models.BooleanField(_("name may be shown publicly"), default=False)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"{self.channel}: consent {self.pk}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: date) -> MembershipQuerySet:
        """Memberships whose term covers the day `on`."""
        return self.filter(term_start__lte=on).filter(
            Q(term_end__isnull=True) | Q(term_end__gte=on)
        )


class Membership(TimeStampedModel):
    """A person's term in a channel, in a role, optionally in a named seat and, for statutory
    councils, representing a municipality's corresponding council. Terms of the same seat may
    not overlap (checked in channels.services under a lock on the channel)."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    seat = models.CharField(
        _("seat"), max_length=80, blank=True, help_text=_('For example "Kuhmo" or "seat 3".')
    )
    represents = models.ForeignKey(
        "organisation.Municipality",
        verbose_name=_("represents the council of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_deputy_for = models.ForeignKey(
        "self",
        verbose_name=_("deputy for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputies",
    )
    application = models.ForeignKey(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["channel", "role", "person__last_name", "person__first_name", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=F("term_start")),
                name="membership_term_in_order",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.channel})"


class StatementRequest(TimeStampedModel):
    """A request for a statutory council's statement on a draft, with a deadline. The council
    advises; the decision-maker answers the statement in a public response."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("waiting for the statement")
        STATEMENT_GIVEN = "statement_given", _("statement given")
        RESPONDED = "responded", _("response given")
        WITHDRAWN = "withdrawn", _("withdrawn")

    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="statement_requests"
    )
    title = models.CharField(_("matter"), max_length=200)
    draft_text = models.TextField(_("draft or summary"), blank=True)
    draft_url = models.URLField(_("link to the draft"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requesting_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("requesting unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_on = models.DateField(_("requested on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED
    )

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("statement request")
        verbose_name_plural = _("statement requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=F("requested_on")),
                name="statement_request_deadline_after_request",
                violation_error_message=_("The deadline cannot be before the request."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Statement(TimeStampedModel):
    """The council's statement on a request. Given after the deadline it is still recorded,
    and reported as late."""

    request = models.OneToOneField(
        StatementRequest, on_delete=models.CASCADE, related_name="statement"
    )
    text = models.TextField(_("statement"))
    given_on = models.DateField(_("given on"))
    given_by = models.CharField(
        _("given by"), max_length=200, help_text=_("For example: the council at its meeting.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return f"{self.request}: statement"

    @property
    def is_late(self) -> bool:
        return self.given_on > self.request.deadline


class Response(TimeStampedModel):
    """The decision-maker's public response to a council's statement."""

    request = models.OneToOneField(
        StatementRequest, on_delete=models.CASCADE, related_name="response"
    )
    text = models.TextField(_("response"))
    responder = models.CharField(
        _("responder"), max_length=200, help_text=_("The decision-maker, e.g. the county board.")
    )
    responded_on = models.DateField(_("responded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.request}: response"


class Meeting(TimeStampedModel):
    """A meeting of a channel: when, where, the agenda and, once held, the minutes."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("starts"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    agenda = models.JSONField(_("agenda"), default=list, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # The channel's fee per role (decimal strings) when attendance was first recorded: a
    # correction months later pays what was in force then, not today's fees. None until then.
    fees = models.JSONField(_("fees in force"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.channel} {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    """Whether a member attended a meeting. The fee is the member's role's fee among the fees
    in force at the meeting (`Meeting.fees`, fixed when attendance is first recorded), so later
    fee changes do not rewrite it, even when the attendance is corrected."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        DEPUTY_ATTENDED = "deputy_attended", _("absent, deputy attended")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)
    fee = models.DecimalField(_("fee (EUR)"), max_digits=8, decimal_places=2, default=0)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "membership"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="attendance_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.membership_id} {self.status}"
