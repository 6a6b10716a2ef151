from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kuulu.core.models import AuditEvent
from kuulu.panels import services
from kuulu.panels.models import DrawJob, DrawRecord, Invitee, Panel, Quota, Volunteer
from kuulu.panels.tests.factories import (
    ANSWERS,
    make_invitee,
    make_panel,
    make_volunteer,
    open_quotas,
)
from kuulu.workspace.retention import run_retention

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The service messages are read in English here."""
    with translation.override("en"):
        yield


SAMPLE = (
    "sample_id,first_name,last_name,street_address,postal_code,post_office,language,municipality\n"
    "A1,Aino,Heikkinen,Kauppakatu 1,87100,KAJAANI,fi,Kajaani\n"
    "A2,Britta,Lind,Torggatan 2,87100,KAJAANI,sv,Kajaani\n"
)


def test_new_panel_has_the_five_default_strata(org):
    panel = make_panel(org.county)
    assert [s.key for s in panel.strata.all()] == [
        "age",
        "gender",
        "municipality",
        "language",
        "education",
    ]
    assert panel.strata.get(key="municipality").choices == ["Kajaani"]
    assert panel.strata.get(key="age").label_sv == "Åldersgrupp"


def test_coordinator_adds_a_stratum_until_volunteers_answer(org):
    panel = make_panel(org.county)
    stratum = services.add_stratum(
        panel=panel,
        key="housing",
        labels={"label_fi": "Asumismuoto", "label_sv": "", "label_en": "Housing"},
        choices=["omistus", "vuokra", " ", "vuokra"],
    )
    assert stratum.choices == ["omistus", "vuokra"]
    assert stratum.position == 5
    with pytest.raises(ValidationError):
        services.add_stratum(
            panel=panel, key="housing", labels={"label_fi": "X"}, choices=["a", "b"]
        )
    make_volunteer(panel, 1, housing="vuokra")
    with pytest.raises(ValidationError, match="once volunteers"):
        services.delete_stratum(stratum=stratum)


def test_an_answer_option_longer_than_a_quota_value_is_refused(org):
    """Quota.value holds 100 characters: a longer option was accepted on the stratum and
    then the quota for it could not be saved (PostgreSQL: value too long, a 500)."""
    panel = make_panel(org.county)
    with pytest.raises(ValidationError) as caught:
        services.add_stratum(
            panel=panel,
            key="housing",
            labels={"label_fi": "Asumismuoto", "label_sv": "", "label_en": ""},
            choices=["omistus", "v" * 101],
        )
    assert "at most 100 characters" in caught.value.message_dict["choices_text"][0]
    assert not panel.strata.filter(key="housing").exists()
    stratum = services.add_stratum(
        panel=panel,
        key="housing",
        labels={"label_fi": "Asumismuoto", "label_sv": "", "label_en": ""},
        choices=["omistus", "v" * 100],
    )
    services.set_quotas(panel=panel, quotas={stratum.pk: {"v" * 100: (0, 2)}})
    assert Quota.objects.get(stratum=stratum).value == "v" * 100


def test_sample_import_is_all_or_nothing_with_a_report_per_row(org):
    panel = make_panel(org.county, status=Panel.Status.PLANNING)
    bad = SAMPLE + (
        "A1,Eino,Dup,Tie 3,87100,KAJAANI,fi,Kajaani\n"
        "A3,,Karppinen,Tie 4,8710,KAJAANI,en,Kajaani\n"
        "A4,Liisa,Pulkkinen,Tie 5,87100,KAJAANI,fi,Kuhmo,extra\n"
    )
    report = services.import_sample(panel=panel, data=bad.encode())
    assert not report.is_clean
    assert [(e.line, len(e.messages)) for e in report.errors] == [(4, 1), (5, 3), (6, 1)]
    assert "sample_id A1 is already on line 2." in report.errors[0].messages
    assert Invitee.objects.count() == 0
    good = services.import_sample(panel=panel, data=("\ufeff" + SAMPLE).encode())
    assert good.is_clean
    assert list(Invitee.objects.values_list("sample_id", "language")) == [
        ("A1", "fi"),
        ("A2", "sv"),
    ]
    panel.refresh_from_db()
    assert panel.invited_count == 2
    again = services.import_sample(panel=panel, data=SAMPLE.encode())
    assert [e.line for e in again.errors] == [2, 3]
    assert Invitee.objects.count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        ("sample_id;first_name\nä;ö\n".encode("latin-1"), "not UTF-8"),
        (b"sample_id,first_name\n", "Columns missing"),
        (
            (SAMPLE.splitlines()[0] + ",hetu\n").encode(),
            "personal identity code",
        ),
    ],
)
def test_unusable_sample_files_are_refused(org, data, message):
    panel = make_panel(org.county, status=Panel.Status.PLANNING)
    report = services.import_sample(panel=panel, data=data)
    assert message in " ".join(report.errors[0].messages)
    assert Invitee.objects.count() == 0


def test_a_sample_with_an_unbalanced_quote_is_reported_not_a_crash(org):
    """An opening quote that is never closed makes the csv module read the rest of the file
    as one cell; past its field size limit that raised csv.Error (a 500 on the upload)."""
    panel = make_panel(org.county, status=Panel.Status.PLANNING)
    data = SAMPLE + 'A3,"Eino,Dup,Tie 3,87100,KAJAANI,fi,Kajaani\n' + "A4,x\n" * 30000
    report = services.import_sample(panel=panel, data=data.encode())
    assert not report.is_clean
    assert "quotation mark" in " ".join(report.errors[-1].messages)
    assert report.errors[-1].line >= 4
    assert Invitee.objects.count() == 0


def test_a_sample_with_nul_characters_is_refused(org):
    """NUL characters (a UTF-16 file without a byte order mark reads as UTF-8 with NULs) cannot
    be stored in PostgreSQL text columns."""
    panel = make_panel(org.county, status=Panel.Status.PLANNING)
    data = SAMPLE.replace("Aino", "Ai\x00no")
    report = services.import_sample(panel=panel, data=data.encode())
    assert not report.is_clean
    assert "NUL" in " ".join(report.errors[0].messages)
    assert Invitee.objects.count() == 0


def test_a_postal_code_must_have_ascii_digits(org):
    panel = make_panel(org.county, status=Panel.Status.PLANNING)
    data = SAMPLE.replace("Kauppakatu 1,87100", "Kauppakatu 1,\u0668\u0667\u0661\u0660\u0660")
    report = services.import_sample(panel=panel, data=data.encode())
    assert [(e.line, e.messages) for e in report.errors] == [
        (2, ("postal_code must be five digits.",))
    ]
    assert Invitee.objects.count() == 0


def test_identity_code_in_a_cell_is_refused(org):
    panel = make_panel(org.county, status=Panel.Status.PLANNING)
    data = SAMPLE.replace("Kauppakatu 1", "Kauppakatu 1 010101-123N")
    report = services.import_sample(panel=panel, data=data.encode())
    assert report.errors[0].line == 2
    assert Invitee.objects.count() == 0


def test_letters_give_every_invitee_a_new_code_and_store_only_its_hash(org):
    panel = make_panel(org.county, status=Panel.Status.PLANNING)
    services.import_sample(panel=panel, data=SAMPLE.encode())
    letters = services.issue_invitations(panel=panel)
    assert len(letters) == 2
    codes = [letter.code for letter in letters]
    assert len(set(codes)) == 2
    assert all(len(code) == 14 and code[4] == "-" for code in codes)
    stored = set(Invitee.objects.values_list("code_hash", flat=True))
    assert stored == {services.hash_code(code) for code in codes}
    assert not stored & set(codes)
    panel.refresh_from_db()
    assert panel.status == Panel.Status.INVITING


def test_volunteer_registers_once_per_code_with_consent(org):
    panel = make_panel(org.county)
    make_invitee(panel, 1, code="ABCD-EFGH-JKLM")
    answers = {
        "age": "30-44",
        "gender": "man",
        "municipality": "Kajaani",
        "language": "sv",
        "education": "basic",
    }
    with pytest.raises(ValidationError) as refused:
        services.register_volunteer(
            panel=panel, code="abcd efgh jklm", answers=answers, email="a@x.test", consent=False
        )
    assert "consent" in refused.value.message_dict
    assert Volunteer.objects.count() == 0
    volunteer = services.register_volunteer(
        panel=panel, code="abcd efgh jklm", answers=answers, email="A@X.test", consent=True
    )
    assert volunteer.answers == answers
    assert volunteer.email == "a@x.test"
    with pytest.raises(ValidationError) as twice:
        services.register_volunteer(
            panel=panel, code="ABCD-EFGH-JKLM", answers=answers, phone="040 123", consent=True
        )
    assert twice.value.message_dict["code"] == ["This invitation code has already been used."]
    assert Volunteer.objects.count() == 1


def test_volunteer_registration_checks_code_answers_and_contact(org):
    panel = make_panel(org.county)
    make_invitee(panel, 1, code="ABCD-EFGH-JKLM")
    with pytest.raises(ValidationError) as caught:
        services.register_volunteer(panel=panel, code="WRONG", answers={"age": "200"}, consent=True)
    assert set(caught.value.message_dict) == {
        "code",
        "email",
        "stratum_age",
        "stratum_gender",
        "stratum_municipality",
        "stratum_language",
        "stratum_education",
    }


def test_volunteer_registration_is_closed_after_the_deadline(org):
    panel = make_panel(org.county, volunteer_deadline=timezone.localdate() - timedelta(days=1))
    make_invitee(panel, 1, code="ABCD")
    with pytest.raises(ValidationError, match="closed"):
        services.register_volunteer(
            panel=panel,
            code="ABCD",
            answers=dict.fromkeys(["age"], "30-44"),
            email="a@x.test",
            consent=True,
        )


def test_draw_records_everything_marks_members_and_deletes_the_sample(org, django_user_model):
    panel = make_panel(org.county, seats=3)
    for number in range(6):
        make_volunteer(panel, number, gender="woman" if number % 2 else "man")
    make_invitee(panel, 99)  # invited, did not volunteer
    open_quotas(panel)
    gender = panel.strata.get(key="gender")
    Quota.objects.filter(stratum=gender, value="woman").update(min=2, max=2)
    member_user = django_user_model.objects.create_user(email="v1@example.test", password="x")
    Volunteer.objects.filter(email="v1@example.test").update(email_confirmed_at=timezone.now())
    record = services.run_draw(panel=panel, seed=123, method="stratified", actor=org.coordinator)
    assert record.seed == 123
    assert record.seats == 3
    assert record.algorithm == "kuulu-greedy-2"
    assert record.method == "stratified"
    assert record.probabilities == {}
    assert record.min_probability is None
    assert len(record.selected_ids) == 3
    assert record.counts["gender"] == {"woman": 2, "man": 1, "other": 0}
    assert record.drawn_by == org.coordinator
    assert len(record.inputs) == 6
    assert sorted(panel.volunteers.filter(selected=True).values_list("pk", flat=True)) == sorted(
        record.selected_ids
    )
    panel.refresh_from_db()
    assert panel.status == Panel.Status.DRAWN
    assert Invitee.objects.filter(panel=panel).count() == 0
    assert panel.sample_deleted_at is not None
    assert panel.invited_count == 0  # the factory wrote invitees directly
    assert Volunteer.objects.filter(panel=panel).count() == 6
    v1 = Volunteer.objects.get(email="v1@example.test")
    assert (v1.user_id == member_user.pk) == v1.selected
    assert services.verify_draw(panel=panel).matches
    again = services.run_draw
    with pytest.raises(ValidationError, match="already been drawn"):
        again(panel=panel, seed=1)
    assert DrawRecord.objects.count() == 1


def _token_in(message) -> str:  # type: ignore[no-untyped-def]
    link = next(word for word in message.body.split() if "/volunteer/confirm/" in word)
    return link.rstrip("/").rsplit("/", 1)[1]


def test_a_member_is_linked_to_an_account_only_by_a_confirmed_address(
    org, django_user_model, mailoutbox, django_capture_on_commit_callbacks
):
    panel = make_panel(org.county, seats=2)
    make_invitee(panel, 1, code="AAAA-AAAA-AAAA")
    make_invitee(panel, 2, code="BBBB-BBBB-BBBB")
    owner = django_user_model.objects.create_user(email="owner@example.test", password="x")
    confirmer = django_user_model.objects.create_user(email="confirmer@example.test", password="x")
    with django_capture_on_commit_callbacks(execute=True):
        # Someone types another person's address...
        typed = services.register_volunteer(
            panel=panel,
            code="AAAA-AAAA-AAAA",
            answers=ANSWERS,
            email="Owner@example.test",
            consent=True,
        )
        confirmed = services.register_volunteer(
            panel=panel,
            code="BBBB-BBBB-BBBB",
            answers=ANSWERS,
            email="confirmer@example.test",
            consent=True,
        )
    assert [m.to for m in mailoutbox] == [["owner@example.test"], ["confirmer@example.test"]]
    assert mailoutbox[0].subject == "Vahvista sähköpostiosoitteesi"  # the volunteer's language
    assert services.confirm_volunteer_email(token=_token_in(mailoutbox[1])).email_confirmed_at
    open_quotas(panel)

    services.run_draw(panel=panel, seed=1, method="stratified")

    typed.refresh_from_db()
    confirmed.refresh_from_db()
    assert (typed.selected, confirmed.selected) == (True, True)
    # ...and that person's account is not given the workspace; the confirmed address's is.
    assert typed.user is None
    assert typed.email_confirmed_at is None
    assert confirmed.user == confirmer
    # The address's owner may still confirm it after the draw (the link is theirs).
    linked = services.confirm_volunteer_email(token=_token_in(mailoutbox[0]))
    assert linked.pk == typed.pk
    assert linked.user == owner


def test_registering_signed_in_with_the_accounts_own_address_needs_no_link(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    panel = make_panel(org.county)
    make_invitee(panel, 1, code="AAAA-AAAA-AAAA")
    make_invitee(panel, 2, code="BBBB-BBBB-BBBB")
    with django_capture_on_commit_callbacks(execute=True):
        own = services.register_volunteer(
            panel=panel,
            code="AAAA-AAAA-AAAA",
            answers=ANSWERS,
            email="RESIDENT@example.test",
            consent=True,
            user=org.resident,
        )
        other = services.register_volunteer(
            panel=panel,
            code="BBBB-BBBB-BBBB",
            answers=ANSWERS,
            email="someone@example.test",
            consent=True,
            user=org.staff,
        )
    assert own.email_confirmed_at is not None
    assert own.user == org.resident
    assert other.email_confirmed_at is None
    assert other.user == org.staff  # the account that registered, whatever address it typed
    assert [m.to for m in mailoutbox] == [["someone@example.test"]]


def test_a_confirmation_link_is_refused_when_altered_expired_or_the_address_is_gone(
    org, monkeypatch
):
    panel = make_panel(org.county)
    volunteer = make_volunteer(panel, 1)
    token = services.confirmation_token(volunteer)
    with pytest.raises(ValidationError, match="not valid or has expired"):
        services.confirm_volunteer_email(token=token[:-1] + ("A" if token[-1] != "A" else "B"))
    other_address = signing.dumps({"v": volunteer.pk, "e": "0" * 16}, salt=services.CONFIRM_SALT)
    with pytest.raises(ValidationError, match="not valid or has expired"):
        services.confirm_volunteer_email(token=other_address)
    with monkeypatch.context() as old:
        made = signing.TimestampSigner.timestamp(signing.TimestampSigner())
        issued = signing.b62_decode(made) - services.CONFIRM_MAX_AGE - 1
        old.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(issued))
        expired = services.confirmation_token(volunteer)
    with pytest.raises(ValidationError, match="not valid or has expired"):
        services.confirm_volunteer_email(token=expired)
    Volunteer.objects.filter(pk=volunteer.pk).update(email="", contact_deleted_at=timezone.now())
    with pytest.raises(ValidationError, match="not valid or has expired"):
        services.confirm_volunteer_email(token=token)
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is None


def test_checking_a_confirmation_link_confirms_nothing(org):
    panel = make_panel(org.county)
    volunteer = make_volunteer(panel, 1)
    token = services.confirmation_token(volunteer)

    checked = services.check_confirmation_link(token=token)

    assert (checked.pk, checked.panel) == (volunteer.pk, panel)
    volunteer.refresh_from_db()
    assert volunteer.email_confirmed_at is None
    assert not AuditEvent.objects.filter(summary="volunteer email confirmed").exists()
    other_address = signing.dumps({"v": volunteer.pk, "e": "0" * 16}, salt=services.CONFIRM_SALT)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), other_address):
        with pytest.raises(ValidationError, match="not valid or has expired"):
            services.check_confirmation_link(token=bad)
    Volunteer.objects.filter(pk=volunteer.pk).update(email="", contact_deleted_at=timezone.now())
    with pytest.raises(ValidationError, match="not valid or has expired"):
        services.check_confirmation_link(token=token)


def test_registering_records_that_the_link_is_sent(org, django_capture_on_commit_callbacks):
    panel = make_panel(org.county)
    for number in (1, 2, 3):
        make_invitee(panel, number, code=f"{'ABC'[number - 1] * 4}-AAAA-AAAA")
    with django_capture_on_commit_callbacks(execute=True):
        mailed = services.register_volunteer(
            panel=panel, code="AAAA-AAAA-AAAA", answers=ANSWERS, email="a@ex.test", consent=True
        )
        by_phone = services.register_volunteer(
            panel=panel, code="BBBB-AAAA-AAAA", answers=ANSWERS, phone="0401234567", consent=True
        )
        own = services.register_volunteer(
            panel=panel,
            code="CCCC-AAAA-AAAA",
            answers=ANSWERS,
            email="resident@example.test",
            consent=True,
            user=org.resident,
        )

    assert mailed.confirmation_sent_at == mailed.consent_at
    assert by_phone.confirmation_sent_at is None
    assert own.confirmation_sent_at is None
    assert services.send_confirmation_links(panel=panel) == 0


def _unconfirmed_of_every_kind(panel: Panel) -> dict[str, Volunteer]:
    volunteers = {
        "never sent": make_volunteer(panel, 1),
        "sent": make_volunteer(panel, 2),
        "confirmed": make_volunteer(panel, 3),
        "phone only": make_volunteer(panel, 4),
        "deleted": make_volunteer(panel, 5),
    }
    now = timezone.now()
    Volunteer.objects.filter(pk=volunteers["sent"].pk).update(confirmation_sent_at=now)
    Volunteer.objects.filter(pk=volunteers["confirmed"].pk).update(email_confirmed_at=now)
    Volunteer.objects.filter(pk=volunteers["phone only"].pk).update(email="", phone="0401234567")
    Volunteer.objects.filter(pk=volunteers["deleted"].pk).update(email="", contact_deleted_at=now)
    return volunteers


def test_confirmation_links_go_once_to_unconfirmed_volunteers_never_sent_one(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    panel = make_panel(org.county)
    volunteers = _unconfirmed_of_every_kind(panel)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.send_confirmation_links(panel=panel, actor=org.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.send_confirmation_links(panel=panel, actor=org.coordinator)

    assert (first, second) == (1, 0)
    assert [m.to for m in mailoutbox] == [["v1@example.test"]]
    assert "/volunteer/confirm/" in mailoutbox[0].body
    volunteers["never sent"].refresh_from_db()
    assert volunteers["never sent"].confirmation_sent_at is not None
    event = AuditEvent.objects.get(summary="confirmation links sent to 1 volunteers")
    assert (event.object_type, event.object_id) == ("panels.panel", str(panel.pk))


def test_resending_confirmation_links_goes_to_everyone_still_unconfirmed(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    panel = make_panel(org.county)
    _unconfirmed_of_every_kind(panel)

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_confirmation_links(panel=panel, resend=True)

    assert sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["v1@example.test", "v2@example.test"]


def test_after_the_draw_confirmation_links_go_to_members_only(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    panel = make_panel(org.county, seats=2)
    for number in range(4):
        make_volunteer(panel, number, gender="man" if number % 2 else "woman")
    open_quotas(panel)
    services.run_draw(panel=panel, seed=9)
    members = sorted(panel.volunteers.filter(selected=True).values_list("email", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_confirmation_links(panel=panel)

    assert sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == members
    assert not panel.volunteers.filter(selected=False, confirmation_sent_at__isnull=False).exists()


def test_the_migration_marks_only_volunteers_who_registered_since_links_were_mailed(org):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    # The function uses only the editor's connection (SQLite's editor cannot open in a test's
    # transaction).
    editor = SimpleNamespace(connection=connection)

    migration = import_module("kuulu.panels.migrations.0004_volunteer_confirmation_sent")
    panel = make_panel(org.county)
    before, since, confirmed = (make_volunteer(panel, n) for n in (1, 2, 3))
    links_began = timezone.now() - timedelta(days=10)
    Volunteer.objects.filter(pk=before.pk).update(created_at=links_began - timedelta(days=1))
    Volunteer.objects.filter(pk=since.pk).update(created_at=links_began + timedelta(days=1))
    Volunteer.objects.filter(pk=confirmed.pk).update(email_confirmed_at=timezone.now())
    MigrationRecorder.Migration.objects.filter(
        app="panels", name="0003_volunteer_email_confirmed"
    ).update(applied=links_began)

    migration.mark_links_sent_at_registration(apps, editor)

    sent = dict(Volunteer.objects.values_list("pk", "confirmation_sent_at"))
    assert sent == {
        before.pk: None,
        since.pk: links_began + timedelta(days=1),
        confirmed.pk: None,
    }


def test_infeasible_draw_names_the_values_and_saves_nothing(org):
    panel = make_panel(org.county, seats=3)
    for number in range(5):
        make_volunteer(panel, number)
    make_invitee(panel, 50)
    open_quotas(panel)
    language = panel.strata.get(key="language")
    Quota.objects.filter(stratum=language, value="sv").update(min=1, max=2)
    with pytest.raises(services.DrawFailed) as caught:
        services.run_draw(panel=panel, seed=1)
    assert [(s.stratum, s.value, s.needed, s.available) for s in caught.value.shortages] == [
        ("language", "sv", 1, 0)
    ]
    panel.refresh_from_db()
    assert panel.status == Panel.Status.VOLUNTEERING
    assert not DrawRecord.objects.exists()
    assert not Volunteer.objects.filter(selected=True).exists()
    assert Invitee.objects.filter(panel=panel).count() == 6


def test_draw_without_quotas_fails(org):
    panel = make_panel(org.county, seats=1)
    make_volunteer(panel, 1)
    with pytest.raises(services.DrawFailed, match="Set the quotas"):
        services.run_draw(panel=panel, seed=1)


def test_verify_notices_a_changed_answer(org):
    panel = make_panel(org.county, seats=2)
    for number in range(4):
        make_volunteer(panel, number)
    open_quotas(panel)
    services.run_draw(panel=panel, seed=5)
    volunteer = panel.volunteers.first()
    volunteer.answers = {**volunteer.answers, "education": "basic"}
    volunteer.save()
    result = services.verify_draw(panel=panel)
    assert not result.matches
    assert not result.inputs_match
    assert result.recorded_hash != result.current_hash


def test_contacts_of_volunteers_not_selected_are_deleted_after_the_retention_days(org):
    panel = make_panel(org.county, seats=2, volunteer_retention_days=10)
    for number in range(5):
        make_volunteer(panel, number, phone="040")
    open_quotas(panel)
    record = services.run_draw(panel=panel, seed=3)
    assert services.delete_unselected_contacts() == 0
    DrawRecord.objects.filter(pk=record.pk).update(drawn_at=timezone.now() - timedelta(days=11))
    assert run_retention()["panel volunteers' contact details deleted"] == 3
    cleared = Volunteer.objects.filter(selected=False)
    assert set(cleared.values_list("email", "phone")) == {("", "")}
    assert all(v.contact_deleted_at for v in cleared)
    assert all(v.answers for v in cleared)
    assert Volunteer.objects.filter(selected=True).exclude(email="").count() == 2
    assert services.delete_unselected_contacts() == 0


def test_stages_statement_and_response(org):
    panel = make_panel(org.county, status=Panel.Status.PLANNING, seats=3)
    panel = services.advance_status(panel=panel)
    assert panel.status == Panel.Status.INVITING
    with pytest.raises(ValidationError, match="letters"):
        services.advance_status(panel=panel)
    with pytest.raises(ValidationError, match="after the panel has been drawn"):
        services.publish_statement(
            panel=panel, texts={"statement_fi": "Lausunto"}, given_on=date(2026, 5, 1)
        )
    for number in range(3):
        make_volunteer(panel, number)
    open_quotas(panel)
    services.run_draw(panel=panel, seed=1)
    with pytest.raises(ValidationError, match="publish it first"):
        services.publish_response(
            panel=panel, texts={"response_fi": "Vastaus"}, by="Hallitus", given_on=date(2026, 5, 2)
        )
    services.publish_statement(
        panel=panel, texts={"statement_fi": " Lausunto "}, given_on=date(2026, 5, 1)
    )
    panel = services.publish_response(
        panel=panel,
        texts={"response_fi": "Vastaus"},
        by="Aluehallitus",
        given_on=date(2026, 6, 1),
    )
    assert (panel.status, panel.statement_fi, panel.response_by) == (
        "responded",
        "Lausunto",
        "Aluehallitus",
    )


def test_quotas_are_checked_and_replaced(org):
    panel = make_panel(org.county)
    gender = panel.strata.get(key="gender")
    with pytest.raises(ValidationError):
        services.set_quotas(panel=panel, quotas={gender.pk: {"woman": (3, 1)}})
    with pytest.raises(ValidationError):
        services.set_quotas(panel=panel, quotas={gender.pk: {"nobody": (0, 1)}})
    assert services.set_quotas(panel=panel, quotas={gender.pk: {"woman": (1, 3)}}) == 1
    assert services.set_quotas(panel=panel, quotas={gender.pk: {"man": (1, 3)}}) == 1
    assert list(Quota.objects.values_list("value", flat=True)) == ["man"]


def test_the_audit_log_names_no_person(org):
    panel = make_panel(org.county, seats=1)
    make_volunteer(panel, 1)
    open_quotas(panel)
    services.run_draw(panel=panel, seed=1, actor=org.coordinator)
    summaries = " ".join(AuditEvent.objects.values_list("summary", flat=True))
    assert "Aino" not in summaries
    assert "example.test" not in summaries


# --- The maximally fair draw ----------------------------------------------------------------


def _mixed_panel(org, seats=4):  # type: ignore[no-untyped-def]
    panel = make_panel(org.county, seats=seats)
    for number in range(10):
        make_volunteer(
            panel,
            number,
            gender=["woman", "man", "other"][number % 3],
            language="sv" if number in (1, 2) else "fi",
        )
    # Partial quotas: women and men but not "other"; Swedish speakers only.
    services.set_quotas(
        panel=panel,
        quotas={
            panel.strata.get(key="gender").pk: {"woman": (1, 2), "man": (1, 2)},
            panel.strata.get(key="language").pk: {"sv": (1, 1)},
        },
    )
    return panel


def test_maximin_draw_records_probabilities_and_verifies(org):
    panel = _mixed_panel(org)
    record = services.run_draw(panel=panel, seed=2024, actor=org.coordinator)
    assert record.method == "maximin"
    assert record.algorithm == "kuulu-maximin-1"
    assert len(record.selected_ids) == 4
    assert set(record.probabilities) == {
        str(pk) for pk in panel.volunteers.values_list("pk", flat=True)
    }
    assert sum(record.probabilities.values()) == pytest.approx(4)
    assert record.min_probability == pytest.approx(min(record.probabilities.values()))
    assert record.min_probability > 0  # "other" is unconstrained, not unseatable
    counts = record.counts
    assert 1 <= counts["gender"]["woman"] <= 2
    assert 1 <= counts["gender"]["man"] <= 2
    assert counts["language"]["sv"] == 1
    result = services.verify_draw(panel=panel)
    assert result.matches
    assert result.distribution_sound
    # A tampered distribution or a changed answer is noticed.
    record.distribution["panels"][0][0] = 0.5
    record.save(update_fields=["distribution"])
    panel = Panel.objects.get(pk=panel.pk)
    assert services.verify_draw(panel=panel).distribution_sound is False
    assert not services.verify_draw(panel=panel).matches


def test_a_draw_job_runs_on_the_worker_and_records_the_draw(
    org, django_capture_on_commit_callbacks
):
    panel = _mixed_panel(org)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = services.request_draw(panel=panel, seed=31, actor=org.coordinator)
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == DrawJob.Status.DONE
    assert job.percent == 100
    record = DrawRecord.objects.get(panel=panel)
    assert record.seed == 31
    assert record.drawn_by == org.coordinator
    assert job.lower == pytest.approx(record.min_probability)
    # Run again (a repeated delivery): nothing happens twice.
    services.execute_draw_job(job.pk)
    assert DrawRecord.objects.count() == 1


def test_a_second_draw_request_waits_for_the_first(org):
    panel = _mixed_panel(org)
    job = services.request_draw(panel=panel, seed=1)  # on_commit not run: stays queued
    assert job.status == DrawJob.Status.QUEUED
    with pytest.raises(ValidationError, match="already being computed"):
        services.request_draw(panel=panel, seed=2)
    # A job lost by a stopped worker is replaced after a while.
    DrawJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - services.STALE_JOB - timedelta(minutes=1)
    )
    second = services.request_draw(panel=panel, seed=2)
    job.refresh_from_db()
    assert job.status == DrawJob.Status.FAILED
    assert second.status == DrawJob.Status.QUEUED
    assert list(services.job_failure(job).reasons) == [
        "The computation was interrupted; start the draw again."
    ]


def test_a_stratified_draw_waits_for_a_fair_draw_being_computed(org):
    # A second coordinator, with the page opened before the fair draw was requested, posted
    # the stratified draw: it was made at once, and the fair draw then failed as drawn.
    panel = _mixed_panel(org)
    job = services.request_draw(panel=panel, seed=1)  # on_commit not run: stays queued
    with pytest.raises(ValidationError, match="already being computed"):
        services.request_draw(panel=panel, seed=2, method="stratified")
    assert not DrawRecord.objects.filter(panel=panel).exists()
    assert not Volunteer.objects.filter(panel=panel, selected=True).exists()
    job = services.execute_draw_job(job.pk)
    assert job.status == DrawJob.Status.DONE
    assert DrawRecord.objects.get(panel=panel).method == "maximin"


def test_infeasible_quotas_are_refused_before_queueing_with_relaxations(org):
    panel = _mixed_panel(org)
    language = panel.strata.get(key="language")
    Quota.objects.filter(stratum=language, value="sv").update(min=3, max=3)
    with pytest.raises(services.DrawFailed) as caught:
        services.request_draw(panel=panel, seed=1)
    failure = caught.value
    assert [(s.stratum, s.value, s.needed, s.available) for s in failure.shortages] == [
        ("language", "sv", 3, 2)
    ]
    assert failure.reasons == (
        "language = sv: needs at least 3, but only 2 volunteered (1 short).",
    )
    assert [(r.stratum, r.value, r.new_min, r.new_max) for r in failure.relaxations] == [
        ("language", "sv", 2, 3)
    ]
    assert not DrawJob.objects.exists()


def test_a_job_whose_inputs_changed_fails_and_saves_nothing(org):
    panel = _mixed_panel(org)
    job = services.request_draw(panel=panel, seed=5)
    volunteers, quotas = services.draw_inputs(panel)
    from kuulu.panels import fairness

    selection = fairness.select_maximin(volunteers, quotas, panel.seats, 5)
    make_volunteer(panel, 50, gender="man")  # registers while the draw is computed
    with pytest.raises(services.DrawFailed, match="changed"):
        services.run_draw(panel=panel, seed=5, selection=selection)
    services.execute_draw_job(job.pk)  # computes on the current inputs: fine
    job.refresh_from_db()
    assert job.status == DrawJob.Status.DONE


def test_a_failed_job_keeps_its_problems_for_the_page(org):
    panel = _mixed_panel(org)
    job = services.request_draw(panel=panel, seed=5)
    Quota.objects.filter(stratum__panel=panel, value="sv").update(min=4, max=4)
    services.execute_draw_job(job.pk)
    job.refresh_from_db()
    assert job.status == DrawJob.Status.FAILED
    failure = services.job_failure(job)
    assert failure.shortages[0].value == "sv"
    assert failure.relaxations[0].new_min == 2
    assert not DrawRecord.objects.exists()


def test_a_job_that_crashes_is_marked_failed_not_left_running(org, monkeypatch):
    panel = _mixed_panel(org)
    job = services.request_draw(panel=panel, seed=5)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(services, "select_panel", broken)
    with pytest.raises(RuntimeError):
        services.execute_draw_job(job.pk)
    job.refresh_from_db()
    assert job.status == DrawJob.Status.FAILED
    assert services.job_failure(job).reasons == (
        "The computation was interrupted; start the draw again.",
    )
    assert services.request_draw(panel=panel, seed=6).status == DrawJob.Status.QUEUED
