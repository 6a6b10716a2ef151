import pytest

from kuulu.experts.models import Engagement, ExperienceArea, ExpertProfile, ExpertRequest
from kuulu.organisation.models import Person
from kuulu.workspace.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_is_loaded_once_and_uses_the_demo_expert():
    first = load_demo()
    assert first["experts"] > 0
    assert load_demo()["experts"] == 0
    assert ExperienceArea.objects.count() == 8
    assert ExpertProfile.objects.count() == 11
    riikka = Person.objects.get(email="kokemusasiantuntija@kuulu.example")
    assert riikka.expert_profile.person.user is not None
    assert Person.objects.filter(first_name="Riikka", last_name="Huotari").count() == 1
    assert ExpertRequest.objects.filter(status="open").count() == 1
    engagement = Engagement.objects.get()
    assert (engagement.profile.person, engagement.status) == (riikka, "done")
    assert engagement.debrief_note
