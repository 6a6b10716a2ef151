"""The data-collection calendar: a public list of upcoming collections and the coordinators'
register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kuulu.core.forms import add_service_errors, blank_translations
from kuulu.datacollection import access, selectors, services
from kuulu.datacollection.forms import CollectionForm
from kuulu.datacollection.models import Collection
from kuulu.organisation.access import actor_for, county_of
from kuulu.organisation.models import County


def public_calendar(request: HttpRequest) -> HttpResponse:
    county = county_of(actor_for(request.user))
    entries = selectors.upcoming_public(county_id=county.pk, today=timezone.localdate())
    return render(request, "datacollection/public.html", {"entries": entries})


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    actor = access.require_calendar_keeper(request.user)
    county = county_of(actor)
    entries = selectors.calendar_for_keeper(county_id=county.pk, today=timezone.localdate())
    return render(request, "datacollection/manage.html", {"entries": entries})


def _save(request: HttpRequest, form: CollectionForm, county: County) -> Collection | None:
    if not form.is_valid():
        return None
    collection = form.save(commit=False)
    for name, value in blank_translations(form.cleaned_data).items():
        if name.startswith(("name_", "description_", "target_group_")):
            setattr(collection, name, value)
    try:
        return services.save_collection(
            county=county,
            collection=collection,
            actor=request.user,
            request=request,
            changed_fields=form.changed_data,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def collection_create(request: HttpRequest) -> HttpResponse:
    actor = access.require_calendar_keeper(request.user)
    county = county_of(actor)
    form = CollectionForm(request.POST or None, county_id=county.pk)
    if request.method == "POST" and _save(request, form, county) is not None:
        messages.success(request, _("The collection has been added to the calendar."))
        return redirect("datacollection:manage")
    return render(request, "datacollection/form.html", {"form": form, "collection": None})


@login_required
@require_http_methods(["GET", "POST"])
def collection_edit(request: HttpRequest, collection_id: int) -> HttpResponse:
    collection, _actor = access.access_collection_for_keeper(request.user, collection_id)
    county = collection.county
    form = CollectionForm(request.POST or None, instance=collection, county_id=county.pk)
    if request.method == "POST" and _save(request, form, county) is not None:
        messages.success(request, _("The collection has been saved."))
        return redirect("datacollection:manage")
    return render(request, "datacollection/form.html", {"form": form, "collection": collection})
