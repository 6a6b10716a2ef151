"""The public "who coordinates what" page and the coordinator's editing of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kuulu.coordination import access, selectors, services
from kuulu.coordination.forms import TaskForm
from kuulu.core.forms import add_service_errors, blank_translations
from kuulu.organisation.selectors import default_county


def public(request: HttpRequest) -> HttpResponse:
    county = default_county()
    return render(
        request,
        "coordination/public.html",
        {
            "areas": selectors.coordination_model(county=county),
            "can_edit": county is not None
            and access.can_edit_coordination(request.user, county.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, task_id: int) -> HttpResponse:
    task = access.access_task_for_editor(request.user, task_id)
    form = TaskForm(request.POST or None, instance=task, county_id=task.area.county_id)
    if request.method == "POST" and form.is_valid():
        data = blank_translations({name: form.cleaned_data[name] for name in form.changed_data})
        try:
            services.update_task(task=task, data=data, actor=request.user, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The task has been saved."))
            return redirect("coordination:public")
    return render(request, "coordination/task_edit.html", {"form": form, "task": task})


@login_required
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, area_id: int) -> HttpResponse:
    area = access.access_area_for_editor(request.user, area_id)
    form = TaskForm(request.POST or None, county_id=area.county_id)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in blank_translations(form.cleaned_data).items() if v not in (None, "")
        }
        try:
            services.create_task(area=area, actor=request.user, request=request, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The task has been added."))
            return redirect("coordination:public")
    return render(request, "coordination/task_edit.html", {"form": form, "area": area})
