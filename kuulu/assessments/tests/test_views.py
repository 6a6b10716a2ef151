import pytest

from conftest import client_for
from kuulu.assessments import dialogues, services
from kuulu.assessments.models import Assessment, Dialogue, DialogueNote, StepAnswer
from kuulu.assessments.tests.factories import fill_required, make_assessment, make_dialogue
from kuulu.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "other_staff", "staff", "manager", "coordinator", "admin"]


def _status(response) -> int:  # type: ignore[no-untyped-def]
    if response.status_code == 302 and "/accounts/" in response["Location"]:
        return 401  # sent to sign in
    return response.status_code


def test_role_matrix_of_an_assessment_owned_by_staff_of_unit_a(org, clients):
    assessment = make_assessment(org.staff_person, unit=org.team_a1)
    step = assessment.template.steps.first()
    pages = {
        "overview": f"/en/assessments/manage/{assessment.pk}/",
        "step": f"/en/assessments/manage/{assessment.pk}/steps/{step.pk}/",
        "templates": "/en/assessments/manage/templates/",
        "manage": "/en/assessments/manage/",
        "new": "/en/assessments/manage/new/",
    }
    expected = {
        # role: overview, step, templates, manage, new
        "anonymous": (401, 401, 401, 401, 401),
        "resident": (403, 403, 403, 403, 403),
        "other_staff": (403, 403, 403, 200, 200),
        "staff": (200, 200, 403, 200, 200),
        "manager": (200, 200, 403, 200, 200),
        "coordinator": (200, 200, 200, 200, 200),
        "admin": (200, 200, 200, 200, 403),  # no person record: cannot own an assessment
    }
    for role in ROLES:
        got = tuple(_status(clients[role].get(url)) for url in pages.values())
        assert got == expected[role], role


def test_refused_writes_change_nothing(org, clients):
    assessment = make_assessment(org.staff_person, unit=org.team_a1)
    step = assessment.template.steps.first()
    for role in ("anonymous", "resident", "other_staff"):
        clients[role].post(
            f"/en/assessments/manage/{assessment.pk}/steps/{step.pk}/", {"text": "murto"}
        )
        clients[role].post(
            f"/en/assessments/manage/{assessment.pk}/collaborators/",
            {"person": org.other_staff_person.pk},
        )
    assert StepAnswer.objects.count() == 0
    assert assessment.collaborators.count() == 0
    # a collaborator edits but cannot choose collaborators or publish
    services.add_collaborator(assessment=assessment, person=org.other_staff_person)
    other = clients["other_staff"]
    assert other.get(f"/en/assessments/manage/{assessment.pk}/").status_code == 200
    response = other.post(
        f"/en/assessments/manage/{assessment.pk}/collaborators/",
        {"remove": org.other_staff_person.pk},
    )
    assert response.status_code == 403
    assert assessment.collaborators.count() == 1
    fill_required(assessment)
    services.complete_assessment(assessment=assessment, summary="Valmis")
    assert other.post(f"/en/assessments/manage/{assessment.pk}/publish/").status_code == 403
    assessment.refresh_from_db()
    assert not assessment.is_published


