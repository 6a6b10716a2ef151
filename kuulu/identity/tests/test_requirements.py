"""Per-process identification rules, and their use in feedback: initiatives and own cases."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, models, transaction
from django.test import Client
from django.utils import timezone, translation

from kuulu.accounts.models import User
from kuulu.core.models import AuditEvent
from kuulu.feedback.models import Feedback, Initiative
from kuulu.feedback.tests.factories import make_feedback
from kuulu.identity import requirements
from kuulu.identity.ballots import PersonKeyField, one_per_person_constraint, one_per_person_key
from kuulu.identity.models import CaseLink, IdentificationPolicy, StrongIdentity
from kuulu.identity.requirements import Level

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def identified_client(
    user: User, *, level: str = Level.HIGH, municipality: str = "205", key: str = "k" * 64
) -> Client:
    """A session as the Suomi.fi callback leaves it (the flow itself: test_strong_id)."""
    identity = StrongIdentity.objects.create(
        user=user, person_key=key, level=level, home_municipality_code=municipality
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[requirements.SESSION_KEY] = {
        "level": level,
        "at": timezone.now().timestamp(),
        "identity_id": identity.pk,
        "user_id": user.pk,
    }
    session.save()
    return client


INITIATIVE = {
    "title": "Iltavastaanotto",
    "text": "Terveysasemalle iltavastaanotto kerran viikossa.",
    "language": "fi",
    "signer-TOTAL_FORMS": "1",
    "signer-INITIAL_FORMS": "0",
    "signer-0-name": "Aino",
    "signer-0-basis": "resident",
    "signer-0-email": "aino@example.test",
}


def test_initiatives_need_no_identification_by_default(client, org):
    assert client.get("/en/feedback/initiative/").status_code == 200


def test_a_policy_requiring_strong_identification_turns_others_away(client, org):
    IdentificationPolicy.objects.create(key="feedback.initiative", level=Level.SUBSTANTIAL)
    signed_in = Client()
    signed_in.force_login(org.resident)

    for c in (client, signed_in):
        response = c.post("/en/feedback/initiative/", INITIATIVE)
        assert response.status_code == 403
        assert "Identification needed" in response.text
        assert "strong identification (substantial)" in response.text
    assert Initiative.objects.count() == 0


def test_a_strongly_identified_resident_of_the_county_may_submit_and_it_is_linked(org):
    IdentificationPolicy.objects.create(
        key="feedback.initiative", level=Level.SUBSTANTIAL, residents_only=True
    )
    client = identified_client(org.resident)

    response = client.post("/en/feedback/initiative/", INITIATIVE)

    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert CaseLink.objects.filter(
        person_key="k" * 64, object_type="feedback.initiative", object_id=initiative.pk
    ).exists()


def test_residents_only_turns_away_a_person_from_outside_the_county(org):
    IdentificationPolicy.objects.create(
        key="feedback.initiative", level=Level.SUBSTANTIAL, residents_only=True
    )
    client = identified_client(org.resident, municipality="091")

    response = client.post("/en/feedback/initiative/", INITIATIVE)

    assert response.status_code == 403
    assert "Only residents of the county" in response.text
    assert Initiative.objects.count() == 0


def test_a_high_level_policy_is_not_met_by_substantial(org):
    IdentificationPolicy.objects.create(key="feedback.initiative", level=Level.HIGH)
    client = identified_client(org.resident, level=Level.SUBSTANTIAL)

    assert client.get("/en/feedback/initiative/").status_code == 403


def test_own_cases_need_strong_identification(client, org):
    signed_in = Client()
    signed_in.force_login(org.resident)

    assert client.get("/en/feedback/mine/").status_code == 403
    assert signed_in.get("/en/feedback/mine/").status_code == 403


def test_a_resident_sees_only_their_own_cases_and_the_read_is_audited(org):
    client = identified_client(org.resident)
    given = client.post(
        "/en/feedback/give/", {"kind": "idea", "text": "More benches in the park", "language": "en"}
    )
    assert given.status_code == 302
    mine = Feedback.objects.get()
    someone_elses = make_feedback(org.county, text="Not mine at all")

    response = client.get("/en/feedback/mine/")

    assert response.status_code == 200
    assert mine.reference in response.text
    assert someone_elses.reference not in response.text
    assert AuditEvent.objects.filter(action="view", object_type="feedback.own_cases").count() == 1


def test_an_expired_identification_no_longer_shows_own_cases(org, settings):
    client = identified_client(org.resident)
    session = client.session
    session[requirements.SESSION_KEY]["at"] -= settings.KUULU_STRONG_ID_MAX_AGE + 1
    session.save()

    assert client.get("/en/feedback/mine/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_one_per_person_key_and_the_constraint_pattern(org):
    identified_client(org.resident, key="a" * 64)
    assert one_per_person_key(org.resident) == "a" * 64
    assert one_per_person_key(org.staff) is None

    class Ballot(models.Model):
        vote = models.IntegerField()
        person_key = PersonKeyField()

        class Meta:
            app_label = "identity"
            constraints = [one_per_person_constraint("vote", name="test_ballot_one_per_person")]

        def __str__(self) -> str:
            return f"ballot:{self.pk}"

    with connection.schema_editor() as editor:
        editor.create_model(Ballot)
    try:
        Ballot.objects.create(vote=1, person_key="a" * 64)
        Ballot.objects.create(vote=1, person_key=None)
        Ballot.objects.create(vote=1, person_key=None)  # ballots without a key are not limited
        Ballot.objects.create(vote=2, person_key="a" * 64)
        with pytest.raises(IntegrityError), transaction.atomic():
            Ballot.objects.create(vote=1, person_key="a" * 64)
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Ballot)
