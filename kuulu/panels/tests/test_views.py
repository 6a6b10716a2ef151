from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import client_for
from kuulu.organisation.tests.factories import (
    make_county,
    make_municipality,
    make_person,
    make_unit,
)
from kuulu.panels import selectors, services
from kuulu.panels.models import (
    DrawJob,
    DrawRecord,
    Invitee,
    Material,
    Meeting,
    Panel,
    Quota,
    Stratum,
    Volunteer,
)
from kuulu.panels.tests.factories import make_invitee, make_panel, make_volunteer, open_quotas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """These tests read the English pages."""
    with translation.override("en"):
        yield


COORDINATOR_ONLY = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}
REFUSED = {role: code for role, code in COORDINATOR_ONLY.items() if code != 200}


@pytest.fixture
def panel(org):
    return make_panel(org.county, seats=2)


@pytest.fixture
def drawn(org):
    panel = make_panel(org.county, seats=2, title_fi="Arvottu paneeli")
    for number in range(4):
        make_volunteer(panel, number, gender="man" if number % 2 else "woman")
    open_quotas(panel)
    services.run_draw(panel=panel, seed=9)
    panel.refresh_from_db()
    return panel


def test_public_pages_for_everyone(clients, panel, drawn):
    for role, client in clients.items():
        assert client.get(reverse("panels:index")).status_code == 200, role
        assert client.get(reverse("panels:detail", args=[drawn.pk])).status_code == 200, role
        assert client.get(reverse("panels:volunteer", args=[panel.pk])).status_code == 200, role


def test_panel_in_planning_is_seen_by_coordinators_only(org, clients):
    planning = make_panel(org.county, status=Panel.Status.PLANNING, title_fi="Suunnitteilla")
    expected = {**dict.fromkeys(COORDINATOR_ONLY, 404), "coordinator": 200, "admin": 200}
    for role, client in clients.items():
        response = client.get(reverse("panels:detail", args=[planning.pk]))
        assert response.status_code == expected[role], role
    assert "Suunnitteilla" not in Client().get(reverse("panels:index")).content.decode()


def test_public_panel_page_shows_counts_never_names(drawn):
    body = Client().get(reverse("panels:detail", args=[drawn.pk])).content.decode()
    assert "Who was drawn" in Client().get(f"/en/panels/{drawn.pk}/").content.decode()
    assert "<caption>" in body
    assert "example.test" not in body
    assert "Heikkinen" not in body
    assert drawn.draw.input_hash in body


@pytest.mark.parametrize(
    "name",
    ["manage", "create"],
)
def test_coordinator_list_pages_role_matrix(clients, panel, name):
    for role, client in clients.items():
        assert client.get(reverse(f"panels:{name}")).status_code == COORDINATOR_ONLY[role], role


@pytest.mark.parametrize(
    "name", ["panel_manage", "edit", "strata", "quotas", "sample", "volunteers", "statement"]
)
def test_coordinator_panel_pages_role_matrix(clients, drawn, name):
    for role, client in clients.items():
        response = client.get(reverse(f"panels:{name}", args=[drawn.pk]))
        assert response.status_code == COORDINATOR_ONLY[role], (role, name)


def test_verify_role_matrix_and_result(clients, drawn, panel):
    for role, client in clients.items():
        response = client.get(reverse("panels:verify", args=[drawn.pk]))
        assert response.status_code == COORDINATOR_ONLY[role], role
    page = clients["coordinator"].get(f"/en/panels/{drawn.pk}/verify/").content.decode()
    assert "The draw matches" in page
    assert clients["coordinator"].get(reverse("panels:verify", args=[panel.pk])).status_code == 404


