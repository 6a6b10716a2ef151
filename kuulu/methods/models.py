"""The methods bank: method cards shared between counties, the method-expert pool, support
requests from units and the follow-up of each use of a method by a unit."""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Municipality, Person, Unit


class Perspective(models.TextChoices):
    """The four perspectives of participation (the same codes as kuulu.indicators)."""

    INFORMATION = "information", _("Information and transactions")
    SERVICE = "service", _("The service situation")
    DEVELOPMENT = "development", _("Development")
    STRATEGY = "strategy", _("Strategy")


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    CHILDREN = "children", _("Children and young people")
    OLDER = "older", _("Older people")
    SUPPORT = "support", _("People who need support in taking part")
    CUSTOMERS = "customers", _("Customers of a service")
    STAFF = "staff", _("Staff")
    NGOS = "ngos", _("Associations")


class Effort(models.TextChoices):
    LIGHT = "light", _("Light")
    MEDIUM = "medium", _("Medium")
    HEAVY = "heavy", _("Heavy")


class Cost(models.TextChoices):
    NONE = "none", _("No costs")
    LOW = "low", _("Low (under 500 €)")
    MEDIUM = "medium", _("Medium (500 to 5,000 €)")
    HIGH = "high", _("High (over 5,000 €)")


class Tool(models.TextChoices):
    NONE = "", _("No Kuulu tool")
    PANELS = "panels", _("Resident panels")
    DELIBERATION = "deliberation", _("Polis conversations")
    SURVEYS = "surveys", _("Surveys")
    BUDGETING = "budgeting", _("Participatory budgeting")
    FEEDBACK = "feedback", _("Feedback")
    DIALOGUES = "dialogues", _("Erätauko dialogues")
    ASSESSMENTS = "assessments", _("Impact assessments")


# Where each tool lives: plain paths (some apps are built alongside this one, so no URL names).
TOOL_PATHS = {
    Tool.PANELS: "/panels/",
    Tool.DELIBERATION: "/conversations/",
    Tool.SURVEYS: "/surveys/manage/",
    Tool.BUDGETING: "/budgeting/",
    Tool.FEEDBACK: "/feedback/",
    Tool.DIALOGUES: "/assessments/",
    Tool.ASSESSMENTS: "/assessments/",
}


