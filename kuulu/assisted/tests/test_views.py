import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kuulu.assisted import visits
from kuulu.assisted.models import AssistedAction
from kuulu.assisted.tests.factories import open_paper_survey
from kuulu.deliberation.models import Vote
from kuulu.deliberation.tests.factories import make_conversation
from kuulu.events.models import Registration
from kuulu.events.tests.factories import make_session
from kuulu.feedback.models import Feedback
from kuulu.organisation.models import Person
from kuulu.organisation.tests.factories import make_person
from kuulu.surveys.models import Response

pytestmark = pytest.mark.django_db

START = "/en/workspace/assisted/"

# Who may open the start page (and so act for a resident).
START_MATRIX = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 200,
    "staff": 200,
    "manager": 200,
    "coordinator": 200,
    # a system admin without a staff record belongs to no county
    "admin": 403,
}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def consent_post(**extra):
    return {
        "who": "none",
        "consent_method": "spoken",
        "confirmed": "on",
        **extra,
    }


def start_visit(client, org, **extra):
    data = consent_post(unit=org.team_a1.pk, **extra)
    response = client.post(START, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.mark.parametrize(("role", "expected"), START_MATRIX.items())
def test_start_page_role_matrix(clients, org, role, expected):
    assert clients[role].get(START).status_code == expected


@pytest.mark.parametrize("role", ["anonymous", "resident", "admin"])
def test_who_may_not_assist_cannot_start_a_visit_or_record(clients, org, role):
    client = clients[role]
    response = client.post(START, consent_post(unit=org.team_a1.pk))
    assert response.status_code in (302, 403)
    assert visits.SESSION_KEY not in client.session
    response = client.post(
        "/en/workspace/assisted/feedback/",
        {"channel": "in_person", "kind": "idea", "text": "x", "language": "fi"},
    )
    assert response.status_code in (302, 403)
    assert Feedback.objects.count() == 0
    assert AssistedAction.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/en/workspace/assisted/feedback/",
        "/en/workspace/assisted/registration/",
        "/en/workspace/assisted/survey/",
        "/en/workspace/assisted/ballot/",
    ],
)
def test_actions_need_a_visit_with_consent_first(clients, org, path):
    response = clients["staff"].get(path)
    assert response.status_code == 302
    assert response["Location"] == START


def test_consent_must_be_confirmed(clients, org):
    response = clients["staff"].post(START, {"who": "none", "consent_method": "spoken"})
    assert response.status_code == 400
    assert "Confirm the resident&#x27;s consent before you go on." in response.content.decode()
    assert visits.SESSION_KEY not in clients["staff"].session


@pytest.mark.parametrize("posted", ["²", "\u0661", "99999999999999999999"])
def test_a_resident_id_that_is_no_id_is_a_form_error_not_a_500(clients, org, posted):
    response = clients["staff"].post(
        START, consent_post(unit=org.team_a1.pk, who="found", resident=posted)
    )
    assert response.status_code == 400
    assert visits.SESSION_KEY not in clients["staff"].session


# Valid by the address syntax (up to 320 characters) but longer than the 254 the registers keep:
# on PostgreSQL saving it was a server error.
LONG_EMAIL = "a" * 64 + "@" + ("b" * 63 + ".") * 3 + "fi"


def test_an_over_long_email_address_is_a_form_error_everywhere(clients, org):
    client = clients["staff"]
    response = client.post(
        START,
        consent_post(
            unit=org.team_a1.pk, who="new", first_name="Veikko", last_name="Uusi", email=LONG_EMAIL
        ),
    )
    assert response.status_code == 400
    assert "at most 254 characters" in response.content.decode()
    assert not Person.objects.filter(last_name="Uusi").exists()
    start_visit(client, org)
    response = client.post(
        "/en/workspace/assisted/feedback/",
        {
            "channel": "phone",
            "kind": "praise",
            "text": "Kiitos!",
            "language": "fi",
            "contact_email": LONG_EMAIL,
        },
    )
    assert response.status_code == 400
    assert "at most 254 characters" in response.content.decode()
    session = make_session(org.county, capacity=3)
    response = client.post(
        "/en/workspace/assisted/registration/",
        {"session": session.pk, "name": "Aino", "email": LONG_EMAIL, "language": "fi"},
    )
    assert response.status_code == 400
    assert "at most 254 characters" in response.content.decode()
    assert (Feedback.objects.count(), Registration.objects.count()) == (0, 0)
    assert AssistedAction.objects.count() == 0