def test_workspace_for_coordinators_and_members_only(org, clients, drawn):
    member = drawn.volunteers.filter(selected=True).first()
    member.user = org.resident
    member.save()
    expected = {**COORDINATOR_ONLY, "resident": 200}
    for role, client in clients.items():
        response = client.get(reverse("panels:workspace", args=[drawn.pk]))
        assert response.status_code == expected[role], role
    page = clients["resident"].get(reverse("panels:workspace", args=[drawn.pk])).content.decode()
    assert "workspace/meeting/new/" not in page
    index = clients["resident"].get(reverse("panels:index")).content.decode()
    assert reverse("panels:workspace", args=[drawn.pk]) in index


def test_refused_posts_change_nothing(clients, org, panel, drawn):
    make_invitee(panel, 1)
    stratum = panel.strata.first()
    meeting = services.add_meeting(
        panel=drawn, data={"starts_at": timezone.now(), "place": "Kajaani", "agenda": ""}
    )
    posts = [
        (reverse("panels:advance", args=[panel.pk]), {}),
        (reverse("panels:letters", args=[panel.pk]), {}),
        (reverse("panels:draw", args=[panel.pk]), {"seed": "1"}),
        (reverse("panels:stratum_delete", args=[stratum.pk]), {}),
        (reverse("panels:strata", args=[panel.pk]), {"key": "x"}),
        (reverse("panels:quotas", args=[panel.pk]), {}),
        (reverse("panels:edit", args=[panel.pk]), {"title_fi": "Muutettu", "seats": "3"}),
        (
            reverse("panels:workspace_add", args=[drawn.pk, "material"]),
            {"material-title": "X", "material-text": "Y"},
        ),
        (reverse("panels:workspace_delete", args=["meeting", meeting.pk]), {}),
        (reverse("panels:statement", args=[drawn.pk]), {"form": "statement"}),
    ]
    before = (
        Panel.objects.get(pk=panel.pk).status,
        Panel.objects.get(pk=panel.pk).title_fi,
        Invitee.objects.get(panel=panel).code_hash,
        Stratum.objects.count(),
        DrawRecord.objects.count(),
        Material.objects.count(),
        Meeting.objects.count(),
    )
    for role, expected in REFUSED.items():
        for url, data in posts:
            response = clients[role].post(url, data)
            assert response.status_code == expected, (role, url)
    after = (
        Panel.objects.get(pk=panel.pk).status,
        Panel.objects.get(pk=panel.pk).title_fi,
        Invitee.objects.get(panel=panel).code_hash,
        Stratum.objects.count(),
        DrawRecord.objects.count(),
        Material.objects.count(),
        Meeting.objects.count(),
    )
    assert before == after


def test_coordinator_creates_a_panel(clients, org):
    response = clients["coordinator"].post(
        reverse("panels:create"),
        {"title_fi": "Uusi paneeli", "seats": "30", "volunteer_retention_days": "30"},
    )
    panel = Panel.objects.get(title_fi="Uusi paneeli")
    assert response.status_code == 302
    assert response["Location"] == reverse("panels:panel_manage", args=[panel.pk])
    assert panel.strata.count() == 5


def test_a_panel_is_created_in_the_coordinators_own_county(org):
    other = make_county()
    make_municipality(other, code="620", name_fi="Äänekoski")
    unit = make_unit(other, code="other-area", name_fi="Palvelut")
    coordinator = make_person(
        other, kind="staff", unit=unit, is_coordinator=True, email="c2@example.test"
    ).user
    response = client_for(coordinator).post(
        reverse("panels:create"),
        {"title_fi": "Toisen alueen paneeli", "seats": "12", "volunteer_retention_days": "30"},
    )
    assert response.status_code == 302
    panel = Panel.objects.get(title_fi="Toisen alueen paneeli")
    assert panel.county == other
    assert panel.strata.get(key="municipality").choices == ["Äänekoski"]


