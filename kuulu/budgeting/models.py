"""Participatory budgeting: residents propose ideas, staff and proposers turn them into costed
plans, residents vote on the plans online or on paper at service points, the votes are counted
by a fair rule and the funded plans are followed until they are built.

No personal identity code, voting code or email address is stored with a ballot: only a keyed
hash (`voter_key`), which makes "one ballot per person per budget" a database constraint.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kuulu.core.models import TimeStampedModel
from kuulu.identity.ballots import PersonKeyField, one_per_person_constraint
from kuulu.identity.requirements import identification_field
from kuulu.organisation.models import County, Municipality, Unit


class Process(TimeStampedModel):
    """One participatory budgeting round ("Kainuu budget 2026"): its phases, budgets, rules for
    identifying voters and for paper ballots, and the counting rule."""

    class VoterCheck(models.TextChoices):
        STRONG = "strong", _("strong identification (Suomi.fi)")
        CODE = "code", _("one-time voting code (printed or mailed)")
        EMAIL = "email", _("email address and a code sent to it")

    class DuplicateRule(models.TextChoices):
        FIRST_COUNTS = "first_counts", _("the first vote counts")
        ONLINE_OVERRIDES = "online_overrides", _("an online vote overrides a paper ballot")

    class Rule(models.TextChoices):
        EQUAL_SHARES = "equal-shares", _("Method of Equal Shares")
        GREEDY = "greedy", _("greedy by votes")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="pb_processes")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    voter_check = models.CharField(
        _("how voters are identified"),
        max_length=10,
        choices=VoterCheck.choices,
        default=VoterCheck.STRONG,
    )
    identification = identification_field(
        _("strong identification level"),
        help_text=_("Used when voters identify strongly."),
    )
    duplicate_rule = models.CharField(
        _("when a person votes both online and on paper"),
        max_length=20,
        choices=DuplicateRule.choices,
        default=DuplicateRule.ONLINE_OVERRIDES,
    )
    double_entry = models.BooleanField(
        _("paper ballots are entered twice"),
        default=False,
        help_text=_("Two people enter every paper ballot; differences are reviewed."),
    )
    rule = models.CharField(
        _("counting rule"), max_length=20, choices=Rule.choices, default=Rule.EQUAL_SHARES
    )
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("participatory budgeting process")
        verbose_name_plural = _("participatory budgeting processes")

    def __str__(self) -> str:
        return self.title


class Phase(models.Model):
    """A stage of a process with its dates, a public explanation and what residents can do."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        PROPOSALS = "proposals", _("Proposals")
        REVIEW = "review", _("Review")
        CODEVELOPMENT = "codevelopment", _("Co-development")
        VOTING = "voting", _("Voting")
        RESULTS = "results", _("Results")
        IMPLEMENTATION = "implementation", _("Implementation")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    explanation = models.TextField(_("what happens in this phase"), blank=True)
    what_you_can_do = models.TextField(_("what residents can do"), blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="budgeting_phase_unique"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="budgeting_phase_ends_after_start",
                violation_error_message=_("A phase must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def is_current(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at


class Budget(TimeStampedModel):
    """Money to share in one process: county-wide or for one municipality, with its ballot type
    and who may vote."""

    class VoteType(models.TextChoices):
        APPROVAL = "approval", _("choose plans up to the budget")
        CHOOSE = "choose", _("choose at most N plans")
        CUMULATIVE = "cumulative", _("share points between plans")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="budgets")
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: the whole county."),
    )
    amount = models.PositiveIntegerField(_("amount (euros)"))
    vote_type = models.CharField(
        _("ballot type"), max_length=12, choices=VoteType.choices, default=VoteType.APPROVAL
    )
    max_picks = models.PositiveSmallIntegerField(
        _("most plans a voter may choose"), null=True, blank=True
    )
    points = models.PositiveSmallIntegerField(_("points per voter"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=12)
    residents_only = models.BooleanField(
        _("residents of the area only"),
        default=True,
        help_text=_("Only people living in the budget's municipality (or the county) may vote."),
    )
    published_result = models.OneToOneField(
        "CountRun",
        verbose_name=_("published result"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["process", "municipality__name", "id"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.CheckConstraint(
                condition=~Q(vote_type="choose") | Q(max_picks__gte=1),
                name="budgeting_budget_choose_has_n",
                violation_error_message=_("Give the number of plans a voter may choose."),
            ),
            models.CheckConstraint(
                condition=~Q(vote_type="cumulative") | Q(points__gte=1),
                name="budgeting_budget_cumulative_has_points",
                violation_error_message=_("Give the number of points a voter may share."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Proposal(TimeStampedModel):
    """An idea a resident puts forward; staff review it, and it may become part of a plan."""

    class TargetGroup(models.TextChoices):
        EVERYONE = "everyone", _("everyone")
        CHILDREN = "children", _("children")
        YOUNG = "young", _("young people")
        FAMILIES = "families", _("families with children")
        OLDER = "older", _("older people")
        DISABLED = "disabled", _("people with disabilities")

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("waiting for email confirmation")
        SUBMITTED = "submitted", _("submitted")
        IN_REVIEW = "in_review", _("in review")
        ACCEPTED = "accepted", _("goes on to co-development")
        REJECTED = "rejected", _("not taken forward")
        MERGED = "merged", _("merged with another proposal")

    class Assessment(models.TextChoices):
        UNKNOWN = "", _("not assessed")
        YES = "yes", _("yes")
        NO = "no", _("no")

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=4000)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty: the whole county."),
    )
    target_group = models.CharField(
        _("for whom"), max_length=12, choices=TargetGroup.choices, default=TargetGroup.EVERYONE
    )
    rough_cost = models.PositiveIntegerField(_("rough cost (euros)"), null=True, blank=True)
    image = models.ImageField(_("image"), upload_to="budgeting/proposals/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_email = models.EmailField(_("email"), blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=5, default="fi")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    feasibility = models.CharField(
        _("feasible"), max_length=3, choices=Assessment.choices, blank=True
    )
    legality = models.CharField(
        _("within the county's remit and the law"),
        max_length=3,
        choices=Assessment.choices,
        blank=True,
    )
    cost_estimate = models.PositiveIntegerField(
        _("staff cost estimate (euros)"), null=True, blank=True
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    public_reason = models.TextField(_("public reason"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    support_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(public_reason=""),
                name="budgeting_proposal_rejection_has_reason",
                violation_error_message=_("A rejected proposal needs a public reason."),
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="budgeting_proposal_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return not self.is_hidden and self.status != self.Status.UNVERIFIED


class ProposalEvent(models.Model):
    """The proposal's public history: submitted, reviewed, merged, accepted, rejected."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    other = models.ForeignKey(
        Proposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.kind


class ProposalComment(models.Model):
    """A comment on a proposal before voting; moderators may hide it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("comment"), max_length=2000)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"comment:{self.pk}"


class ProposalSupport(models.Model):
    """A signed-in resident's support for a proposal: one per person and proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="budgeting_support_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"support:{self.pk}"


class Plan(TimeStampedModel):
    """A costed plan on a budget's ballot, made from one or more proposals; when funded, the
    county follows it until it is built."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        PLANNING = "planning", _("being planned")
        IN_PROGRESS = "in_progress", _("being built")
        DONE = "done", _("done")
        CANCELLED = "cancelled", pgettext_lazy("plan status", "cancelled")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    plain_description = models.TextField(
        _("plain-language description"),
        blank=True,
        help_text=_("Short sentences for young voters and easy reading."),
    )
    cost = models.PositiveIntegerField(_("cost (euros)"))
    ideas = models.ManyToManyField(Proposal, verbose_name=_("from proposals"), blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("implementation status"),
        max_length=12,
        choices=Status.choices,
        default=Status.NOT_STARTED,
    )
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)

    class Meta:
        ordering = ["budget", "title", "id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="budgeting_plan_progress_max_100"
            ),
            models.CheckConstraint(condition=Q(cost__gte=1), name="budgeting_plan_has_cost"),
        ]

    def __str__(self) -> str:
        return self.title


class PlanUpdate(models.Model):
    """A public note on how a funded plan is progressing, optionally with a photo."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("update"))
    photo = models.ImageField(_("photo"), upload_to="budgeting/updates/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"plan-update:{self.pk}"


class VotingCode(models.Model):
    """A one-time voting code printed or mailed to a resident. Only its keyed hash is kept;
    the code exists in the letter alone. Used once (a conditional UPDATE of `used_at`)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    municipality_code = models.CharField(max_length=3, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")

    def __str__(self) -> str:
        return f"code:{self.pk}"


class EmailCode(models.Model):
    """A short code sent to an email address to let its owner vote ("email plus code"). Keeps
    keyed hashes of the address and the code; expires and is used once."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    email_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"email-code:{self.pk}"


class Ballot(models.Model):
    """One person's online ballot on one budget. `voter_key` is a keyed hash of the voter's
    identity (person key, voting code or email); the unique constraint makes a second ballot
    impossible, and saving again replaces the choices until voting closes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("saved, not submitted")
        SUBMITTED = "submitted", _("submitted")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="ballots")
    voter_key = PersonKeyField(verbose_name=_("voter key"))
    voter_check = models.CharField(max_length=10, choices=Process.VoterCheck.choices)
    # {plan id (text): points}; approval and pick-N ballots give 1 to each chosen plan.
    choices = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What turnout is reported by; never an identity.
    age_band = models.CharField(max_length=8, blank=True)
    municipality_code = models.CharField(max_length=3, blank=True)
    language = models.CharField(max_length=5, blank=True)
    receipt = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            one_per_person_constraint(
                "budget", name="budgeting_ballot_one_per_person", field="voter_key"
            ),
            models.CheckConstraint(
                condition=Q(voter_key__isnull=False), name="budgeting_ballot_has_voter_key"
            ),
        ]

    def __str__(self) -> str:
        return f"ballot:{self.pk}"


class PaperBallot(models.Model):
    """A paper ballot from a service point (booth), entered by staff. With double entry a
    second person enters the same sheet; a difference waits for review. A person who also voted
    online or on another sheet is flagged by the process's duplicate rule, never counted twice."""

    class Status(models.TextChoices):
        AWAITING_SECOND = "awaiting_second", _("waiting for the second entry")
        MISMATCH = "mismatch", _("entries differ: review")
        ACCEPTED = "accepted", _("accepted")
        DUPLICATE = "duplicate", _("not counted: the person voted already")
        SUPERSEDED = "superseded", _("not counted: replaced by the person's online vote")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="paper_ballots")
    booth = models.ForeignKey(
        Unit, verbose_name=_("service point"), on_delete=models.PROTECT, related_name="+"
    )
    sheet = models.CharField(_("sheet number"), max_length=20)
    voter_key = models.CharField(max_length=64, db_index=True, editable=False)
    choices = models.JSONField(default=dict)
    second_choices = models.JSONField(null=True, blank=True)
    second_voter_key = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices)
    age_band = models.CharField(max_length=8, blank=True)
    municipality_code = models.CharField(max_length=3, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    second_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["booth", "entered_at", "id"]
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "booth", "sheet"],
                name="budgeting_paper_sheet_unique",
                violation_error_message=_("This sheet number has already been entered."),
            ),
        ]

    def __str__(self) -> str:
        return f"paper:{self.pk}"


