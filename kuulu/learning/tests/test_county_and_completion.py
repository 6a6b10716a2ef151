"""People of one county cannot read or change another county's courses; nobody is left with
every module done and no completion; concurrent last modules still complete the course."""

import pytest
from django.test import Client
from django.urls import reverse

from kuulu.learning import services
from kuulu.learning.models import Course, CourseCompletion
from kuulu.learning.tests.factories import make_course, make_media, make_module
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.organisation.tests.test_concurrency import _race


def _other_county_users():
    county = make_county()
    unit = make_unit(county, code="muu")
    staff = make_person(county, kind="staff", unit=unit)
    coordinator = make_person(county, kind="staff", unit=unit, is_coordinator=True)
    return staff.user, coordinator.user


@pytest.mark.django_db
def test_another_countys_staff_and_coordinator_are_kept_out(org):
    course = make_course(org.county, internal_only=True)
    make_module(course)
    media = make_media(org.county, internal_only=True)
    staff, coordinator = _other_county_users()
    reader = Client()
    reader.force_login(staff)
    assert reader.get(reverse("learning:course", args=[course.pk])).status_code == 404
    assert reader.get(reverse("learning:media_detail", args=[media.pk])).status_code == 404
    assert course.title_fi not in reader.get(reverse("learning:courses")).content.decode()
    author = Client()
    author.force_login(coordinator)
    assert author.get(reverse("learning:course_edit", args=[course.pk])).status_code == 403
    assert author.post(reverse("learning:course_archive", args=[course.pk])).status_code == 403
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED
    own = Client()
    own.force_login(org.staff)
    assert own.get(reverse("learning:course", args=[course.pk])).status_code == 200


@pytest.mark.django_db
def test_deleting_the_last_undone_module_completes_the_course_for_those_done(org):
    course = make_course(org.county)
    first = make_module(course)
    second = make_module(course)
    services.complete_module(user=org.staff, module=first)
    assert not CourseCompletion.objects.exists()
    services.delete_module(module=second)
    assert list(CourseCompletion.objects.values_list("user_id", flat=True)) == [org.staff.pk]
    assert CourseCompletion.objects.count() == 1


@pytest.mark.postgres
def test_finishing_the_last_two_modules_at_once_completes_the_course(postgres):
    county = make_county()
    unit = make_unit(county, code="u")
    learner = make_person(county, kind="staff", unit=unit).user
    for _ in range(5):
        course = make_course(county)
        modules = [make_module(course) for _ in range(2)]
        outcomes = _race(
            *[(lambda m=m: services.complete_module(user=learner, module=m)) for m in modules]
        )
        assert [kind for kind, _ in outcomes] == ["ok", "ok"]
        assert CourseCompletion.objects.filter(user=learner, course=course).count() == 1


@pytest.mark.postgres
def test_submitting_the_same_passing_quiz_twice_at_once_records_one_pass(postgres):
    from kuulu.learning.models import ModuleProgress
    from kuulu.learning.tests.factories import make_quiz, right_answers

    county = make_county()
    unit = make_unit(county, code="q")
    learner = make_person(county, kind="staff", unit=unit).user
    for _ in range(5):
        course = make_course(county)
        quiz = make_quiz(course, questions=2, pass_mark=50)
        answers = right_answers(quiz)
        outcomes = _race(
            *[
                (lambda q=quiz, a=answers: services.submit_quiz(user=learner, module=q, answers=a))
                for _ in range(2)
            ]
        )
        assert [kind for kind, _ in outcomes] == ["ok", "ok"]
        assert sorted(o.course_completed for _, o in outcomes) == [False, True]
        assert ModuleProgress.objects.get(user=learner, module=quiz).score == 100
        assert CourseCompletion.objects.filter(user=learner, course=course).count() == 1
