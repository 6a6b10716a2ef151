"""Writes for e-learning: learners' progress and quiz answers, course completion, and the
coordinators' authoring of courses, modules and quiz questions.

Progress and completion rows are guarded by unique constraints (`module_progress_once`,
`course_completed_once`); the services create them with get_or_create, which turns a lost race
into a read of the winner's row, so a module or a course is never recorded twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.learning import scoring
from kuulu.learning.models import (
    Course,
    CourseCompletion,
    MediaItem,
    Module,
    ModuleProgress,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
)
from kuulu.organisation.models import County

LANGS = ("fi", "sv", "en")
COURSE_FIELDS = frozenset(
    {
        *(f"title_{code}" for code in LANGS),
        *(f"description_{code}" for code in LANGS),
        "language",
        "estimated_minutes",
        "internal_only",
    }
)
MODULE_FIELDS = frozenset(
    {
        "kind",
        *(f"title_{code}" for code in LANGS),
        *(f"body_{code}" for code in LANGS),
        "url",
        "media",
        "attachment",
        "pass_mark",
    }
)
QUESTION_FIELDS = frozenset(
    {
        *(f"text_{code}" for code in LANGS),
        *(f"explanation_{code}" for code in LANGS),
        "multiple",
    }
)
MEDIA_KINDS = {Module.Kind.VIDEO, Module.Kind.AUDIO, Module.Kind.PODCAST}


def _refuse_unknown(data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )


# --- Learners -------------------------------------------------------------------------------


def _require_published(module: Module) -> None:
    if module.course.status != Course.Status.PUBLISHED:
        raise ValidationError(_("Progress is recorded only in published courses."))


def _counted_modules(course: Course) -> QuerySet[Module]:
    """The modules a learner must do to complete the course. A quiz without questions (added
    to a published course, its questions not written yet) cannot be passed, so it does not
    count: it never keeps learners from completing the course."""
    empty_quiz = Q(kind=Module.Kind.QUIZ) & ~Exists(
        QuizQuestion.objects.filter(module=OuterRef("pk"))
    )
    return Module.objects.filter(course=course).exclude(empty_quiz)


def _maybe_complete_course(*, user: Any, course: Course) -> bool:
    """Write the course completion once, when the learner has done every module. Returns True
    when this call wrote it."""
    # The course row lock orders concurrent completions of a learner's last modules: the
    # second to take it counts after the first committed, so neither misses the other's row.
    Course.objects.select_for_update().filter(pk=course.pk).values_list("pk").first()
    counted = _counted_modules(course)
    total = counted.count()
    done = ModuleProgress.objects.filter(user=user, module__in=counted).count()
    if total == 0 or done < total:
        return False
    _completion, created = CourseCompletion.objects.get_or_create(
        user=user, course=course, defaults={"completed_at": timezone.now()}
    )
    return created


def _complete_for_everyone_done(course: Course) -> int:
    """After a module is removed, learners who had done every remaining module have completed
    the course; write their completions (once) so that nobody is left stuck."""
    counted = _counted_modules(course)
    total = counted.count()
    if total == 0:
        return 0
    done = (
        ModuleProgress.objects.filter(module__in=counted)
        .exclude(user_id__in=CourseCompletion.objects.filter(course=course).values("user_id"))
        .values("user_id")
        .annotate(n=Count("id"))
        .filter(n__gte=total)
        .values_list("user_id", flat=True)
    )
    now = timezone.now()
    created = CourseCompletion.objects.bulk_create(
        [CourseCompletion(user_id=u, course=course, completed_at=now) for u in done],
        ignore_conflicts=True,
    )
    return len(created)


@dataclass(frozen=True)
class ModuleOutcome:
    progress: ModuleProgress
    created: bool
    course_completed: bool


@transaction.atomic
def complete_module(*, user: Any, module: Module) -> ModuleOutcome:
    """Mark a text, media or attachment module done. Doing it again changes nothing."""
    if module.kind == Module.Kind.QUIZ:
        raise ValidationError(_("A quiz is done by passing it, not by marking it done."))
    _require_published(module)
    progress, created = ModuleProgress.objects.get_or_create(
        user=user, module=module, defaults={"completed_at": timezone.now()}
    )
    completed = _maybe_complete_course(user=user, course=module.course)
    return ModuleOutcome(progress=progress, created=created, course_completed=completed)


@dataclass(frozen=True)
class QuizOutcome:
    attempt: QuizAttempt
    result: scoring.QuizScore
    course_completed: bool


def _clean_answers(
    questions: list[QuizQuestion], answers: dict[int, list[int]]
) -> dict[int, list[int]]:
    """Refuse answers that name questions or options outside this quiz, or several options
    for a single-choice question. Missing questions are simply wrong."""
    by_id = {q.pk: q for q in questions}
    owner = {c.pk: q.pk for q in questions for c in q.choices.all()}
    cleaned: dict[int, list[int]] = {}
    for question_id, choice_ids in answers.items():
        if (
            not isinstance(question_id, int)
            or isinstance(question_id, bool)
            or question_id not in by_id
        ):
            raise ValidationError(
                {"answers": _("An answer names a question that is not part of this quiz.")}
            )
        chosen = set()
        for choice_id in choice_ids:
            if (
                not isinstance(choice_id, int)
                or isinstance(choice_id, bool)
                or owner.get(choice_id) != question_id
            ):
                raise ValidationError(
                    {
                        "answers": _(
                            "An answer names an option that does not belong to its question."
                        )
                    }
                )
            chosen.add(choice_id)
        if len(chosen) > 1 and not by_id[question_id].multiple:
            raise ValidationError(
                {"answers": _("Choose only one answer to a question with one right answer.")}
            )
        cleaned[question_id] = sorted(chosen)
    return cleaned


def quiz_questions(module: Module) -> list[QuizQuestion]:
    return list(module.questions.prefetch_related("choices").order_by("position", "id"))


def score_answers(
    questions: list[QuizQuestion], answers: dict[int, list[int]], pass_mark: int
) -> scoring.QuizScore:
    keys = [
        scoring.Question(
            id=q.pk, right_choices=frozenset(c.pk for c in q.choices.all() if c.is_correct)
        )
        for q in questions
    ]
    return scoring.score_quiz(keys, answers, pass_mark)


@transaction.atomic
def submit_quiz(*, user: Any, module: Module, answers: dict[int, list[int]]) -> QuizOutcome:
    """Score an answer sheet and keep it. A pass records the module as done (with the best
    score so far); a fail leaves progress as it was, and the learner may try again."""
    if module.kind != Module.Kind.QUIZ:
        raise ValidationError(_("This module is not a quiz."))
    _require_published(module)
    questions = quiz_questions(module)
    if not questions:
        raise ValidationError(_("This quiz has no questions yet."))
    cleaned = _clean_answers(questions, answers)
    result = score_answers(questions, cleaned, module.pass_mark)
    attempt = QuizAttempt.objects.create(
        user=user,
        module=module,
        answers={str(k): v for k, v in cleaned.items()},
        # What was right by the key of this moment: the attempt's page shows this, never a
        # re-scoring with a key edited since (which could contradict the score and the pass).
        results={str(r.question_id): r.correct for r in result.results},
        score=result.score,
        pass_mark=module.pass_mark,
        passed=result.passed,
    )
    completed = False
    if result.passed:
        progress, created = ModuleProgress.objects.get_or_create(
            user=user,
            module=module,
            defaults={"completed_at": timezone.now(), "score": result.score},
        )
        if not created:
            # Keep the best score: a conditional UPDATE, so two parallel passes cannot lower it.
            ModuleProgress.objects.filter(pk=progress.pk).filter(
                Q(score__isnull=True) | Q(score__lt=result.score)
            ).update(score=result.score)
        completed = _maybe_complete_course(user=user, course=module.course)
    return QuizOutcome(attempt=attempt, result=result, course_completed=completed)


# --- Authoring ------------------------------------------------------------------------------


def _check_media_for_course(course: Course, media: MediaItem | None) -> None:
    if media is None:
        return
    if media.county_id != course.county_id:
        raise ValidationError({"media": _("Choose a recording from this county's library.")})
    if media.internal_only and not course.internal_only:
        raise ValidationError(
            {
                "media": _(
                    "This recording is for staff only, so it cannot be part of a course open "
                    "to everyone."
                )
            }
        )


@transaction.atomic
def create_course(
    *, county: County, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Course:
    _refuse_unknown(data, COURSE_FIELDS)
    if not (data.get("title_fi") or "").strip():
        raise ValidationError({"title_fi": _("Give the course a title in Finnish.")})
    course = Course(
        county=county,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        status=Course.Status.DRAFT,
        **data,
    )
    course.full_clean(exclude=["county", "created_by"])
    course.save()
    record_event(action="create", obj=course, actor=actor, request=request)
    return course


@transaction.atomic
def update_course(
    *, course: Course, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Course:
    """Change a course's texts and settings. Completions and progress are never touched."""
    _refuse_unknown(data, COURSE_FIELDS)
    course = Course.objects.select_for_update().get(pk=course.pk)
    changed = [k for k, v in data.items() if getattr(course, k) != v]
    for key in changed:
        setattr(course, key, data[key])
    if "title_fi" in changed and not (course.title_fi or "").strip():
        raise ValidationError({"title_fi": _("Give the course a title in Finnish.")})
    if not course.internal_only and course.modules.filter(media__internal_only=True).exists():
        raise ValidationError(
            {
                "internal_only": _(
                    "Some modules use recordings that are for staff only; the course must stay "
                    "internal."
                )
            }
        )
    if changed:
        course.full_clean(exclude=["county", "created_by"])
        course.save(update_fields=[*changed, "updated_at"])
        record_event(
            action="update", obj=course, actor=actor, request=request, changed_fields=changed
        )
    return course


