"""Staff workspace pages for the organisation: unit tree, units and people administration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors, blank_translations
from kuulu.core.htmx import render_page_or_fragment
from kuulu.organisation import access, selectors, services
from kuulu.organisation.forms import PersonForm, PersonSearchForm, UnitForm
from kuulu.organisation.models import Unit


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    actor = access.actor_for(request.user)
    if not access.can_view_unit_tree(actor):
        raise PermissionDenied
    county = access.county_of(actor)
    return render(
        request,
        "organisation/unit_tree.html",
        {
            "tree": selectors.unit_tree(county=county),
            "can_edit": access.can_edit_units(actor),
            "county": county,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    actor = access.require_coordinator(request.user)
    county = access.county_of(actor)  # the coordinator's own (a system admin's: the installation's)
    form = UnitForm(request.POST or None, county_id=county.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = services.create_unit(
                county=county,
                name_fi=data["name_fi"],
                name_sv=data["name_sv"] or "",
                name_en=data["name_en"] or "",
                code=data["code"],
                kind=data["kind"],
                parent=data["parent"],
                actor=request.user,
                request=request,
            )
            unit.municipalities.set(data["municipalities"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The unit has been added."))
            return redirect("organisation:unit_tree")
    return render(request, "organisation/unit_form.html", {"form": form, "actor": actor})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.access_unit_for_editor(request.user, unit_id)
    form = UnitForm(request.POST or None, instance=unit, county_id=unit.county_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        own = {k: data[k] or "" for k in ("name_fi", "name_sv", "name_en")}
        own.update(code=data["code"], kind=data["kind"], is_active=data["is_active"])
        try:
            # Re-read: the model form has already written the posted values onto `unit`.
            services.edit_unit(
                unit=Unit.objects.get(pk=unit.pk),
                data=own,
                parent=data["parent"],
                municipalities=data["municipalities"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The unit has been saved."))
            return redirect("organisation:unit_tree")
    return render(request, "organisation/unit_form.html", {"form": form, "unit": unit})


@login_required
def people(request: HttpRequest) -> HttpResponse:
    actor = access.require_staff(request.user)
    if not (actor.is_coordinator or actor.is_manager):
        raise PermissionDenied
    visible_units = Unit.objects.order_by("path")
    if actor.county_id is not None:  # system admins belong to no county and see every one
        visible_units = visible_units.filter(county_id=actor.county_id)
    if not actor.is_coordinator:
        visible_units = visible_units.filter(path__startswith=actor.unit_path)
    form = PersonSearchForm(request.GET or None, units=visible_units)
    results = []
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if form.is_bound else {}
        unit = data.get("unit")
        results = selectors.search_people(
            actor=actor,
            query=data.get("q", ""),
            kind=data.get("kind", ""),
            unit_id=unit.pk if unit else None,
        )
    return render_page_or_fragment(
        request,
        "organisation/people.html",
        {"form": form, "people": results, "can_edit": access.can_administer_people(actor)},
        fragment="results",
    )


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person_for_viewer(request.user, person_id)
    record_event(action="view", obj=person, request=request, summary="person record viewed")
    actor = access.actor_for(request.user)
    return render(
        request,
        "organisation/person_detail.html",
        {"person": person, "can_edit": access.can_administer_people(actor)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    county = access.county_of(access.require_coordinator(request.user))
    form = PersonForm(request.POST or None, county_id=county.pk)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in {"create_account", "language"}
        }
        try:
            person = services.create_person(
                county=county,
                data=blank_translations(data),
                create_account=form.cleaned_data["create_account"],
                language=form.cleaned_data["language"],
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The person has been added."))
            return redirect("organisation:person_detail", person_id=person.pk)
    return render(request, "organisation/person_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access.access_person_for_editor(request.user, person_id)
    form = PersonForm(request.POST or None, instance=person, county_id=person.county_id)
    if request.method == "POST" and form.is_valid():
        extra = {"create_account", "language"}
        data = {k: form.cleaned_data[k] for k in form.changed_data if k not in extra}
        try:
            services.update_person(
                person=person.__class__.objects.get(pk=person.pk),
                data=blank_translations(data),
                create_account=form.cleaned_data.get("create_account", False),
                language=form.cleaned_data.get("language", "fi"),
                actor=request.user,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("organisation:person_detail", person_id=person.pk)
    return render(request, "organisation/person_form.html", {"form": form, "person": person})
