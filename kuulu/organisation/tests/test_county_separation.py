"""A coordinator of another county gets nowhere with this county's panels, channels and
experience experts (a deployment may host several counties)."""

import pytest
from django.test import Client
from django.urls import reverse

from kuulu.channels.models import Membership
from kuulu.channels.tests.factories import make_council, make_member
from kuulu.experts.models import TrainingRecord
from kuulu.experts.tests.factories import make_expert
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.panels.tests.factories import make_panel, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger():
    county = make_county()
    person = make_person(
        county, kind="staff", unit=make_unit(county, code="muu"), is_coordinator=True
    )
    client = Client()
    client.force_login(person.user)
    return client


def test_panels_of_another_county_are_closed(org, stranger):
    panel = make_panel(org.county)
    make_volunteer(panel, 1)
    for name in ["panels:panel_manage", "panels:edit", "panels:volunteers", "panels:workspace"]:
        assert stranger.get(reverse(name, args=[panel.pk])).status_code == 403, name
    assert panel.title not in stranger.get(reverse("panels:manage")).content.decode()


def test_channels_of_another_county_are_closed(org, stranger):
    council = make_council(org.county)
    membership = make_member(council)
    for url in [
        reverse("channels:manage_channel", args=[council.pk]),
        reverse("channels:channel_edit", args=[council.pk]),
        reverse("channels:workspace", args=[council.pk]),
    ]:
        assert stranger.get(url).status_code == 403, url
    stranger.post(
        reverse("channels:membership_end", args=[membership.pk]), {"term_end": "2026-01-01"}
    )
    membership.refresh_from_db()
    assert membership.term_end is None


def test_expert_profiles_of_another_county_are_closed(org, stranger):
    profile = make_expert(org.county)
    assert stranger.get(reverse("experts:profile_edit", args=[profile.pk])).status_code == 403
    stranger.post(
        reverse("experts:training_add", args=[profile.pk]),
        {"course": "Kokemusasiantuntijakoulutus", "completed_on": "2025-05-01"},
    )
    assert not TrainingRecord.objects.filter(profile=profile).exists()
    assert Membership.objects.count() == 0