def test_guardian_consent_needs_a_name(clients, org):
    response = clients["staff"].post(
        START, consent_post(unit=org.team_a1.pk, consent_method="guardian")
    )
    assert response.status_code == 400
    assert "Name the guardian or representative who consented." in response.content.decode()


def test_search_lists_residents_and_a_new_record_can_be_made(clients, org):
    make_person(org.county, kind="resident", first_name="Aino", last_name="Asukas")
    page = clients["staff"].get(START, {"q": "Aino"})
    assert "Aino Asukas" in page.content.decode()
    assert "1 resident found." in page.content.decode()
    start_visit(
        clients["staff"],
        org,
        who="new",
        first_name="Veikko",
        last_name="Uusi",
        phone="040 123 4567",
    )
    person = Person.objects.get(last_name="Uusi")
    assert (person.kind, person.phone, person.user) == ("resident", "040 123 4567", None)
    page = clients["staff"].get(START)
    assert "Veikko Uusi" in page.content.decode()


def test_feedback_flow_shows_the_assistance_to_the_handler_and_to_the_resident(clients, org):
    # given: the staff member helps the signed-in demo resident, who consented in writing
    start_visit(
        clients["staff"],
        org,
        who="found",
        resident=org.resident_person.pk,
        consent_method="written",
    )
    form = clients["staff"].get("/en/workspace/assisted/feedback/")
    assert form.status_code == 200
    assert org.resident_person.email in form.content.decode()  # contact details prefilled
    # when
    response = clients["staff"].post(
        "/en/workspace/assisted/feedback/",
        {
            "channel": "in_person",
            "kind": "idea",
            "text": "Iltavastaanotto olisi hyvä.",
            "language": "fi",
            "unit": org.team_a1.pk,
            "contact_name": org.resident_person.full_name,
            "submission_key": "abc",
        },
    )
    # then
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    action = AssistedAction.objects.get()
    assert (action.object_id, action.consent_method) == (feedback.pk, "written")
    case = clients["manager"].get(reverse("feedback:case", args=[feedback.pk]))
    staff_name = org.staff_person.full_name
    assert (
        f"Recorded with assistance by {staff_name} at service point Kotihoito Kajaani"
        in case.content.decode()
    )
    mine = clients["resident"].get("/en/my-participation/")
    assert mine.status_code == 200
    assert feedback.reference in mine.content.decode()
    assert f"Yes: by {staff_name}" in mine.content.decode()


