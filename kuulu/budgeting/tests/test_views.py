"""Public and staff pages through HTTP: proposing, voting by each identification, results,
paper entry and reconciliation, and the role matrix of access.py."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from kuulu.budgeting import proposals, results, voters
from kuulu.budgeting.models import (
    Ballot,
    CountRun,
    PaperBallot,
    Proposal,
    ProposalComment,
    VotingCode,
)
from kuulu.budgeting.tests.factories import (
    close_voting,
    make_budget,
    make_plan,
    make_process,
    make_proposal,
)
from kuulu.identity import requirements
from kuulu.identity.models import StrongIdentity
from kuulu.organisation.tests.factories import make_user


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def identified_client(user, *, key="a" * 64, municipality="205", born=date(2000, 1, 1)):
    identity = StrongIdentity.objects.create(
        user=user,
        person_key=key,
        level="substantial",
        home_municipality_code=municipality,
        birth_date=born,
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[requirements.SESSION_KEY] = {
        "level": "substantial",
        "at": timezone.now().timestamp(),
        "identity_id": identity.pk,
        "user_id": user.pk,
    }
    session.save()
    return client


def png_bytes(size=(4, 4)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


# --- proposing ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_proposal_waits_for_email_confirmation(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    process = make_process(org.county, phase="proposals")
    url = reverse("budgeting:propose", args=[process.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            url,
            {
                "title": "Skatepark",
                "description": "For young people.",
                "target_group": "young",
                "email": "idea@example.test",
            },
        )
    assert response.status_code == 200
    proposal = Proposal.objects.get()
    assert proposal.status == Proposal.Status.UNVERIFIED
    assert Client().get(reverse("budgeting:proposal", args=[proposal.pk])).status_code == 404
    link = next(line for line in mailoutbox[0].body.split() if "/confirm/" in line)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    # Opening the link (as a mail scanner does) shows a button and confirms nothing...
    opened = Client().get(path)
    assert opened.status_code == 200
    assert '<button type="submit" class="primary">Confirm the proposal</button>' in (
        opened.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNVERIFIED
    # ...the button does.
    pressed = Client().post(path)
    assert pressed.status_code == 200
    assert "Your email address is confirmed" in pressed.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert Client().get(reverse("budgeting:proposal", args=[proposal.pk])).status_code == 200


@pytest.mark.django_db
def test_the_confirmation_page_is_a_form_that_confirms_with_its_csrf_token(org):
    process = make_process(org.county, phase="proposals")
    proposal = make_proposal(process, status=Proposal.Status.UNVERIFIED, contact_email="a@b.test")
    token = proposals.confirmation_token(proposal)
    url = reverse("budgeting:confirm", args=[token])
    browser = Client(enforce_csrf_checks=True)
    for language, heading, button in (
        ("fi", "Vahvista ehdotuksesi", "Vahvista ehdotus"),
        ("sv", "Bekräfta ditt förslag", "Bekräfta förslaget"),
    ):
        with translation.override(language):
            translated = Client().get(reverse("budgeting:confirm", args=[token]))
        body = translated.content.decode()
        assert f'<html lang="{language}">' in body
        assert f"<h1>{heading}</h1>" in body
        assert f'<button type="submit" class="primary">{button}</button>' in body

    page = browser.get(url)
    assert browser.post(url).status_code == 403  # no token: refused, nothing changed
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.UNVERIFIED
    body = page.content.decode()
    assert '<html lang="en">' in body
    assert "<h1>Confirm your proposal</h1>" in body
    assert '<form method="post">' in body
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    pressed = browser.post(url, {"csrfmiddlewaretoken": token})

    assert pressed.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.email_verified_at is not None


@pytest.mark.django_db
def test_an_altered_or_expired_confirmation_link_shows_the_error_and_changes_nothing(
    org, monkeypatch
):
    clock = SimpleNamespace(time=lambda: 1_780_000_000.0)
    monkeypatch.setattr(signing, "time", clock)
    process = make_process(org.county, phase="proposals")
    proposal = make_proposal(process, status=Proposal.Status.UNVERIFIED, contact_email="a@b.test")
    token = proposals.confirmation_token(proposal)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    deleted = make_proposal(process, status=Proposal.Status.UNVERIFIED)
    gone = proposals.confirmation_token(deleted)
    deleted.delete()
    urls = [reverse("budgeting:confirm", args=[t]) for t in (altered, gone)]

    responses = [Client().get(url) for url in urls] + [Client().post(url) for url in urls]
    clock.time = lambda: 1_780_000_000.0 + proposals.CONFIRM_MAX_AGE + 1
    expired = reverse("budgeting:confirm", args=[token])
    responses += [Client().get(expired), Client().post(expired)]

    for response in responses:
        assert response.status_code == 400
        body = response.content.decode()
        assert '<p role="alert">The confirmation link is not valid or has expired.</p>' in body
        assert "<form" not in body.split("<main", 1)[1]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.email_verified_at) == (Proposal.Status.UNVERIFIED, None)


@pytest.mark.django_db
def test_proposal_image_must_be_a_real_image(org):
    process = make_process(org.county, phase="proposals")
    client = Client()
    client.force_login(org.resident)
    url = reverse("budgeting:propose", args=[process.pk])
    data = {
        "title": "T",
        "description": "D",
        "target_group": "children",
        "image_alt": "A red square",
    }
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post(url, {**data, "image": fake})
    assert response.status_code == 200
    assert b"The file is not an image" in response.content
    assert Proposal.objects.count() == 0
    good = SimpleUploadedFile("x.png", png_bytes(), content_type="image/png")
    client.post(url, {**data, "image": good})
    assert Proposal.objects.get().image.name.startswith("budgeting/proposals/")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [(8000, 7000), (20000, 20000)])
def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(org, size):
    """A small file of one colour can hold hundreds of millions of pixels; saving it again
    without metadata would decode all of them (gigabytes) in a web worker."""
    process = make_process(org.county, phase="proposals")
    client = Client()
    client.force_login(org.resident)
    huge = BytesIO()
    Image.new("1", size).save(huge, format="PNG")
    assert len(huge.getvalue()) < 5 * 1024 * 1024
    data = {"title": "T", "description": "D", "target_group": "children", "image_alt": "A"}
    upload = SimpleUploadedFile("x.png", huge.getvalue(), content_type="image/png")

    response = client.post(
        reverse("budgeting:propose", args=[process.pk]), {**data, "image": upload}
    )

    assert response.status_code == 200
    assert b"The image is too large: at most 50 megapixels." in response.content
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_an_image_keeps_its_colour_profile_but_not_its_metadata(kind):
    """A phone photo in Display P3 carries its colour profile; saved again without it, the
    published picture's colours go dull. The profile says nothing about the person."""
    from PIL import ImageCms

    from kuulu.budgeting.forms import without_metadata

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[0x0110] = "Phone of the proposer"
    sent = BytesIO()
    Image.new("RGB", (4, 4), "red").save(sent, format=kind, icc_profile=profile, exif=exif)
    upload = SimpleUploadedFile(f"x.{kind.lower()}", sent.getvalue())

    with Image.open(BytesIO(without_metadata(upload, kind).read())) as kept:
        assert kept.info.get("icc_profile") == profile
        assert 0x0110 not in kept.getexif()


