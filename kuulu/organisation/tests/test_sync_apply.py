"""Applying HR syncs: idempotence, moves, leavers, refusals, the command and the drop directory."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from kuulu.accounts.models import User
from kuulu.core.models import AuditEvent
from kuulu.organisation.models import HrSyncRun, Person, Unit
from kuulu.organisation.sync.apply import apply_sync, preview_sync
from kuulu.organisation.sync.messages import problem_rows
from kuulu.organisation.sync.sources import document_from_files, run_drop_directory
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db

UNITS = (
    "id,parent,name_fi,name_sv,kind\n"
    "S1,,Sosiaalipalvelut,Socialtjänster,service_area\n"
    "S2,,Terveyspalvelut,,service_area\n"
    "U1,S1,Kotihoito,,unit\n"
    "T1,U1,Kotihoito itä,,team\n"
)
PEOPLE = (
    "id,first_name,last_name,email,unit,title_fi,manager\n"
    "E1,Maija,Meikäläinen,maija@example.test,U1,Kotihoidon esihenkilö,true\n"
    "E2,Olli,Ojala,olli@example.test,T1,Lähihoitaja,false\n"
    "E3,Aino,Aalto,aino@example.test,S2,Ylilääkäri,\n"
)


def doc(units=UNITS, people=PEOPLE, full=None):
    files = []
    if units is not None:
        files.append(("units.csv", units.encode()))
    if people is not None:
        files.append(("people.csv", people.encode()))
    return document_from_files(files, full=full)


def counts(result, section):
    return {k: v for k, v in result.plan.counts[section].items() if v}


def test_a_first_sync_builds_the_tree_and_staff_with_accounts_and_a_second_changes_nothing():
    county = make_county()
    first = apply_sync(county=county, document=doc())
    assert first.applied
    assert counts(first, "units") == {"added": 4}
    assert counts(first, "people") == {"added": 3}
    s1, u1, t1 = (Unit.objects.get(county=county, external_id=e) for e in ("S1", "U1", "T1"))
    assert (u1.parent_id, t1.parent_id) == (s1.pk, u1.pk)
    assert t1.path == f"{s1.pk}/{u1.pk}/{t1.pk}/"
    assert t1.depth == 2
    assert (t1.kind, s1.name_sv, u1.code) == ("team", "Socialtjänster", "hr-u1")
    maija = Person.objects.get(external_id="E1")
    assert (maija.kind, maija.unit_id, maija.is_manager) == ("staff", u1.pk, True)
    assert maija.job_title_fi == "Kotihoidon esihenkilö"
    assert maija.user.email == "maija@example.test"
    assert maija.user.is_active
    assert not maija.user.has_usable_password()

    second = apply_sync(county=county, document=doc())
    assert second.applied
    assert second.plan.is_empty
    assert Unit.objects.filter(county=county).count() == 4
    assert Person.objects.filter(county=county).count() == 3
    assert User.objects.count() == 3
    assert second.run.counts["people"]["added"] == 0
    run_events = AuditEvent.objects.filter(object_type="organisation.hrsyncrun")
    assert run_events.count() == 2
    assert run_events.last().summary == "hr sync applied: units added=4; people added=3"


def test_a_moved_unit_keeps_its_row_its_staff_and_its_subtree_follows():
    county = make_county()
    apply_sync(county=county, document=doc())
    u1 = Unit.objects.get(external_id="U1")
    olli = Person.objects.get(external_id="E2")
    moved = UNITS.replace("U1,S1,", "U1,S2,")
    result = apply_sync(county=county, document=doc(units=moved))
    assert counts(result, "units") == {"moved": 1}
    s2 = Unit.objects.get(external_id="S2")
    u1_after = Unit.objects.get(pk=u1.pk)
    t1 = Unit.objects.get(external_id="T1")
    assert u1_after.parent_id == s2.pk
    assert t1.path == f"{s2.pk}/{u1.pk}/{t1.pk}/"
    assert Person.objects.get(pk=olli.pk).unit_id == t1.pk
    assert list(Unit.objects.subtree_of(s2).values_list("external_id", flat=True)) == [
        "S2",
        "U1",
        "T1",
    ]


def test_leavers_are_deactivated_with_their_accounts_never_deleted_and_may_return():
    county = make_county()
    apply_sync(county=county, document=doc())
    without_olli = "\n".join(line for line in PEOPLE.splitlines() if not line.startswith("E2"))
    aino_left = without_olli.replace("Ylilääkäri,", "Ylilääkäri,,left").replace(
        "title_fi,manager", "title_fi,manager,status"
    )
    aino_left = "\n".join(
        line if line.endswith(("left", "status")) else line + "," for line in aino_left.splitlines()
    )
    result = apply_sync(county=county, document=doc(people=aino_left))
    assert counts(result, "people") == {"deactivated": 2}
    olli = Person.objects.get(external_id="E2")
    aino = Person.objects.get(external_id="E3")
    assert (olli.is_active, olli.user.is_active) == (False, False)
    assert (aino.is_active, aino.user.is_active) == (False, False)
    assert Person.objects.get(external_id="E1").user.is_active

    back = apply_sync(county=county, document=doc())
    assert counts(back, "people") == {"reactivated": 2}
    olli.refresh_from_db()
    olli.user.refresh_from_db()
    assert (olli.is_active, olli.user.is_active) == (True, True)


def test_a_partial_file_deactivates_nobody_absent():
    county = make_county()
    apply_sync(county=county, document=doc())
    only_maija = PEOPLE.splitlines()[0] + "\n" + PEOPLE.splitlines()[1] + "\n"
    result = apply_sync(county=county, document=doc(units=None, people=only_maija, full=False))
    assert result.plan.is_empty
    assert Person.objects.filter(county=county, is_active=True).count() == 3


def test_a_bad_file_is_refused_whole_with_a_per_row_report_in_the_users_language():
    county = make_county()
    apply_sync(county=county, document=doc())
    bad_units = UNITS.replace("S1,,Sosiaali", "S1,T1,Sosiaali")  # S1 > U1 > T1 > S1
    bad_people = PEOPLE.replace("olli@example.test", "olli@@example") + (
        "E4,Uusi,Henkilö,uusi@example.test,NOPE,,\n"
    )
    result = apply_sync(county=county, document=doc(units=bad_units, people=bad_people))
    assert not result.applied
    assert result.run.status == HrSyncRun.Status.REJECTED
    assert Unit.objects.get(external_id="S1").parent_id is None
    assert not Person.objects.filter(external_id="E4").exists()
    with translation.override("en"):
        rows = problem_rows(result.plan)
    assert [(r["section"], r["row"], r["field"]) for r in rows] == [
        ("units", 2, "parent"),
        ("units", 4, "parent"),
        ("units", 5, "parent"),
        ("people", 3, "email"),
        ("people", 5, "unit"),
    ]
    assert rows[0]["message"].startswith("The units form a loop: ")
    assert rows[3]["message"] == '"olli@@example" is not a valid email address.'
    assert rows[4]["message"] == 'No unit with the id "NOPE" is in the file or in Kuulu.'


def test_hand_typed_staff_are_adopted_by_email_keeping_their_account():
    county = make_county()
    area = make_unit(county, code="sote")
    person = make_person(county, kind="staff", unit=area, email="maija@example.test")
    user_id = person.user_id
    units = "id,parent,name_fi,code\nX1,,Sote,sote\n"
    people = "id,first_name,last_name,email,unit\nE1,Maija,M,MAIJA@example.test,X1\n"
    result = apply_sync(county=county, document=doc(units=units, people=people, full=False))
    assert result.applied
    person.refresh_from_db()
    area.refresh_from_db()
    assert (area.external_id, person.external_id, person.user_id) == ("X1", "E1", user_id)
    assert Person.objects.filter(county=county).count() == 1


def test_an_account_of_a_person_in_another_county_is_not_taken_over():
    county = make_county()
    make_person(make_county(), email="maija@example.test")
    result = apply_sync(county=county, document=doc())
    assert not result.applied
    assert [(p.row, p.field, p.code) for p in result.plan.problems] == [
        (2, "email", "account_taken")
    ]
    assert not Unit.objects.filter(county=county).exists()


def test_a_resident_record_with_the_staff_email_is_adopted_as_staff():
    county = make_county()
    resident = make_person(county, email="maija@example.test")
    result = apply_sync(county=county, document=doc())
    assert result.applied
    resident.refresh_from_db()
    assert (resident.kind, resident.external_id) == ("staff", "E1")
    change = next(c for c in result.plan.people if c.external_id == "E1")
    assert {f.field for f in change.fields} >= {"kind", "external_id", "unit"}


def test_a_confirmation_applies_only_the_change_set_it_saw():
    county = make_county()
    document = doc()
    plan = preview_sync(county=county, document=document)
    make_unit(county, code="hr-u1")  # someone took the code meanwhile
    result = apply_sync(county=county, document=document, expected_fingerprint=plan.fingerprint())
    assert not result.applied
    assert Person.objects.filter(county=county).count() == 0


def test_a_changed_plan_is_stale_and_writes_nothing():
    county = make_county()
    document = doc()
    plan = preview_sync(county=county, document=document)
    apply_sync(county=county, document=doc(people=None))
    result = apply_sync(county=county, document=document, expected_fingerprint=plan.fingerprint())
    assert (result.applied, result.stale) == (False, True)
    assert Person.objects.filter(county=county).count() == 0


def test_the_command_dry_run_shows_the_diff_and_applies_nothing(tmp_path):
    county = make_county(slug="kainuu")
    (tmp_path / "units.csv").write_text(UNITS)
    (tmp_path / "people.csv").write_text(PEOPLE)
    out = StringIO()
    call_command(
        "hr_sync",
        str(tmp_path / "units.csv"),
        str(tmp_path / "people.csv"),
        "--dry-run",
        "--county",
        "kainuu",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["applied"] is False
    assert data["counts"]["units"]["added"] == 4
    assert [c["external_id"] for c in data["changes"]] == ["S1", "S2", "U1", "T1", "E1", "E2", "E3"]
    assert Unit.objects.filter(county=county).count() == 0

    call_command("hr_sync", str(tmp_path / "units.csv"), "--county", "kainuu", stdout=StringIO())
    assert Unit.objects.filter(county=county).count() == 4


def test_the_command_fails_on_errors_and_on_an_unknown_county(tmp_path):
    make_county(slug="kainuu")
    (tmp_path / "units.csv").write_text("id,name_fi\nA,\n")
    with pytest.raises(CommandError, match="nothing was applied"):
        call_command("hr_sync", str(tmp_path / "units.csv"), stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="No county"):
        call_command("hr_sync", str(tmp_path / "units.csv"), "--county", "x", stdout=StringIO())


def test_with_several_counties_the_command_needs_to_be_told_which(tmp_path):
    first = make_county(slug="kainuu")
    unit = make_unit(first, code="jaa")
    person = make_person(first, kind="staff", unit=unit)
    Unit.objects.filter(pk=unit.pk).update(external_id="KEEP")  # both came from the HR sync
    Person.objects.filter(pk=person.pk).update(external_id="P1")
    second = make_county(slug="keski-suomi")
    (tmp_path / "units.csv").write_text(UNITS)
    (tmp_path / "people.csv").write_text(PEOPLE)
    files = [str(tmp_path / "units.csv"), str(tmp_path / "people.csv")]

    with pytest.raises(CommandError, match=r"several counties.*kainuu, keski-suomi"):
        call_command("hr_sync", *files, stdout=StringIO(), stderr=StringIO())
    with override_settings(HR_SYNC_DROP_DIR=str(tmp_path)), pytest.raises(CommandError):
        call_command("hr_sync", "--drop", "--enqueue", stdout=StringIO())

    # Nothing was added to, moved in or deactivated in the first county (the old default).
    assert Unit.objects.filter(county=first, is_active=True).count() == 1
    assert Person.objects.filter(county=first, is_active=True).count() == 1
    assert not Unit.objects.filter(county=second).exists()
    call_command("hr_sync", *files, "--county", "keski-suomi", stdout=StringIO())
    assert Unit.objects.filter(county=second).count() == 4
    assert Person.objects.filter(county=first, is_active=True).count() == 1


def test_the_scheduled_task_without_a_county_syncs_nothing_when_there_are_several(tmp_path):
    from kuulu.organisation.sync.tasks import run_hr_sync_drop

    first = make_county()
    make_county()
    (tmp_path / "units.csv").write_text(UNITS)
    with override_settings(HR_SYNC_DROP_DIR=str(tmp_path)):
        run_hr_sync_drop.call()

    assert not Unit.objects.filter(county=first).exists()
    assert (tmp_path / "units.csv").exists()


def test_the_drop_directory_applies_a_batch_and_files_it(tmp_path):
    county = make_county()
    (tmp_path / "units.csv").write_text(UNITS)
    (tmp_path / "people.csv").write_text(PEOPLE)
    outcome = run_drop_directory(directory=tmp_path, county=county)
    assert outcome.result.applied
    assert outcome.files == ("people.csv", "units.csv")
    assert outcome.result.run.source == "scheduled"
    (done,) = (tmp_path / "done").iterdir()
    assert sorted(p.name for p in done.iterdir()) == ["people.csv", "units.csv"]
    assert run_drop_directory(directory=tmp_path, county=county) is None


def test_a_refused_drop_gets_a_report_and_the_scheduled_task_reads_the_setting(tmp_path):
    county = make_county()
    (tmp_path / "units.csv").write_bytes("id,name_fi\nA,Pää\n".encode("latin-1"))
    with override_settings(HR_SYNC_DROP_DIR=str(tmp_path)):
        call_command("hr_sync", "--drop", "--enqueue", stdout=StringIO())  # immediate backend
    (rejected,) = (tmp_path / "rejected").iterdir()
    report = json.loads((rejected / "report.json").read_text())
    assert [(p["section"], p["row"], p["code"]) for p in report["problems"]] == [
        ("file", 2, "encoding")
    ]
    assert not Unit.objects.filter(county=county).exists()


def test_the_files_language_seeds_a_new_account_only():
    county = make_county()
    people = "id,first_name,last_name,email,unit,language\nE1,Stina,S,stina@example.test,S1,sv\n"
    apply_sync(county=county, document=doc(people=people))
    user = Person.objects.get(external_id="E1").user
    assert user.language == "sv"
    user.language = "en"
    user.save(update_fields=["language"])
    result = apply_sync(county=county, document=doc(people=people))
    assert result.plan.is_empty
    user.refresh_from_db()
    assert user.language == "en"


def test_previews_left_unconfirmed_lose_their_copy_of_the_file():
    from datetime import timedelta

    from django.utils import timezone

    from kuulu.organisation.sync.apply import purge_stale_previews, stage_preview

    county = make_county()
    run, _ = stage_preview(county=county, document=doc())
    assert run.document is not None
    assert purge_stale_previews(now=timezone.now()) == 0
    assert purge_stale_previews(now=timezone.now() + timedelta(hours=2)) == 1
    run.refresh_from_db()
    assert (run.status, run.document) == ("expired", None)


def test_a_preview_confirmed_again_after_it_was_applied_changes_nothing():
    from kuulu.organisation.sync.apply import stage_preview

    county = make_county()
    run, plan = stage_preview(county=county, document=doc())
    first = apply_sync(
        county=county, document=doc(), run=run, expected_fingerprint=plan.fingerprint()
    )
    assert first.applied
    stale_copy = HrSyncRun.objects.get(pk=run.pk)
    stale_copy.status = HrSyncRun.Status.PREVIEWED  # the second request's view of the row
    second = apply_sync(
        county=county, document=doc(), run=stale_copy, expected_fingerprint=plan.fingerprint()
    )
    assert (second.applied, second.stale) == (False, True)
    assert HrSyncRun.objects.get(pk=run.pk).status == "applied"
