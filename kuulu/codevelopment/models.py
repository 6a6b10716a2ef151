"""Co-development with staff and customers: workshop series and their participants and outputs,
development experiments evaluated with the "Kokeilut käyttöön" model, the good-practice library
and development projects reported to a funder (ONNISTU, seed 004)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.core.models import TimeStampedModel
from kuulu.organisation.models import County, Person, Unit


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("not told")


class DevelopmentProject(TimeStampedModel):
    """A development project, e.g. one funded by the European Social Fund, whose planned figures
    are reported against what Kuulu's own records show."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    funder_code = models.CharField(_("funder's project code"), max_length=60, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    manager = models.ForeignKey(
        Person,
        verbose_name=_("project manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A staff member who may keep the project and its figures."),
    )

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="codev_project_ends_after_start",
                violation_error_message=_("A project must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("codevelopment:project", args=[self.pk])


class PlannedFigure(models.Model):
    """One planned monitoring figure of a project (e.g. 120 participating persons)."""

    class Metric(models.TextChoices):
        ORGANISATIONS = "organisations", _("participating organisations (units)")
        PERSONS = "persons", _("participating persons")
        WOMEN = "women", _("participating women")
        MEN = "men", _("participating men")
        WORKSHOP_SESSIONS = "sessions", _("workshop sessions held")
        EVENT_ATTENDANCE = "attendance", _("event attendances")
        EXPERIMENTS = "experiments", _("experiments started")
        EVALUATED = "evaluated", _("experiments evaluated")
        PRACTICES = "practices", _("good practices described")

    project = models.ForeignKey(
        DevelopmentProject, on_delete=models.CASCADE, related_name="planned_figures"
    )
    metric = models.CharField(_("figure"), max_length=20, choices=Metric.choices)
    planned = models.PositiveIntegerField(_("planned"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("planned figure")
        verbose_name_plural = _("planned figures")
        constraints = [
            models.UniqueConstraint(fields=["project", "metric"], name="codev_planned_unique")
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.planned}"


class WorkshopSeries(TimeStampedModel):
    """A series of co-development workshops, e.g. one per unit, where staff of every profession
    and developer customers develop their own work together."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("development project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="series",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    facilitators = models.TextField(
        _("facilitators"), blank=True, help_text=_("Who facilitates the workshops.")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workshop series")
        verbose_name_plural = _("workshop series")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("codevelopment:series", args=[self.pk])


class WorkshopSession(models.Model):
    """One workshop of a series. People register through the events module when the session
    is linked to an event session."""

    series = models.ForeignKey(WorkshopSeries, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    event_session = models.OneToOneField(
        "events.Session",
        verbose_name=_("registration (event session)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="codevelopment_workshop",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("workshop session")
        verbose_name_plural = _("workshop sessions")

    def __str__(self) -> str:
        return f"{self.title} {self.held_on:%Y-%m-%d}"


class Participant(models.Model):
    """Someone in a workshop series' group. Gender, profession and role are kept to show the
    mix of the group (never shown for fewer than 5); the name only to those leading it."""

    class Role(models.TextChoices):
        STAFF = "staff", _("staff member")
        MANAGER = "manager", _("manager")
        DEVELOPER_CUSTOMER = "developer_customer", _("developer customer")
        EXPERIENCE_EXPERT = "experience_expert", _("experience expert")

    series = models.ForeignKey(
        WorkshopSeries, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=160)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    profession = models.CharField(_("profession"), max_length=120, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, default=Gender.UNKNOWN
    )
    registration = models.OneToOneField(
        "events.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["role", "name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "person"],
                condition=Q(person__isnull=False),
                name="codev_participant_once_per_series",
            )
        ]

    def __str__(self) -> str:
        return f"participant:{self.pk}"


class WorkshopOutput(models.Model):
    """What a workshop produced: a problem found or an idea. Experiments chosen point back to
    the series (and to the idea they grew from)."""

    class Kind(models.TextChoices):
        PROBLEM = "problem", _("problem found")
        IDEA = "idea", _("idea")

    series = models.ForeignKey(WorkshopSeries, on_delete=models.CASCADE, related_name="outputs")
    session = models.ForeignKey(
        WorkshopSession,
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outputs",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("workshop output")
        verbose_name_plural = _("workshop outputs")

    def __str__(self) -> str:
        return self.text[:60]


class Experiment(TimeStampedModel):
    """A development experiment: a problem, an idea to try, a hypothesis, what is measured,
    and at the end an evaluation with the "Kokeilut käyttöön" model and a decision."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        ENDED = "ended", _("ended, being evaluated")
        CLOSED = "closed", _("closed")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    series = models.ForeignKey(
        WorkshopSeries,
        verbose_name=_("workshop series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiments",
    )
    idea_output = models.ForeignKey(
        WorkshopOutput,
        verbose_name=_("idea it grew from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiments",
    )
    project = models.ForeignKey(
        DevelopmentProject,
        verbose_name=_("development project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experiments",
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"))
    idea = models.TextField(_("idea"))
    hypothesis = models.TextField(_("hypothesis"))
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="+")
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    participants = models.TextField(
        _("participants"),
        blank=True,
        help_text=_("Who takes part: teams, professions, customers (no customer names)."),
    )
    participant_count = models.PositiveIntegerField(_("number of participants"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="codev_experiment_ends_after_start",
                violation_error_message=_("An experiment must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("codevelopment:experiment", args=[self.pk])


class Measure(models.Model):
    """What an experiment measures and how: a Kuulu survey, a feedback theme, or a manual
    measure whose values the team records."""

    class Kind(models.TextChoices):
        SURVEY = "survey", _("Kuulu survey")
        FEEDBACK_THEME = "feedback_theme", _("feedback theme")
        MANUAL = "manual", _("manual measure")

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(_("what is measured"), max_length=200)
    how = models.TextField(_("how it is measured"), blank=True)
    kind = models.CharField(_("source"), max_length=20, choices=Kind.choices)
    survey = models.ForeignKey(
        "surveys.Survey",
        verbose_name=_("survey"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    feedback_theme = models.ForeignKey(
        "feedback.Theme",
        verbose_name=_("feedback theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    """A value of a manual measure at a date (e.g. before and after the experiment)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("measured value")
        verbose_name_plural = _("measured values")

    def __str__(self) -> str:
        return f"{self.measured_on}: {self.value}"


class Impact(models.TextChoices):
    POSITIVE = "positive", _("positive impact")
    NEGATIVE = "negative", _("negative impact")
    MIXED = "mixed", _("both positive and negative")
    NONE = "none", _("no impact")


# The equality-impact questions of the evaluation: (field prefix, group, dimension). Customers
# are not asked about profession: it describes staff, not the people served.
EQUALITY_QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("staff_gender", "staff", "gender"),
    ("staff_age", "staff", "age"),
    ("staff_language", "staff", "language"),
    ("staff_profession", "staff", "profession"),
    ("customer_gender", "customers", "gender"),
    ("customer_age", "customers", "age"),
    ("customer_language", "customers", "language"),
)


def _impact(label: str) -> models.CharField:
    return models.CharField(label, max_length=10, choices=Impact.choices, blank=True)


def _impact_text(label: str) -> models.TextField:
    return models.TextField(label, blank=True)


class Evaluation(TimeStampedModel):
    """The "Kokeilut käyttöön" evaluation of an ended experiment: what was tried and what
    happened, benefits, costs, equality impacts on staff and customers, whether it can be
    adopted, what it needs, and the decision (adopt, adapt or stop) with reasons."""

    class Adoptable(models.TextChoices):
        YES = "yes", _("yes")
        WITH_CHANGES = "with_changes", _("with changes")
        NO = "no", _("no")

    class Decision(models.TextChoices):
        ADOPT = "adopt", _("adopt")
        ADAPT = "adapt", _("adapt and try again")
        STOP = "stop", _("stop")

    experiment = models.OneToOneField(
        Experiment, on_delete=models.CASCADE, related_name="evaluation"
    )
    what_was_tried = models.TextField(_("what was tried"))
    what_happened = models.TextField(_("what happened"))
    benefits_customers = models.TextField(_("benefits to customers"))
    benefits_staff = models.TextField(_("benefits to staff"))
    benefits_organisation = models.TextField(_("benefits to the organisation"))
    costs_and_effort = models.TextField(_("costs and effort"))
    staff_gender = _impact(_("impact on staff by gender"))
    staff_gender_text = _impact_text(_("impact on staff by gender: description or reason"))
    staff_age = _impact(_("impact on staff by age"))
    staff_age_text = _impact_text(_("impact on staff by age: description or reason"))
    staff_language = _impact(_("impact on staff by language"))
    staff_language_text = _impact_text(_("impact on staff by language: description or reason"))
    staff_profession = _impact(_("impact on staff by profession"))
    staff_profession_text = _impact_text(_("impact on staff by profession: description or reason"))
    customer_gender = _impact(_("impact on customers by gender"))
    customer_gender_text = _impact_text(_("impact on customers by gender: description or reason"))
    customer_age = _impact(_("impact on customers by age"))
    customer_age_text = _impact_text(_("impact on customers by age: description or reason"))
    customer_language = _impact(_("impact on customers by language"))
    customer_language_text = _impact_text(
        _("impact on customers by language: description or reason")
    )
    can_be_adopted = models.CharField(
        _("can it be adopted"), max_length=12, choices=Adoptable.choices
    )
    what_it_needs = models.TextField(_("what adopting it needs"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decision_reasons = models.TextField(_("reasons for the decision"))
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"evaluation:{self.pk}"


class GoodPractice(TimeStampedModel):
    """A good practice described systematically so that other units can adopt it."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("public")
        INTERNAL = "internal", _("internal (staff only)")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="+")
    experiment = models.OneToOneField(
        Experiment,
        verbose_name=_("experiment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practice",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("developed in"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem it solves"))
    practice = models.TextField(_("the practice"))
    evidence = models.TextField(_("evidence"))
    needs = models.TextField(_("what it needs"))
    contact = models.CharField(
        _("who to contact"),
        max_length=200,
        help_text=_("A role or a shared address rather than a private person's details."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    method_slugs = models.CharField(
        _("method cards"),
        max_length=300,
        blank=True,
        help_text=_("Short names of related method cards, separated by commas."),
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("codevelopment:practice", args=[self.pk])

    @property
    def methods(self) -> list[str]:
        return [s.strip() for s in self.method_slugs.split(",") if s.strip()]


class PracticeAdoption(models.Model):
    """A unit took a good practice into use: how practices spread."""

    practice = models.ForeignKey(GoodPractice, on_delete=models.CASCADE, related_name="adoptions")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_on = models.DateField(_("adopted"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["adopted_on", "id"]
        verbose_name = _("adoption of a practice")
        verbose_name_plural = _("adoptions of practices")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "unit"], name="codev_practice_adopted_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"adoption:{self.pk}"