@pytest.mark.django_db
def test_a_proposal_photo_is_published_without_where_it_was_taken(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    process = make_process(org.county, phase="proposals")
    client = Client()
    client.force_login(org.resident)
    exif = Image.Exif()
    exif[0x0110] = "Phone of the proposer"  # camera model
    exif[0x0112] = 6  # orientation: turn 90 degrees clockwise to show it upright
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (64.0, 13.0, 30.0)  # latitude of a home in Kajaani
    photo = BytesIO()
    Image.new("RGB", (8, 4), "red").save(photo, format="JPEG", exif=exif)
    with Image.open(BytesIO(photo.getvalue())) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the upload does carry the location

    client.post(
        reverse("budgeting:propose", args=[process.pk]),
        {
            "title": "T",
            "description": "D",
            "target_group": "children",
            "image_alt": "A red square",
            "image": SimpleUploadedFile("home.jpg", photo.getvalue(), content_type="image/jpeg"),
        },
    )

    stored = Proposal.objects.get().image
    with Image.open(stored.path) as published:
        assert published.format == "JPEG"
        assert dict(published.getexif()) == {}
        assert "exif" not in published.info
        assert published.size == (4, 8)  # turned as the orientation said


@pytest.mark.django_db
def test_proposals_closed_outside_the_phase(org):
    process = make_process(org.county, phase="voting")
    response = Client().post(
        reverse("budgeting:propose", args=[process.pk]),
        {"title": "T", "description": "D", "target_group": "everyone", "email": "a@example.test"},
    )
    assert response.status_code == 409
    assert Proposal.objects.count() == 0


# --- voting ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_strongly_identified_resident_votes_and_changes_the_vote(org):
    process = make_process(org.county)
    budget = make_budget(process, amount=100)
    a = make_plan(budget, cost=60, title="Skatepark")
    b = make_plan(budget, cost=50, title="Benches")
    client = identified_client(org.resident)
    url = reverse("budgeting:vote", args=[budget.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"plan_{a.pk}": "on"})
    assert response.status_code == 200
    assert b"Thank you for voting" in response.content
    client.post(url, {f"plan_{b.pk}": "on"})
    ballot = Ballot.objects.get()
    assert ballot.choices == {str(b.pk): 1}
    assert ballot.voter_key == "a" * 64
    over = client.post(url, {f"plan_{a.pk}": "on", f"plan_{b.pk}": "on"})
    assert over.status_code == 400
    assert b"more than the budget" in over.content
    assert Ballot.objects.get().choices == {str(b.pk): 1}


@pytest.mark.django_db
def test_saving_without_submitting_never_withdraws_a_submitted_vote(org):
    process = make_process(org.county)
    budget = make_budget(process, amount=100)
    a = make_plan(budget, cost=60, title="Skatepark")
    b = make_plan(budget, cost=30, title="Benches")
    client = identified_client(org.resident)
    url = reverse("budgeting:vote", args=[budget.pk])
    # a draft: saved, not counted, and the page still offers both buttons
    client.post(url, {f"plan_{a.pk}": "on", "save_draft": "1"})
    assert Ballot.objects.get().status == "draft"
    assert "Save without submitting" in client.get(url).content.decode()
    client.post(url, {f"plan_{a.pk}": "on", "submit_ballot": "1"})
    # once submitted, the page offers to submit changes and no draft save
    page = client.get(url).content.decode()
    assert "Submit my changes" in page
    assert "Save without submitting" not in page
    # a page opened before submitting (another tab) still sends a draft save: refused
    stale = client.post(url, {f"plan_{b.pk}": "on", "save_draft": "1"})
    assert stale.status_code == 400
    assert "Your vote has already been submitted and it counts." in stale.content.decode()
    ballot = Ballot.objects.get()
    assert (ballot.status, ballot.choices) == ("submitted", {str(a.pk): 1})
    with translation.override("fi"):
        finnish = client.post(
            reverse("budgeting:vote", args=[budget.pk]), {f"plan_{b.pk}": "on", "save_draft": "1"}
        )
    assert "Äänesi on jo jätetty, ja se lasketaan." in finnish.content.decode()
    changed = client.post(url, {f"plan_{b.pk}": "on", "submit_ballot": "1"})
    assert b"Thank you for voting" in changed.content
    ballot = Ballot.objects.get()
    assert (ballot.status, ballot.choices) == ("submitted", {str(b.pk): 1})
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    budget.refresh_from_db()
    result = results.published_result(budget)
    assert result.run.ballots_counted == 1
    assert {line.plan.title: line.votes for line in result.lines} == {"Skatepark": 0, "Benches": 1}


@pytest.mark.django_db
def test_same_person_on_two_accounts_has_one_ballot(org):
    process = make_process(org.county)
    budget = make_budget(process)
    a = make_plan(budget, cost=10)
    # two accounts cannot hold the same identity, so the second device is the same account
    first = identified_client(org.resident, key="b" * 64)
    second = Client()
    second.force_login(org.resident)
    session = second.session
    session[requirements.SESSION_KEY] = dict(first.session[requirements.SESSION_KEY])
    session.save()
    url = reverse("budgeting:vote", args=[budget.pk])
    first.post(url, {f"plan_{a.pk}": "on"})
    second.post(url, {f"plan_{a.pk}": "on"})
    assert Ballot.objects.count() == 1


@pytest.mark.django_db
def test_without_identification_the_vote_page_asks_for_it(org):
    process = make_process(org.county)
    budget = make_budget(process)
    make_plan(budget)
    response = Client().post(reverse("budgeting:vote", args=[budget.pk]), {})
    assert response.status_code == 403
    assert Ballot.objects.count() == 0


@pytest.mark.django_db
def test_voting_code_is_single_use_and_gives_no_hint(org):
    process = make_process(org.county, voter_check="code")
    budget = make_budget(process)
    a = make_plan(budget, cost=10)
    (code,) = voters.issue_codes(process=process, count=1)
    assert not VotingCode.objects.filter(code_hash=code).exists()  # only the hash is stored
    client = Client()
    code_url = reverse("budgeting:vote_code", args=[budget.pk])
    vote_url = reverse("budgeting:vote", args=[budget.pk])
    unknown = client.post(code_url, {"code": "AAAA-BBBB-CCCC"})
    assert unknown.status_code == 400
    client.post(code_url, {"code": code.lower()})
    assert b"Thank you for voting" in client.post(vote_url, {f"plan_{a.pk}": "on"}).content
    used = Client().post(code_url, {"code": code})
    assert used.status_code == 400
    # the same message for a used code as for an unknown one
    assert voters.UNKNOWN_CODE.encode() in used.content
    assert voters.UNKNOWN_CODE.encode() in unknown.content
    assert Ballot.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Koodia ei voi käyttää. Tarkista, että kirjoitit sen oikein."),
        ("sv", "Koden kan inte användas. Kontrollera att du skrev den rätt."),
    ],
)
def test_an_unusable_voting_code_is_refused_in_the_pages_language(org, language, message):
    process = make_process(org.county, voter_check="code")
    budget = make_budget(process)
    make_plan(budget, cost=10)
    with translation.override(language):
        url = reverse("budgeting:vote_code", args=[budget.pk])
    response = Client().post(url, {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_voting_code_votes_once_on_each_budget_of_the_process(org):
    # The session remembers a code voter for the whole process, so the code's holder may vote on
    # the county's budget and on their municipality's, once each; the code cannot be entered again.
    process = make_process(org.county, voter_check="code")
    county_budget = make_budget(process)
    local_budget = make_budget(process, name="Kajaani")
    a = make_plan(county_budget, cost=10)
    b = make_plan(local_budget, cost=10)
    (code,) = voters.issue_codes(process=process, count=1)
    client = Client()
    client.post(reverse("budgeting:vote_code", args=[county_budget.pk]), {"code": code})
    for budget, plan in ((county_budget, a), (local_budget, b)):
        response = client.post(
            reverse("budgeting:vote", args=[budget.pk]), {f"plan_{plan.pk}": "on"}
        )
        assert b"Thank you for voting" in response.content
    assert sorted(Ballot.objects.values_list("budget_id", flat=True)) == sorted(
        [county_budget.pk, local_budget.pk]
    )
    assert len(set(Ballot.objects.values_list("voter_key", flat=True))) == 1
    changed = client.post(reverse("budgeting:vote", args=[local_budget.pk]), {f"plan_{b.pk}": "on"})
    assert b"Thank you for voting" in changed.content
    assert Ballot.objects.count() == 2
    again = Client().post(reverse("budgeting:vote_code", args=[local_budget.pk]), {"code": code})
    assert again.status_code == 400


@pytest.mark.django_db
def test_email_plus_code(org, mailoutbox, django_capture_on_commit_callbacks):
    process = make_process(org.county, voter_check="email")
    budget = make_budget(process)
    a = make_plan(budget, cost=10)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("budgeting:vote_email", args=[budget.pk]), {"email": "v@example.test"})
    code = next(w.strip(".") for w in mailoutbox[0].body.split() if w.strip(".").isdigit())
    verify = reverse("budgeting:vote_email_verify", args=[budget.pk])
    assert (
        client.post(
            verify, {"email": "v@example.test", "code": "000000" if code != "000000" else "111111"}
        ).status_code
        == 400
    )
    client.post(verify, {"email": "v@example.test", "code": code})
    client.post(reverse("budgeting:vote", args=[budget.pk]), {f"plan_{a.pk}": "on"})
    ballot = Ballot.objects.get()
    assert ballot.voter_key == voters.email_key("V@example.test")
    assert "v@example.test" not in str(Ballot.objects.values().get())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject"), [("sv", "Din röstningskod"), ("fi", "Äänestyskoodisi")]
)
def test_the_email_code_comes_in_the_language_of_the_page(
    org, mailoutbox, django_capture_on_commit_callbacks, language, subject
):
    from django.utils import translation

    budget = make_budget(make_process(org.county, voter_check="email"))
    with translation.override(language):
        url = reverse("budgeting:vote_email", args=[budget.pk])
    assert url.startswith(f"/{language}/")
    with django_capture_on_commit_callbacks() as callbacks:
        Client().post(url, {"email": "v@example.test"})
    # The task worker runs with no page behind it: here, in another language.
    with translation.override("en"):
        for callback in callbacks:
            callback()
    assert mailoutbox[0].subject == subject


