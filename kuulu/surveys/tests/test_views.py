"""Respondent pages and the builder through HTTP, with the role matrix."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kuulu.surveys import services
from kuulu.surveys.models import Answer, Condition, Page, Question, Response, Survey, SurveyVersion
from kuulu.surveys.tests.factories import add_question, first_page, make_survey

pytestmark = pytest.mark.django_db


def _survey(county, owner=None, **data):  # type: ignore[no-untyped-def]
    survey = make_survey(county, owner, **data)
    add_question(survey, kind="single", key="role", required=True)
    add_question(survey, kind="likert", key="agree", required=True)
    add_question(survey, kind="matrix", key="grid")
    add_question(survey, kind="ranking", key="order")
    page2 = services.add_page(survey=survey, actor=None, title_fi="Lopuksi", title_en="Finally")
    add_question(survey, kind="long_text", key="why", page=page2)
    add_question(survey, kind="date", key="when", page=page2)
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    return survey


def test_public_survey_answered_page_by_page_on_the_web(org):
    survey = _survey(org.county)
    client = Client()
    url = f"/en/surveys/{survey.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"Start answering" in page.content
    started = client.post(url, {"action": "start"})
    assert started.status_code == 302
    assert started.cookies[f"kuulu_survey_{survey.pk}"].value
    page1 = client.get(url)
    assert b"Page 1 of 2" in page1.content
    assert b"<legend>Question role" in page1.content
    page1_id = first_page(survey).pk
    bad = client.post(
        url,
        {
            "action": "next",
            "page": page1_id,
            "q-role": "a",
            "q-agree": "7",
            "q-order-a": "1",
            "q-order-b": "1",
            "q-order-c": "2",
        },
    )
    assert bad.status_code == 422
    assert b"Choose a value from 1 to 5." in bad.content
    assert b"Give each option a different rank from 1 to 3." in bad.content
    assert b'value="a" checked' in bad.content  # what was given stays on the form
    assert Answer.objects.count() == 0
    good = client.post(
        url,
        {
            "action": "next",
            "page": page1_id,
            "q-role": "a",
            "q-agree": "4",
            "q-grid-r1": "2",
            "q-grid-r2": "",
            "q-order-a": "2",
            "q-order-b": "3",
            "q-order-c": "1",
        },
    )
    assert good.status_code == 302
    assert b"Page 2 of 2" in client.get(url).content
    # The browser is closed (the session ends); the cookie brings the answers back.
    client.cookies.pop("sessionid", None)
    back = client.post(url, {"action": "back"})
    assert back.status_code == 302
    page1_again = client.get(url)
    assert b'value="4" checked' in page1_again.content
    client.post(url, {"action": "next", "page": page1_id, "q-role": "a", "q-agree": "4"})
    page2_id = survey.current_version.pages.get(position=1).pk
    done = client.post(
        url, {"action": "submit", "page": page2_id, "q-why": "Hyvä", "q-when": "2024-05-31"}
    )
    assert done.status_code == 302
    assert done["Location"].endswith("?done=1")
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert sorted(response.answers.values_list("question__key", flat=True)) == [
        "agree",
        "role",
        "when",
        "why",
    ]


def test_saving_for_later_gives_a_resume_link(org):
    survey = _survey(org.county)
    client = Client()
    url = f"/en/surveys/{survey.pk}/"
    client.post(url, {"action": "start"})
    later = client.post(
        url, {"action": "later", "page": first_page(survey).pk, "q-role": "b", "q-agree": "3"}
    )
    assert later.status_code == 200
    link = later.context["resume_url"]
    assert f"/en/surveys/{survey.pk}/resume/" in link
    other_device = Client()
    resumed = other_device.get(link.split("testserver")[1])
    assert resumed.status_code == 302
    assert b"Page 2 of 2" in other_device.get(url).content


def test_submitting_after_closing_shows_a_clear_message(org):
    survey = _survey(org.county)
    client = Client()
    url = f"/en/surveys/{survey.pk}/"
    client.post(url, {"action": "start"})
    Survey.objects.filter(pk=survey.pk).update(
        closes_at=timezone.now() - timedelta(seconds=1), opens_at=timezone.now() - timedelta(days=1)
    )
    late = client.post(
        url, {"action": "next", "page": first_page(survey).pk, "q-role": "a", "q-agree": "3"}
    )
    assert late.status_code == 409
    assert b"does not take answers now" in late.content
    assert Answer.objects.count() == 0


def test_draft_survey_is_not_found(org):
    survey = make_survey(org.county)
    assert Client().get(f"/en/surveys/{survey.pk}/").status_code == 404


def test_invitation_link_answers_once(org, django_capture_on_commit_callbacks, mailoutbox):
    survey = _survey(org.county, audience="invitation")
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_emails(survey=survey, emails=["a@example.test"], language="en", actor=None)
    token = mailoutbox[0].body.split("/surveys/i/")[1].split("/")[0]
    assert Client().get(f"/en/surveys/{survey.pk}/").status_code == 403
    client = Client()
    url = f"/en/surveys/i/{token}/"
    client.post(url, {"action": "start"})
    client.post(
        url, {"action": "next", "page": first_page(survey).pk, "q-role": "a", "q-agree": "3"}
    )
    page2 = survey.current_version.pages.get(position=1).pk
    assert client.post(url, {"action": "submit", "page": page2}).status_code == 302
    again = Client().post(url, {"action": "start"})
    assert again.status_code == 200
    assert b"Already answered" in again.content
    assert Response.objects.count() == 1
    assert Client().get("/en/surveys/i/nonsense/").status_code == 404


def test_staff_survey_needs_sign_in_and_the_right_unit(org, clients):
    survey = _survey(org.county, audience="staff", units=[org.unit_a])
    url = f"/en/surveys/{survey.pk}/"
    assert clients["anonymous"].get(url).status_code == 302
    assert clients["resident"].get(url).status_code == 403
    assert clients["other_staff"].get(url).status_code == 403
    assert clients["staff"].get(url).status_code == 200
    assert clients["manager"].get(url).status_code == 200


def test_plain_language_switch(org):
    survey = _survey(org.county, title_fi_plain="Selkokysely")
    question = survey.current_version.questions.get(key="role")
    Question.objects.filter(pk=question.pk).update(text_fi_plain="Kuka olet?")
    client = Client()
    url = f"/fi/surveys/{survey.pk}/"
    client.post(url, {"action": "start", "plain": "1"})
    page = client.get(url)
    assert b"Kuka olet?" in page.content
    client.post(url, {"action": "plain_off"})
    assert b"Kysymys role" in client.get(url).content


# --- builder ---------------------------------------------------------------------------------

ROLE_STATUS = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(ROLE_STATUS))
@pytest.mark.parametrize(
    "path",
    ["", "settings/", "preview/", "invitations/", "pages/new/", "instrument/", "conditions/new/"],
)
def test_builder_pages_role_matrix(org, clients, role, path):
    survey = _survey(org.county)
    response = clients[role].get(f"/en/surveys/manage/{survey.pk}/{path}")
    assert response.status_code == ROLE_STATUS[role]


@pytest.mark.parametrize("role", list(ROLE_STATUS))
def test_adding_a_question_role_matrix_changes_nothing_when_refused(org, clients, role):
    survey = _survey(org.county)
    page = first_page(survey)
    before = Question.objects.count()
    response = clients[role].post(
        f"/en/surveys/manage/{survey.pk}/pages/{page.pk}/questions/new/",
        {"kind": "short_text", "text_fi": "Uusi"},
    )
    if ROLE_STATUS[role] == 200:
        assert response.status_code == 302
        assert Question.objects.count() == before + 1
    else:
        assert response.status_code == ROLE_STATUS[role]
        assert Question.objects.count() == before


@pytest.mark.parametrize("role", list(ROLE_STATUS))
def test_closing_role_matrix(org, clients, role):
    survey = _survey(org.county)
    response = clients[role].post(f"/en/surveys/manage/{survey.pk}/status/", {"action": "close"})
    survey.refresh_from_db()
    if ROLE_STATUS[role] == 200:
        assert response.status_code == 302
        assert survey.status == Survey.Status.CLOSED
    else:
        assert response.status_code == ROLE_STATUS[role]
        assert survey.status == Survey.Status.OPEN


def test_owner_staff_member_may_build_their_survey(org, clients):
    survey = _survey(org.county, owner=org.staff)
    assert clients["staff"].get(f"/en/surveys/manage/{survey.pk}/").status_code == 200
    assert clients["other_staff"].get(f"/en/surveys/manage/{survey.pk}/").status_code == 403


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("resident", 403), ("staff", 403), ("manager", 200), ("coordinator", 200)],
)
def test_creating_a_survey_role_matrix(org, clients, role, status):
    response = clients[role].post(
        "/en/surveys/manage/new/",
        {
            "title_fi": "Uusi kysely",
            "kind": "other",
            "audience": "public",
            "anonymous": "on",
            "min_group_size": "5",
        },
    )
    if status == 200:
        assert response.status_code == 302
        survey = Survey.objects.get()
        assert survey.owner_id == getattr(org, role).pk
        assert survey.current_version.pages.count() == 1
    else:
        assert response.status_code == status
        assert Survey.objects.count() == 0


def test_builder_creates_every_question_type(org, clients):
    survey = make_survey(org.county, org.coordinator)
    page = first_page(survey)
    url = f"/en/surveys/manage/{survey.pk}/pages/{page.pk}/questions/new/"
    forms = {
        "single": {"options_fi": "a | A\nb | B", "options_en": "A\nB"},
        "multiple": {"options_fi": "Kajaani\nKuhmo"},
        "likert": {"scale_min": "1", "scale_max": "4", "scale_labels_fi": "1\n2\n3\n4"},
        "scale_0_10": {},
        "number": {"number_min": "0", "number_max": "10"},
        "short_text": {"max_length": "20"},
        "long_text": {},
        "matrix": {"rows_fi": "r1 | Eka\nr2 | Toka"},
        "ranking": {"options_fi": "x | X\ny | Y\nz | Z"},
        "date": {},
    }
    for kind, extra in forms.items():
        response = clients["coordinator"].post(
            url, {"kind": kind, "key": f"k_{kind}", "text_fi": f"Kysymys {kind}", **extra}
        )
        assert response.status_code == 302, (kind, response.context["form"].errors)
    version = survey.current_version
    assert version.questions.count() == 10
    assert list(
        version.questions.get(key="k_multiple").choices.values_list("value", flat=True)
    ) == [
        "kajaani",
        "kuhmo",
    ]
    assert version.questions.get(key="k_likert").scale_labels == {"fi": ["1", "2", "3", "4"]}
    assert version.questions.get(key="k_matrix").rows.count() == 2
    preview = clients["coordinator"].get(f"/en/surveys/manage/{survey.pk}/preview/")
    assert preview.status_code == 200
    assert b"Question k_single" not in preview.content
    assert b"Kysymys ranking" in preview.content


def test_question_with_errors_is_shown_on_the_form(org, clients):
    survey = make_survey(org.county, org.coordinator)
    page = first_page(survey)
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/pages/{page.pk}/questions/new/",
        {"kind": "single", "text_fi": "Valitse", "options_fi": "vain yksi"},
    )
    assert response.status_code == 422
    assert b"Give at least two options." in response.content
    assert Question.objects.count() == 0


def test_editing_an_answered_question_on_the_web_makes_a_new_version(org, clients):
    survey = _survey(org.county, owner=org.coordinator)
    services.submit_answers(survey=survey, raw={"role": "a", "agree": "2"})
    question = survey.current_version.questions.get(key="agree")
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/questions/{question.pk}/",
        {
            "kind": "likert",
            "key": "agree",
            "text_fi": "Uusi teksti",
            "required": "on",
            "scale_min": "1",
            "scale_max": "5",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert SurveyVersion.objects.filter(survey=survey).count() == 2
    assert survey.current_version.questions.get(key="agree").text_fi == "Uusi teksti"
    question.refresh_from_db()
    assert question.text_fi == "Kysymys agree"
    # The old version's question can no longer be edited through the builder.
    old = clients["coordinator"].get(f"/en/surveys/manage/{survey.pk}/questions/{question.pk}/")
    assert old.status_code == 404


def test_condition_added_through_the_builder(org, clients):
    survey = _survey(org.county, owner=org.coordinator)
    source = survey.current_version.questions.get(key="role")
    target = survey.current_version.pages.get(position=1)
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/conditions/new/",
        {"target": f"page:{target.pk}", "source": source.pk, "operator": "equals", "values": "a"},
    )
    assert response.status_code == 302
    condition = Condition.objects.get()
    assert condition.values == ["a"]
    delete = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/conditions/{condition.pk}/delete/"
    )
    assert delete.status_code == 302
    assert Condition.objects.count() == 0


def test_page_added_and_removed(org, clients):
    survey = _survey(org.county, owner=org.coordinator)
    clients["coordinator"].post(f"/en/surveys/manage/{survey.pk}/pages/new/", {"title_fi": "Kolme"})
    assert Page.objects.filter(version=survey.current_version).count() == 3
    page = Page.objects.get(version=survey.current_version, position=2)
    clients["coordinator"].post(f"/en/surveys/manage/{survey.pk}/pages/{page.pk}/delete/")
    assert Page.objects.filter(version=survey.current_version).count() == 2


def test_invitations_page_invites_emails(
    org, clients, django_capture_on_commit_callbacks, mailoutbox
):
    survey = _survey(org.county, owner=org.coordinator, audience="invitation")
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["coordinator"].post(
            f"/en/surveys/manage/{survey.pk}/invitations/",
            {"form": "emails", "emails": "a@example.test, b@example.test", "language": "en"},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    bad = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/invitations/",
        {"form": "emails", "emails": "not-an-address", "language": "en"},
    )
    assert bad.status_code == 422
    assert b"These are not valid email addresses: not-an-address" in bad.content


def test_preview_validates_without_saving(org, clients):
    survey = _survey(org.county, owner=org.coordinator)
    url = f"/en/surveys/manage/{survey.pk}/preview/"
    bad = clients["coordinator"].post(
        url, {"action": "next", "page": first_page(survey).pk, "q-role": "zz"}
    )
    assert bad.status_code == 422
    assert b"Choose one of the options given." in bad.content
    ok = clients["coordinator"].post(
        url, {"action": "next", "page": first_page(survey).pk, "q-role": "a", "q-agree": "5"}
    )
    assert ok.status_code == 302
    assert b"Page 2 of 2" in clients["coordinator"].get(url).content
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


def test_manage_list_role_matrix(org, clients):
    _survey(org.county, owner=org.manager)
    assert clients["anonymous"].get("/en/surveys/manage/").status_code == 302
    assert clients["resident"].get("/en/surveys/manage/").status_code == 403
    staff_page = clients["staff"].get("/en/surveys/manage/")
    assert staff_page.status_code == 200
    assert list(staff_page.context["surveys"]) == []
    assert len(clients["manager"].get("/en/surveys/manage/").context["surveys"]) == 1
    assert len(clients["coordinator"].get("/en/surveys/manage/").context["surveys"]) == 1


def _settings_post(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "title_fi": "Kysely",
        "kind": "other",
        "audience": "public",
        "anonymous": "on",
        "min_group_size": "5",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("opens_at", "0001-01-01T00:30"),
        ("closes_at", "0001-01-02T00:30"),
        ("opens_at", "2101-01-01T12:00"),
    ],
)
def test_survey_time_outside_2000_to_2100_is_a_form_error(org, clients, field, value):
    """A year-1 time (a slip of the keyboard) gave a 500 on SQLite; on PostgreSQL it was saved,
    its UTC time fell before year 1, and the survey list and builder then failed for everyone."""
    response = clients["coordinator"].post(
        "/en/surveys/manage/new/", _settings_post(**{field: value})
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {
        field: ["Give a date between the years 2000 and 2100."]
    }
    assert Survey.objects.count() == 0


def test_survey_settings_refuse_a_time_outside_2000_to_2100(org, clients):
    survey = make_survey(org.county, org.coordinator)
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/settings/", _settings_post(closes_at="0001-01-01T00:30")
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "closes_at": ["Give a date between the years 2000 and 2100."]
    }
    survey.refresh_from_db()
    assert survey.closes_at is None
    assert clients["coordinator"].get("/en/surveys/manage/").status_code == 200


def test_anonymity_cannot_change_once_people_have_started_answering(org, clients):
    """Respondents were promised anonymity on the first page; switching it off before they
    submitted linked their answers to their account in the raw export."""
    survey = make_survey(org.county, org.coordinator, audience="staff", units=[org.unit_a])
    add_question(survey, kind="short_text", key="why")
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    response, _token = services.start_response(survey=survey, user=org.staff)

    edit = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/settings/",
        _settings_post(
            title_fi=survey.title_fi, audience="staff", units=[org.unit_a.pk], anonymous=""
        ),
    )

    assert edit.status_code == 422
    assert edit.context["form"].errors == {
        "anonymous": [
            "People have already started answering on what this setting promised them, so it "
            "can no longer be changed. Make a new survey if it must change."
        ]
    }
    survey.refresh_from_db()
    assert survey.anonymous is True
    services.save_page(response=response, page_id=first_page(survey).pk, raw={"why": "Koska"})
    submitted = services.submit_response(response=response)
    assert submitted.user_id is None


def test_anonymity_can_change_before_anyone_answers(org, clients):
    survey = make_survey(org.county, org.coordinator)
    edit = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/settings/",
        _settings_post(title_fi=survey.title_fi, anonymous=""),
    )
    assert edit.status_code == 302
    survey.refresh_from_db()
    assert survey.anonymous is False


HISTORY_ERROR = (
    "Earlier answers to this question were given as another type of question or on another "
    "scale. Keep its type and scale, or give it a new key so that the results count it as a new "
    "question."
)


def _answered_agree(org):  # type: ignore[no-untyped-def]
    survey = _survey(org.county, owner=org.coordinator)
    for _n in range(5):
        services.submit_answers(survey=survey, raw={"role": "a", "agree": "4"})
    survey.refresh_from_db()
    return survey, survey.current_version.questions.get(key="agree")


def test_an_answered_question_keeps_its_type_under_its_key(org, clients):
    """Results and exports merge a key's answers across versions: a Likert question turned
    into a single choice under the same key counted the Likert answers in the base of the new
    options (everyone who chose "a" showed as 50 %) and mixed numbers and labels in one column
    of the raw export."""
    survey, question = _answered_agree(org)
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/questions/{question.pk}/",
        {"kind": "single", "key": "agree", "text_fi": "Valitse", "options_fi": "a | A\nb | B"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"kind": [HISTORY_ERROR]}
    assert SurveyVersion.objects.filter(survey=survey).count() == 1
    question.refresh_from_db()
    assert question.kind == "likert"


def test_an_answered_question_keeps_its_scale_under_its_key(org, clients):
    survey, question = _answered_agree(org)
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/questions/{question.pk}/",
        {"kind": "likert", "key": "agree", "text_fi": "Samaa mieltä?", "scale_max": "7"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"scale_max": [HISTORY_ERROR]}
    assert SurveyVersion.objects.filter(survey=survey).count() == 1


def test_an_answered_question_changes_type_under_a_new_key(org, clients):
    survey, question = _answered_agree(org)
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/questions/{question.pk}/",
        {
            "kind": "single",
            "key": "agree_choice",
            "text_fi": "Valitse",
            "options_fi": "a | A\nb | B",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.current_version.questions.get(key="agree_choice").kind == "single"
    assert not survey.current_version.questions.filter(key="agree").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "single", "options_fi": "a | " + "x" * 301 + "\nb | B"},
            "Keep each option within 300 characters.",
        ),
        (
            {"kind": "ranking", "options_fi": "a | A\nb | B", "options_sv": "A\n" + "y" * 301},
            "Keep each option within 300 characters.",
        ),
        (
            {"kind": "matrix", "rows_fi": "r1 | " + "z" * 301},
            "Keep each statement within 300 characters.",
        ),
        (
            {"kind": "matrix", "rows_fi": "my key | Väite"},
            "Statement keys may contain only letters, numbers, - and _, at most 60 of them.",
        ),
        (
            {"kind": "matrix", "rows_fi": "k" * 61 + " | Väite"},
            "Statement keys may contain only letters, numbers, - and _, at most 60 of them.",
        ),
    ],
)
def test_options_and_statements_that_do_not_fit_are_form_errors(org, clients, data, message):
    """An option or statement longer than its column was a DataError (a 500) on PostgreSQL,
    and a statement key was stored as typed, spaces and all."""
    survey = make_survey(org.county, org.coordinator)
    page = first_page(survey)
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/pages/{page.pk}/questions/new/",
        {"text_fi": "Kysymys", **data},
    )
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [message]
    assert Question.objects.count() == 0


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-inf"])
def test_a_condition_compares_only_with_real_numbers(org, clients, value):
    """A value of "NaN" passed as a number; comparing an answer with it raised
    InvalidOperation, a 500 for every respondent who answered the source question. Infinity
    passed too, a condition no answer can meet."""
    survey = make_survey(org.county, org.coordinator)
    source = add_question(survey, kind="likert", key="agree")
    page2 = services.add_page(survey=survey, actor=None)
    target = add_question(survey, kind="short_text", key="why", page=page2)
    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/conditions/new/",
        {
            "target": f"question:{target.pk}",
            "source": source.pk,
            "operator": "gte",
            "values": value,
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"values": ["Give numbers to compare with."]}
    assert Condition.objects.count() == 0


def test_a_stored_nan_condition_hides_its_target_instead_of_failing(org):
    survey = make_survey(org.county, org.coordinator)
    source = add_question(survey, kind="likert", key="agree", required=True)
    page2 = services.add_page(survey=survey, actor=None)
    add_question(survey, kind="short_text", key="why", page=page2, required=True)
    Condition.objects.create(
        version=survey.current_version,
        source=source,
        operator="gte",
        values=["NaN"],
        target_page=page2,
    )
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    response = Client().post(
        f"/api/v1/surveys/{survey.pk}/responses",
        '{"answers": {"agree": 3}}',
        content_type="application/json",
    )
    assert response.status_code == 201
    assert sorted(Answer.objects.values_list("question__key", "number")) == [("agree", 3)]


def test_invitations_refuse_an_address_too_long_to_store(org, clients):
    # Valid by its syntax (Django accepts up to 320 characters) but longer than the 254 the
    # invitation's email column holds: refused with the other bad addresses, nothing invited.
    survey = _survey(org.county, owner=org.coordinator, audience="invitation")
    long_address = "a" * 64 + "@" + ".".join(["b" * 63] * 3) + ".fi"
    assert len(long_address) == 259

    response = clients["coordinator"].post(
        f"/en/surveys/manage/{survey.pk}/invitations/",
        {"form": "emails", "emails": f"ok@example.test\n{long_address}", "language": "en"},
    )

    assert response.status_code == 422
    assert b"These are not valid email addresses: aaaa" in response.content
    assert not survey.invitations.exists()