def _check_module_content(course: Course, module: Module) -> None:
    errors: dict[str, str] = {}
    if not (module.title_fi or "").strip():
        errors["title_fi"] = _("Give the module a title in Finnish.")
    if module.kind == Module.Kind.TEXT and not (module.body_fi or "").strip():
        errors["body_fi"] = _("Write the text of the module in Finnish.")
    if module.kind in MEDIA_KINDS and not module.url and module.media_id is None:
        errors["url"] = _("Give a link to the recording or choose one from the media library.")
    if module.kind == Module.Kind.ATTACHMENT and not module.attachment:
        errors["attachment"] = _("Choose the file to attach.")
    if errors:
        raise ValidationError(errors)
    _check_media_for_course(course, module.media)


@transaction.atomic
def add_module(
    *, course: Course, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Module:
    """Add a module at the end of the course. Learners who already completed the course keep
    their completion."""
    _refuse_unknown(data, MODULE_FIELDS)
    data = {k: v for k, v in data.items() if not (k == "attachment" and not v)}
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status == Course.Status.ARCHIVED:
        raise ValidationError(_("An archived course cannot be changed. Publish it again first."))
    last = course.modules.aggregate(last=Max("position"))["last"] or 0
    module = Module(course=course, position=last + 1, **data)
    _check_module_content(course, module)
    module.full_clean(exclude=["course"])
    module.save()
    record_event(action="create", obj=module, actor=actor, request=request)
    return module


@transaction.atomic
def update_module(
    *, module: Module, data: dict[str, Any], actor: Any = None, request: Any = None
) -> Module:
    _refuse_unknown(data, MODULE_FIELDS)
    data = {k: v for k, v in data.items() if not (k == "attachment" and not v)}
    module = Module.objects.select_for_update().select_related("course").get(pk=module.pk)
    changed = [k for k, v in data.items() if getattr(module, k) != v]
    if "kind" in changed and (module.progress.exists() or module.attempts.exists()):
        raise ValidationError(
            {"kind": _("Learners have already done this module, so its kind cannot change.")}
        )
    for key in changed:
        setattr(module, key, data[key])
    _check_module_content(module.course, module)
    if changed:
        module.full_clean(exclude=["course"])
        module.save(update_fields=changed)
        record_event(
            action="update", obj=module, actor=actor, request=request, changed_fields=changed
        )
    return module


@transaction.atomic
def delete_module(*, module: Module, actor: Any = None, request: Any = None) -> None:
    """Remove a module nobody has done yet. Learners' progress is never deleted: archive the
    course instead."""
    refusal = ValidationError(
        _(
            "Learners have already done or tried this module, so it cannot be deleted. "
            "Archive the course instead."
        )
    )
    module = Module.objects.select_for_update().select_related("course").get(pk=module.pk)
    if module.progress.exists() or module.attempts.exists():
        raise refusal
    course = module.course
    if course.status == Course.Status.PUBLISHED and course.modules.count() == 1:
        raise ValidationError(
            _("A published course needs at least one module. Archive the course instead.")
        )
    record_event(action="delete", obj=module, actor=actor, request=request)
    try:
        with transaction.atomic():
            module.delete()
    except IntegrityError as exc:
        # Someone recorded progress between the check and the delete.
        raise refusal from exc
    _renumber(course)
    _complete_for_everyone_done(course)


def _renumber(course: Course) -> list[Module]:
    modules = list(Module.objects.filter(course=course).order_by("position", "id"))
    for number, module in enumerate(modules, start=1):
        module.position = number
    Module.objects.bulk_update(modules, ["position"])
    return modules


@transaction.atomic
def move_module(*, module: Module, up: bool, actor: Any = None, request: Any = None) -> Module:
    """Swap the module with its neighbour. The course row lock keeps positions consistent
    when two coordinators reorder at once."""
    course = Course.objects.select_for_update().get(pk=module.course_id)
    modules = _renumber(course)
    index = next(i for i, m in enumerate(modules) if m.pk == module.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(modules):
        a, b = modules[index], modules[other]
        a.position, b.position = b.position, a.position
        Module.objects.bulk_update([a, b], ["position"])
        record_event(
            action="update", obj=a, actor=actor, request=request, changed_fields=["position"]
        )
    return modules[index]


@dataclass(frozen=True)
class ChoiceInput:
    text_fi: str
    text_sv: str = ""
    text_en: str = ""
    is_correct: bool = False


def _check_choices(multiple: bool, choices: list[ChoiceInput]) -> None:
    errors = []
    if len(choices) < 2:
        errors.append(_("Give at least two answer options."))
    right = sum(c.is_correct for c in choices)
    if right == 0:
        errors.append(_("Mark at least one answer option as right."))
    elif not multiple and right != 1:
        errors.append(
            _(
                "A question with one right answer must have exactly one right option. "
                "Tick “several right answers” if more are right."
            )
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_question(
    *,
    module: Module,
    data: dict[str, Any],
    choices: list[ChoiceInput],
    question: QuizQuestion | None = None,
    actor: Any = None,
    request: Any = None,
) -> QuizQuestion:
    """Add a question to a quiz, or change one. Options are matched to existing ones by order,
    so unchanged options keep their ids and earlier answer sheets still read right."""
    _refuse_unknown(data, QUESTION_FIELDS)
    module = Module.objects.select_for_update().get(pk=module.pk)
    if module.kind != Module.Kind.QUIZ:
        raise ValidationError(_("Questions belong to quiz modules only."))
    if not (data.get("text_fi") or "").strip():
        raise ValidationError({"text_fi": _("Write the question in Finnish.")})
    _check_choices(bool(data.get("multiple")), choices)
    if question is None:
        last = module.questions.aggregate(last=Max("position"))["last"] or 0
        question = QuizQuestion(module=module, position=last + 1)
        action = "create"
    else:
        question = QuizQuestion.objects.select_for_update().get(pk=question.pk, module=module)
        action = "update"
    for key, value in data.items():
        setattr(question, key, value)
    question.full_clean(exclude=["module"])
    question.save()
    existing = list(question.choices.order_by("position", "id"))
    for position, choice_input in enumerate(choices, start=1):
        choice = existing[position - 1] if position <= len(existing) else QuizChoice()
        choice.question = question
        choice.position = position
        choice.text_fi = choice_input.text_fi
        choice.text_sv = choice_input.text_sv
        choice.text_en = choice_input.text_en
        choice.is_correct = choice_input.is_correct
        choice.full_clean(exclude=["question"])
        choice.save()
    for extra in existing[len(choices) :]:
        extra.delete()
    record_event(action=action, obj=question, actor=actor, request=request)
    return question


@transaction.atomic
def delete_question(*, question: QuizQuestion, actor: Any = None, request: Any = None) -> None:
    module = Module.objects.select_for_update().select_related("course").get(pk=question.module_id)
    if module.course.status == Course.Status.PUBLISHED and module.questions.count() == 1:
        raise ValidationError(
            _("A quiz in a published course needs at least one question. Add another first.")
        )
    record_event(action="delete", obj=question, actor=actor, request=request)
    question.delete()


@transaction.atomic
def publish_course(*, course: Course, actor: Any = None, request: Any = None) -> Course:
    """Open a draft or archived course to learners. Earlier completions stay."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status == Course.Status.PUBLISHED:
        return course
    modules = list(course.modules.order_by("position", "id"))
    if not modules:
        raise ValidationError(_("Add at least one module before publishing the course."))
    empty = [
        m
        for m in modules
        if m.kind == Module.Kind.QUIZ and not m.questions.exists()  # small n: a course
    ]
    if empty:
        raise ValidationError(
            _("Add questions to the quiz “%(title)s” before publishing the course.")
            % {"title": empty[0].title}
        )
    course.status = Course.Status.PUBLISHED
    course.save(update_fields=["status", "updated_at"])
    record_event(
        action="update", obj=course, actor=actor, request=request, changed_fields=["status"]
    )
    return course


@transaction.atomic
def archive_course(*, course: Course, actor: Any = None, request: Any = None) -> Course:
    """Close a course to learners. Progress and completions stay for reports."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status == Course.Status.ARCHIVED:
        return course
    course.status = Course.Status.ARCHIVED
    course.save(update_fields=["status", "updated_at"])
    record_event(
        action="update", obj=course, actor=actor, request=request, changed_fields=["status"]
    )
    return course


def delete_old_quiz_attempts(*, days: int) -> int:
    """Retention: answer sheets older than `days` are deleted. Progress (with the best score)
    and course completions stay: they are the learner's training record."""
    from datetime import timedelta

    deleted, _ = QuizAttempt.objects.filter(
        created_at__lt=timezone.now() - timedelta(days=days)
    ).delete()
    return deleted