class CountRun(models.Model):
    """One count of a budget's ballots. Written whole in one transaction; the budget points at
    the published one, so a count that fails midway leaves the published result untouched."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="count_runs")
    rule = models.CharField(max_length=20, choices=Process.Rule.choices)
    ballots_counted = models.PositiveIntegerField(default=0)
    paper_counted = models.PositiveIntegerField(default=0)
    selected = models.JSONField(default=list)
    cost = models.PositiveIntegerField(default=0)
    rounds = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"count:{self.pk}"


class PlanResult(models.Model):
    """One plan's line in a count: votes (or points), cost, funded or not and why."""

    run = models.ForeignKey(CountRun, on_delete=models.CASCADE, related_name="lines")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="results")
    votes = models.PositiveIntegerField()
    score = models.FloatField(default=0)
    cost = models.PositiveIntegerField()
    funded = models.BooleanField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-funded", "-votes", "plan_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "plan"], name="budgeting_plan_result_unique")
        ]

    def __str__(self) -> str:
        return f"result:{self.pk}"


class ResultOverride(models.Model):
    """An administrator's change to a counted result, with the public reason it was made."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="overrides")
    funded = models.BooleanField(_("funded"))
    reason = models.TextField(_("public reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="budgeting_override_has_reason",
                violation_error_message=_("An override needs a public reason."),
            )
        ]

    def __str__(self) -> str:
        return f"override:{self.pk}"
