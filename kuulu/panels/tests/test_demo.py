import pytest

from kuulu.panels import services
from kuulu.panels.demo import RESIDENT_PANEL, load_panels_demo
from kuulu.panels.models import Invitee, Panel

pytestmark = pytest.mark.django_db


def test_demo_panel_is_drawn_verifiable_and_idempotent(org):
    from kuulu.organisation.tests.factories import make_municipality

    for code, name in [("290", "Kuhmo"), ("765", "Sotkamo"), ("777", "Suomussalmi")]:
        make_municipality(org.county, code=code, name_fi=name)
    assert load_panels_demo(org.county) == 2
    panel = Panel.objects.get(title_fi=RESIDENT_PANEL)
    assert panel.status == Panel.Status.RESPONDED
    assert panel.invited_count == 300
    assert panel.volunteers.count() == 120
    assert len(panel.draw.selected_ids) == 24
    assert panel.volunteers.filter(selected=True).count() == 24
    assert not Invitee.objects.filter(panel=panel).exists()
    assert services.verify_draw(panel=panel).matches
    assert load_panels_demo(org.county) == 0
    other = Panel.objects.exclude(pk=panel.pk).get()
    assert other.volunteering_open()
    assert other.invitees.count() == 40