def test_registration_flow(clients, org):
    session = make_session(org.county, capacity=3)
    start_visit(clients["staff"], org, who="found", resident=org.resident_person.pk)
    response = clients["staff"].post(
        "/en/workspace/assisted/registration/",
        {
            "session": session.pk,
            "name": "Aino Asukas",
            "email": "aino@example.test",
            "language": "fi",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.registered_by == org.staff
    assert AssistedAction.objects.get().object_id == registration.pk


def test_paper_survey_flow_shows_errors_and_saves_nothing_until_complete(clients, org):
    survey = open_paper_survey(org.county)
    start_visit(clients["staff"], org)
    choose = clients["staff"].get("/en/workspace/assisted/survey/", {"survey": survey.pk})
    assert choose["Location"] == f"/en/workspace/assisted/survey/{survey.pk}/"
    page = clients["staff"].get(choose["Location"])
    assert 'name="q-q1"' in page.content.decode()
    missing = clients["staff"].post(choose["Location"], {"q-c": "hyvä"})
    assert missing.status_code == 400
    assert "This question needs an answer." in missing.content.decode()
    assert Response.objects.filter(status="submitted").count() == 0
    done = clients["staff"].post(choose["Location"], {"q-q1": "a"})
    assert done.status_code == 302
    assert Response.objects.filter(status="submitted").count() == 1
    assert AssistedAction.objects.get().object_type == "surveys.survey"


def test_paper_ballot_flow(clients, org):
    conversation = make_conversation(org.county)
    statements = list(conversation.statements.order_by("number"))
    start_visit(clients["staff"], org)
    response = clients["staff"].post(
        f"/en/workspace/assisted/ballot/{conversation.pk}/",
        {f"s_{statements[0].pk}": "1", f"s_{statements[1].pk}": "-1"},
    )
    assert response.status_code == 302
    assert sorted(Vote.objects.values_list("value", flat=True)) == [-1, 1]


def test_empty_ballot_is_refused(clients, org):
    conversation = make_conversation(org.county)
    start_visit(clients["staff"], org)
    response = clients["staff"].post(f"/en/workspace/assisted/ballot/{conversation.pk}/", {})
    assert response.status_code == 400
    assert "Mark at least one vote from the ballot." in response.content.decode()
    assert AssistedAction.objects.count() == 0


def test_finishing_ends_the_visit(clients, org):
    start_visit(clients["staff"], org)
    clients["staff"].post("/en/workspace/assisted/finish/")
    assert clients["staff"].get("/en/workspace/assisted/feedback/").status_code == 302


def test_a_visit_belongs_to_the_staff_member_who_started_it(clients, org):
    start_visit(clients["staff"], org)
    session = clients["staff"].session
    stolen = dict(session[visits.SESSION_KEY])
    other = clients["other_staff"]
    other_session = other.session
    other_session[visits.SESSION_KEY] = stolen
    other_session.save()
    assert other.get("/en/workspace/assisted/feedback/").status_code == 302


def test_posts_need_the_csrf_token(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.staff)
    response = client.post(START, consent_post(unit=org.team_a1.pk))
    assert response.status_code == 403
    assert visits.SESSION_KEY not in client.session


def test_recent_actions_are_listed_by_role(clients, org):
    start_visit(clients["staff"], org)
    clients["staff"].post(
        "/en/workspace/assisted/feedback/",
        {"channel": "phone", "kind": "praise", "text": "Kiitos!", "language": "fi"},
    )
    assert len(clients["staff"].get(START).context["recent"]) == 1
    assert len(clients["manager"].get(START).context["recent"]) == 1  # unit_a's subtree
    assert len(clients["coordinator"].get(START).context["recent"]) == 1
    assert len(clients["other_staff"].get(START).context["recent"]) == 0


def test_listing_records_that_name_residents_is_audited(clients, org):
    # Who was helped at which service point is personal data (a customer of a unit); reading
    # such a list is logged like other lists of people, without names.
    from kuulu.core.models import AuditEvent

    start_visit(clients["staff"], org, who="found", resident=org.resident_person.pk)
    clients["staff"].post(
        "/en/workspace/assisted/feedback/",
        {"channel": "phone", "kind": "praise", "text": "Kiitos!", "language": "fi"},
    )
    listed = AuditEvent.objects.filter(action="view", object_type="assisted.assistedaction")
    assert not listed.exists()

    clients["coordinator"].get(START)
    clients["other_staff"].get(START)  # lists nothing

    assert [(e.actor, e.summary) for e in listed] == [
        (org.coordinator, "records of assistance listed: 1 naming a resident")
    ]


def test_my_participation_needs_sign_in_and_shows_only_ones_own(clients, org):
    assert clients["anonymous"].get("/en/my-participation/").status_code == 302
    session = make_session(org.county, capacity=3)
    start_visit(clients["staff"], org, who="found", resident=org.resident_person.pk)
    clients["staff"].post(
        "/en/workspace/assisted/registration/",
        {"session": session.pk, "name": "Aino", "email": "aino@example.test", "language": "fi"},
    )
    own = clients["resident"].get("/en/my-participation/")
    assert len(own.context["rows"]) == 1
    assert own.context["rows"][0].assisted is not None
    assert clients["manager"].get("/en/my-participation/").context["rows"] == []


def test_start_page_and_history_have_a_query_budget(clients, org, django_assert_max_num_queries):
    session = make_session(org.county, capacity=50)
    start_visit(clients["staff"], org, who="found", resident=org.resident_person.pk)
    for n in range(5):
        clients["staff"].post(
            "/en/workspace/assisted/registration/",
            {
                "session": session.pk,
                "name": f"A {n}",
                "email": f"a{n}@example.test",
                "language": "fi",
            },
        )
        clients["staff"].post(
            "/en/workspace/assisted/feedback/",
            {"channel": "phone", "kind": "praise", "text": f"Kiitos {n}", "language": "fi"},
        )
    assert AssistedAction.objects.count() == 10
    with django_assert_max_num_queries(8):
        page = clients["staff"].get(START)
    assert len(page.context["recent"]) == 10
    # the history, plus one query per record type of mydata.records_for (a constant, not per row)
    with django_assert_max_num_queries(28):
        mine = clients["resident"].get("/en/my-participation/")
    assert len(mine.context["rows"]) == 10


def test_a_visit_expires(rf, org):
    from datetime import timedelta

    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from kuulu.assisted.services import Consent

    request = rf.get("/")
    request.user = org.staff
    request.session = SessionStore()
    visits.start_visit(request, resident=None, unit=org.team_a1, consent=Consent(method="spoken"))
    assert visits.current_visit(request).unit == org.team_a1
    later = timezone.now() + visits.VISIT_MAX_AGE + timedelta(minutes=1)
    assert visits.current_visit(request, now=later) is None
    assert visits.SESSION_KEY not in request.session
