import pytest
from django.core.management import call_command
from django.test import Client

from kuulu.accounts.models import User
from kuulu.coordination.models import CoordinationArea, CoordinationTask
from kuulu.organisation.access import Role, actor_for
from kuulu.organisation.models import Municipality, Ngo, Person, Unit
from kuulu.workspace.demo import DEMO_PASSWORD, LOGINS, load_demo

pytestmark = pytest.mark.django_db


def counts():
    return [
        m.objects.count()
        for m in (Municipality, Unit, Ngo, Person, User, CoordinationArea, CoordinationTask)
    ]


def test_load_demo_is_idempotent():
    first = load_demo()
    snapshot = counts()
    second = load_demo()
    assert first["municipalities"] == 8
    assert first["areas"] == 5
    assert all(value == 0 for value in second.values())
    assert counts() == snapshot


def test_demo_has_kainuu_municipalities_and_deep_unit_tree():
    load_demo()
    names = set(Municipality.objects.values_list("name_fi", flat=True))
    assert names == {
        "Kajaani",
        "Kuhmo",
        "Sotkamo",
        "Suomussalmi",
        "Paltamo",
        "Puolanka",
        "Ristijärvi",
        "Hyrynsalmi",
    }
    assert Unit.objects.filter(depth=2).exists()
    assert Unit.objects.get(code="older").name_en == "Services for older people"


@pytest.mark.parametrize(
    ("email", "roles"),
    [
        ("admin@kuulu.example", {Role.ADMIN, Role.STAFF}),
        ("koordinaattori@kuulu.example", {Role.COORDINATOR, Role.STAFF}),
        ("esihenkilo@kuulu.example", {Role.MANAGER, Role.STAFF}),
        ("hoitaja@kuulu.example", {Role.STAFF}),
        ("asukas@kuulu.example", {Role.RESIDENT}),
    ],
)
def test_every_demo_login_works_with_its_role(email, roles):
    load_demo()
    client = Client()
    response = client.post("/fi/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert actor_for(User.objects.get(email=email)).roles == roles


def test_load_demo_command_prints_every_login(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    for login in LOGINS:
        assert login.email in out
    assert DEMO_PASSWORD in out


def test_demo_conversation_has_a_report_with_two_groups():
    from kuulu.deliberation.models import Conversation

    load_demo()
    conversation = Conversation.objects.get()
    snapshot = conversation.snapshots.get()
    assert snapshot.data["k"] == 2
    assert snapshot.data["participants"] == 60
    assert Client().get(f"/fi/conversations/{conversation.pk}/report/").status_code == 200
