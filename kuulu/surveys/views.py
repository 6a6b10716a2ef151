"""Survey pages: answering (public link, invitation link, resume link), the builder with
preview, invitations, and the instrument library."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors
from kuulu.core.ratelimits import public_form_rate
from kuulu.organisation.access import actor_for
from kuulu.surveys import access, instruments, selectors, services
from kuulu.surveys.answers import (
    Questionnaire,
    clean_page,
    load_questionnaire,
    raw_from_post,
)
from kuulu.surveys.forms import (
    AddInstrumentForm,
    ConditionForm,
    InstrumentImportForm,
    InviteEmailsForm,
    InviteUnitsForm,
    PageForm,
    QuestionForm,
    ResumeEmailForm,
    SurveyForm,
)
from kuulu.surveys.models import Condition, Invitation, Page, Question, Response, Survey
from kuulu.surveys.services import AlreadyAnswered, SurveyClosed

Kind = Question.Kind
RESUME_COOKIE_DAYS = 60


# --- presenting questions -------------------------------------------------------------------


@dataclass
class Point:
    value: str
    label: str
    checked: bool = False


@dataclass
class Row:
    key: str
    label: str
    name: str
    points: list[Point]


@dataclass
class Field:
    """A question as the respondent sees it."""

    question: Question
    name: str
    text: str
    help: str
    error: str = ""
    value: str = ""
    options: list[Point] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    ranks: list[Row] = field(default_factory=list)
    max_length: int | None = None

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def describedby(self) -> str:
        ids = []
        if self.help:
            ids.append(f"{self.name}-help")
        if self.error:
            ids.append(f"{self.name}-error")
        return " ".join(ids)


def _text(obj: Any, name: str, plain: bool, plain_name: str = "") -> str:
    if plain:
        value = getattr(obj, plain_name or f"{name}_fi_plain", "")
        if value:
            return value
    return getattr(obj, name, "") or ""


def _as_raw(question: Question, value: Any) -> Any:
    """A stored canonical value in the shape the form gives, to fill the form again."""
    if value is None:
        return None
    if question.kind == Kind.RANKING:
        return {v: str(rank) for rank, v in enumerate(value, 1)}
    if question.kind == Kind.MATRIX:
        return {k: str(v) for k, v in value.items()}
    if isinstance(value, list):
        return value
    return str(value)


def present(question: Question, raw: Any, error: str = "", *, plain: bool = False) -> Field:
    lang = "fi_plain" if plain else (get_language() or "fi")
    name = f"q-{question.key}"
    item = Field(
        question=question,
        name=name,
        text=_text(question, "text", plain),
        help=_text(question, "help_text", plain, "help_fi_plain"),
        error=error,
        max_length=question.text_max_length,
    )
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        chosen = raw if isinstance(raw, list) else [raw]
        item.options = [
            Point(c.value, _text(c, "label", plain, "label_fi_plain"), c.value in chosen)
            for c in question.choices.all()
        ]
    elif question.kind in (Kind.LIKERT, Kind.SCALE_0_10):
        labels = question.labels_for(lang)
        item.points = [Point(str(v), label, str(raw) == str(v)) for v, label in labels]
    elif question.kind == Kind.MATRIX:
        given = raw if isinstance(raw, dict) else {}
        labels = question.labels_for(lang)
        for row in question.rows.all():
            item.rows.append(
                Row(
                    row.key,
                    _text(row, "label", plain, "label_fi_plain"),
                    f"{name}-{row.key}",
                    [
                        Point(str(v), label, str(given.get(row.key)) == str(v))
                        for v, label in labels
                    ],
                )
            )
    elif question.kind == Kind.RANKING:
        given = raw if isinstance(raw, dict) else {}
        count = len(question.choices.all())
        for choice in question.choices.all():
            item.ranks.append(
                Row(
                    choice.value,
                    _text(choice, "label", plain, "label_fi_plain"),
                    f"{name}-{choice.value}",
                    [
                        Point(str(n), str(n), str(given.get(choice.value)) == str(n))
                        for n in range(1, count + 1)
                    ],
                )
            )
    else:
        item.value = "" if raw is None or isinstance(raw, list | dict) else str(raw)
    return item


def _page_context(
    questionnaire: Questionnaire,
    page: Page,
    values: dict[str, Any],
    *,
    raw: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    plain: bool = False,
) -> dict[str, Any]:
    _kept, pages = questionnaire.prune(values)
    if page not in pages:
        pages = sorted([*pages, page], key=lambda p: p.position)
    number = pages.index(page) + 1
    errors = errors or {}
    fields = []
    for question in questionnaire.visible_questions(page, values):
        value = (
            raw.get(question.key)
            if raw is not None
            else _as_raw(question, values.get(question.key))
        )
        fields.append(present(question, value, errors.get(question.key, ""), plain=plain))
    return {
        "page": page,
        "page_title": _text(page, "title", plain),
        "page_number": number,
        "page_count": len(pages),
        "is_first": number == 1,
        "is_last": number == len(pages),
        "fields": fields,
        "errors": [(f, f.error) for f in fields if f.error],
        "plain": plain,
    }


# --- answering ------------------------------------------------------------------------------


def _cookie(survey_id: int) -> str:
    return f"kuulu_survey_{survey_id}"


def _set_resume_cookie(response: HttpResponse, survey: Survey, raw: str) -> None:
    response.set_cookie(
        _cookie(survey.pk),
        raw,
        max_age=RESUME_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        path="/",
    )


def _user(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _find_response(
    request: HttpRequest, survey: Survey, invitation: Invitation | None
) -> Response | None:
    if invitation is not None:
        return Response.objects.filter(invitation=invitation).first()
    user = _user(request)
    if user is not None:
        found = Response.objects.filter(
            survey=survey, user=user, status=Response.Status.IN_PROGRESS
        ).first()
        if found is not None:
            return found
    return services.response_for_resume_token(survey, request.COOKIES.get(_cookie(survey.pk), ""))


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"surveys/{template}", context, status=status)


def _answer(
    request: HttpRequest,
    survey: Survey,
    *,
    invitation: Invitation | None = None,
    here: str,
) -> HttpResponse:
    """One page at a time: start, save a page, go back, save for later, submit."""
    context: dict[str, Any] = {"survey": survey, "here": here, "invitation": invitation}
    if request.GET.get("done") == "1":
        return _render(request, "respond_done.html", context)
    response = _find_response(request, survey, invitation)
    if invitation is not None and invitation.used_at is not None:
        return _render(request, "respond_answered.html", context)
    if not survey.is_accepting():
        context["response"] = response
        return _render(
            request, "respond_closed.html", context, 409 if request.method == "POST" else 200
        )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    plain_wanted = request.POST.get("plain") == "1" or request.GET.get("plain") == "1"

    if response is None:
        if action != "start":
            context["plain"] = plain_wanted and survey.has_plain_finnish
            context["page_count"] = len(load_questionnaire(survey.current_version).pages)
            return _render(request, "respond_intro.html", context)
        try:
            response, raw_token = services.start_response(
                survey=survey,
                user=_user(request),
                invitation=invitation,
                language=get_language() or "fi",
                plain=plain_wanted,
            )
        except AlreadyAnswered:
            return _render(request, "respond_answered.html", context, 409)
        redirect_response = redirect(here)
        if raw_token:
            _set_resume_cookie(redirect_response, survey, raw_token)
        return redirect_response

    questionnaire = load_questionnaire(response.version)
    values = services.stored_values(questionnaire, response)
    plain = response.plain_language

    if action in ("plain_on", "plain_off"):
        Response.objects.filter(pk=response.pk).update(
            plain_language=action == "plain_on" and survey.has_plain_finnish
        )
        return redirect(here)
    if action == "back":
        services.go_back(response=response)
        return redirect(here)
    if action in ("next", "later", "submit"):
        page = questionnaire.page_by_id(_int(request.POST.get("page")))
        if page is None:
            return redirect(here)
        shown = questionnaire.visible_questions(page, values)
        raw = raw_from_post(shown, request.POST)
        try:
            following = services.save_page(response=response, page_id=page.pk, raw=raw)
            if following is None and action != "later":
                services.submit_response(response=response)
                if response.resume_token_hash:
                    done = redirect(f"{here}?done=1")
                    done.delete_cookie(_cookie(survey.pk))
                    return done
                return redirect(f"{here}?done=1")
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
                response.refresh_from_db()
                current = services.current_page(questionnaire, response) or page
                if current.pk != page.pk:
                    # Submission found unanswered required questions on another page.
                    values = services.stored_values(questionnaire, response)
                    context.update(
                        _page_context(questionnaire, current, values, errors=errors, plain=plain)
                    )
                else:
                    context.update(
                        _page_context(
                            questionnaire, page, values, raw=raw, errors=errors, plain=plain
                        )
                    )
                context["response"] = response
                return _render(request, "respond_page.html", context, 422)
            messages.error(request, " ".join(exc.messages))
            return redirect(here)
        except AlreadyAnswered:
            return _render(request, "respond_answered.html", context, 409)
        except SurveyClosed:
            context["response"] = response
            return _render(request, "respond_closed.html", context, 409)
        if action == "later":
            return _later_page(request, survey, response, invitation, here)
        return redirect(here)

    page = services.current_page(questionnaire, response)
    if page is None:
        # Every shown page is saved (e.g. a later page became hidden): offer submitting.
        page = questionnaire.prune(values)[1][-1]
    context.update(_page_context(questionnaire, page, values, plain=plain))
    context["response"] = response
    return _render(request, "respond_page.html", context)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _later_page(
    request: HttpRequest,
    survey: Survey,
    response: Response,
    invitation: Invitation | None,
    here: str,
) -> HttpResponse:
    context: dict[str, Any] = {"survey": survey, "here": here, "invitation": invitation}
    if invitation is None and response.user_id is None:
        raw = services.renew_resume_token(response=response)
        context["resume_url"] = request.build_absolute_uri(
            reverse("surveys:resume", args=[survey.pk, raw])
        )
        context["form"] = ResumeEmailForm()
        page = _render(request, "respond_later.html", context)
        _set_resume_cookie(page, survey, raw)
        return page
    return _render(request, "respond_later.html", context)


@require_http_methods(["GET", "POST"])
@ratelimit(group="survey-answer", key="ip", rate="120/m", method="POST", block=True)
def respond(request: HttpRequest, survey_id: int) -> HttpResponse:
    try:
        survey = access.access_survey_for_respondent(request.user, survey_id)
    except access.SignInRequired:
        return redirect_to_login(request.get_full_path())
    here = reverse("surveys:respond", args=[survey.pk])
    return _answer(request, survey, here=here)


@require_http_methods(["GET", "POST"])
@ratelimit(group="survey-answer", key="ip", rate="120/m", method="POST", block=True)
def respond_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None or invitation.survey.status == Survey.Status.DRAFT:
        return _render(request, "respond_bad_link.html", {}, 404)
    here = reverse("surveys:invitation", args=[token])
    return _answer(
        request,
        invitation.survey,
        invitation=invitation,
        here=here,
    )


@require_http_methods(["GET"])
def invitation_later(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _render(request, "respond_bad_link.html", {}, 404)
    return _render(
        request,
        "respond_later.html",
        {
            "survey": invitation.survey,
            "invitation": invitation,
            "here": reverse("surveys:invitation", args=[token]),
        },
    )


@require_http_methods(["GET"])
def resume(request: HttpRequest, survey_id: int, token: str) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_id)
    response = services.response_for_resume_token(survey, token)
    if response is None:
        return _render(request, "respond_bad_link.html", {"survey": survey}, 404)
    page = redirect("surveys:respond", survey.pk)
    _set_resume_cookie(page, survey, token)
    return page


@require_POST
@ratelimit(group="survey-resume-email", key="ip", rate=public_form_rate, method="POST", block=True)
def save_for_later(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Email the resume link to an address the respondent gives (not stored)."""
    try:
        survey = access.access_survey_for_respondent(request.user, survey_id)
    except access.SignInRequired:
        return redirect_to_login(request.get_full_path())
    response = services.response_for_resume_token(
        survey, request.COOKIES.get(_cookie(survey.pk), "")
    )
    here = reverse("surveys:respond", args=[survey.pk])
    if response is None:
        return redirect(here)
    form = ResumeEmailForm(request.POST)
    if not form.is_valid():
        context = {"survey": survey, "here": here, "form": form, "resume_url": ""}
        return _render(request, "respond_later.html", context, 422)
    from kuulu.surveys.tasks import send_resume_link

    transaction.on_commit(
        partial(
            send_resume_link.enqueue,
            response_id=response.pk,
            email=form.cleaned_data["email"],
            language=get_language() or "fi",
        )
    )
    messages.success(
        request,
        _("The link is on its way to your email. It replaces any earlier link for continuing."),
    )
    return redirect(here)