def test_guided_flow_over_http_drafts_refusal_completion_and_publishing(org):
    client = client_for(org.staff)
    assert client.get("/en/assessments/manage/new/").status_code == 200  # creates the templates
    template = services.AssessmentTemplate.objects.get(county=org.county, kind="children")
    response = client.post(
        "/en/assessments/manage/new/",
        {"template": template.pk, "title": "Koulukyydit", "decision_title": "Kyydit 2027"},
    )
    assessment = Assessment.objects.get(title="Koulukyydit")
    assert response["Location"] == f"/en/assessments/manage/{assessment.pk}/"
    first, second = list(assessment.template.steps.all())[:2]
    response = client.post(
        f"/en/assessments/manage/{assessment.pk}/steps/{first.pk}/",
        {"text": "Alakoululaiset", "next": "1"},
    )
    assert response["Location"] == f"/en/assessments/manage/{assessment.pk}/steps/{second.pk}/"
    response = client.post(f"/en/assessments/manage/{assessment.pk}/", {"summary": "Valmis"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "These required steps are not done yet: Children&#x27;s views" in body
    assert 'id="error-summary"' in body
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    fill_required(assessment)
    response = client.post(f"/en/assessments/manage/{assessment.pk}/", {"summary": "Valmis"})
    assert response.status_code == 302
    client.post(f"/en/assessments/manage/{assessment.pk}/publish/")
    assessment.refresh_from_db()
    assert assessment.is_published
    public = client_for(None).get(f"/en/assessments/published/{assessment.pk}/")
    assert public.status_code == 200
    assert "Kyydit 2027" in public.content.decode()


def test_unpublished_assessments_are_not_public(org):
    assessment = make_assessment(org.staff_person)
    fill_required(assessment)
    services.complete_assessment(assessment=assessment, summary="x")
    assert client_for(None).get(f"/en/assessments/published/{assessment.pk}/").status_code == 404
    index = client_for(None).get("/en/assessments/")
    assert index.status_code == 200
    assert "Koulukuljetusten" not in index.content.decode()


def test_matrix_step_keeps_cells_by_option_and_group(org):
    assessment = make_assessment(org.staff_person, kind="advance")
    step = assessment.template.steps.get(kind="matrix")
    client = client_for(org.staff)
    url = f"/en/assessments/manage/{assessment.pk}/steps/{step.pk}/"
    page = client.get(url).content.decode()
    assert "Gender equality" in page
    assert "Swedish speakers" in page
    client.post(url, {"options": "A\nB", "groups": "Lapset\nRuotsinkieliset"})
    client.post(
        url,
        {
            "options": "A\nB",
            "groups": "Lapset\nRuotsinkieliset",
            "cell_0-0": "A lapsille",
            "cell_1-1": "B ruotsinkielisille",
        },
    )
    client.post(
        url,
        {
            "options": "B",
            "groups": "Ruotsinkieliset",
            "cell_0-0": "A lapsille",
            "cell_1-1": "B ruotsinkielisille",
        },
    )
    answer = StepAnswer.objects.get(assessment=assessment, step=step)
    assert answer.matrix == {
        "options": ["B"],
        "groups": ["Ruotsinkieliset"],
        "cells": {"0-0": "B ruotsinkielisille"},
    }


def test_views_request_is_seen_and_linked_by_the_coordinator(org):
    from kuulu.surveys.models import Survey

    assessment = make_assessment(org.staff_person)
    client_for(org.staff).post(
        f"/en/assessments/manage/{assessment.pk}/views/",
        {"channel": "survey", "note": "Yläkoululaisten kokemus kyydeistä"},
    )
    request = assessment.requests.get()
    coordinator = client_for(org.coordinator)
    assert "Yläkoululaisten kokemus" in coordinator.get("/en/assessments/manage/").content.decode()
    assert (
        client_for(org.staff).get(f"/en/assessments/manage/requests/{request.pk}/").status_code
        == 403
    )
    survey = Survey.objects.create(county=org.county, title="Kyselylomake")
    coordinator.post(f"/en/assessments/manage/requests/{request.pk}/", {"survey": survey.pk})
    request.refresh_from_db()
    assert (request.status, request.survey_id) == ("linked", survey.pk)


def test_dialogue_role_matrix_and_audited_reads_of_unpublished_notes(org, clients):
    dialogue = make_dialogue(org.staff_person, unit=org.team_a1)
    dialogues.add_note(dialogue=dialogue, text="Yksinäisyys on arkea.")
    run = f"/en/assessments/manage/dialogues/{dialogue.pk}/"
    public = f"/en/assessments/dialogues/{dialogue.pk}/"
    expected = {
        "anonymous": (401, 404),
        "resident": (403, 404),
        "other_staff": (403, 404),
        "staff": (200, 404),
        "manager": (200, 404),
        "coordinator": (200, 404),
        "admin": (200, 404),
    }
    for role in ROLES:
        assert (_status(clients[role].get(run)), clients[role].get(public).status_code) == expected[
            role
        ], role
    reads = AuditEvent.objects.filter(
        object_type="assessments.dialogue", object_id=str(dialogue.pk), action="view"
    )
    assert reads.count() == 4
    clients["other_staff"].post(run, {"add_note": "1", "text": "Murto"})
    assert DialogueNote.objects.count() == 1
    # A note added with htmx answers with the list of notes: that is a read too.
    clients["staff"].post(run, {"add_note": "1", "text": "Toinen"}, HTTP_HX_REQUEST="true")
    assert DialogueNote.objects.count() == 2
    assert reads.count() == 5


def test_facilitator_publishes_and_sees_what_was_masked(org):
    dialogue = make_dialogue(org.staff_person, is_announced=True)
    client = client_for(org.staff)
    run = f"/en/assessments/manage/dialogues/{dialogue.pk}/"
    client.post(run, {"add_theme": "1", "title": "Kyydit"})
    theme = dialogue.themes.get()
    client.post(run, {"add_note": "1", "text": "Soita 040 123 4567", "theme": theme.pk})
    publish = f"/en/assessments/manage/dialogues/{dialogue.pk}/publish/"
    preview = client.get(publish).content.decode()
    assert "Phone number: 1" in preview
    assert "040 123 4567" not in preview
    refused = client.post(publish, {"learnt": "Kyydit ratkaisevat.", "held_count": "9"})
    assert "Confirm that you have read the masked texts." in refused.content.decode()
    dialogue.refresh_from_db()
    assert not dialogue.is_published
    client.post(publish, {"learnt": "Kyydit ratkaisevat.", "held_count": "9", "confirm": "on"})
    dialogue.refresh_from_db()
    assert dialogue.is_published
    page = client_for(None).get(f"/en/assessments/dialogues/{dialogue.pk}/").content.decode()
    assert "Kyydit ratkaisevat." in page
    assert "040 123 4567" not in page
    assert "We speak from our own experience" in page
    assert "Yksinäisyys" in client_for(None).get("/en/assessments/").content.decode()


def test_templates_are_edited_by_the_coordinator(org):
    client = client_for(org.coordinator)
    client.get("/en/assessments/manage/templates/")
    template = services.AssessmentTemplate.objects.get(county=org.county, kind="children")
    response = client.post(
        f"/en/assessments/manage/templates/{template.pk}/steps/new/",
        {
            "position": "9",
            "title_fi": "Lapsille kertominen",
            "title_sv": "Att berätta för barnen",
            "title_en": "Telling children",
            "prompt_fi": "Miten kerrotaan?",
            "kind": "text",
            "is_required": "on",
        },
    )
    assert response.status_code == 302
    assert template.steps.last().title_en == "Telling children"
    assert template.steps.last().is_required
    assert (
        client_for(org.manager).get(f"/en/assessments/manage/templates/{template.pk}/").status_code
        == 403
    )


def test_public_pages_render_in_every_language(org):
    dialogue = make_dialogue(org.staff_person, is_announced=True)
    for lang, rule in (("fi", "Puhumme"), ("sv", "Vi talar"), ("en", "We speak")):
        page = client_for(None).get(f"/{lang}/assessments/dialogues/{dialogue.pk}/")
        assert rule in page.content.decode()
        assert client_for(None).get(f"/{lang}/assessments/").status_code == 200


def test_the_list_pages_keep_a_query_budget(org, django_assert_max_num_queries):
    for _ in range(5):
        assessment = make_assessment(org.staff_person)
        fill_required(assessment)
        services.complete_assessment(assessment=assessment, summary="x")
        services.publish_assessment(assessment=assessment)
    client = client_for(org.coordinator)
    with django_assert_max_num_queries(12):
        assert client_for(None).get("/en/assessments/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/en/assessments/manage/").status_code == 200


def test_notes_are_added_in_place_with_htmx_and_by_redirect_without(org):
    dialogue = make_dialogue(org.staff_person)
    client = client_for(org.staff)
    url = f"/en/assessments/manage/dialogues/{dialogue.pk}/"
    full = client.get(url)
    assert 'id="dialogue-notes"' in full.content.decode()
    assert "<html" in full.content.decode()
    fragment = client.post(url, {"add_note": "1", "text": "Kerho auttaa."}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="dialogue-notes"')
    assert "Kerho auttaa." in body
    assert 'name="text"' in body  # a fresh, empty form for the next note
    assert fragment["Vary"].find("HX-Request") >= 0
    refused = client.post(url, {"add_note": "1", "text": " "}, HTTP_HX_REQUEST="true")
    assert 'id="error-summary"' in refused.content.decode()
    note = dialogue.notes.get()
    removed = client.post(url, {"remove_note": note.pk}, HTTP_HX_REQUEST="true")
    assert "No notes yet." in removed.content.decode()
    assert client.post(url, {"add_note": "1", "text": "Toinen"}).status_code == 302
    assert [n.text for n in dialogue.notes.all()] == ["Toinen"]


def test_a_malformed_posted_id_is_not_found(org):
    assessment = make_assessment(org.staff_person)
    dialogue = make_dialogue(org.staff_person)
    client = client_for(org.staff)
    url = f"/en/assessments/manage/{assessment.pk}/collaborators/"
    assert client.post(url, {"remove": "x"}).status_code == 404
    url = f"/en/assessments/manage/dialogues/{dialogue.pk}/"
    assert client.post(url, {"remove_note": "1; DROP"}).status_code == 404


def test_theme_titles_are_masked_on_the_public_page_and_in_the_preview(org):
    dialogue = make_dialogue(org.staff_person, is_announced=True)
    client = client_for(org.staff)
    run = f"/en/assessments/manage/dialogues/{dialogue.pk}/"
    client.post(run, {"add_theme": "1", "title": "Kyydit, soita 040 765 4321"})
    theme = dialogue.themes.get()
    client.post(run, {"add_note": "1", "text": "Kyyti ei tullut.", "theme": theme.pk})
    publish = f"/en/assessments/manage/dialogues/{dialogue.pk}/publish/"
    preview = client.get(publish).content.decode()
    assert "Phone number: 1" in preview
    assert "040 765 4321" not in preview
    client.post(publish, {"learnt": "Kyydit.", "held_count": "9", "confirm": "on"})
    dialogue.refresh_from_db()
    assert dialogue.is_published
    response = client_for(None).get(f"/en/assessments/dialogues/{dialogue.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "040 765 4321" not in page
    assert page.count("Kyydit, soita") == 2  # the themes list and the note's heading
    assert "Kyyti ei tullut." in page


def test_a_collaborator_cannot_move_the_assessment_to_a_unit_they_manage(org):
    assessment = make_assessment(org.other_staff_person, unit=org.unit_b)
    services.add_collaborator(assessment=assessment, person=org.manager_person)
    client = client_for(org.manager)  # manages unit A, collaborates here
    response = client.post(
        f"/en/assessments/manage/{assessment.pk}/edit/",
        {"title": "Changed title", "unit": org.unit_a.pk},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.title == "Changed title"  # the rest of the edit is kept
    assert assessment.unit == org.unit_b
    assert client.post(f"/en/assessments/manage/{assessment.pk}/publish/").status_code == 403


@pytest.mark.parametrize("typed", ["0001-01-01T10:00", "9999-12-31T10:00"])
def test_a_dialogue_time_outside_2000_2100_is_a_form_error(org, typed):
    dialogue = make_dialogue(org.staff_person)
    client = client_for(org.staff)
    data = {
        "theme": "Yksinäisyys",
        "invitation": "Tervetuloa.",
        "planned_count": 12,
        "starts_at": typed,
        "facilitator": org.staff_person.pk,
        "ground_rules_fi": "Kuunnellaan.",
    }
    new = client.post("/en/assessments/manage/dialogues/new/", data)
    plan = client.post(f"/en/assessments/manage/dialogues/{dialogue.pk}/plan/", data)
    for response in (new, plan):
        assert response.status_code == 200
        assert "Give a date between the years 2000 and 2100." in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.starts_at is None
    assert Dialogue.objects.count() == 1
    # The public list of dialogues still opens (a year-1 time broke it on PostgreSQL).
    assert client.get("/en/assessments/").status_code == 200


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_a_decision_date_outside_2000_2100_is_a_form_error(org, typed):
    assessment = make_assessment(org.staff_person)
    response = client_for(org.staff).post(
        f"/en/assessments/manage/{assessment.pk}/edit/",
        {"title": "Muutos", "decision_date": typed},
    )
    assert response.status_code == 200
    assert "Give a date between the years 2000 and 2100." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.title == "Koulukuljetusten muutos"
    assert assessment.decision_date is None


def _start_form_data(client, org):  # type: ignore[no-untyped-def]
    import re

    page = client.get("/en/assessments/manage/new/").content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page)
    assert key is not None
    template = services.AssessmentTemplate.objects.get(county=org.county, kind="children")
    return {"template": template.pk, "title": "Koulukyydit", "submission_key": key.group(1)}


def test_sending_the_start_form_twice_starts_one_assessment(org):
    client = client_for(org.staff)
    data = _start_form_data(client, org)

    first = client.post("/en/assessments/manage/new/", data)
    second = client.post("/en/assessments/manage/new/", data)  # a double click or a reload

    assessment = Assessment.objects.get(title="Koulukyydit")
    assert first["Location"] == second["Location"] == f"/en/assessments/manage/{assessment.pk}/"
    # the form shown again is a new start, and so is the same matter started by a colleague
    again = _start_form_data(client, org)
    assert again["submission_key"] != data["submission_key"]
    client.post("/en/assessments/manage/new/", again)
    client_for(org.other_staff).post("/en/assessments/manage/new/", data)
    assert Assessment.objects.filter(title="Koulukyydit").count() == 3