@pytest.mark.django_db
def test_results_hidden_in_views_while_voting_is_open(org):
    process = make_process(org.county, rule="greedy")
    budget = make_budget(process)
    a = make_plan(budget, cost=10, title="Skatepark")
    client = identified_client(org.resident)
    client.post(reverse("budgeting:vote", args=[budget.pk]), {f"plan_{a.pk}": "on"})
    page = Client().get(reverse("budgeting:results", args=[budget.pk]))
    assert b"no vote counts are shown" in page.content
    coordinator = Client()
    coordinator.force_login(org.coordinator)
    assert coordinator.get(reverse("budgeting:export", args=[budget.pk])).status_code == 302
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    page = Client().get(reverse("budgeting:results", args=[budget.pk]))
    assert b"Skatepark" in page.content
    assert b"Funded" in page.content
    export = coordinator.get(reverse("budgeting:export", args=[budget.pk]))
    assert export.status_code == 200
    assert b"PROJECTS" in export.content.upper()
    assert b"a" * 64 not in export.content


@pytest.mark.django_db
def test_pabulib_file_with_errors_reports_lines_and_stores_nothing(org):
    client = Client()
    client.force_login(org.coordinator)
    bad = SimpleUploadedFile("x.pb", b"META\nkey;value\nbudget;abc\n")
    response = client.post(reverse("budgeting:pabulib"), {"file": bad, "rule": "greedy"})
    assert response.status_code == 400
    assert b"Line " in response.content