# --- builder --------------------------------------------------------------------------------


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not actor.is_staff:
        raise PermissionDenied
    surveys = selectors.surveys_for_owner(user=request.user, actor=actor)
    return _render(
        request,
        "manage_list.html",
        {"surveys": surveys, "can_create": access.can_create_survey(actor)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    actor = access.require_survey_creator(request.user)
    county = selectors.county_of(actor)
    form = SurveyForm(request.POST or None, county=county)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_survey(
                county=county,
                owner=request.user,
                units=form.cleaned_data.get("units") or [],
                **form.survey_data(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The survey was created. Add its questions next."))
            return redirect("surveys:builder", survey.pk)
    return _render(
        request, "survey_form.html", {"form": form, "survey": None}, 200 if not form.errors else 422
    )


@login_required
def builder(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    context = selectors.builder_overview(survey)
    context["survey"] = survey
    return _render(request, "builder.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    form = SurveyForm(request.POST or None, instance=survey, county=survey.county)
    if request.method == "POST":
        if form.is_valid():
            survey.refresh_from_db()
            try:
                services.update_survey(
                    survey=survey,
                    actor=request.user,
                    units=form.cleaned_data.get("units"),
                    **form.survey_data(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The survey settings were saved."))
                return redirect("surveys:builder", survey.pk)
        survey.refresh_from_db()
        return _render(request, "survey_form.html", {"form": form, "survey": survey}, 422)
    return _render(request, "survey_form.html", {"form": form, "survey": survey})


@login_required
@require_POST
def survey_status(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.open_survey(survey=survey, actor=request.user)
            messages.success(request, _("The survey is open for answers."))
        elif action == "close":
            services.close_survey(survey=survey, actor=request.user)
            messages.success(request, _("The survey is closed."))
        else:
            return HttpResponse(status=400)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:builder", survey.pk)


def _owned_page(survey: Survey, page_id: int) -> Page:
    return get_object_or_404(Page, pk=page_id, version__survey=survey)


def _owned_question(survey: Survey, question_id: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("instrument_item__instrument", "page"),
        pk=question_id,
        version__survey=survey,
    )


def _current_only(survey: Survey, obj: Page | Question) -> None:
    """Only the current version is edited; older versions are kept as they were answered."""
    if obj.version_id != survey.current_version_id:
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def page_create(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    form = PageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_page(survey=survey, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The page was added."))
        return redirect("surveys:builder", survey.pk)
    return _render(request, "page_form.html", {"form": form, "survey": survey, "page": None})


@login_required
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, survey_id: int, page_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    page = _owned_page(survey, page_id)
    _current_only(survey, page)
    initial = {name: getattr(page, name) or "" for name in PageForm.base_fields}
    form = PageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_page(survey=survey, page=page, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The page was saved."))
        return redirect("surveys:builder", survey.pk)
    return _render(request, "page_form.html", {"form": form, "survey": survey, "page": page})


@login_required
@require_POST
def page_move(request: HttpRequest, survey_id: int, page_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    page = _owned_page(survey, page_id)
    _current_only(survey, page)
    step = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.move_page(survey=survey, page=page, actor=request.user, step=step)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:builder", survey.pk)


@login_required
@require_POST
def page_delete(request: HttpRequest, survey_id: int, page_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    page = _owned_page(survey, page_id)
    _current_only(survey, page)
    try:
        services.delete_page(survey=survey, page=page, actor=request.user)
        messages.success(request, _("The page was removed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:builder", survey.pk)


def _question_page(
    request: HttpRequest, survey: Survey, form: QuestionForm, **extra: Any
) -> HttpResponse:
    context = {"form": form, "survey": survey, **extra}
    return _render(request, "question_form.html", context, 422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, survey_id: int, page_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    page = _owned_page(survey, page_id)
    _current_only(survey, page)
    initial = {"kind": request.GET.get("kind", Kind.SINGLE)}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(survey=survey, page=page, spec=form.to_spec(), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The question was added."))
            return redirect("surveys:builder", survey.pk)
    return _question_page(request, survey, form, page=page, question=None)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    question = _owned_question(survey, question_id)
    _current_only(survey, question)
    spec = services.spec_of(question)
    locked = question.locked
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(spec), locked=locked)
    if request.method == "POST" and form.is_valid():
        new_spec = spec if locked else form.to_spec()
        if locked:
            new_spec.required = form.cleaned_data["required"]
        try:
            services.update_question(
                survey=survey, question=question, spec=new_spec, actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The question was saved."))
            return redirect("surveys:builder", survey.pk)
    return _question_page(
        request, survey, form, page=question.page, question=question, locked=locked
    )


@login_required
@require_POST
def question_move(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    question = _owned_question(survey, question_id)
    _current_only(survey, question)
    step = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.move_question(survey=survey, question=question, actor=request.user, step=step)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:builder", survey.pk)


@login_required
@require_POST
def question_delete(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    question = _owned_question(survey, question_id)
    _current_only(survey, question)
    try:
        services.delete_question(survey=survey, question=question, actor=request.user)
        messages.success(request, _("The question was removed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:builder", survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def condition_create(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    questionnaire = load_questionnaire(survey.current_version)
    form = ConditionForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        kind, _sep, target_id = form.cleaned_data["target"].partition(":")
        target_question = questionnaire.by_id.get(int(target_id)) if kind == "question" else None
        target_page = questionnaire.page_by_id(int(target_id)) if kind == "page" else None
        try:
            services.add_condition(
                survey=survey,
                source=questionnaire.by_id[int(form.cleaned_data["source"])],
                operator=form.cleaned_data["operator"],
                values=form.value_list(),
                target_question=target_question,
                target_page=target_page,
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The condition was added."))
            return redirect("surveys:builder", survey.pk)
    status = 422 if form.errors else 200
    return _render(request, "condition_form.html", {"form": form, "survey": survey}, status)


@login_required
@require_POST
def condition_delete(request: HttpRequest, survey_id: int, condition_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    condition = get_object_or_404(Condition, pk=condition_id, version_id=survey.current_version_id)
    services.delete_condition(survey=survey, condition=condition, actor=request.user)
    messages.success(request, _("The condition was removed."))
    return redirect("surveys:builder", survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def instrument_add(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    form = AddInstrumentForm(
        request.POST or None, instruments=access.instruments_for(actor_for(request.user))
    )
    if request.method == "POST" and form.is_valid():
        services.add_instrument(
            survey=survey, instrument=form.cleaned_data["instrument"], actor=request.user
        )
        messages.success(request, _("The instrument's questions were added on a new page."))
        return redirect("surveys:builder", survey.pk)
    return _render(request, "instrument_add.html", {"form": form, "survey": survey})


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.access_survey_for_owner(request.user, survey_id)
    emails_form = InviteEmailsForm(
        request.POST if request.POST.get("form") == "emails" else None,
        initial={"language": get_language()},
    )
    units_form = InviteUnitsForm(
        request.POST if request.POST.get("form") == "units" else None, county=survey.county
    )
    status = 200
    if request.method == "POST":
        result = None
        if emails_form.is_bound and emails_form.is_valid():
            result = services.invite_emails(
                survey=survey,
                emails=emails_form.cleaned_data["emails"],
                language=emails_form.cleaned_data["language"],
                actor=request.user,
            )
        elif units_form.is_bound and units_form.is_valid():
            result = services.invite_unit_staff(
                survey=survey, units=list(units_form.cleaned_data["units"]), actor=request.user
            )
        if result is not None:
            messages.success(
                request,
                _("%(new)s invitations will be sent; %(skipped)s addresses were already invited.")
                % {"new": result[0], "skipped": result[1]},
            )
            return redirect("surveys:invitations", survey.pk)
        status = 422
    context = {
        "survey": survey,
        "emails_form": emails_form,
        "units_form": units_form,
        "counts": selectors.invitation_counts(survey),
    }
    return _render(request, "invitations.html", context, status)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, survey_id: int) -> HttpResponse:
    """What respondents see, page by page, with validation; answers live only in the session."""
    survey = access.access_survey_for_owner(request.user, survey_id)
    questionnaire = load_questionnaire(survey.current_version)
    key = f"survey-preview-{survey.pk}"
    state = request.session.get(key) or {"values": {}, "position": 0}
    if request.method == "POST" and request.POST.get("action") == "restart":
        request.session.pop(key, None)
        return redirect("surveys:preview", survey.pk)
    plain = request.GET.get("plain") == "1" and survey.has_plain_finnish
    values, pages = questionnaire.prune(state["values"])
    if not pages:
        return _render(request, "preview.html", {"survey": survey, "empty": True})
    page = next((p for p in pages if p.position >= state["position"]), pages[-1])
    context: dict[str, Any] = {"survey": survey, "preview": True, "here": request.get_full_path()}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        posted = questionnaire.page_by_id(_int(request.POST.get("page"))) or page
        if action == "back":
            earlier = [p for p in pages if p.position < posted.position]
            state["position"] = earlier[-1].position if earlier else 0
            request.session[key] = state
            return redirect(request.get_full_path())
        shown = questionnaire.visible_questions(posted, values)
        raw = raw_from_post(shown, request.POST)
        cleaned, errors = clean_page(shown, raw)
        if errors:
            context.update(
                _page_context(questionnaire, posted, values, raw=raw, errors=errors, plain=plain)
            )
            return _render(request, "preview.html", context, 422)
        for question in questionnaire.questions(posted):
            values.pop(question.key, None)
        values.update(cleaned)
        values, pages = questionnaire.prune(values)
        following = next((p for p in pages if p.position > posted.position), None)
        state = {"values": values, "position": following.position if following else 9999}
        request.session[key] = state
        return redirect(request.get_full_path())
    if state["position"] == 9999:
        context["finished"] = True
        return _render(request, "preview.html", context)
    context.update(_page_context(questionnaire, page, values, plain=plain))
    return _render(request, "preview.html", context, status)


# --- instrument library --------------------------------------------------------------------


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not access.can_use_instruments(actor):
        raise PermissionDenied
    return _render(
        request,
        "instruments.html",
        {
            "instruments": access.instruments_for(actor).prefetch_related("items"),
            "can_import": access.can_import_instruments(actor),
        },
    )


@login_required
def instrument_detail(request: HttpRequest, instrument_id: int) -> HttpResponse:
    instrument = access.access_instrument_for_user(request.user, instrument_id)
    return _render(
        request,
        "instrument_detail.html",
        {"instrument": instrument, "items": instrument.items.order_by("position", "id")},
    )


@login_required
def instrument_export(request: HttpRequest, instrument_id: int, fmt: str) -> HttpResponse:
    instrument = access.access_instrument_for_user(request.user, instrument_id)
    if fmt not in ("yaml", "json"):
        raise Http404
    content_type = "application/json" if fmt == "json" else "application/yaml"
    response = HttpResponse(
        instruments.dump(instrument, fmt), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{instrument.key}-{instrument.version}.{fmt}"'
    )
    record_event(action="export", obj=instrument, request=request)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def instrument_import(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not access.can_import_instruments(actor):
        raise PermissionDenied
    form = InstrumentImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        fmt = "json" if upload.name.lower().endswith(".json") else "yaml"
        try:
            text = upload.read().decode("utf-8")
            instrument = instruments.store(
                instruments.parse(text, fmt),
                county=selectors.county_of(actor),
                replace=form.cleaned_data["replace"],
            )
        except UnicodeDecodeError:
            problems = [_("The file is not UTF-8 text.")]
        except instruments.InstrumentFormatError as exc:
            problems = exc.problems
        else:
            record_event(
                action="create", obj=instrument, request=request, summary="instrument imported"
            )
            messages.success(request, _("The instrument was imported."))
            return redirect("surveys:instrument_detail", instrument.pk)
    status = 422 if (problems or form.errors) else 200
    return _render(request, "instrument_import.html", {"form": form, "problems": problems}, status)
