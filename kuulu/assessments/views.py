"""Pages of impact assessments and Erätauko dialogues: public pages on the portal and the staff
pages (guided steps, collaborators, completion, publishing; planning, running, publishing)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kuulu.assessments import access, dialogues, selectors, services
from kuulu.assessments import matrix as matrix_rules
from kuulu.assessments.forms import (
    CollaboratorForm,
    CompleteForm,
    DecisionForm,
    DialogueForm,
    LinkRequestForm,
    MatrixStepForm,
    NoteForm,
    PublishDialogueForm,
    StartForm,
    StepForm,
    TemplateForm,
    TextStepForm,
    ThemeForm,
    ViewsRequestForm,
)
from kuulu.assessments.models import AssessmentTemplate, DialogueNote, TemplateStep
from kuulu.core.audit import record_event
from kuulu.core.forms import add_service_errors
from kuulu.core.htmx import render_page_or_fragment
from kuulu.core.numbers import id_from
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import Person

# --- public ---------------------------------------------------------------------------------


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assessments/index.html",
        {
            "assessments": selectors.published_assessments()[:50],
            "dialogues": selectors.public_dialogues()[:50],
        },
    )


@require_GET
def assessment_public(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = access.access_assessment_for_public(request.user, assessment_id)
    return render(request, "assessments/assessment_public.html", {"assessment": assessment})


@require_GET
def dialogue_public(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = access.access_dialogue_for_public(request.user, dialogue_id)
    themes, notes = dialogues.public_content(dialogue)
    return render(
        request,
        "assessments/dialogue_public.html",
        {"dialogue": dialogue, "themes": themes, "notes": notes},
    )


# --- assessments (staff) --------------------------------------------------------------------


@login_required
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if not actor.is_staff:
        raise PermissionDenied
    is_coordinator = access.can_keep_templates(request.user)
    return render(
        request,
        "assessments/manage.html",
        {
            "assessments": selectors.assessments_for(actor)[:100],
            "dialogues": selectors.dialogues_for(actor)[:100],
            "can_start": access.can_start(request.user),
            "is_coordinator": is_coordinator,
            "requests": selectors.open_views_requests(actor.county_id) if is_coordinator else [],
        },
    )


def _number(value: str | None) -> int:
    """A posted id; anything else is no id (a 404, not a server error)."""
    return id_from(value) or 0


def _me(request: HttpRequest) -> Person:
    actor = actor_for(request.user)
    return get_object_or_404(Person, pk=actor.person_id)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest) -> HttpResponse:
    if not access.can_start(request.user):
        raise PermissionDenied
    me = _me(request)
    if not AssessmentTemplate.objects.filter(county_id=me.county_id).exists():
        services.ensure_templates(county=me.county)
    form = StartForm(request.POST or None, county_id=me.county_id)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            assessment = services.start_assessment(
                template=data.pop("template"),
                owner=me,
                title=data.pop("title"),
                unit=data.pop("unit"),
                actor=request.user,
                submission_key=data.pop("submission_key"),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("assessments:assessment", assessment.pk)
    return render(request, "assessments/assessment_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, assessment_id: int) -> HttpResponse:
    item = access.access_assessment_for_editor(request.user, assessment_id)
    form = CompleteForm(request.POST or None, initial={"summary": item.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_assessment(
                assessment=item, summary=form.cleaned_data["summary"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The assessment is complete."))
            return redirect("assessments:assessment", item.pk)
    return render(
        request,
        "assessments/assessment.html",
        {
            "assessment": item,
            "states": selectors.step_states(item),
            "missing": services.missing_required_steps(item),
            "form": form,
            "can_lead": access.can_lead_assessment(request.user, item),
            "collaborators": item.collaborators.order_by("last_name", "first_name"),
            "collaborator_form": CollaboratorForm(assessment=item),
            "views_requests": item.requests.select_related("survey", "panel"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    item = access.access_assessment_for_editor(request.user, assessment_id)
    form = DecisionForm(request.POST or None, instance=item, county_id=item.county_id)
    if not access.can_lead_assessment(request.user, item):
        # The unit decides who leads (its manager does); collaborators may not move it.
        form.fields["unit"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.update_decision_draft(assessment=item, actor=request.user, **data)
        return redirect("assessments:assessment", item.pk)
    return render(request, "assessments/assessment_edit.html", {"assessment": item, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, assessment_id: int, step_id: int) -> HttpResponse:
    item = access.access_assessment_for_editor(request.user, assessment_id)
    current = get_object_or_404(TemplateStep, pk=step_id, template_id=item.template_id)
    answer = item.answers.filter(step=current).first()
    is_matrix = current.kind == TemplateStep.Kind.MATRIX
    if is_matrix:
        existing = (answer.matrix if answer else None) or {}
        if not existing:
            existing = {"options": [], "groups": list(_default_groups()), "cells": {}}
        form = MatrixStepForm(
            request.POST or None,
            current=existing,
            initial={
                "options": "\n".join(existing.get("options") or []),
                "groups": "\n".join(existing.get("groups") or []),
            },
        )
    else:
        form = TextStepForm(request.POST or None, initial={"text": answer.text if answer else ""})
    if request.method == "POST" and form.is_valid():
        try:
            if is_matrix:
                services.save_answer(
                    assessment=item, step=current, matrix=form.matrix(), actor=request.user
                )
            else:
                services.save_answer(
                    assessment=item,
                    step=current,
                    text=form.cleaned_data["text"],
                    actor=request.user,
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft saved."))
            following = item.template.steps.filter(position__gt=current.position).first()
            if "next" in request.POST and following is not None:
                return redirect("assessments:step", item.pk, following.pk)
            return redirect("assessments:step", item.pk, current.pk)
    steps = list(item.template.steps.all())
    return render(
        request,
        "assessments/step.html",
        {
            "assessment": item,
            "step": current,
            "form": form,
            "is_matrix": is_matrix,
            "rows": matrix_rules.rows(form.current) if is_matrix else [],
            "groups": (form.current.get("groups") or []) if is_matrix else [],
            "number": steps.index(current) + 1,
            "total": len(steps),
            "has_next": steps[-1] != current,
            "editable": item.status == item.Status.DRAFT,
        },
    )


def _default_groups() -> list[str]:
    from kuulu.assessments.seed import DEFAULT_GROUPS
    from kuulu.core.i18n import active_language

    index = {"fi": 0, "sv": 1, "en": 2}.get(active_language(), 0)
    return [group[index] for group in DEFAULT_GROUPS]


@login_required
@require_POST
def assessment_publish(request: HttpRequest, assessment_id: int) -> HttpResponse:
    item = access.access_assessment_for_lead(request.user, assessment_id)
    try:
        services.publish_assessment(assessment=item, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The assessment is published on the portal."))
    return redirect("assessments:assessment", item.pk)


@login_required
@require_POST
def assessment_reopen(request: HttpRequest, assessment_id: int) -> HttpResponse:
    item = access.access_assessment_for_lead(request.user, assessment_id)
    try:
        services.reopen_assessment(assessment=item, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("assessments:assessment", item.pk)


@login_required
@require_POST
def collaborators(request: HttpRequest, assessment_id: int) -> HttpResponse:
    item = access.access_assessment_for_lead(request.user, assessment_id)
    if "remove" in request.POST:
        person = get_object_or_404(item.collaborators, pk=_number(request.POST.get("remove")))
        services.remove_collaborator(assessment=item, person=person, actor=request.user)
        return redirect("assessments:assessment", item.pk)
    form = CollaboratorForm(request.POST, assessment=item)
    if form.is_valid():
        try:
            services.add_collaborator(
                assessment=item, person=form.cleaned_data["person"], actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Choose a staff member of the county."))
    return redirect("assessments:assessment", item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def views_request(request: HttpRequest, assessment_id: int) -> HttpResponse:
    item = access.access_assessment_for_editor(request.user, assessment_id)
    form = ViewsRequestForm(request.POST or None, county_id=item.county_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_views(assessment=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The request for children's views is saved."))
            return redirect("assessments:assessment", item.pk)
    return render(request, "assessments/views_request.html", {"assessment": item, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def views_request_link(request: HttpRequest, request_id: int) -> HttpResponse:
    item = access.access_request_for_coordinator(request.user, request_id)
    form = LinkRequestForm(request.POST or None, county_id=item.assessment.county_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_views_request(views_request=item, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("assessments:manage")
    return render(request, "assessments/views_request_link.html", {"item": item, "form": form})


# --- templates (coordinator) ----------------------------------------------------------------


@login_required
@require_GET
def templates(request: HttpRequest) -> HttpResponse:
    if not access.can_keep_templates(request.user):
        raise PermissionDenied
    actor = actor_for(request.user)
    if actor.county_id is not None:
        services.ensure_templates(county=_me(request).county)
    return render(
        request,
        "assessments/templates.html",
        {"templates": AssessmentTemplate.objects.filter(county_id=actor.county_id)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    template = access.access_template_for_coordinator(request.user, template_id)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        form.save()
        record_event(action="update", obj=template, request=request, summary="template")
        messages.success(request, _("The template is saved."))
        return redirect("assessments:template", template.pk)
    return render(
        request,
        "assessments/template.html",
        {"template": template, "form": form, "steps": template.steps.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_step(
    request: HttpRequest, template_id: int, step_id: int | None = None
) -> HttpResponse:
    template = access.access_template_for_coordinator(request.user, template_id)
    current = get_object_or_404(template.steps, pk=step_id) if step_id else None
    form = StepForm(request.POST or None, instance=current)
    if request.method == "POST" and "remove" in request.POST and current is not None:
        try:
            services.remove_step(step=current, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("assessments:template_step", template.pk, current.pk)
        return redirect("assessments:template", template.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_step(
                template=template, step=current, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("assessments:template", template.pk)
    return render(
        request,
        "assessments/template_step.html",
        {"template": template, "step": current, "form": form},
    )


# --- dialogues (staff) ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_new(request: HttpRequest) -> HttpResponse:
    if not access.can_start(request.user):
        raise PermissionDenied
    me = _me(request)
    form = DialogueForm(
        request.POST or None,
        county_id=me.county_id,
        initial={"facilitator": me, **dialogues.default_ground_rules()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            dialogue = dialogues.plan_dialogue(
                county=me.county,
                created_by=me,
                actor=request.user,
                facilitator=data.pop("facilitator"),
                theme=data.pop("theme"),
                invitation=data.pop("invitation"),
                **data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("assessments:dialogue_run", dialogue.pk)
    return render(request, "assessments/dialogue_plan.html", {"form": form, "dialogue": None})


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_plan(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = access.access_dialogue_for_facilitator(request.user, dialogue_id)
    form = DialogueForm(request.POST or None, instance=dialogue, county_id=dialogue.county_id)
    if request.method == "POST" and form.is_valid():
        try:
            dialogues.update_plan(dialogue=dialogue, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("assessments:dialogue_run", dialogue.pk)
    return render(request, "assessments/dialogue_plan.html", {"form": form, "dialogue": dialogue})


def _run_context(dialogue, theme_form, note_form) -> dict:  # type: ignore[no-untyped-def]
    return {
        "dialogue": dialogue,
        "themes": dialogue.themes.all(),
        "notes": dialogue.notes.select_related("theme"),
        "theme_form": theme_form,
        "note_form": note_form,
    }


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_run(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """The facilitator's page during the session. Notes are added and removed in place with
    htmx (the notes fragment comes back with an empty form); without JavaScript, by redirect."""
    dialogue = access.access_dialogue_for_facilitator(request.user, dialogue_id)
    theme_form = ThemeForm(request.POST if "add_theme" in request.POST else None)
    note_form = NoteForm(request.POST if "add_note" in request.POST else None, dialogue=dialogue)
    htmx = bool(getattr(request, "htmx", False))
    if request.method == "POST":
        done = False
        try:
            if "remove_note" in request.POST:
                note = get_object_or_404(dialogue.notes, pk=_number(request.POST["remove_note"]))
                dialogues.remove_note(note=note, actor=request.user)
                done = True
            elif "add_theme" in request.POST and theme_form.is_valid():
                dialogues.add_theme(
                    dialogue=dialogue, title=theme_form.cleaned_data["title"], actor=request.user
                )
                return redirect("assessments:dialogue_run", dialogue.pk)
            elif "add_note" in request.POST and note_form.is_valid():
                dialogues.add_note(dialogue=dialogue, actor=request.user, **note_form.cleaned_data)
                done = True
        except ValidationError as exc:
            add_service_errors(note_form if "add_note" in request.POST else theme_form, exc)
        if done and not htmx:
            messages.success(
                request, _("Note saved.") if "add_note" in request.POST else _("Note removed.")
            )
            return redirect("assessments:dialogue_run", dialogue.pk)
        if done:
            note_form = NoteForm(dialogue=dialogue)
    if not dialogue.is_published:
        # Unpublished notes may hold what a participant did not want public: log who read them
        # (every page or fragment that lists them, after a note is added too).
        record_event(action="view", obj=dialogue, request=request, summary="unpublished notes")
    return render_page_or_fragment(
        request,
        "assessments/dialogue_run.html",
        _run_context(dialogue, theme_form, note_form),
        fragment="notes",
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_publish(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = access.access_dialogue_for_facilitator(request.user, dialogue_id)
    form = PublishDialogueForm(
        request.POST or None,
        initial={"learnt": dialogue.learnt, "held_count": dialogue.held_count},
    )
    notes: list[DialogueNote] = list(dialogue.notes.select_related("theme"))
    if dialogue.is_published:
        previews = [
            dialogues.MaskedText(n.text, n.public_text, tuple(n.masked_kinds)) for n in notes
        ]
        summary_preview = dialogues.mask(dialogue.learnt)
    else:
        record_event(action="view", obj=dialogue, request=request, summary="unpublished notes")
        previews = [dialogues.mask(n.text) for n in notes]
        learnt = request.POST.get("learnt", dialogue.learnt) if request.method == "POST" else ""
        summary_preview = dialogues.mask(learnt or dialogue.learnt)
    themes = dialogues.theme_previews(dialogue)
    publishing = request.method == "POST" and "preview" not in request.POST
    if publishing and form.is_valid() and not dialogue.is_published:
        if not form.cleaned_data["confirm"]:
            form.add_error("confirm", _("Confirm that you have read the masked texts."))
        else:
            try:
                counts = dialogues.publish_dialogue(
                    dialogue=dialogue,
                    learnt=form.cleaned_data["learnt"],
                    held_count=form.cleaned_data["held_count"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                total = sum(counts.values())
                messages.success(
                    request,
                    _("The summary is published. Personal data masked: %(count)s.")
                    % {"count": total},
                )
                return redirect("assessments:dialogue_publish", dialogue.pk)
    return render(
        request,
        "assessments/dialogue_publish.html",
        {
            "dialogue": dialogue,
            "form": form,
            "items": list(zip(notes, previews, strict=True)),
            "themes": themes,
            "summary_preview": summary_preview,
            "counts": dialogues.labelled_counts(
                dialogues.masking_counts([*previews, *themes, summary_preview])
            ),
        },
    )