@pytest.mark.django_db
def test_a_merged_proposal_hidden_by_moderation_is_not_named_on_the_public_page(org):
    from kuulu.budgeting import proposals

    process = make_process(org.county, phase="proposals")
    kept = make_proposal(process, title="Skatepark by the school")
    offensive = make_proposal(process, title="Offensive title here")
    proposals.merge_proposals(duplicate=offensive, into=kept, actor=org.coordinator)
    proposals.set_hidden(proposal=offensive, hidden=True, actor=org.coordinator)
    with translation.override("en"):
        url = reverse("budgeting:proposal", args=[kept.pk])
    public = Client().get(url).content.decode()
    assert "Skatepark by the school" in public
    assert "Offensive title here" not in public
    assert "a proposal that is not public" in public  # the history still says it was combined
    staff = Client()
    staff.force_login(org.coordinator)
    assert "Offensive title here" in staff.get(url).content.decode()


@pytest.mark.django_db
def test_the_proposal_a_public_one_was_merged_into_is_not_named_once_hidden(org):
    from kuulu.budgeting import proposals

    process = make_process(org.county, phase="proposals")
    duplicate = make_proposal(process, title="Skatepark by the school")
    offensive = make_proposal(process, title="Offensive title here")
    proposals.merge_proposals(duplicate=duplicate, into=offensive, actor=org.coordinator)
    proposals.set_hidden(proposal=offensive, hidden=True, actor=org.coordinator)
    with translation.override("en"):
        url = reverse("budgeting:proposal", args=[duplicate.pk])
        hidden_url = reverse("budgeting:proposal", args=[offensive.pk])

    public = Client().get(url).content.decode()

    assert "Skatepark by the school" in public
    assert "Offensive title here" not in public
    assert hidden_url not in public  # no link to a page that is not found
    assert "This proposal was merged with another one: a proposal that is not public" in public
    staff = Client()
    staff.force_login(org.coordinator)
    assert "Offensive title here" in staff.get(url).content.decode()


# --- paper ballots -----------------------------------------------------------------------------


HETU = "131052-308T"


@pytest.mark.django_db
def test_paper_double_entry_mismatch_and_duplicates(org):
    process = make_process(org.county, double_entry=True, duplicate_rule="online_overrides")
    budget = make_budget(process)
    a = make_plan(budget, cost=10, title="A")
    b = make_plan(budget, cost=10, title="B")
    first, second = Client(), Client()
    first.force_login(org.staff)
    second.force_login(org.manager)
    url = reverse("budgeting:paper_entry", args=[budget.pk])
    sheet = {"booth": org.team_a1.pk, "sheet": "1", "identity_code": HETU, f"plan_{a.pk}": "on"}
    assert first.post(url, sheet).status_code == 302
    assert PaperBallot.objects.get().status == "awaiting_second"
    same_person = first.post(url, sheet)
    assert same_person.status_code == 400  # the second entry must be someone else's
    second.post(url, {**sheet, f"plan_{a.pk}": "", f"plan_{b.pk}": "on"})
    assert PaperBallot.objects.get().status == "mismatch"
    coordinator = Client()
    coordinator.force_login(org.coordinator)
    paper = PaperBallot.objects.get()
    coordinator.post(
        reverse("budgeting:reconciliation", args=[budget.pk]), {"paper": paper.pk, "use": "first"}
    )
    paper.refresh_from_db()
    assert (paper.status, paper.choices) == ("accepted", {str(a.pk): 1})
    # the same person on another sheet: flagged, not counted
    first.post(url, {**sheet, "sheet": "2"})
    second.post(url, {**sheet, "sheet": "2"})
    # and online, which overrides paper in this process
    person_key = voters.paper_key_from_identity_code(HETU)[0]
    identified_client(org.resident, key=person_key).post(
        reverse("budgeting:vote", args=[budget.pk]), {f"plan_{b.pk}": "on"}
    )
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    assert sorted(PaperBallot.objects.values_list("sheet", "status")) == [
        ("1", "superseded"),
        ("2", "duplicate"),
    ]
    budget.refresh_from_db()
    run = results.published_result(budget).run
    assert (run.ballots_counted, run.paper_counted) == (1, 0)


@pytest.mark.django_db
def test_first_vote_counts_rule_keeps_earlier_paper_ballot(org):
    process = make_process(org.county, duplicate_rule="first_counts")
    budget = make_budget(process)
    a = make_plan(budget, cost=10, title="A")
    b = make_plan(budget, cost=10, title="B")
    staff = Client()
    staff.force_login(org.staff)
    staff.post(
        reverse("budgeting:paper_entry", args=[budget.pk]),
        {"booth": org.team_a1.pk, "sheet": "7", "identity_code": HETU, f"plan_{a.pk}": "on"},
    )
    person_key = voters.paper_key_from_identity_code(HETU)[0]
    identified_client(org.resident, key=person_key).post(
        reverse("budgeting:vote", args=[budget.pk]), {f"plan_{b.pk}": "on"}
    )
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    budget.refresh_from_db()
    result = results.published_result(budget)
    assert (result.run.ballots_counted, result.run.paper_counted) == (0, 1)
    assert {line.plan.title: line.votes for line in result.lines} == {"A": 1, "B": 0}


def _identity_code(birth: str, sign: str, individual: str) -> str:
    from kuulu.identity.person_keys import _CHECK

    return f"{birth}{sign}{individual}{_CHECK[int(birth + individual) % 31]}"


@pytest.mark.django_db
def test_paper_entry_refuses_a_voter_under_the_minimum_age_as_online(org, monkeypatch):
    from datetime import date

    from django.utils import translation

    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 7))
    budget = make_budget(make_process(org.county))  # minimum age 12
    a = make_plan(budget, cost=10)
    staff = Client()
    staff.force_login(org.staff)
    with translation.override("en"):
        url = reverse("budgeting:paper_entry", args=[budget.pk])
    sheet = {"booth": org.team_a1.pk, f"plan_{a.pk}": "on"}
    eleven = _identity_code("081214", "A", "123")  # 12 tomorrow
    response = staff.post(url, {**sheet, "sheet": "1", "identity_code": eleven})
    assert response.status_code == 400
    assert "younger than 12, the minimum age" in response.content.decode()
    with translation.override("fi"):
        finnish = staff.post(
            reverse("budgeting:paper_entry", args=[budget.pk]),
            {**sheet, "sheet": "1", "identity_code": eleven},
        )
    assert "alaikäraja on 12 vuotta" in finnish.content.decode()
    assert PaperBallot.objects.count() == 0
    twelve = _identity_code("071214", "A", "123")  # 12 today
    assert staff.post(url, {**sheet, "sheet": "2", "identity_code": twelve}).status_code == 302
    assert PaperBallot.objects.count() == 1