class MethodCard(TimeStampedModel):
    """A participation method described so that a unit manager can pick it, plan it and run it.

    Cards travel between counties in the exchange format (kuulu/methods/exchange.py): `uid` is the
    card's identity everywhere, `source_county` and `licence` its provenance, and `imported_hash`
    the content as last imported, so that a local edit is never overwritten silently."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="method_cards")
    uid = models.UUIDField(_("identifier"), default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("short name"), max_length=80)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    name = models.CharField(_("name"), max_length=160)
    summary = models.TextField(_("summary"))
    when_to_use = models.TextField(_("when to use it"), blank=True)
    when_not_to_use = models.TextField(_("when not to use it"), blank=True)
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    materials = models.TextField(
        _("materials"),
        blank=True,
        help_text=_("One per line: a title, or a title and a link separated by a | sign."),
    )
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    duration = models.CharField(_("duration"), max_length=120, blank=True)
    # Comma-framed codes (",children,older,") so that one indexed LIKE filters on any database.
    perspectives = models.CharField(_("perspectives"), max_length=120, blank=True, default="")
    audiences = models.CharField(_("who it reaches"), max_length=200, blank=True, default="")
    effort = models.CharField(_("effort"), max_length=10, choices=Effort.choices)
    cost = models.CharField(_("cost"), max_length=10, choices=Cost.choices)
    tool = models.CharField(
        _("Kuulu tool"), max_length=20, choices=Tool.choices, blank=True, default=""
    )
    source_county = models.CharField(_("written by"), max_length=160, blank=True)
    licence = models.CharField(_("licence"), max_length=40, default="CC-BY-4.0")
    imported_hash = models.CharField(max_length=64, blank=True, editable=False)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "uid"], name="methods_card_uid_per_county"),
            models.UniqueConstraint(fields=["county", "slug"], name="methods_card_slug_per_county"),
        ]
        indexes = [models.Index(fields=["county", "status", "effort", "cost"])]

    def __str__(self) -> str:
        return self.name

    @property
    def perspective_list(self) -> list[str]:
        return [p for p in self.perspectives.split(",") if p]

    @property
    def audience_list(self) -> list[str]:
        return [a for a in self.audiences.split(",") if a]

    def perspective_labels(self) -> list[str]:
        labels = dict(Perspective.choices)
        return [str(labels.get(p, p)) for p in self.perspective_list]

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(a, a)) for a in self.audience_list]

    @property
    def tool_path(self) -> str:
        return TOOL_PATHS.get(self.tool, "")

    def step_list(self) -> list[str]:
        return [s.strip() for s in (self.steps or "").splitlines() if s.strip()]

    def material_list(self) -> list[tuple[str, str]]:
        items = []
        for line in (self.materials or "").splitlines():
            title, _sep, link = line.partition("|")
            link = link.strip()
            # Cards come from other counties too: only web links and paths of this site are links.
            if not (link.startswith(("https://", "http://")) or re.match(r"^/(?!/)", link)):
                link = ""
            if title.strip():
                items.append((title.strip(), link))
        return items


class MethodExpert(TimeStampedModel):
    """A member of staff in the method-expert pool ("osallisuuden osaajapankki")."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="method_experts")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="method_expert")
    languages = models.CharField(_("languages"), max_length=40, default=",fi,")
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="method_experts", verbose_name=_("municipalities")
    )
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]

    def __str__(self) -> str:
        return f"{self.person.first_name} {self.person.last_name}"

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class ExpertMethod(models.Model):
    """One method an expert can plan or facilitate: trained when and by whom."""

    expert = models.ForeignKey(MethodExpert, on_delete=models.CASCADE, related_name="skills")
    method = models.ForeignKey(MethodCard, on_delete=models.CASCADE, related_name="skills")
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    trained_by = models.CharField(_("trained by"), max_length=160, blank=True)
    earlier_uses = models.PositiveIntegerField(_("times used before Kuulu"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expert", "method"], name="methods_skill_once")
        ]

    def __str__(self) -> str:
        return f"{self.expert} / {self.method}"


class SupportRequest(TimeStampedModel):
    """A unit asks for a method expert's help in planning or running a method."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ASSIGNED = "assigned", _("Expert assigned")
        DONE = "done", _("Support given")
        CANCELLED = "cancelled", _("Cancelled")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="method_supports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="method_supports")
    method = models.ForeignKey(MethodCard, on_delete=models.PROTECT, related_name="supports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    need = models.TextField(_("what help is needed"))
    language = models.CharField(_("language"), max_length=2, default="fi")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    wanted_by = models.DateField(_("wanted by"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    expert = models.ForeignKey(
        MethodExpert, on_delete=models.PROTECT, null=True, blank=True, related_name="supports"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    support_given = models.TextField(_("support given"), blank=True)

    class Meta:
        ordering = ["-created_at"]


class MethodUse(TimeStampedModel):
    """One use of a method by a unit: what, when, with whom, how many took part, what came of it."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="method_uses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="method_uses")
    method = models.ForeignKey(MethodCard, on_delete=models.PROTECT, related_name="uses")
    used_on = models.DateField(_("date"))
    with_whom = models.CharField(_("with whom"), max_length=300)
    participants = models.PositiveIntegerField(_("number of participants"))
    result = models.TextField(_("what came of it"), blank=True)
    expert = models.ForeignKey(
        MethodExpert, on_delete=models.SET_NULL, null=True, blank=True, related_name="uses"
    )
    support = models.ForeignKey(
        SupportRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="uses"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-used_on", "-pk"]
        indexes = [
            models.Index(fields=["county", "used_on"], name="methods_use_county_date"),
        ]
