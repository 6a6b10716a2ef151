"""The coordinator's triage page: the model in use, its retraining and the learning curve."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kuulu.core.charts import horizontal_bars
from kuulu.feedback import access
from kuulu.organisation.selectors import default_county


@require_GET
@login_required
def triage_model(request: HttpRequest) -> HttpResponse:
    actor = access.require_triage_model_viewer(request.user)
    county_id = actor.county_id
    if county_id is None:
        county = default_county()
        if county is None:
            raise Http404
        county_id = county.pk
    from kuulu.feedback.triage.status import triage_status

    status = triage_status(county_id)
    chart = None
    if status.learning_curve:
        chart = horizontal_bars(
            [
                (
                    _("%(n)s corrections") % {"n": row["corrections"]},
                    round(100 * row["kind_accuracy"], 1),
                )
                for row in status.learning_curve["rows"]
            ],
            maximum=100,
            suffix=" %",
        )
    return render(request, "feedback/triage_model.html", {"status": status, "chart": chart})