@pytest.mark.django_db
def test_paper_entry_with_a_wrong_identity_code_saves_nothing(org):
    process = make_process(org.county)
    budget = make_budget(process)
    a = make_plan(budget, cost=10)
    staff = Client()
    staff.force_login(org.staff)
    response = staff.post(
        reverse("budgeting:paper_entry", args=[budget.pk]),
        {
            "booth": org.team_a1.pk,
            "sheet": "1",
            "identity_code": "131052-308X",
            f"plan_{a.pk}": "on",
        },
    )
    assert response.status_code == 400
    assert PaperBallot.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("paper", ["", "x", "1.5", "\u0661", "99999999999999999999"])
def test_reconciliation_with_a_tampered_sheet_id_is_not_found(org, paper):
    budget = make_budget(make_process(org.county))
    coordinator = Client(raise_request_exception=False)
    coordinator.force_login(org.coordinator)
    response = coordinator.post(
        reverse("budgeting:reconciliation", args=[budget.pk]), {"paper": paper, "use": "first"}
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_reconciliation_settles_only_its_own_budgets_sheets(org):
    process = make_process(org.county, double_entry=True)
    budget, other = make_budget(process), make_budget(process, name="Kajaani")
    a = make_plan(other, cost=10, title="A")
    b = make_plan(other, cost=10, title="B")
    first, second = Client(), Client()
    first.force_login(org.staff)
    second.force_login(org.manager)
    url = reverse("budgeting:paper_entry", args=[other.pk])
    sheet = {"booth": org.team_a1.pk, "sheet": "1", "identity_code": HETU, f"plan_{a.pk}": "on"}
    first.post(url, sheet)
    second.post(url, {**sheet, f"plan_{a.pk}": "", f"plan_{b.pk}": "on"})
    paper = PaperBallot.objects.get(status="mismatch")
    coordinator = Client()
    coordinator.force_login(org.coordinator)
    response = coordinator.post(
        reverse("budgeting:reconciliation", args=[budget.pk]), {"paper": paper.pk, "use": "first"}
    )
    assert response.status_code == 404
    paper.refresh_from_db()
    assert paper.status == "mismatch"


@pytest.mark.django_db
def test_paper_entry_refuses_an_identity_code_in_non_ascii_digits(org):
    # Fullwidth digits read as the same code, but hashed they would give the person a second
    # voter key, and their second sheet would be counted instead of flagged as a duplicate.
    process = make_process(org.county)
    budget = make_budget(process)
    a = make_plan(budget, cost=10)
    staff = Client()
    staff.force_login(org.staff)
    url = reverse("budgeting:paper_entry", args=[budget.pk])
    sheet = {"booth": org.team_a1.pk, "sheet": "1", "identity_code": HETU, f"plan_{a.pk}": "on"}
    assert staff.post(url, sheet).status_code == 302
    fullwidth = HETU.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    response = staff.post(url, {**sheet, "sheet": "2", "identity_code": fullwidth})
    assert response.status_code == 400
    assert b"Check the personal identity code." in response.content
    assert PaperBallot.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This voting code was not issued for this vote."),
        ("fi", "Tätä äänestyskoodia ei ole annettu tähän äänestykseen."),
        ("sv", "Den här röstningskoden har inte getts ut för den här omröstningen."),
    ],
)
def test_paper_entry_refuses_a_voting_code_not_issued_for_the_process(org, language, message):
    process = make_process(org.county, voter_check="code")
    budget = make_budget(process)
    a = make_plan(budget, cost=10)
    voters.issue_codes(process=process, count=1)
    other = make_process(org.county, voter_check="code", title="Another vote")
    (of_another_process,) = voters.issue_codes(process=other, count=1)
    staff = Client()
    staff.force_login(org.staff)
    with translation.override(language):
        url = reverse("budgeting:paper_entry", args=[budget.pk])
    for code in ("PAPER-DEMO-0001", of_another_process):
        response = staff.post(
            url,
            {"booth": org.team_a1.pk, "sheet": "1", "voting_code": code, f"plan_{a.pk}": "on"},
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert PaperBallot.objects.count() == 0
    assert VotingCode.objects.filter(used_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_paper_ballots_with_issued_codes_count_once_per_budget(org):
    # A code votes once on each budget of its process: on paper beside its online ballot the
    # duplicate rule decides (here the online vote overrides), on the process's other budget the
    # sheet is its vote there, and a second sheet of one code is a duplicate. Entering a sheet
    # does not use the code up, so its holder can still vote online.
    process = make_process(org.county, voter_check="code", duplicate_rule="online_overrides")
    county_budget = make_budget(process)
    local_budget = make_budget(process, name="Kajaani")
    a = make_plan(county_budget, cost=10, title="A")
    b = make_plan(county_budget, cost=10, title="B")
    c = make_plan(local_budget, cost=10, title="C")
    online_code, paper_code, later_online_code = voters.issue_codes(process=process, count=3)
    online = Client()
    online.post(reverse("budgeting:vote_code", args=[county_budget.pk]), {"code": online_code})
    online.post(reverse("budgeting:vote", args=[county_budget.pk]), {f"plan_{b.pk}": "on"})
    staff = Client()
    staff.force_login(org.staff)
    county_url = reverse("budgeting:paper_entry", args=[county_budget.pk])
    local_url = reverse("budgeting:paper_entry", args=[local_budget.pk])
    booth = {"booth": org.team_a1.pk}
    sheets = [
        (county_url, "1", online_code, a),
        (local_url, "1", online_code.lower(), c),
        (county_url, "2", paper_code, a),
        (county_url, "3", paper_code, b),
        (county_url, "4", later_online_code, a),
    ]
    for url, sheet, code, plan in sheets:
        response = staff.post(
            url, {**booth, "sheet": sheet, "voting_code": code, f"plan_{plan.pk}": "on"}
        )
        assert response.status_code == 302
    later = Client()
    identified = later.post(
        reverse("budgeting:vote_code", args=[county_budget.pk]), {"code": later_online_code}
    )
    assert identified.status_code == 302
    later.post(reverse("budgeting:vote", args=[county_budget.pk]), {f"plan_{b.pk}": "on"})
    coordinator = Client()
    coordinator.force_login(org.coordinator)
    page = coordinator.get(reverse("budgeting:reconciliation", args=[county_budget.pk]))
    outcome = page.context["outcome"]
    assert (outcome.duplicates, outcome.superseded) == (1, 2)
    close_voting(process)
    results.run_count(budget_id=county_budget.pk)
    results.run_count(budget_id=local_budget.pk)
    assert sorted(
        PaperBallot.objects.filter(budget=county_budget).values_list("sheet", "status")
    ) == [("1", "superseded"), ("2", "accepted"), ("3", "duplicate"), ("4", "superseded")]
    county_budget.refresh_from_db()
    county_result = results.published_result(county_budget)
    assert (county_result.run.ballots_counted, county_result.run.paper_counted) == (2, 1)
    assert {line.plan.title: line.votes for line in county_result.lines} == {"A": 1, "B": 2}
    local_budget.refresh_from_db()
    local_result = results.published_result(local_budget)
    assert (local_result.run.ballots_counted, local_result.run.paper_counted) == (0, 1)
    assert {line.plan.title: line.votes for line in local_result.lines} == {"C": 1}


@pytest.mark.django_db
def test_paper_entry_holds_a_voting_code_to_the_budgets_rules_as_online(org):
    process = make_process(org.county, voter_check="code")
    kajaani = org.county.municipalities.get(code="205")
    budget = make_budget(process, municipality=kajaani, residents_only=True)  # minimum age 12
    a = make_plan(budget, cost=10)
    year = timezone.localdate().year
    (young,) = voters.issue_codes(process=process, count=1, birth_year=year - 10)
    (elsewhere,) = voters.issue_codes(process=process, count=1, municipality_code="765")
    (resident,) = voters.issue_codes(
        process=process, count=1, municipality_code="205", birth_year=year - 20
    )
    staff = Client()
    staff.force_login(org.staff)
    url = reverse("budgeting:paper_entry", args=[budget.pk])
    sheet = {"booth": org.team_a1.pk, "sheet": "1", f"plan_{a.pk}": "on"}
    too_young = staff.post(url, {**sheet, "voting_code": young})
    assert too_young.status_code == 400
    assert "By this voting code the voter is younger than 12" in too_young.content.decode()
    other_place = staff.post(url, {**sheet, "voting_code": elsewhere})
    assert other_place.status_code == 400
    assert "Only residents of" in other_place.content.decode()
    assert PaperBallot.objects.count() == 0
    assert staff.post(url, {**sheet, "voting_code": resident}).status_code == 302
    assert PaperBallot.objects.get().voter_key == voters.hash_code(resident)


@pytest.mark.django_db
def test_first_vote_counts_rule_keeps_an_online_vote_changed_after_the_paper_ballot(org):
    # The online vote came first; changing it later does not make it a later vote.
    process = make_process(org.county, duplicate_rule="first_counts")
    budget = make_budget(process)
    a = make_plan(budget, cost=10, title="A")
    b = make_plan(budget, cost=10, title="B")
    person_key = voters.paper_key_from_identity_code(HETU)[0]
    voter = identified_client(org.resident, key=person_key)
    url = reverse("budgeting:vote", args=[budget.pk])
    voter.post(url, {f"plan_{a.pk}": "on"})
    Ballot.objects.update(submitted_at=timezone.now() - timedelta(hours=2))
    staff = Client()
    staff.force_login(org.staff)
    staff.post(
        reverse("budgeting:paper_entry", args=[budget.pk]),
        {"booth": org.team_a1.pk, "sheet": "7", "identity_code": HETU, f"plan_{b.pk}": "on"},
    )
    PaperBallot.objects.update(entered_at=timezone.now() - timedelta(hours=1))
    voter.post(url, {f"plan_{a.pk}": "on", f"plan_{b.pk}": "on"})
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    budget.refresh_from_db()
    result = results.published_result(budget)
    assert (result.run.ballots_counted, result.run.paper_counted) == (1, 0)
    assert {line.plan.title: line.votes for line in result.lines} == {"A": 1, "B": 1}
    assert PaperBallot.objects.get().status == "superseded"


@pytest.mark.django_db
def test_a_count_waits_until_every_paper_ballot_is_settled(org):
    process = make_process(org.county, double_entry=True)
    budget = make_budget(process)
    a = make_plan(budget, cost=10, title="A")
    b = make_plan(budget, cost=10, title="B")
    first, second = Client(), Client()
    first.force_login(org.staff)
    second.force_login(org.manager)
    url = reverse("budgeting:paper_entry", args=[budget.pk])
    sheet = {"booth": org.team_a1.pk, "sheet": "1", "identity_code": HETU, f"plan_{a.pk}": "on"}
    first.post(url, sheet)
    close_voting(process)
    coordinator = Client()
    coordinator.force_login(org.coordinator)
    count_url = reverse("budgeting:count", args=[budget.pk])
    waiting = coordinator.post(count_url, follow=True)
    assert "1 paper ballot waits for its second entry" in waiting.content.decode()
    second.post(url, {**sheet, f"plan_{a.pk}": "", f"plan_{b.pk}": "on"})
    with pytest.raises(ValidationError, match="1 paper ballot waits"):
        results.run_count(budget_id=budget.pk)
    assert CountRun.objects.count() == 0
    coordinator.post(
        reverse("budgeting:reconciliation", args=[budget.pk]),
        {"paper": PaperBallot.objects.get().pk, "use": "second"},
    )
    results.run_count(budget_id=budget.pk)
    budget.refresh_from_db()
    result = results.published_result(budget)
    assert result.run.paper_counted == 1
    assert {line.plan.title: line.votes for line in result.lines} == {"A": 0, "B": 1}


# --- one person, one key: the booth identifies voters as the process does online -----------------


BOOTH_MESSAGES = {
    "code": {
        "en": "In this vote, voters are identified by their voting code.",
        "fi": "Tässä äänestyksessä äänestäjät tunnistetaan äänestyskoodista.",
        "sv": "I den här omröstningen identifieras röstarna med sin röstningskod.",
    },
    "email": {
        "en": "In this vote, voters are identified by their email address.",
        "fi": "Tässä äänestyksessä äänestäjät tunnistetaan sähköpostiosoitteesta.",
        "sv": "I den här omröstningen identifieras röstarna med sin e-postadress.",
    },
    "strong": {
        "en": "In this vote, voters are identified by their personal identity code.",
        "fi": "Tässä äänestyksessä äänestäjät tunnistetaan henkilötunnuksesta.",
        "sv": "I den här omröstningen identifieras röstarna med sin personbeteckning.",
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("rule", ["online_overrides", "first_counts"])
def test_a_code_voter_at_the_booth_is_identified_by_code_and_counted_once(org, rule):
    # A resident votes online with the code from their letter, then votes again at a service
    # point. Identified there by their identity code they would get another voter key than
    # their code's, and both ballots would be counted; by their code, the duplicate rule sees
    # one person.
    process = make_process(org.county, voter_check="code", duplicate_rule=rule)
    budget = make_budget(process)
    a = make_plan(budget, cost=10, title="A")
    b = make_plan(budget, cost=10, title="B")
    (code,) = voters.issue_codes(process=process, count=1)
    online = Client()
    online.post(reverse("budgeting:vote_code", args=[budget.pk]), {"code": code})
    online.post(reverse("budgeting:vote", args=[budget.pk]), {f"plan_{b.pk}": "on"})
    assert Ballot.objects.get().status == "submitted"
    staff = Client()
    staff.force_login(org.staff)
    url = reverse("budgeting:paper_entry", args=[budget.pk])
    sheet = {"booth": org.team_a1.pk, "sheet": "1", f"plan_{a.pk}": "on"}

    by_identity_code = staff.post(url, {**sheet, "identity_code": HETU})

    assert by_identity_code.status_code == 400
    assert BOOTH_MESSAGES["code"]["en"] in by_identity_code.content.decode()
    assert PaperBallot.objects.count() == 0
    by_code = staff.post(url, {**sheet, "voting_code": code.lower()})
    assert by_code.status_code == 302
    assert PaperBallot.objects.get().voter_key == Ballot.objects.get().voter_key
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    budget.refresh_from_db()
    result = results.published_result(budget)
    assert (result.run.ballots_counted, result.run.paper_counted) == (1, 0)
    assert {line.plan.title: line.votes for line in result.lines} == {"A": 0, "B": 1}
    assert PaperBallot.objects.get().status == "superseded"


@pytest.mark.django_db
def test_an_email_voter_at_the_booth_is_identified_by_email_and_counted_once(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    process = make_process(org.county, voter_check="email", duplicate_rule="first_counts")
    budget = make_budget(process)
    a = make_plan(budget, cost=10, title="A")
    b = make_plan(budget, cost=10, title="B")
    online = Client()
    with django_capture_on_commit_callbacks(execute=True):
        online.post(reverse("budgeting:vote_email", args=[budget.pk]), {"email": "v@example.test"})
    code = next(w.strip(".") for w in mailoutbox[0].body.split() if w.strip(".").isdigit())
    online.post(
        reverse("budgeting:vote_email_verify", args=[budget.pk]),
        {"email": "v@example.test", "code": code},
    )
    online.post(reverse("budgeting:vote", args=[budget.pk]), {f"plan_{b.pk}": "on"})
    Ballot.objects.update(submitted_at=timezone.now() - timedelta(hours=1))
    staff = Client()
    staff.force_login(org.staff)
    url = reverse("budgeting:paper_entry", args=[budget.pk])
    sheet = {"booth": org.team_a1.pk, "sheet": "1", f"plan_{a.pk}": "on"}

    refused = [
        staff.post(url, {**sheet, "identity_code": HETU}),
        staff.post(url, {**sheet, "email": "not an address"}),
    ]
    entered = staff.post(url, {**sheet, "email": " V@Example.test "})

    assert [r.status_code for r in refused] == [400, 400]
    assert BOOTH_MESSAGES["email"]["en"] in refused[0].content.decode()
    assert entered.status_code == 302
    assert PaperBallot.objects.get().voter_key == voters.email_key("v@example.test")
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    budget.refresh_from_db()
    result = results.published_result(budget)
    assert (result.run.ballots_counted, result.run.paper_counted) == (1, 0)
    assert PaperBallot.objects.get().status == "superseded"  # the online vote came first
    assert "v@example.test" not in str(PaperBallot.objects.values().get()).lower()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fi", "sv"])
@pytest.mark.parametrize(
    ("voter_check", "field", "other"),
    [
        ("code", "voting_code", {"identity_code": HETU}),
        ("email", "email", {"identity_code": HETU}),
        ("strong", "identity_code", {"voting_code": "ABCD-EFGH-JKLM"}),
    ],
)
def test_the_booth_form_asks_only_for_the_processs_identifier(
    org, language, voter_check, field, other
):
    process = make_process(org.county, voter_check=voter_check)
    budget = make_budget(process)
    a = make_plan(budget, cost=10)
    staff = Client()
    staff.force_login(org.staff)
    with translation.override(language):
        url = reverse("budgeting:paper_entry", args=[budget.pk])

    page = staff.get(url).content.decode()
    missing = staff.post(url, {"booth": org.team_a1.pk, "sheet": "1", f"plan_{a.pk}": "on"})
    wrong = staff.post(url, {"booth": org.team_a1.pk, "sheet": "1", f"plan_{a.pk}": "on", **other})

    names = {"identity_code", "voting_code", "email"}
    assert [n for n in sorted(names) if f'name="{n}"' in page] == [field]
    assert (missing.status_code, wrong.status_code) == (400, 400)
    assert BOOTH_MESSAGES[voter_check][language] in missing.content.decode()
    assert BOOTH_MESSAGES[voter_check][language] in wrong.content.decode()
    assert PaperBallot.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("voter_check", "identifiers"),
    [
        ("code", {"identity_code": HETU}),
        ("code", {"email": "v@example.test"}),
        ("email", {"identity_code": HETU}),
        ("email", {"email": "v@example.test", "identity_code": HETU}),
        ("strong", {"email": "v@example.test"}),
        ("strong", {"identity_code": HETU, "voting_code": "ABCD-EFGH-JKLM"}),
    ],
)
def test_a_sheet_identified_otherwise_than_the_process_is_refused_by_the_service(
    org, voter_check, identifiers
):
    from kuulu.budgeting import paper

    budget = make_budget(make_process(org.county, voter_check=voter_check))
    a = make_plan(budget, cost=10)
    with pytest.raises(ValidationError) as refused:
        paper.enter_paper_ballot(
            budget=budget,
            booth=org.team_a1,
            sheet="1",
            choices={str(a.pk): 1},
            actor=org.staff,
            **identifiers,
        )
    codes = [error.code for errors in refused.value.error_dict.values() for error in errors]
    assert codes == ["identification"]
    assert PaperBallot.objects.count() == 0


# --- role matrix -------------------------------------------------------------------------------

STAFF_PAGES = {
    # page: roles allowed
    "manage": {"coordinator", "admin"},
    "paper_entry": {"staff", "other_staff", "manager", "coordinator"},
    "reconciliation": {"coordinator", "admin"},
    "turnout": {"coordinator", "admin"},
    "review": {"manager", "coordinator", "admin"},
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["anonymous", "resident", "other_staff", "staff", "manager", "coordinator", "admin"]
)
def test_role_matrix(org, clients, role):
    process = make_process(org.county, phase="review")
    budget = make_budget(process)
    proposal = make_proposal(process)
    urls = {
        "manage": reverse("budgeting:manage", args=[process.pk]),
        "paper_entry": reverse("budgeting:paper_entry", args=[budget.pk]),
        "reconciliation": reverse("budgeting:reconciliation", args=[budget.pk]),
        "turnout": reverse("budgeting:turnout", args=[budget.pk]),
        "review": reverse("budgeting:review", args=[proposal.pk]),
    }
    client = clients[role]
    for name, url in urls.items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, name
        elif role in STAFF_PAGES[name]:
            assert response.status_code == 200, (name, role)
        else:
            assert response.status_code == 403, (name, role)
    # a refused change changes nothing
    response = client.post(urls["review"], {"action": "decide", "accept": "0", "reason": "No."})
    proposal.refresh_from_db()
    if role in {"coordinator", "admin"}:
        assert proposal.status == Proposal.Status.REJECTED
    else:
        assert response.status_code in (302, 403, 200)
        assert proposal.status == Proposal.Status.SUBMITTED


@pytest.mark.django_db
def test_comment_moderation(org):
    process = make_process(org.county, phase="proposals")
    proposal = make_proposal(process)
    resident = Client()
    resident.force_login(org.resident)
    resident.post(reverse("budgeting:comment", args=[proposal.pk]), {"text": "Great idea"})
    comment = ProposalComment.objects.get()
    assert b"Great idea" in Client().get(reverse("budgeting:proposal", args=[proposal.pk])).content
    denied = resident.post(
        reverse("budgeting:moderate_comment", args=[comment.pk]), {"hidden": "1"}
    )
    assert denied.status_code == 403
    coordinator = Client()
    coordinator.force_login(org.coordinator)
    coordinator.post(reverse("budgeting:moderate_comment", args=[comment.pk]), {"hidden": "1"})
    assert (
        b"Great idea" not in Client().get(reverse("budgeting:proposal", args=[proposal.pk])).content
    )


@pytest.mark.django_db
def test_public_pages_render(org):
    process = make_process(org.county)
    budget = make_budget(process)
    plan = make_plan(budget)
    proposal = make_proposal(process)
    client = Client()
    for url in [
        reverse("budgeting:index"),
        reverse("budgeting:process", args=[process.pk]),
        reverse("budgeting:proposal", args=[proposal.pk]),
        reverse("budgeting:plan", args=[plan.pk]),
        reverse("budgeting:results", args=[budget.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    hidden = make_process(org.county, is_published=False)
    assert client.get(reverse("budgeting:process", args=[hidden.pk])).status_code == 404
    assert make_user  # factory import kept for the browser tests


@pytest.mark.django_db
def test_front_page_shows_the_current_phase(org):
    process = make_process(org.county, phase="voting", title="Nuorten budjetti")
    html = Client().get("/en/").content.decode()
    assert "Nuorten budjetti" in html
    assert "Now: Voting" in html
    assert reverse("budgeting:process", args=[process.pk]).replace("/fi/", "/en/") in html


@pytest.mark.django_db
def test_coordinator_makes_voting_codes_that_work(org):
    process = make_process(org.county, voter_check="code")
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    coordinator = Client()
    coordinator.force_login(org.coordinator)
    url = reverse("budgeting:codes", args=[process.pk])
    assert Client().post(url, {"count": 3}).status_code == 302
    staff = Client()
    staff.force_login(org.staff)
    assert staff.post(url, {"count": 3}).status_code == 403
    assert VotingCode.objects.count() == 0
    response = coordinator.post(url, {"count": 3})
    codes = response.content.decode("utf-8-sig").splitlines()[1:]
    assert len(codes) == 3
    assert VotingCode.objects.count() == 3
    voter = Client()
    voter.post(reverse("budgeting:vote_code", args=[budget.pk]), {"code": codes[1]})
    voter.post(reverse("budgeting:vote", args=[budget.pk]), {f"plan_{plan.pk}": "on"})
    assert Ballot.objects.count() == 1


@pytest.mark.django_db
def test_vote_posted_after_voting_closed_is_refused(org):
    process = make_process(org.county)
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    client = identified_client(org.resident)
    close_voting(process)
    response = client.post(reverse("budgeting:vote", args=[budget.pk]), {f"plan_{plan.pk}": "on"})
    assert response.status_code == 409
    assert b"Voting is not open" in response.content
    assert Ballot.objects.count() == 0


@pytest.mark.django_db
def test_the_pabulib_export_waits_until_every_paper_ballot_is_settled(org):
    process = make_process(org.county, double_entry=True)
    budget = make_budget(process)
    a = make_plan(budget, cost=10, title="A")
    staff = Client()
    staff.force_login(org.staff)
    sheet = {"booth": org.team_a1.pk, "sheet": "1", "identity_code": HETU, f"plan_{a.pk}": "on"}
    staff.post(reverse("budgeting:paper_entry", args=[budget.pk]), sheet)
    close_voting(process)
    coordinator = Client()
    coordinator.force_login(org.coordinator)
    response = coordinator.get(reverse("budgeting:export", args=[budget.pk]), follow=True)
    assert "would be left out of the file" in response.content.decode()
    assert "attachment" not in response.get("Content-Disposition", "")
    with pytest.raises(ValidationError, match="1 paper ballot waits"):
        results.export_pabulib(budget=budget, actor=None)
