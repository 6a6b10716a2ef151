"""Pages through HTTP: the role matrix of access.py (denials change nothing), the evaluation
form naming missing equality answers, closing from the page, the library, adoption, project
figures and their exports, audit of sensitive reads, the workspace module and the impact trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from kuulu.codevelopment import services
from kuulu.codevelopment.models import (
    EQUALITY_QUESTIONS,
    Evaluation,
    Experiment,
    Participant,
    PracticeAdoption,
    WorkshopSeries,
)
from kuulu.codevelopment.tests.factories import (
    evaluated,
    evaluation_data,
    make_experiment,
    make_project,
    make_series,
    running,
)
from kuulu.core.models import AuditEvent
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "other_staff", "staff", "hr", "manager", "coordinator", "admin"]

PRACTICE = {
    "title": "Morning meeting",
    "problem": "Hurried reports.",
    "practice": "Ten minutes together.",
    "evidence": "Flow rose.",
    "needs": "Time.",
    "contact": "Home care manager",
    "visibility": "internal",
}


@pytest.fixture
def world(org, clients):
    """A series and an experiment of unit A, an adopted practice, and a project managed by the
    manager. `hr` is an HR partner: a staff member of another unit, with no extra rights here."""
    from conftest import client_for

    hr = make_person(org.county, kind="staff", unit=org.area_b, job_title="HR partner")
    clients = {**clients, "hr": client_for(hr.user)}
    series = make_series(org)
    services.add_participant(series=series, data={"name": "Secret Name", "role": "staff"})
    experiment = running(make_experiment(org, series=series))
    done = evaluated(make_experiment(org, title="Done"))
    practice = services.describe_practice(experiment=done, data=dict(PRACTICE))
    project = make_project(org, manager=org.manager_person)
    return {
        "clients": clients,
        "series": series,
        "experiment": experiment,
        "practice": practice,
        "project": project,
    }


# page: roles that may open it (anonymous is sent to sign in unless the page is public)
PAGES = {
    "index": {"other_staff", "staff", "hr", "manager", "coordinator", "admin"},
    "series": {"other_staff", "staff", "hr", "manager", "coordinator", "admin"},
    "experiment": {"other_staff", "staff", "hr", "manager", "coordinator", "admin"},
    "evaluation": {"manager", "coordinator", "admin"},
    "series_new": {"manager", "coordinator", "admin"},
    "project": {"manager", "coordinator", "admin"},
    "project_csv": {"manager", "coordinator", "admin"},
    "practice": {"other_staff", "staff", "hr", "manager", "coordinator", "admin"},
}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(org, world, role):
    client = world["clients"]["anonymous" if role == "anonymous" else role]
    urls = {
        "index": reverse("codevelopment:index"),
        "series": reverse("codevelopment:series", args=[world["series"].pk]),
        "experiment": reverse("codevelopment:experiment", args=[world["experiment"].pk]),
        "evaluation": reverse("codevelopment:evaluation", args=[world["experiment"].pk]),
        "series_new": reverse("codevelopment:series_new"),
        "project": reverse("codevelopment:project", args=[world["project"].pk]),
        "project_csv": reverse("codevelopment:project_csv", args=[world["project"].pk]),
        "practice": reverse("codevelopment:practice", args=[world["practice"].pk]),
    }
    for name, url in urls.items():
        response = client.get(url)
        if role in PAGES[name]:
            assert response.status_code == 200, (name, role)
        elif name == "practice":
            assert response.status_code == 404, (name, role)  # internal: not found
        elif role == "anonymous":
            assert response.status_code == 302, (name, role)
        else:
            assert response.status_code == 403, (name, role)

    # names of the group only for those leading the series
    page = client.get(urls["series"])
    assert (b"Secret Name" in page.content) == (role in {"manager", "coordinator", "admin"})

    # refused writes change nothing
    before = Participant.objects.count()
    client.post(
        urls["series"],
        {
            "action": "participant",
            "participant-name": "New",
            "participant-role": "staff",
            "participant-gender": "woman",
        },
    )
    after = Participant.objects.count()
    assert (after - before) == (1 if role in {"manager", "coordinator", "admin"} else 0), role
    client.post(urls["evaluation"], evaluation_data())
    evaluated_now = Evaluation.objects.filter(experiment=world["experiment"]).exists()
    assert evaluated_now == (role in {"manager", "coordinator", "admin"}), role
    client.post(urls["practice"], {"unit": org.unit_b.pk, "adopted_on": "2026-01-01"})
    adopted = PracticeAdoption.objects.filter(unit=org.unit_b).exists()
    # the manager leads only unit A's subtree: unit B is not theirs to record
    assert adopted == (role in {"coordinator", "admin"}), role


def test_staff_cannot_start_series_or_experiments(org, clients):
    response = clients["staff"].post(
        reverse("codevelopment:series_new"), {"title": "X", "unit": org.team_a1.pk}
    )
    assert response.status_code == 403
    assert clients["staff"].get(reverse("codevelopment:experiment_new")).status_code == 403
    assert not WorkshopSeries.objects.exists()


def test_manager_starts_a_series_only_in_their_subtree(org, clients):
    url = reverse("codevelopment:series_new")
    refused = clients["manager"].post(url, {"title": "B", "unit": org.unit_b.pk})
    assert refused.status_code == 200  # the unit is not a choice
    assert not WorkshopSeries.objects.exists()
    clients["manager"].post(url, {"title": "A", "unit": org.team_a1.pk})
    assert WorkshopSeries.objects.get().unit == org.team_a1


def test_the_experiment_owner_keeps_their_own_experiment(org, clients):
    experiment = running(make_experiment(org, owner=org.staff_person))
    url = reverse("codevelopment:evaluation", args=[experiment.pk])
    assert clients["staff"].get(url).status_code == 200
    assert clients["other_staff"].get(url).status_code == 403


def test_the_evaluation_form_names_missing_equality_answers(org, clients):
    experiment = running(make_experiment(org))
    data = evaluation_data(customer_language="", customer_language_text="", staff_age_text="")
    response = clients["manager"].post(
        reverse("codevelopment:evaluation", args=[experiment.pk]), data
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "impact on customers by language" in text
    assert "Give the reason why there is no impact on staff by age." in text
    assert 'href="#id_customer_language"' in text
    assert not Evaluation.objects.exists()


def test_closing_from_the_page_needs_the_evaluation(org, clients):
    experiment = running(make_experiment(org))
    url = reverse("codevelopment:experiment", args=[experiment.pk])
    response = clients["manager"].post(url, {"action": "status", "status-status": "closed"})
    assert response.status_code == 400
    assert "before it has been evaluated" in response.content.decode()
    experiment.refresh_from_db()
    assert experiment.status == "running"
    services.save_evaluation(experiment=experiment, data=evaluation_data("stop"))
    clients["manager"].post(url, {"action": "status", "status-status": "closed"})
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.CLOSED


def test_a_page_left_open_cannot_add_measures_to_an_experiment_closed_meanwhile(org, clients):
    experiment = evaluated(make_experiment(org), "stop")
    measure = services.add_measure(experiment=experiment, data={"name": "Flow", "kind": "manual"})
    services.close_experiment(experiment=experiment)  # in another tab
    url = reverse("codevelopment:experiment", args=[experiment.pk])
    response = clients["manager"].post(
        url,
        {"action": "measure", "measure-name": "Later", "measure-kind": "manual"},
        follow=True,
    )
    assert response.redirect_chain == [(url, 302)]
    assert "A closed experiment cannot be changed." in response.content.decode()
    response = clients["manager"].post(
        url,
        {
            "action": "value",
            "value-measure": measure.pk,
            "value-measured_on": "2026-06-01",
            "value-value": "4",
        },
        follow=True,
    )
    assert "A closed experiment cannot be changed." in response.content.decode()
    assert [m.name for m in experiment.measures.all()] == ["Flow"]
    assert not measure.values.exists()


def test_the_public_library_shows_only_public_practices_and_searches(org, clients):
    public = services.describe_practice(
        experiment=evaluated(make_experiment(org, title="A")),
        data={**PRACTICE, "title": "Morning meeting", "visibility": "public"},
    )
    services.describe_practice(
        experiment=evaluated(make_experiment(org, title="B")),
        data={**PRACTICE, "title": "Evening huddle"},
    )
    services.record_adoption(practice=public, unit=org.unit_b, adopted_on=timezone.localdate())
    url = reverse("codevelopment:library")
    anonymous = clients["anonymous"].get(url).content.decode()
    assert "Morning meeting" in anonymous
    assert "Evening huddle" not in anonymous
    staff = clients["staff"].get(url, {"q": "huddle"}).content.decode()
    assert "Evening huddle" in staff
    assert "Morning meeting" not in staff
    detail = clients["anonymous"].get(reverse("codevelopment:practice", args=[public.pk]))
    assert "Adopted by 1 other unit." in detail.content.decode()
    assert "Perhekeskus" in detail.content.decode()


def test_staff_of_another_county_see_a_public_practice_as_the_public_does(org, clients):
    # The adoption notes and the experiment behind a practice are the county's internal
    # matters; a public practice is open to all, its internals to the county's staff only.
    from conftest import client_for

    public = services.describe_practice(
        experiment=evaluated(make_experiment(org, title="Aamupalaverikokeilu")),
        data={**PRACTICE, "visibility": "public"},
    )
    services.record_adoption(
        practice=public,
        unit=org.unit_b,
        adopted_on=timezone.localdate(),
        note="Otettu käyttöön vain osittain",
    )
    other = make_county()
    stranger = make_person(other, kind="staff", unit=make_unit(other, code="x"))
    url = reverse("codevelopment:practice", args=[public.pk])
    for page in (
        client_for(stranger.user).get(url).content.decode(),
        clients["anonymous"].get(url).content.decode(),
    ):
        assert "Morning meeting" in page
        assert "Otettu käyttöön vain osittain" not in page
        assert "Aamupalaverikokeilu" not in page
    own = clients["other_staff"].get(url).content.decode()
    assert "Otettu käyttöön vain osittain" in own
    assert "Aamupalaverikokeilu" in own


def test_project_page_and_exports(org, clients):
    project = make_project(org)
    services.set_planned_figure(project=project, metric="persons", planned=10)
    series = make_series(org, project=project)
    for i in range(6):
        services.add_participant(
            series=series, data={"name": f"P{i}", "role": "staff", "gender": "woman"}
        )
    page = clients["coordinator"].get(reverse("codevelopment:project", args=[project.pk]))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert "<table" in page.content.decode()
    csv = clients["coordinator"].get(reverse("codevelopment:project_csv", args=[project.pk]))
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Figure,Planned,Actual,Actual of planned (%)"
    assert "participating persons,10,6,60" in lines
    xlsx = clients["coordinator"].get(reverse("codevelopment:project_xlsx", args=[project.pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        AuditEvent.objects.filter(
            action="export", object_type="codevelopment.developmentproject"
        ).count()
        == 2
    )
    clients["coordinator"].post(
        reverse("codevelopment:project", args=[project.pk]), {"metric": "men", "planned": "4"}
    )
    assert project.planned_figures.get(metric="men").planned == 4


def test_viewing_participant_names_is_audited(org, clients):
    series = make_series(org)
    clients["staff"].get(reverse("codevelopment:series", args=[series.pk]))
    assert not AuditEvent.objects.filter(action="view").exists()
    clients["manager"].get(reverse("codevelopment:series", args=[series.pk]))
    assert (
        AuditEvent.objects.filter(
            action="view", object_type="codevelopment.workshopseries", object_id=str(series.pk)
        ).count()
        == 1
    )


def test_one_sided_group_warns_on_the_page(org, clients):
    series = make_series(org)
    for i in range(6):
        services.add_participant(
            series=series,
            # a space and a letter no token holds: a CSRF token cannot contain the name by chance
            data={
                "name": f"Äänekäs Osallistuja {i}",
                "role": "staff",
                "gender": "woman",
                "profession": "nurse",
            },
        )
    text = clients["staff"].get(reverse("codevelopment:series", args=[series.pk])).content.decode()
    assert "one-sided by gender" in text
    assert "same profession" in text
    assert "no developer customers" in text
    assert "Äänekäs Osallistuja" not in text


def test_workspace_lists_the_module_for_staff_only(org):
    from kuulu.organisation.access import actor_for
    from kuulu.workspace.access import modules_for

    assert "codevelopment" in [m.key for m in modules_for(actor_for(org.staff))]
    assert "codevelopment" not in [m.key for m in modules_for(actor_for(org.resident))]


def test_adopted_experiments_and_practices_are_impact_trail_inputs(org, django_assert_num_queries):
    from kuulu.outcomes.inputs import adapter

    adopted = evaluated(make_experiment(org, title="Adopted one"))
    stopped = evaluated(make_experiment(org, title="Stopped one"), "stop")
    practice = services.describe_practice(
        experiment=adopted, data={**PRACTICE, "visibility": "public"}
    )
    experiments, practices = adapter("codevelopment_experiment"), adapter("codevelopment_practice")
    assert experiments.resolve([str(adopted.pk), str(stopped.pk)]) == {str(adopted.pk): adopted}
    assert [c.label for c in experiments.search(org.staff, org.county.pk, "")] == ["Adopted one"]
    assert experiments.search(org.resident, org.county.pk, "") == []
    assert experiments.can_view(org.staff, adopted)
    assert not experiments.can_view(org.resident, adopted)
    assert practices.public_summary(practice) == (
        "Good practice: Morning meeting (other units that adopted it: 0)"
    )
    resolved = practices.resolve([str(practice.pk)])[str(practice.pk)]
    with django_assert_num_queries(0):  # counted in the resolving query, not per input
        assert practices.public_summary(resolved).endswith("(other units that adopted it: 0)")
    assert practices.can_view(org.resident, practice)
    assert experiments.units(adopted) == [org.unit_a]
    received = experiments.received(
        county_id=org.county.pk, start=date(2000, 1, 1), end=date(2100, 1, 1), unit_path=None
    )
    assert list(received) == [adopted]


def test_every_equality_question_is_on_the_form(org, clients):
    experiment = running(make_experiment(org))
    text = (
        clients["manager"]
        .get(reverse("codevelopment:evaluation", args=[experiment.pk]))
        .content.decode()
    )
    for prefix, _g, _d in EQUALITY_QUESTIONS:
        assert f'name="{prefix}"' in text
        assert f'name="{prefix}_text"' in text


def test_front_page_and_library_have_a_query_budget(org, clients, django_assert_max_num_queries):
    for i in range(6):
        series = make_series(org, title=f"S{i}")
        evaluated(make_experiment(org, title=f"E{i}", series=series))
    with django_assert_max_num_queries(15):
        response = clients["coordinator"].get(reverse("codevelopment:index"))
    assert response.content.decode().count("/codevelopment/experiments/") >= 6
    with django_assert_max_num_queries(12):
        clients["coordinator"].get(reverse("codevelopment:library"))


def test_leaders_fill_in_and_remove_group_members(org, clients):
    series = make_series(org)
    member = services.add_participant(series=series, data={"name": "Imported", "role": "staff"})
    url = reverse("codevelopment:participant_edit", args=[member.pk])
    data = {"name": "Imported", "role": "staff", "gender": "man", "profession": "nurse"}
    assert clients["staff"].post(url, data).status_code == 403
    member.refresh_from_db()
    assert member.gender == "unknown"
    clients["manager"].post(url, data)
    member.refresh_from_db()
    assert (member.gender, member.profession) == ("man", "nurse")
    assert clients["other_staff"].post(url, {"action": "remove"}).status_code == 403
    clients["manager"].post(url, {"action": "remove"})
    assert not Participant.objects.filter(pk=member.pk).exists()


def test_editing_an_experiment_adds_units_only_from_the_editors_subtree(org, clients):
    experiment = make_experiment(org)
    url = reverse("codevelopment:experiment_edit", args=[experiment.pk])
    form = {
        "title": "Renamed",
        "problem": "P",
        "idea": "I",
        "hypothesis": "H",
        "owner": org.manager_person.pk,
        "starts_on": "2026-03-01",
        "ends_on": "2026-05-01",
        "participant_count": "0",
    }
    refused = clients["manager"].post(url, {**form, "units": [org.unit_a.pk, org.unit_b.pk]})
    assert refused.status_code == 200
    experiment.refresh_from_db()
    assert experiment.title == "Aamupalaveri"
    clients["manager"].post(url, {**form, "units": [org.unit_a.pk, org.team_a1.pk]})
    experiment.refresh_from_db()
    assert experiment.title == "Renamed"
    assert set(experiment.units.all()) == {org.unit_a, org.team_a1}


def test_ended_experiments_without_evaluation_need_attention(org):
    from kuulu.codevelopment.attention import experiments_to_evaluate
    from kuulu.organisation.access import actor_for

    today = date(2026, 6, 1)
    late = running(make_experiment(org, ends_on=date(2026, 5, 1)))
    running(make_experiment(org, title="Still going", ends_on=date(2026, 7, 1)))
    evaluated(make_experiment(org, title="Done", ends_on=date(2026, 4, 1)))
    for user, expected in (
        (org.manager, 1),
        (org.coordinator, 1),
        (org.staff, 0),
        (org.other_staff, 0),
        (org.resident, 0),
    ):
        items = experiments_to_evaluate(actor_for(user), today)
        assert sum(i.count for i in items) == expected, user
    item = experiments_to_evaluate(actor_for(org.manager), today)[0]
    assert item.due == late.ends_on


def test_registration_opens_in_the_events_module_for_leaders_only(org, clients):
    from kuulu.events.models import Event, Registration

    series = make_series(org)
    session = services.add_session(series=series, title="Paja 1", held_on=date(2026, 9, 1))
    url = reverse("codevelopment:session_registration", args=[session.pk])
    form = {
        "starts_at": "2026-09-01T12:00",
        "ends_at": "2026-09-01T15:00",
        "capacity": "12",
        "venue": "Kajaani",
    }
    assert clients["staff"].post(url, form).status_code == 403
    assert not Event.objects.exists()
    clients["manager"].post(url, form)
    session.refresh_from_db()
    event = session.event_session.event
    assert (event.title_fi, event.for_staff, event.status) == (
        "Kotihoidon pajat: Paja 1",
        True,
        "published",
    )
    assert session.event_session.capacity == 12
    Registration.objects.create(
        session=session.event_session,
        user=org.staff,
        name="S",
        email="s@example.test",
        status="attending",
    )
    importer = reverse("codevelopment:session_import", args=[session.pk])
    assert clients["other_staff"].post(importer).status_code == 403
    assert not series.participants.exists()
    clients["manager"].post(importer)
    assert series.participants.get().person == org.staff_person
    page = clients["staff"].get(reverse("codevelopment:series", args=[series.pk]))
    assert reverse("events:detail", args=[event.pk]) in page.content.decode()


def test_the_owner_who_described_a_practice_may_edit_it(org, clients):
    done = evaluated(make_experiment(org, owner=org.staff_person, units=[org.unit_b]))
    practice = services.describe_practice(experiment=done, data=dict(PRACTICE))
    url = reverse("codevelopment:practice_edit", args=[practice.pk])
    assert clients["staff"].get(url).status_code == 200  # the owner
    assert clients["other_staff"].get(url).status_code == 403
    assert clients["manager"].get(url).status_code == 403  # leads unit A, not unit B


def test_the_experiment_form_offers_only_series_and_units_the_editor_leads(org, clients):
    own = make_series(org, title="Own series")
    other = make_series(org, unit=org.unit_b, title="Unit B series")
    page = clients["manager"].get(reverse("codevelopment:experiment_new"))
    series = [c[0].value for c in page.context["form"].fields["series"].choices if c[0]]
    units = [c[0].value for c in page.context["form"].fields["units"].choices if c[0]]
    assert series == [own.pk]
    assert org.unit_b.pk not in units
    assert org.unit_a.pk in units
    response = clients["manager"].post(
        reverse("codevelopment:experiment_new"),
        {
            "title": "T",
            "problem": "P",
            "idea": "I",
            "hypothesis": "H",
            "owner": org.manager_person.pk,
            "units": [org.unit_a.pk],
            "series": other.pk,
            "starts_on": "2026-03-01",
            "ends_on": "2026-05-01",
        },
    )
    assert response.status_code == 200  # the form again, with an error on the series
    assert "series" in response.context["form"].errors
    assert not Experiment.objects.filter(title="T").exists()