def test_sample_upload_reports_rows_and_imports_nothing(clients, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    panel = make_panel(org.county, status=Panel.Status.PLANNING)
    header = "sample_id,first_name,last_name,street_address,postal_code,post_office,language\n"
    bad = SimpleUploadedFile(
        "s.csv", (header + "1,A,B,C 1,87100,KAJAANI,fi\n2,A,B,C 1,871,KAJAANI,de\n").encode()
    )
    response = clients["coordinator"].post(f"/en/panels/{panel.pk}/sample/", {"file": bad})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was imported: 1 row has problems." in body
    assert "postal_code must be five digits." in body
    assert Invitee.objects.count() == 0
    good = SimpleUploadedFile("s.csv", (header + "1,A,B,C 1,87100,KAJAANI,sv\n").encode())
    response = clients["coordinator"].post(
        reverse("panels:sample", args=[panel.pk]), {"file": good}
    )
    assert response.status_code == 302
    assert Invitee.objects.count() == 1


def test_letters_csv_in_the_invitees_language(clients, org):
    panel = make_panel(
        org.county,
        status=Panel.Status.PLANNING,
        title_sv="Invånarpanel",
        volunteer_deadline=timezone.localdate() + timedelta(days=20),
    )
    make_invitee(panel, 1, language="fi")
    make_invitee(panel, 2, language="sv", first_name="=cmd")
    response = clients["coordinator"].post(reverse("panels:letters", args=[panel.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("sample_id,language,first_name")
    assert len(lines) == 3
    assert "/fi/panels/" in lines[1]
    assert "/sv/panels/" in lines[2]
    assert "Invånarpanel" in lines[2]
    assert ",'=cmd," in lines[2]
    panel.refresh_from_db()
    assert panel.status == Panel.Status.INVITING


def test_volunteer_form_registers_once_and_refuses_without_consent(clients, org, panel):
    make_invitee(panel, 1, code="ABCD-EFGH-JKLM")
    url = f"/en/panels/{panel.pk}/volunteer/"
    data = {
        "code": "abcd-efgh-jklm",
        "email": "me@example.test",
        "stratum_age": "30-44",
        "stratum_gender": "woman",
        "stratum_municipality": "Kajaani",
        "stratum_language": "fi",
        "stratum_education": "basic",
    }
    refused = Client().post(url, data)
    assert refused.status_code == 200
    assert "You can take part only if you agree" in refused.content.decode()
    assert Volunteer.objects.count() == 0
    ok = Client().post(url, {**data, "consent": "on"})
    assert "Thank you for volunteering" in ok.content.decode()
    # The same form sent again (a double tap, a reload) is thanked, and registers nothing more.
    again = Client().post(url, {**data, "consent": "on"})
    assert "Thank you for volunteering" in again.content.decode()
    other = Client().post(url, {**data, "email": "other@example.test", "consent": "on"})
    assert "This invitation code has already been used." in other.content.decode()
    assert list(Volunteer.objects.values_list("email", flat=True)) == ["me@example.test"]


def test_a_stratum_added_after_the_form_was_opened_is_asked(org, panel, monkeypatch):
    make_invitee(panel, 1, code="ABCD-EFGH-JKLM")
    url = f"/en/panels/{panel.pk}/volunteer/"
    data = {
        "code": "abcd-efgh-jklm",
        "email": "me@example.test",
        "consent": "on",
        "stratum_age": "30-44",
        "stratum_gender": "woman",
        "stratum_municipality": "Kajaani",
        "stratum_language": "fi",
        "stratum_education": "basic",
    }
    register = services.register_volunteer

    def stratum_added_first(**kwargs):  # type: ignore[no-untyped-def]
        services.add_stratum(
            panel=panel,
            key="household",
            labels={"label_fi": "Kotitalous", "label_en": "Household"},
            choices=["alone", "with others"],
        )
        return register(**kwargs)

    monkeypatch.setattr(services, "register_volunteer", stratum_added_first)
    asked = Client().post(url, data)
    body = asked.content.decode()
    assert asked.status_code == 200
    assert 'name="stratum_household"' in body
    assert "Household" in body
    assert Volunteer.objects.count() == 0
    monkeypatch.undo()
    ok = Client().post(url, {**data, "stratum_household": "alone"})
    assert "Thank you for volunteering" in ok.content.decode()
    assert Volunteer.objects.get().answers["household"] == "alone"


def test_a_volunteer_confirms_the_address_by_the_mailed_link(
    org, panel, mailoutbox, django_capture_on_commit_callbacks
):
    make_invitee(panel, 1, code="ABCD-EFGH-JKLM")
    data = {
        "code": "abcd-efgh-jklm",
        "email": "me@example.test",
        "consent": "on",
        "stratum_age": "30-44",
        "stratum_gender": "woman",
        "stratum_municipality": "Kajaani",
        "stratum_language": "fi",
        "stratum_education": "basic",
    }
    with django_capture_on_commit_callbacks(execute=True):
        thanks = Client().post(f"/en/panels/{panel.pk}/volunteer/", data)
    assert "We have sent a link to your email address." in thanks.content.decode()
    assert [m.to for m in mailoutbox] == [["me@example.test"]]
    link = next(w for w in mailoutbox[0].body.split() if "/volunteer/confirm/" in w)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("/en/panels/volunteer/confirm/")
    for bad in (Client().get(path[:-2] + "x/"), Client().post(path[:-2] + "x/")):
        assert bad.status_code == 400
        assert "The confirmation link is not valid or has expired." in bad.content.decode()
    assert Volunteer.objects.get().email_confirmed_at is None
    # Opening the link (as a mail scanner does) shows a button and confirms nothing...
    opened = Client().get(path)
    assert opened.status_code == 200
    assert '<button type="submit" class="primary">Confirm my email address</button>' in (
        opened.content.decode()
    )
    assert Volunteer.objects.get().email_confirmed_at is None
    # ...the button does.
    confirmed = Client().post(path)
    assert confirmed.status_code == 200
    assert "Your email address is confirmed." in confirmed.content.decode()
    assert Volunteer.objects.get().email_confirmed_at is not None


def test_the_confirmation_page_is_a_translated_form_that_posts_with_its_csrf_token(org, panel):
    volunteer = make_volunteer(panel, 1)
    token = services.confirmation_token(volunteer)
    url = reverse("panels:volunteer_confirm", args=[token])
    browser = Client(enforce_csrf_checks=True)

    pages = {}
    for language in ("fi", "sv"):
        with translation.override(language):
            pages[language] = Client().get(reverse("panels:volunteer_confirm", args=[token]))
    page = browser.get(url)
    refused = browser.post(url)

    finnish, swedish = (pages[language].content.decode() for language in ("fi", "sv"))
    assert '<html lang="fi">' in finnish
    assert "<h1>Vahvista sähköpostiosoitteesi</h1>" in finnish
    assert "Vahvista sähköpostiosoitteeni</button>" in finnish
    assert '<html lang="sv">' in swedish
    assert "<h1>Bekräfta din e-postadress</h1>" in swedish
    assert "Bekräfta min e-postadress</button>" in swedish
    body = page.content.decode()
    assert "<h1>Confirm your email address</h1>" in body
    assert f"You volunteered for the panel “{panel.title}”." in body
    assert refused.status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is None
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    pressed = browser.post(url, {"csrfmiddlewaretoken": token})
    assert pressed.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is not None


def test_a_coordinator_sends_the_confirmation_link_to_volunteers_never_sent_one(
    org, clients, panel, mailoutbox, django_capture_on_commit_callbacks
):
    before_links = [make_volunteer(panel, n) for n in (1, 2)]
    manage = clients["coordinator"].get(reverse("panels:panel_manage", args=[panel.pk]))
    assert "2 volunteers have not confirmed their email address" in manage.content.decode()
    url = reverse("panels:confirmation_links", args=[panel.pk])

    with django_capture_on_commit_callbacks(execute=True):
        sent = clients["coordinator"].post(url, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        again = clients["coordinator"].post(url, follow=True)

    assert "The confirmation link is being sent to 2 volunteers." in sent.content.decode()
    assert "No volunteer is waiting for the confirmation link." in again.content.decode()
    assert "have not confirmed their email address" not in again.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == ["v1@example.test", "v2@example.test"]
    for volunteer in before_links:
        volunteer.refresh_from_db()
        assert volunteer.confirmation_sent_at is not None


def test_only_the_panels_coordinator_sends_confirmation_links(
    org, clients, panel, mailoutbox, django_capture_on_commit_callbacks
):
    volunteer = make_volunteer(panel, 1)
    other = make_county()
    make_municipality(other, code="620", name_fi="Äänekoski")
    unit = make_unit(other, code="other-area", name_fi="Palvelut")
    other_coordinator = make_person(
        other, kind="staff", unit=unit, is_coordinator=True, email="c2@example.test"
    ).user
    url = reverse("panels:confirmation_links", args=[panel.pk])

    with django_capture_on_commit_callbacks(execute=True):
        codes = {role: clients[role].post(url).status_code for role in REFUSED}
        codes["other county's coordinator"] = client_for(other_coordinator).post(url).status_code
        codes["GET"] = clients["coordinator"].get(url).status_code

    assert codes == {**REFUSED, "other county's coordinator": 403, "GET": 405}
    volunteer.refresh_from_db()
    assert volunteer.confirmation_sent_at is None
    assert mailoutbox == []


def test_volunteer_form_is_rate_limited(org, panel, settings):
    settings.PUBLIC_FORM_LIMIT = "2/h"
    url = reverse("panels:volunteer", args=[panel.pk])
    codes = [Client().post(url, {"code": "X"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_volunteer_form_when_closed(org):
    closed = make_panel(org.county, status=Panel.Status.INVITING)
    response = Client().post(reverse("panels:volunteer", args=[closed.pk]), {"code": "X"})
    assert response.status_code == 409
    assert Volunteer.objects.count() == 0


def test_draw_from_the_page_with_infeasible_quotas_lists_values(clients, org, panel):
    make_volunteer(panel, 1)
    make_volunteer(panel, 2)
    open_quotas(panel)
    services.set_quotas(
        panel=panel,
        quotas={
            panel.strata.get(key="gender").pk: {"woman": (1, 2), "man": (1, 2)},
        },
    )
    response = clients["coordinator"].post(f"/en/panels/{panel.pk}/draw/", {"seed": "4"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "The quotas cannot be met. Nothing was saved." in body
    assert "gender = man: needs 1, 0 volunteered" in body
    assert not DrawRecord.objects.exists()


def test_draw_from_the_page_records_and_redirects(clients, org, panel):
    for number in range(3):
        make_volunteer(panel, number)
    open_quotas(panel)
    response = clients["coordinator"].post(
        reverse("panels:draw", args=[panel.pk]), {"seed": "", "method": "stratified"}
    )
    assert response.status_code == 302
    record = DrawRecord.objects.get()
    assert record.method == "stratified"
    assert 0 <= record.seed < services.MAX_SEED
    assert record.drawn_by == org.coordinator
    page = clients["coordinator"].get(reverse("panels:panel_manage", args=[panel.pk]))
    assert record.input_hash in page.content.decode()


def test_quota_page_saves_quotas(clients, panel):
    gender = panel.strata.get(key="gender")
    data = {f"s{gender.pk}_0_min": "1", f"s{gender.pk}_0_max": "2", f"s{gender.pk}_1_min": "1"}
    response = clients["coordinator"].post(reverse("panels:quotas", args=[panel.pk]), data)
    assert response.status_code == 200
    assert "Give both numbers" in response.content.decode()
    data[f"s{gender.pk}_1_max"] = "2"
    response = clients["coordinator"].post(reverse("panels:quotas", args=[panel.pk]), data)
    assert response.status_code == 302
    assert sorted(gender.quotas.values_list("value", "min", "max")) == [
        ("man", 1, 2),
        ("woman", 1, 2),
    ]


def test_statement_and_response_are_published(clients, drawn):
    url = reverse("panels:statement", args=[drawn.pk])
    clients["coordinator"].post(
        url,
        {
            "form": "statement",
            "statement-statement_fi": "Paneelin lausunto",
            "statement-statement_date": "2026-05-01",
        },
    )
    clients["coordinator"].post(
        url,
        {
            "form": "response",
            "response-response_fi": "Hallituksen vastaus",
            "response-response_by": "Aluehallitus",
            "response-response_date": "2026-06-01",
        },
    )
    page = Client().get(reverse("panels:detail", args=[drawn.pk])).content.decode()
    assert "vähemmän kuin 5" in page or "fewer than 5" in page
    assert "Paneelin lausunto" in page
    assert "Hallituksen vastaus" in page
    assert Panel.objects.get(pk=drawn.pk).status == Panel.Status.RESPONDED


def test_coordinator_adds_workspace_items(clients, drawn):
    base = f"/fi/panels/{drawn.pk}/workspace/"
    clients["coordinator"].post(
        base + "meeting/new/",
        {"meeting-starts_at": "2026-05-01T17:00", "meeting-place": "Kajaani"},
    )
    clients["coordinator"].post(base + "material/new/", {"material-title": "Selvitys"})
    bad = clients["coordinator"].post(base + "material/new/", {"material-title": "Tyhjä"})
    clients["coordinator"].post(
        base + "hearing/new/",
        {
            "hearing-expert_name": "Asiantuntija",
            "hearing-topic": "Aihe",
            "hearing-held_on": "2026-05-02",
        },
    )
    assert bad.status_code == 422
    assert (Meeting.objects.count(), Material.objects.count(), drawn.hearings.count()) == (1, 0, 1)
    assert clients["coordinator"].post(base + "nonsense/new/", {}).status_code == 404


def test_manage_list_query_count_is_fixed(clients, org, django_assert_max_num_queries):
    make_panel(org.county)
    client = clients["coordinator"]
    client.get(reverse("panels:manage"))
    with django_assert_max_num_queries(12) as ctx:
        client.get(reverse("panels:manage"))
    for _ in range(5):
        make_panel(org.county)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get(reverse("panels:manage"))


def test_public_list_query_count_is_fixed(org, django_assert_max_num_queries):
    make_panel(org.county)
    with django_assert_max_num_queries(6) as ctx:
        Client().get(reverse("panels:index"))
    for _ in range(5):
        make_panel(org.county)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        Client().get(reverse("panels:index"))


def test_api_lists_public_panels_without_personal_data(drawn, org):
    make_panel(org.county, status=Panel.Status.PLANNING, title_fi="Piilossa")
    response = Client().get("/api/v1/panels")
    assert response.status_code == 200
    data = response.json()
    assert [p["title"] for p in data] == ["Arvottu paneeli"]
    composition = {c["stratum"]: c["counts"] for c in data[0]["composition"]}
    # Two members: every non-empty group is smaller than five, so no public figure describes
    # it; empty groups show 0.
    counts = [c["count"] for c in composition["gender"]]
    assert None in counts
    assert set(counts) <= {None, 0}
    assert "example.test" not in response.content.decode()
    one = Client().get(f"/api/v1/panels/{drawn.pk}")
    assert one.json()["status"] == "drawn"
    hidden = Panel.objects.get(title_fi="Piilossa")
    assert Client().get(f"/api/v1/panels/{hidden.pk}").status_code == 404


def _partial_quota_panel(org):  # type: ignore[no-untyped-def]
    panel = make_panel(org.county, seats=3, title_fi="Reilu paneeli")
    for number in range(8):
        make_volunteer(
            panel,
            number,
            gender=["woman", "man", "other"][number % 3],
            language="sv" if number == 1 else "fi",
        )
    services.set_quotas(
        panel=panel,
        quotas={
            panel.strata.get(key="gender").pk: {"woman": (1, 2), "man": (1, 2)},
            panel.strata.get(key="language").pk: {"sv": (0, 1)},
        },
    )
    return panel


def test_fair_draw_from_the_page_runs_as_a_job_and_shows_probabilities(
    clients, org, django_capture_on_commit_callbacks
):
    panel = _partial_quota_panel(org)
    client = clients["coordinator"]
    page = client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()
    assert 'value="maximin"' in page
    assert "checked" in page.split('value="maximin"')[1].split(">")[0]
    # The job is queued; before the worker runs, the page shows its progress block.
    response = client.post(reverse("panels:draw", args=[panel.pk]), {"seed": "12"})
    assert response.status_code == 302
    job = DrawJob.objects.get(panel=panel)
    page = client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()
    assert "The draw is being computed" in page
    assert "Waiting for the task worker." in page
    assert f'hx-get="{reverse("panels:draw_status", args=[panel.pk])}"' in page
    assert "Draw the panel" not in page
    status = client.get(reverse("panels:draw_status", args=[panel.pk]))
    assert status.status_code == 200
    assert "Waiting for the task worker." in status.content.decode()
    # The worker runs it; the polling request then asks for a page refresh.
    services.execute_draw_job(job.pk)
    status = client.get(reverse("panels:draw_status", args=[panel.pk]), HTTP_HX_REQUEST="true")
    assert status.status_code == 286 or status.headers.get("HX-Refresh") == "true"
    record = DrawRecord.objects.get(panel=panel)
    page = client.get(reverse("panels:panel_manage", args=[panel.pk])).content.decode()
    assert "Smallest chance of selection" in page
    assert "Maximally fair (maximin)" in page
    volunteers = client.get(reverse("panels:volunteers", args=[panel.pk])).content.decode()
    assert "Chance of selection" in volunteers
    least = min(record.probabilities.values())
    assert f"{least * 100:.3f} %" in volunteers
    verify = client.get(reverse("panels:verify", args=[panel.pk])).content.decode()
    assert "The draw matches" in verify
    # With on_commit run, the same request draws at once (immediate task backend in tests).
    other = _partial_quota_panel(org)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("panels:draw", args=[other.pk]), {"seed": "3"})
    assert DrawRecord.objects.filter(panel=other, method="maximin").exists()


def test_draw_status_role_matrix(clients, org):
    panel = _partial_quota_panel(org)
    assert (
        clients["coordinator"].get(reverse("panels:draw_status", args=[panel.pk])).status_code
        == 404
    )
    services.request_draw(panel=panel, seed=1)
    for role, client in clients.items():
        response = client.get(reverse("panels:draw_status", args=[panel.pk]))
        assert response.status_code == COORDINATOR_ONLY[role], role


def test_infeasible_fair_draw_shows_suggested_relaxations(clients, org):
    panel = _partial_quota_panel(org)
    Quota.objects.filter(stratum__panel=panel, value="sv").update(min=2, max=2)
    response = clients["coordinator"].post(
        reverse("panels:draw", args=[panel.pk]), {"seed": "1", "method": "maximin"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "language = sv: needs at least 2, but only 1 volunteered (1 short)." in body
    assert "Suggested quota changes" in body
    assert "2\u20132</td><td>1\u20132</td>" in body
    assert not DrawJob.objects.exists()
    assert not DrawRecord.objects.exists()


def test_quota_page_says_unlisted_answers_are_not_limited(clients, panel):
    page = clients["coordinator"].get(reverse("panels:quotas", args=[panel.pk])).content.decode()
    assert "not limited" in page
    manage = clients["coordinator"].get(reverse("panels:panel_manage", args=[panel.pk]))
    assert "no quota: not limited" in manage.content.decode()


def test_attention_link_to_a_panel_waiting_for_the_draw_opens_a_page(clients, org):
    """The workspace's attention item for one panel waiting for the draw links to a page the
    coordinator can open (the draw itself is a POST-only action)."""
    from kuulu.organisation.access import actor_for
    from kuulu.panels.attention import panels_pending

    waiting = make_panel(org.county, volunteer_deadline=timezone.localdate() - timedelta(days=1))
    [item] = [
        i
        for i in panels_pending(actor_for(org.coordinator), timezone.localdate())
        if i.key == "panel-draws"
    ]
    assert item.count == 1
    response = clients["coordinator"].get(item.url)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("panels:panel_manage", args=[waiting.pk])


def test_a_panel_cannot_be_linked_to_a_channel_of_another_county(clients, org, panel):
    """The channel choice offered channels of every county, and the panel was saved linked to
    another county's channel (shown by name on the public page)."""
    from kuulu.channels.tests.factories import make_channel
    from kuulu.organisation.tests.factories import make_county

    own = make_channel(org.county, name_fi="Oma asiakasraati")
    foreign = make_channel(make_county(), name_fi="Vieras asiakasraati")
    url = reverse("panels:edit", args=[panel.pk])
    page = clients["coordinator"].get(url).content.decode()
    assert "Oma asiakasraati" in page
    assert "Vieras asiakasraati" not in page
    data = {"title_fi": "Paneeli", "seats": "2", "volunteer_retention_days": "30"}
    response = clients["coordinator"].post(url, {**data, "channel": str(foreign.pk)})
    assert response.status_code == 200
    panel.refresh_from_db()
    assert panel.channel_id is None
    response = clients["coordinator"].post(url, {**data, "channel": str(own.pk)})
    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.channel_id == own.pk
    with pytest.raises(ValidationError):
        services.update_panel(panel=panel, data={"channel": foreign})
    with pytest.raises(ValidationError):
        services.create_panel(county=org.county, data={"title_fi": "X", "channel": foreign})


def test_a_hidden_small_group_cannot_be_worked_out_from_the_seats(org):
    """Seven seats, six women and one man: hiding only the man (a group under five) left
    him to be worked out as 7 - 6 from the seats shown beside the counts. The smallest
    shown group of the stratum is hidden too (complementary suppression)."""
    panel = make_panel(org.county, seats=7, title_fi="Pieni paneeli")
    for number in range(7):
        make_volunteer(panel, number, gender="man" if number == 0 else "woman")
    open_quotas(panel)
    services.run_draw(panel=panel, seed=3)
    assert panel.draw.counts["gender"] == {"woman": 6, "man": 1, "other": 0}
    [stratum] = [s for s in selectors.public_composition(panel) if s.label == "Gender"]
    assert [c.shown for c in stratum.counts] == [None, None, 0]
    api = Client().get(f"/api/v1/panels/{panel.pk}").json()
    gender = {
        c["answer"]: c["count"]
        for s in api["composition"]
        if s["stratum"] == "gender"
        for c in s["counts"]
    }
    assert gender == {"woman": None, "man": None, "other": 0}
    assert api["seats"] == 7
    age = {
        c["answer"]: c["count"]
        for s in api["composition"]
        if s["stratum"] == "age"
        for c in s["counts"]
    }
    assert age["45-64"] == 7  # one group of all seven: nothing to hide
    body = Client().get(reverse("panels:detail", args=[panel.pk])).content.decode()
    assert "<td>6</td>" not in body


def test_a_hidden_group_of_five_or_more_is_not_called_fewer_than_five(org, settings):
    # The six women are hidden only so that the one man cannot be worked out from the seats:
    # the public page said "fewer than 5" of them, which is false.
    panel = make_panel(org.county, seats=7, title_fi="Pieni paneeli")
    for number in range(7):
        make_volunteer(panel, number, gender="man" if number == 0 else "woman")
    open_quotas(panel)
    services.run_draw(panel=panel, seed=3)
    body = Client().get(f"/en/panels/{panel.pk}/").content.decode()
    assert "<td>fewer than 5</td>" not in body
    assert '<th scope="row">woman</th><td>hidden</td>' in body
    assert "Groups of fewer than 5 members are hidden" in body
    settings.KUULU_MIN_GROUP_SIZE = 10
    body = Client().get(f"/en/panels/{panel.pk}/").content.decode()
    assert "Groups of fewer than 10 members are hidden" in body
