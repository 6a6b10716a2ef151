"""Workspace pages of the HR sync: upload files, see the changes, confirm; earlier runs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kuulu.organisation import access
from kuulu.organisation.forms import HrSyncUploadForm
from kuulu.organisation.models import HrSyncRun
from kuulu.organisation.sync.apply import PREVIEW_VALID, apply_sync, preview_sync, stage_preview
from kuulu.organisation.sync.messages import ACTION_LABELS, change_rows, problem_rows
from kuulu.organisation.sync.parse import Document
from kuulu.organisation.sync.selectors import recent_runs
from kuulu.organisation.sync.sources import document_from_files

CHANGES_SHOWN = 1000


def _count_rows(counts: dict) -> list[dict]:
    return [
        {
            "action": action,
            "label": str(label),
            "units": counts.get("units", {}).get(action, 0),
            "people": counts.get("people", {}).get(action, 0),
        }
        for action, label in ACTION_LABELS.items()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def hr_sync(request: HttpRequest) -> HttpResponse:
    county = access.access_county_for_hr_sync(request.user)
    form = HrSyncUploadForm(request.POST or None, request.FILES or None)
    problems: list[dict] = []
    if request.method == "POST" and form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        document = document_from_files(files, full=False if form.cleaned_data["partial"] else None)
        run, plan = stage_preview(
            county=county, document=document, actor=request.user, source=HrSyncRun.Source.WEB
        )
        if plan.ok:
            return redirect("organisation:hr_sync_preview", run_id=run.pk)
        problems = problem_rows(plan)
    runs = list(recent_runs(county=county))
    for run in runs:
        run.count_rows = _count_rows(run.counts)
    return render(
        request,
        "organisation/hr_sync.html",
        {"form": form, "problems": problems, "runs": runs, "county": county},
        status=422 if problems else 200,
    )


def _pending_run(request: HttpRequest, run_id: int) -> HrSyncRun:
    county = access.access_county_for_hr_sync(request.user)
    run = get_object_or_404(HrSyncRun, pk=run_id, county=county)
    if run.status != HrSyncRun.Status.PREVIEWED or run.document is None:
        raise Http404
    return run


@login_required
@require_http_methods(["GET", "POST"])
def hr_sync_preview(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _pending_run(request, run_id)
    if run.created_at < timezone.now() - PREVIEW_VALID:
        HrSyncRun.objects.filter(pk=run.pk).update(status=HrSyncRun.Status.EXPIRED, document=None)
        messages.error(request, _("The preview expired. Upload the files again."))
        return redirect("organisation:hr_sync")
    document = Document.from_json(run.document)
    if request.method == "POST":
        result = apply_sync(
            county=run.county,
            document=document,
            actor=request.user,
            request=request,
            source=HrSyncRun.Source.WEB,
            run=run,
            expected_fingerprint=request.POST.get("fingerprint", ""),
        )
        if result.applied:
            messages.success(request, _("The changes have been applied."))
        elif result.stale:
            messages.error(
                request,
                _(
                    "Units or people changed after the preview, so nothing was applied. "
                    "Upload the files again to see the current changes."
                ),
            )
        else:
            messages.error(request, _("The files have errors now; nothing was applied."))
        return redirect("organisation:hr_sync")
    plan = preview_sync(county=run.county, document=document)
    if not plan.ok:
        HrSyncRun.objects.filter(pk=run.pk).update(
            status=HrSyncRun.Status.REJECTED, document=None, problem_count=len(plan.problems)
        )
        messages.error(request, _("The files have errors now; nothing was applied."))
        return redirect("organisation:hr_sync")
    changes = change_rows(plan, limit=CHANGES_SHOWN)
    total = len(plan.units) + len(plan.people)
    return render(
        request,
        "organisation/hr_sync_preview.html",
        {
            "run": run,
            "plan": plan,
            "count_rows": _count_rows(plan.counts),
            "unit_changes": [c for c in changes if c["entity"] == "unit"],
            "person_changes": [c for c in changes if c["entity"] == "person"],
            "total": total,
            "shown": len(changes),
            "fingerprint": plan.fingerprint(),
        },
    )


@login_required
@require_http_methods(["POST"])
def hr_sync_cancel(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _pending_run(request, run_id)
    HrSyncRun.objects.filter(pk=run.pk).update(status=HrSyncRun.Status.EXPIRED, document=None)
    messages.info(request, _("The preview was discarded; nothing was applied."))
    return redirect("organisation:hr_sync")
