"""Participation channels: every way residents, customers and NGOs take part, in one directory.

Membership, consent, councils' statements and meetings are added on top of `Channel`."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County


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
