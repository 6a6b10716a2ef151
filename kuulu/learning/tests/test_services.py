import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kuulu.core.models import AuditEvent
from kuulu.learning import services
from kuulu.learning.models import (
    Course,
    CourseCompletion,
    Module,
    ModuleProgress,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
)
from kuulu.learning.services import ChoiceInput
from kuulu.learning.tests.factories import (
    make_course,
    make_media,
    make_module,
    make_question,
    make_quiz,
    right_answers,
    wrong_answers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The service messages are read in English here."""
    with translation.override("en"):
        yield


def test_complete_module_is_idempotent(org):
    course = make_course(org.county)
    module = make_module(course)
    make_module(course)
    first = services.complete_module(user=org.staff, module=module)
    second = services.complete_module(user=org.staff, module=module)
    assert (first.created, second.created) == (True, False)
    assert first.progress.pk == second.progress.pk
    assert ModuleProgress.objects.count() == 1
    assert CourseCompletion.objects.count() == 0


def test_course_completes_only_after_last_module_and_passed_quiz(org):
    course = make_course(org.county)
    text = make_module(course)
    quiz = make_quiz(course, pass_mark=100)
    services.complete_module(user=org.staff, module=text)
    assert not CourseCompletion.objects.exists()
    failed = services.submit_quiz(user=org.staff, module=quiz, answers=wrong_answers(quiz))
    assert failed.result.passed is False
    assert failed.course_completed is False
    assert not ModuleProgress.objects.filter(module=quiz).exists()
    assert not CourseCompletion.objects.exists()
    passed = services.submit_quiz(user=org.staff, module=quiz, answers=right_answers(quiz))
    assert passed.result.score == 100
    assert passed.course_completed is True
    completion = CourseCompletion.objects.get()
    assert (completion.user, completion.course) == (org.staff, course)
    again = services.submit_quiz(user=org.staff, module=quiz, answers=right_answers(quiz))
    assert again.course_completed is False
    assert CourseCompletion.objects.count() == 1
    assert QuizAttempt.objects.filter(user=org.staff).count() == 3


def test_completion_is_per_learner(org):
    course = make_course(org.county)
    module = make_module(course)
    services.complete_module(user=org.staff, module=module)
    assert list(CourseCompletion.objects.values_list("user", flat=True)) == [org.staff.pk]


def test_quiz_keeps_the_best_score(org):
    course = make_course(org.county)
    quiz = make_quiz(course, questions=2, pass_mark=50)
    q1, q2 = list(quiz.questions.all())
    services.submit_quiz(user=org.staff, module=quiz, answers=right_answers(quiz))
    half = {q1.pk: right_answers(quiz)[q1.pk], q2.pk: wrong_answers(quiz)[q2.pk]}
    outcome = services.submit_quiz(user=org.staff, module=quiz, answers=half)
    assert (outcome.result.score, outcome.result.passed) == (50, True)
    assert ModuleProgress.objects.get().score == 100


def test_quiz_score_rises_when_a_later_attempt_is_better(org):
    course = make_course(org.county)
    quiz = make_quiz(course, questions=2, pass_mark=50)
    q1, q2 = list(quiz.questions.all())
    half = {q1.pk: right_answers(quiz)[q1.pk], q2.pk: wrong_answers(quiz)[q2.pk]}
    services.submit_quiz(user=org.staff, module=quiz, answers=half)
    services.submit_quiz(user=org.staff, module=quiz, answers=right_answers(quiz))
    assert ModuleProgress.objects.get().score == 100


def test_answers_naming_other_questions_or_choices_are_refused(org):
    course = make_course(org.county)
    quiz = make_quiz(course)
    other = make_quiz(course)
    question = quiz.questions.first()
    foreign_choice = other.questions.first().choices.first().pk
    sibling = quiz.questions.last().choices.first().pk
    for answers in (
        {question.pk: [foreign_choice]},
        {question.pk: [sibling]},
        {other.questions.first().pk: [foreign_choice]},
        {"1": [1]},
        {question.pk: ["x"]},
    ):
        with pytest.raises(ValidationError) as exc:
            services.submit_quiz(user=org.staff, module=quiz, answers=answers)
        assert "answers" in exc.value.message_dict
    assert QuizAttempt.objects.count() == 0


def test_single_choice_question_refuses_two_answers(org):
    course = make_course(org.county)
    quiz = make_module(course, kind=Module.Kind.QUIZ)
    question = make_question(quiz, right=1, wrong=2)
    choices = list(question.choices.values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        services.submit_quiz(user=org.staff, module=quiz, answers={question.pk: choices[:2]})
    assert QuizAttempt.objects.count() == 0


def test_unanswered_questions_count_as_wrong(org):
    course = make_course(org.county)
    quiz = make_quiz(course, questions=2, pass_mark=50)
    first = quiz.questions.first()
    outcome = services.submit_quiz(
        user=org.staff, module=quiz, answers={first.pk: right_answers(quiz)[first.pk]}
    )
    assert outcome.result.score == 50
    assert QuizAttempt.objects.get().answers == {str(first.pk): right_answers(quiz)[first.pk]}


def test_progress_is_not_recorded_in_drafts_or_for_quizzes_by_marking(org):
    draft = make_course(org.county, status=Course.Status.DRAFT)
    module = make_module(draft)
    with pytest.raises(ValidationError):
        services.complete_module(user=org.staff, module=module)
    quiz = make_quiz(make_course(org.county))
    with pytest.raises(ValidationError):
        services.complete_module(user=org.staff, module=quiz)
    assert ModuleProgress.objects.count() == 0


def test_publish_rules(org):
    course = services.create_course(
        county=org.county, data={"title_fi": "Uusi kurssi"}, actor=org.coordinator
    )
    assert course.status == Course.Status.DRAFT
    with pytest.raises(ValidationError, match="at least one module"):
        services.publish_course(course=course)
    quiz = services.add_module(
        course=course, data={"kind": "quiz", "title_fi": "Visa", "pass_mark": 80}
    )
    with pytest.raises(ValidationError, match="Add questions"):
        services.publish_course(course=course)
    assert Course.objects.get(pk=course.pk).status == Course.Status.DRAFT
    make_question(quiz)
    assert services.publish_course(course=course).status == Course.Status.PUBLISHED


def test_archive_and_republish_keep_completions(org):
    course = make_course(org.county)
    module = make_module(course)
    services.complete_module(user=org.staff, module=module)
    services.archive_course(course=course)
    services.update_course(course=course, data={"title_fi": "Uusi nimi"})
    services.publish_course(course=course)
    services.add_module(course=course, data={"kind": "text", "title_fi": "Lisä", "body_fi": "x"})
    assert CourseCompletion.objects.filter(user=org.staff, course=course).count() == 1


def test_module_with_progress_cannot_be_deleted_or_change_kind(org):
    course = make_course(org.county)
    done = make_module(course)
    make_module(course)
    services.complete_module(user=org.staff, module=done)
    with pytest.raises(ValidationError, match="Archive the course"):
        services.delete_module(module=done)
    with pytest.raises(ValidationError) as exc:
        services.update_module(module=done, data={"kind": "quiz"})
    assert "kind" in exc.value.message_dict
    assert Module.objects.filter(pk=done.pk, kind="text").exists()
    assert ModuleProgress.objects.count() == 1


def test_delete_and_move_modules_keep_positions_in_order(org):
    course = make_course(org.county, status=Course.Status.DRAFT)
    a, _b, c = (make_module(course, title_fi=t) for t in "abc")
    services.move_module(module=c, up=True)
    assert list(course.modules.order_by("position").values_list("title_fi", flat=True)) == [
        "a",
        "c",
        "b",
    ]
    services.move_module(module=a, up=True)  # already first: nothing changes
    services.delete_module(module=c, actor=org.coordinator)
    assert list(course.modules.order_by("position").values_list("title_fi", "position")) == [
        ("a", 1),
        ("b", 2),
    ]
    assert AuditEvent.objects.filter(action="delete", object_id=str(c.pk)).exists()


def test_module_content_is_checked_per_kind(org):
    course = make_course(org.county, status=Course.Status.DRAFT)
    cases = [
        ({"kind": "text", "title_fi": "T"}, "body_fi"),
        ({"kind": "video", "title_fi": "V"}, "url"),
        ({"kind": "attachment", "title_fi": "A"}, "attachment"),
        ({"kind": "text", "title_fi": "", "body_fi": "x"}, "title_fi"),
        ({"kind": "hologram", "title_fi": "H", "body_fi": "x"}, "kind"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.add_module(course=course, data=data)
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.add_module(course=course, data={"secret": 1})
    assert course.modules.count() == 0


def test_public_course_cannot_use_internal_recordings(org):
    course = make_course(org.county, internal_only=False, status=Course.Status.DRAFT)
    internal = make_media(org.county, internal_only=True)
    with pytest.raises(ValidationError) as exc:
        services.add_module(
            course=course, data={"kind": "podcast", "title_fi": "P", "media": internal}
        )
    assert "media" in exc.value.message_dict
    internal_course = make_course(org.county, internal_only=True, status=Course.Status.DRAFT)
    services.add_module(
        course=internal_course, data={"kind": "podcast", "title_fi": "P", "media": internal}
    )
    with pytest.raises(ValidationError) as exc:
        services.update_course(course=internal_course, data={"internal_only": False})
    assert "internal_only" in exc.value.message_dict


def test_question_rules(org):
    quiz = make_module(make_course(org.county), kind=Module.Kind.QUIZ)
    data = {"text_fi": "Kysymys?", "multiple": False}
    bad = [
        [ChoiceInput("vain yksi", is_correct=True)],
        [ChoiceInput("a"), ChoiceInput("b")],
        [ChoiceInput("a", is_correct=True), ChoiceInput("b", is_correct=True)],
    ]
    for choices in bad:
        with pytest.raises(ValidationError):
            services.save_question(module=quiz, data=data, choices=choices)
    assert QuizQuestion.objects.count() == 0
    two_right = [ChoiceInput("a", is_correct=True), ChoiceInput("b", is_correct=True)]
    question = services.save_question(
        module=quiz, data={**data, "multiple": True}, choices=two_right
    )
    assert question.choices.filter(is_correct=True).count() == 2
    text = make_module(quiz.course)
    with pytest.raises(ValidationError):
        services.save_question(module=text, data=data, choices=two_right)


def test_editing_a_question_keeps_option_ids(org):
    quiz = make_module(make_course(org.county), kind=Module.Kind.QUIZ)
    question = make_question(quiz, right=1, wrong=2)
    ids = list(question.choices.order_by("position").values_list("pk", flat=True))
    services.save_question(
        module=quiz,
        question=question,
        data={"text_fi": "Muutettu?", "multiple": False},
        choices=[ChoiceInput("uusi a", is_correct=True), ChoiceInput("uusi b")],
    )
    assert list(question.choices.order_by("position").values_list("pk", flat=True)) == ids[:2]
    assert not QuizChoice.objects.filter(pk=ids[2]).exists()


def test_last_question_of_a_published_quiz_cannot_be_deleted(org):
    quiz = make_quiz(make_course(org.county), questions=1)
    with pytest.raises(ValidationError):
        services.delete_question(question=quiz.questions.get())
    assert quiz.questions.count() == 1


def test_learning_demo_is_idempotent_and_has_the_courses(org):
    from kuulu.learning.demo import load_learning_demo
    from kuulu.learning.models import MediaItem

    assert load_learning_demo(org.county) == 7  # 5 media items + 2 courses
    assert load_learning_demo(org.county) == 0
    orientation = Course.objects.get(title_fi="Osallisuuden perehdytyspaketti")
    assert orientation.modules.count() == 5
    lecture = Course.objects.get(title_fi="Asiakaspalautteen vastaanottaminen")
    quiz = lecture.modules.get(kind="quiz")
    assert (quiz.pass_mark, quiz.questions.count()) == (80, 3)
    podcast = MediaItem.objects.filter(series="Kuulolla")
    assert [p.internal_only for p in podcast.order_by("episode_number")] == [
        True,
        True,
        True,
        False,
    ]
    assert all(p.transcript for p in podcast)
    services.publish_course(course=orientation)  # already valid and published


def test_retention_deletes_old_answer_sheets_but_keeps_progress(org):
    from datetime import timedelta

    from django.utils import timezone

    from kuulu.learning.models import ModuleProgress, QuizAttempt

    course = make_course(org.county)
    quiz = make_quiz(course)
    services.submit_quiz(user=org.staff, module=quiz, answers=right_answers(quiz))
    services.submit_quiz(user=org.staff, module=quiz, answers=wrong_answers(quiz))
    old = QuizAttempt.objects.order_by("id").first()
    QuizAttempt.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))
    assert services.delete_old_quiz_attempts(days=730) == 1
    assert QuizAttempt.objects.count() == 1
    assert ModuleProgress.objects.filter(user=org.staff, module=quiz).exists()


def test_a_quiz_added_without_questions_to_a_published_course_does_not_block_completion(org):
    course = make_course(org.county)
    text = make_module(course)
    services.add_module(
        course=course, data={"kind": Module.Kind.QUIZ, "title_fi": "Testi", "pass_mark": 80}
    )
    outcome = services.complete_module(user=org.staff, module=text)
    assert outcome.course_completed is True
    assert list(CourseCompletion.objects.values_list("user_id", flat=True)) == [org.staff.pk]


def test_deleting_a_module_completes_the_course_even_with_an_empty_quiz_left(org):
    course = make_course(org.county)
    text = make_module(course)
    spare = make_module(course)
    make_module(course, kind=Module.Kind.QUIZ, title_fi="Testi")
    services.complete_module(user=org.staff, module=text)
    assert not CourseCompletion.objects.exists()
    services.delete_module(module=spare)
    assert list(CourseCompletion.objects.values_list("user_id", flat=True)) == [org.staff.pk]
