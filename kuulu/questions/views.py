"""Views of Ask the leadership: thin, the rules live in services and access."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from kuulu.core.forms import add_service_errors
from kuulu.core.numbers import id_from
from kuulu.core.ratelimits import public_form_rate
from kuulu.feedback.models import Theme
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import County
from kuulu.organisation.selectors import default_county
from kuulu.outcomes.models import Outcome
from kuulu.questions import access, selectors, services
from kuulu.questions.forms import (
    AnswerForm,
    AskForm,
    ConvertForm,
    ModerateForm,
    RouteForm,
    SupportForm,
)
from kuulu.questions.models import Question

PAGE_SIZE = 50


def _county() -> County:
    county = default_county()
    if county is None:
        raise Http404
    return county


def index(request: HttpRequest) -> HttpResponse:
    county = _county()
    answered = {"answered": True, "open": False}.get(request.GET.get("show", ""))
    theme_id = id_from(request.GET.get("theme"))
    service_id = id_from(request.GET.get("service"))
    words = request.GET.get("q", "")[:100]
    questions = selectors.public_questions(
        county.pk, answered=answered, theme_id=theme_id, service_id=service_id, words=words
    )
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "questions/index.html",
        {
            "questions": page.object_list,
            "page": page,
            "query": query.urlencode(),
            "themes": Theme.objects.filter(county=county, is_active=True),
            "services": selectors.service_filter_choices(county.pk, selected_id=service_id),
            "show": request.GET.get("show", ""),
            "theme_id": theme_id,
            "service_id": service_id,
            "words": words,
            "can_manage": access.can_manage(actor_for(request.user)),
        },
    )


def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "questions/rules.html")


@require_http_methods(["GET", "POST"])
@ratelimit(group="questions-ask", key="ip", rate=public_form_rate, method="POST", block=True)
def ask(request: HttpRequest) -> HttpResponse:
    county = _county()
    signed_in = request.user.is_authenticated
    form = AskForm(request.POST or None, county=county, signed_in=signed_in)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.ask_question(
                county=county,
                text=data["text"],
                user=request.user,
                email=data.get("email", ""),
                display_name=data["display_name"],
                language=get_language() or "fi",
                theme=data["theme"],
                service=data["service"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "questions/asked.html", {"question": question})
    return render(request, "questions/ask.html", {"form": form})


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # Opening the link only shows a button: mail scanners open links, people press buttons.
    try:
        if request.method == "GET":
            services.check_confirm_link(token=token)
            return render(request, "questions/confirm_link.html", {"kind": "question"})
        question = services.confirm_email(token=token)
    except ValidationError:
        return render(request, "questions/link_invalid.html", status=400)
    return render(request, "questions/asked.html", {"question": question, "confirmed": True})


def detail(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access.access_question_for_public(question_id)
    answer = getattr(question, "answer", None) if question.status == "answered" else None
    return render(
        request,
        "questions/detail.html",
        {
            "question": question,
            "answer": answer,
            "outcomes": answer.outcomes.filter(is_published=True) if answer else [],
            "support_form": SupportForm(),
            "can_answer": access.can_answer(actor_for(request.user), question),
        },
    )


@require_POST
@ratelimit(group="questions-support", key="ip", rate=public_form_rate, block=True)
def support(request: HttpRequest, question_id: int) -> HttpResponse:
    question = access.access_question_for_public(question_id)
    form = SupportForm(request.POST)
    email = form.cleaned_data.get("email", "") if form.is_valid() else ""
    try:
        counted = services.support(question=question, user=request.user, email=email)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if counted:
            messages.success(request, _("Thank you. Your support has been counted."))
        elif request.user.is_authenticated:
            messages.info(request, _("You have already supported this question."))
        else:
            messages.info(request, _("We sent a link to your email. Open it to confirm."))
    return redirect("questions:detail", question_id=question.pk)


@require_http_methods(["GET", "POST"])
def support_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "GET":
            question = services.check_support_link(token=token)
            return render(
                request, "questions/confirm_link.html", {"kind": "support", "question": question}
            )
        question, counted = services.confirm_support(token=token)
    except ValidationError:
        return render(request, "questions/link_invalid.html", status=400)
    if counted:
        messages.success(request, _("Thank you. Your support has been counted."))
    else:
        messages.info(request, _("Your support of this question had already been counted."))
    return redirect("questions:detail", question_id=question.pk)


# --- Staff ----------------------------------------------------------------------------------


def manage(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not (actor.is_coordinator or actor.is_manager):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return render(
        request,
        "questions/manage.html",
        {
            "queue": selectors.queue(actor.county_id) if actor.is_coordinator else None,
            "mine": selectors.routed_to_person(actor.person_id),
        },
    )


@require_http_methods(["GET", "POST"])
def manage_question(request: HttpRequest, question_id: int) -> HttpResponse:
    question, actor = access.access_question_for_handler(request.user, question_id)
    is_coordinator = access.can_manage(actor)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    bound = request.POST if request.method == "POST" else None
    forms = {
        "moderate": ModerateForm(bound if action == "moderate" else None),
        "route": RouteForm(
            bound if action == "route" else None,
            people=services.answerers(question.county),
            initial={"person": question.routed_to_id, "due_on": question.due_on},
        ),
        "answer": AnswerForm(
            bound if action == "answer" else None,
            request.FILES if action == "answer" else None,
            outcomes=Outcome.objects.filter(county_id=question.county_id, is_published=True),
        ),
        "convert": ConvertForm(bound if action == "convert" else None),
    }
    if action in ("moderate", "route", "convert") and not is_coordinator:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = forms.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "moderate":
                services.moderate(
                    question=question,
                    publish=data["decision"] == "publish",
                    actor=request.user,
                    request=request,
                )
            elif action == "route":
                services.route(
                    question=question,
                    person=data["person"],
                    due_on=data["due_on"],
                    actor=request.user,
                    request=request,
                )
            elif action == "answer":
                answerer = access.answerer_for(actor, question)
                if answerer is None:
                    raise ValidationError(_("Route the question to the person who answers it."))
                services.publish_answer(
                    question=question,
                    text=data["text"],
                    answerer=answerer,
                    answerer_title=data["answerer_title"],
                    media=data["media"],
                    transcript=data["transcript"],
                    outcomes=list(data["outcomes"]),
                    actor=request.user,
                    request=request,
                )
            elif action == "convert":
                services.convert(
                    question=question,
                    to=data["to"],
                    reason=data["reason"],
                    feedback_kind=data["feedback_kind"] or "dissatisfaction",
                    actor=request.user,
                    request=request,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("questions:manage_question", question_id=question.pk)
    from kuulu.core.audit import record_event

    record_event(action="view", obj=question, request=request, summary="question read by staff")
    return render(
        request,
        "questions/manage_question.html",
        {
            "question": Question.objects.get(pk=question.pk),
            "forms": forms,
            "is_coordinator": is_coordinator,
        },
    )
