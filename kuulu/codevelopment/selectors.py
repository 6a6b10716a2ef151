"""Reads of co-development: lists, a group's mix, the library search, a practice's spreading
and a project's planned figures against the actuals computed from Kuulu's own records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from kuulu.codevelopment import mix
from kuulu.codevelopment.models import (
    DevelopmentProject,
    Experiment,
    Gender,
    GoodPractice,
    Participant,
    PlannedFigure,
    WorkshopSeries,
    WorkshopSession,
)
from kuulu.organisation.access import Actor
from kuulu.surveys.stats import round_half_away, suppressed_groups


def series_for(county_id: int) -> QuerySet[WorkshopSeries]:
    return (
        WorkshopSeries.objects.filter(county_id=county_id)
        .select_related("unit")
        .annotate(
            participant_total=Count("participants", distinct=True),
            session_total=Count("sessions", distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def experiments_for(county_id: int) -> QuerySet[Experiment]:
    return (
        Experiment.objects.filter(county_id=county_id)
        .select_related("evaluation")
        .prefetch_related("units")
        .order_by("-starts_on", "-id")
    )


def projects_for(actor: Actor, county_id: int) -> QuerySet[DevelopmentProject]:
    qs = DevelopmentProject.objects.filter(county_id=county_id)
    if not actor.is_coordinator:
        qs = qs.filter(manager_id=actor.person_id)
    return qs.order_by("-starts_on", "id")


def group_mix(series: WorkshopSeries) -> mix.Mix:
    members = [
        mix.Member(role=role, gender=gender, profession=profession)
        for role, gender, profession in series.participants.values_list(
            "role", "gender", "profession"
        )
    ]
    return mix.mix_of(
        members,
        roles=Participant.Role.values,
        genders=Gender.values,
        minimum=settings.KUULU_MIN_GROUP_SIZE,
    )


def practices_for(
    actor: Actor, county_id: int | None, *, query: str = ""
) -> QuerySet[GoodPractice]:
    """The library: public practices for everyone; internal ones too for staff of the county.
    The search looks at every described field and the method cards."""
    qs = GoodPractice.objects.all()
    if county_id is not None:
        qs = qs.filter(county_id=county_id)
    if not (actor.is_staff and actor.county_id in (None, county_id)):
        qs = qs.filter(visibility=GoodPractice.Visibility.PUBLIC)
    words = query.split()[:8]
    for word in words:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(problem__icontains=word)
            | Q(practice__icontains=word)
            | Q(evidence__icontains=word)
            | Q(needs__icontains=word)
            | Q(method_slugs__icontains=word)
            | Q(unit__name__icontains=word)
        )
    return (
        qs.select_related("unit")
        .annotate(adoption_total=Count("adoptions", distinct=True))
        .order_by("title", "id")
    )


# --- planned against actual --------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    metric: str
    label: str
    planned: int | None
    actual: int | None  # None: fewer than 5, not shown
    share: int | None  # actual as a percentage of planned


def project_actuals(project: DevelopmentProject) -> dict[str, int]:
    """What Kuulu's records show for a project: the groups of its workshop series (a person
    counted once even in several series), its workshop sessions and their event attendance,
    and its experiments (its own and those of its series) and the practices they became."""
    from kuulu.events.models import Registration

    participants = Participant.objects.filter(series__project=project)
    with_person = participants.exclude(person=None)
    without_person = participants.filter(person=None)

    def people(gender: str | None = None) -> int:
        a, b = with_person, without_person
        if gender is not None:
            a, b = a.filter(gender=gender), b.filter(gender=gender)
        return a.values("person").distinct().count() + b.count()

    experiments = Experiment.objects.filter(Q(project=project) | Q(series__project=project))
    experiment_ids = list(experiments.values_list("pk", flat=True).distinct())
    unit_ids = set(participants.exclude(unit=None).values_list("unit", flat=True))
    unit_ids |= set(
        Experiment.units.through.objects.filter(experiment_id__in=experiment_ids).values_list(
            "unit_id", flat=True
        )
    )
    sessions = WorkshopSession.objects.filter(series__project=project)
    attendance = Registration.objects.filter(
        session__codevelopment_workshop__series__project=project, attended=True
    ).count()
    return {
        PlannedFigure.Metric.ORGANISATIONS: len(unit_ids),
        PlannedFigure.Metric.PERSONS: people(),
        PlannedFigure.Metric.WOMEN: people(Gender.WOMAN),
        PlannedFigure.Metric.MEN: people(Gender.MAN),
        PlannedFigure.Metric.WORKSHOP_SESSIONS: sessions.count(),
        PlannedFigure.Metric.EVENT_ATTENDANCE: attendance,
        PlannedFigure.Metric.EXPERIMENTS: len(experiment_ids),
        PlannedFigure.Metric.EVALUATED: Experiment.objects.filter(
            pk__in=experiment_ids, evaluation__isnull=False
        ).count(),
        PlannedFigure.Metric.PRACTICES: GoodPractice.objects.filter(
            experiment_id__in=experiment_ids
        ).count(),
    }


def planned_against_actual(project: DevelopmentProject) -> list[FigureRow]:
    """One row per figure, in a fixed order. The persons are shown in total and as women and
    men; the rest (other genders and not told) is what the total less those two gives away, so
    the three groups are suppressed together by the survey rule (`suppressed_groups`): a count
    of women or men is hidden when it, or the rest, is a small group that it would reveal. The
    other figures count organisations, events and experiments and are shown as they are."""
    planned = dict(project.planned_figures.values_list("metric", "planned"))
    actual = project_actuals(project)
    women = actual[PlannedFigure.Metric.WOMEN]
    men = actual[PlannedFigure.Metric.MEN]
    sizes = {
        PlannedFigure.Metric.WOMEN: women,
        PlannedFigure.Metric.MEN: men,
        "rest": actual[PlannedFigure.Metric.PERSONS] - women - men,
    }
    minimum = settings.KUULU_MIN_GROUP_SIZE
    hidden = set(suppressed_groups(sizes, min_group=minimum))
    if actual[PlannedFigure.Metric.PERSONS] < minimum:
        # With fewer persons than that in all, any split by gender points at someone (a zero
        # beside the total tells the rest's gender).
        hidden |= {PlannedFigure.Metric.WOMEN, PlannedFigure.Metric.MEN}
    rows = []
    for metric, label in PlannedFigure.Metric.choices:
        value: int | None = None if metric in hidden else actual[metric]
        plan = planned.get(metric)
        # Half a percent rounds up (Python's round() goes to the even number: 12.5 gave 12).
        share = round_half_away(100 * value / plan) if plan and value is not None else None
        rows.append(
            FigureRow(metric=metric, label=str(label), planned=plan, actual=value, share=share)
        )
    return rows


def practice_spread(practice: GoodPractice) -> list[Any]:
    return list(practice.adoptions.select_related("unit").order_by("adopted_on", "id"))
