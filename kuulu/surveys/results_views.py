"""Results of a survey: the page, the print report, free-text answers, aggregate exports and the
raw export. `urlpatterns` is added to the surveys URLs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.spreadsheets import csv_response, xlsx_response
from kuulu.surveys import exports, results
from kuulu.surveys.models import Question

TEXT_PAGE = 25
REPORT_TEXTS = 50


def _context(request: HttpRequest, survey_id: int, *, text_sample: int) -> dict:
    survey, actor = results.access_survey_for_results(request.user, survey_id)
    grouping_key = request.GET.get("group", "")
    data = results.survey_results(
        survey, grouping_key=grouping_key, text_sample=text_sample, viewer=actor
    )
    if any(question.texts for question in data.questions):
        # Free-text answers (masked, but written by respondents) are a sensitive read, as on
        # the page of all of a question's texts.
        record_event(action="view", obj=survey, request=request, summary="free-text answers viewed")
    return {
        "survey": survey,
        "results": data,
        "group": grouping_key if data.grouping else "",
        "can_export_raw": results.can_export_raw(actor, survey),
    }


@login_required
def results_page(request: HttpRequest, survey_id: int) -> HttpResponse:
    return render(
        request,
        "surveys/results.html",
        _context(request, survey_id, text_sample=results.TEXT_SAMPLE),
    )


@login_required
def results_report(request: HttpRequest, survey_id: int) -> HttpResponse:
    return render(
        request, "surveys/report.html", _context(request, survey_id, text_sample=REPORT_TEXTS)
    )


@login_required
def results_texts(request: HttpRequest, survey_id: int, key: str) -> HttpResponse:
    survey, _actor = results.access_survey_for_results(request.user, survey_id)
    question = (
        Question.objects.filter(version__survey=survey, key=key)
        .order_by("-version__number")
        .first()
    )
    if question is None or question.kind not in results.TEXT_KINDS:
        raise Http404
    paginator = Paginator(results.text_answers(survey, key), TEXT_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    hidden = results.min_group_for(survey) > paginator.count > 0
    record_event(action="view", obj=survey, request=request, summary="free-text answers viewed")
    return render(
        request,
        "surveys/results_texts.html",
        {
            "survey": survey,
            "question": question,
            "page": page,
            "texts": [] if hidden else results.masked_texts(page.object_list),
            "hidden": hidden,
        },
    )


@login_required
def results_export(request: HttpRequest, survey_id: int, fmt: str) -> HttpResponse:
    survey, _actor = results.access_survey_for_results(request.user, survey_id)
    data = results.survey_results(
        survey, grouping_key=request.GET.get("group", ""), text_sample=0, with_trends=False
    )
    record_event(action="export", obj=survey, request=request, summary=f"results exported ({fmt})")
    filename = f"survey-{survey.pk}-results.{fmt}"
    rows = results.aggregate_rows(data)
    if fmt == "xlsx":
        return xlsx_response(filename, _("Results"), results.aggregate_header(), rows)
    return csv_response(filename, results.aggregate_header(), rows)


@login_required
def responses_export(request: HttpRequest, survey_id: int, fmt: str) -> HttpResponse:
    survey = results.access_survey_for_raw_export(request.user, survey_id)
    record_event(
        action="export", obj=survey, request=request, summary=f"responses exported ({fmt})"
    )
    if fmt == "xlsx":
        return exports.raw_xlsx_response(survey)
    return exports.raw_csv_response(survey)


urlpatterns = [
    path("manage/<int:survey_id>/results/", results_page, name="results"),
    path("manage/<int:survey_id>/results/report/", results_report, name="results_report"),
    path("manage/<int:survey_id>/results/text/<slug:key>/", results_texts, name="results_texts"),
    path(
        "manage/<int:survey_id>/results.csv",
        results_export,
        {"fmt": "csv"},
        name="results_export_csv",
    ),
    path(
        "manage/<int:survey_id>/results.xlsx",
        results_export,
        {"fmt": "xlsx"},
        name="results_export_xlsx",
    ),
    path(
        "manage/<int:survey_id>/responses.csv",
        responses_export,
        {"fmt": "csv"},
        name="responses_export_csv",
    ),
    path(
        "manage/<int:survey_id>/responses.xlsx",
        responses_export,
        {"fmt": "xlsx"},
        name="responses_export_xlsx",
    ),
]
