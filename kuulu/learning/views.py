"""E-learning pages: the course list, courses, modules and quizzes for learners, the media
library, and the coordinators' authoring pages."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kuulu.core.forms import add_service_errors, blank_translations
from kuulu.core.htmx import render_page_or_fragment
from kuulu.learning import access, selectors, services
from kuulu.learning.forms import CourseForm, MediaFilterForm, ModuleForm, QuestionForm, QuizForm
from kuulu.learning.models import Course, Module
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import County
from kuulu.organisation.selectors import default_county

# --- Learners -------------------------------------------------------------------------------


def courses(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    return render(
        request,
        "learning/courses.html",
        {
            "rows": selectors.courses_for_learner(actor=actor),
            "can_author": actor.is_coordinator,
        },
    )


def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.access_course_for_learner(request.user, course_id)
    return render(
        request,
        "learning/course.html",
        {
            "course": course,
            "page": selectors.course_page(course=course, user=request.user),
            "can_author": access.can_author(request.user),
        },
    )


def _module_context(request: HttpRequest, module: Module) -> dict:
    previous, following = selectors.neighbours(module)
    return {
        "module": module,
        "course": module.course,
        "progress": selectors.progress_for(request.user, module),
        "previous": previous,
        "following": following,
        "can_record": module.course.status == Course.Status.PUBLISHED,
    }


def module_detail(request: HttpRequest, module_id: int) -> HttpResponse:
    module = access.access_module_for_learner(request.user, module_id)
    return render(request, "learning/module.html", _module_context(request, module))


@login_required
@require_POST
def module_done(request: HttpRequest, module_id: int) -> HttpResponse:
    module = access.access_module_for_learner(request.user, module_id)
    try:
        outcome = services.complete_module(user=request.user, module=module)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("learning:module", module_id=module.pk)
    if outcome.course_completed:
        messages.success(request, _("Well done! You have completed the course."))
        return redirect("learning:course", course_id=module.course_id)
    messages.success(request, _("The module is marked as done."))
    _previous, following = selectors.neighbours(module)
    if following is not None:
        return redirect("learning:module", module_id=following.pk)
    return redirect("learning:course", course_id=module.course_id)


def module_attachment(request: HttpRequest, module_id: int) -> HttpResponse:
    """The attachment, only to people who may read the course; files are never linked from
    a public media address."""
    module = access.access_module_for_learner(request.user, module_id)
    if module.kind != Module.Kind.ATTACHMENT or not module.attachment:
        raise Http404
    try:
        handle = module.attachment.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=os.path.basename(module.attachment.name)
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def quiz(request: HttpRequest, module_id: int) -> HttpResponse:
    module = access.access_module_for_learner(request.user, module_id)
    if module.kind != Module.Kind.QUIZ:
        raise Http404
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    questions = services.quiz_questions(module)
    form = QuizForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.submit_quiz(user=request.user, module=module, answers=form.answers())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if outcome.course_completed:
                messages.success(request, _("Well done! You have completed the course."))
            return redirect("learning:attempt", module_id=module.pk, attempt_id=outcome.attempt.pk)
    context = _module_context(request, module)
    context.update(form=form, attempts=selectors.latest_attempts(request.user, module))
    return render(request, "learning/quiz.html", context)


@login_required
def quiz_attempt(request: HttpRequest, module_id: int, attempt_id: int) -> HttpResponse:
    module = access.access_module_for_learner(request.user, module_id)
    attempt = access.access_attempt_for_learner(request.user, module, attempt_id)
    results = selectors.attempt_results(attempt)
    context = _module_context(request, module)
    context.update(
        attempt=attempt,
        known=results.known,
        results=results.questions,
        wrong_count=results.wrong,
        removed_count=results.removed,
    )
    return render(request, "learning/attempt.html", context)


# --- Media library --------------------------------------------------------------------------


def media_library(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    form = MediaFilterForm(request.GET or None, series=selectors.media_series(actor=actor))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    items = selectors.media_library(
        actor=actor, series=data.get("series", ""), kind=data.get("kind", "")
    )
    return render_page_or_fragment(
        request,
        "learning/media.html",
        {"form": form, "items": items, "staff_view": actor.is_staff},
        fragment="results",
    )


def media_detail(request: HttpRequest, media_id: int) -> HttpResponse:
    media = access.access_media_for_viewer(request.user, media_id)
    return render(request, "learning/media_detail.html", {"media": media})


# --- Authoring ------------------------------------------------------------------------------


def _county_for(user) -> County | None:  # type: ignore[no-untyped-def]
    actor = actor_for(user)
    if actor.county_id is not None:
        return County.objects.get(pk=actor.county_id)
    return default_county()


@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    access.require_author(request.user)
    form = CourseForm(request.POST or None)
    county = _county_for(request.user)
    if request.method == "POST" and form.is_valid():
        if county is None:
            raise Http404
        try:
            course = services.create_course(
                county=county,
                data=blank_translations(form.cleaned_data),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The course has been created. Add its modules next."))
            return redirect("learning:course_edit", course_id=course.pk)
    return render(request, "learning/course_form.html", {"form": form, "course": None})


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.access_course_for_author(request.user, course_id)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        data = blank_translations({k: form.cleaned_data[k] for k in form.changed_data})
        try:
            services.update_course(course=course, data=data, actor=request.user, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The course has been saved."))
            return redirect("learning:course_edit", course_id=course.pk)
    course.refresh_from_db()
    return render(
        request,
        "learning/course_form.html",
        {"form": form, "course": course, "modules": selectors.modules_for_author(course)},
    )


def _status_change(request: HttpRequest, course_id: int, publish: bool) -> HttpResponse:
    course = access.access_course_for_author(request.user, course_id)
    try:
        if publish:
            services.publish_course(course=course, actor=request.user, request=request)
        else:
            services.archive_course(course=course, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The course is published.") if publish else _("The course is archived."),
        )
    return redirect("learning:course_edit", course_id=course.pk)


@login_required
@require_POST
def course_publish(request: HttpRequest, course_id: int) -> HttpResponse:
    return _status_change(request, course_id, publish=True)


@login_required
@require_POST
def course_archive(request: HttpRequest, course_id: int) -> HttpResponse:
    return _status_change(request, course_id, publish=False)


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.access_course_for_author(request.user, course_id)
    form = ModuleForm(request.POST or None, request.FILES or None, county_id=course.county_id)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.add_module(
                course=course,
                data=blank_translations(form.cleaned_data),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The module has been added."))
            if module.kind == Module.Kind.QUIZ:
                return redirect("learning:question_create", module_id=module.pk)
            return redirect("learning:course_edit", course_id=course.pk)
    return render(
        request, "learning/module_form.html", {"form": form, "course": course, "module": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, module_id: int) -> HttpResponse:
    module = access.access_module_for_author(request.user, module_id)
    form = ModuleForm(
        request.POST or None,
        request.FILES or None,
        instance=module,
        county_id=module.course.county_id,
    )
    if request.method == "POST" and form.is_valid():
        data = blank_translations({k: form.cleaned_data[k] for k in form.changed_data})
        try:
            services.update_module(module=module, data=data, actor=request.user, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The module has been saved."))
            return redirect("learning:module_edit", module_id=module.pk)
    module.refresh_from_db()
    return render(
        request,
        "learning/module_form.html",
        {
            "form": form,
            "course": module.course,
            "module": module,
            "questions": selectors.questions_for_author(module),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_delete(request: HttpRequest, module_id: int) -> HttpResponse:
    module = access.access_module_for_author(request.user, module_id)
    if request.method == "POST":
        try:
            services.delete_module(module=module, actor=request.user, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The module has been deleted."))
        return redirect("learning:course_edit", course_id=module.course_id)
    return render(
        request, "learning/module_delete.html", {"module": module, "course": module.course}
    )


@login_required
@require_POST
def module_move(request: HttpRequest, module_id: int) -> HttpResponse:
    module = access.access_module_for_author(request.user, module_id)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, _("Choose whether to move the module up or down."))
    else:
        services.move_module(
            module=module, up=direction == "up", actor=request.user, request=request
        )
    return redirect("learning:course_edit", course_id=module.course_id)


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, module_id: int) -> HttpResponse:
    module = access.access_module_for_author(request.user, module_id)
    if module.kind != Module.Kind.QUIZ:
        raise Http404
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(
                module=module,
                data=form.question_data(),
                choices=form.choices(),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The question has been added."))
            return redirect("learning:module_edit", module_id=module.pk)
    return render(
        request,
        "learning/question_form.html",
        {"form": form, "module": module, "course": module.course, "question": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access.access_question_for_author(request.user, question_id)
    module = question.module
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(
                module=module,
                question=question,
                data=form.question_data(),
                choices=form.choices(),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("learning:module_edit", module_id=module.pk)
    return render(
        request,
        "learning/question_form.html",
        {"form": form, "module": module, "course": module.course, "question": question},
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access.access_question_for_author(request.user, question_id)
    try:
        services.delete_question(question=question, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The question has been deleted."))
    return redirect("learning:module_edit", module_id=question.module_id)
