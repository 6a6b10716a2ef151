import pytest
from django.utils import translation

from kuulu.core.templatetags.kuulu_i18n import tr
from kuulu.organisation.models import Municipality
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.django_db


def test_tr_marks_finnish_fallback_and_escapes():
    county = make_county()
    kajaani = Municipality.objects.create(
        county=county, code="205", name_fi="Kajaani", name_sv="Kajana"
    )
    kuhmo = Municipality.objects.create(county=county, code="290", name_fi="Kuhmo <b>")
    with translation.override("sv"):
        assert tr(kajaani, "name") == "Kajana"
        assert tr(kuhmo, "name") == '<span lang="fi">Kuhmo &lt;b&gt;</span>'
    with translation.override("fi"):
        assert tr(kuhmo, "name") == "Kuhmo <b>"
    assert tr(None, "name") == ""


def test_until_ends_a_period_closing_at_local_midnight_with_the_day_before():
    from datetime import UTC, datetime

    from kuulu.core.templatetags.kuulu_dates import until

    # 22:00 UTC in December is 00:00 in Helsinki: the period's last day is the 14th.
    assert until(datetime(2026, 12, 14, 22, 0, tzinfo=UTC)) == "14.12.2026"
    # 21:00 UTC in June is 00:00 in Helsinki (summer time).
    assert until(datetime(2026, 6, 30, 21, 0, tzinfo=UTC)) == "30.6.2026"
    # Midnight UTC is 02:00 in Helsinki: the time is shown.
    assert until(datetime(2026, 12, 15, 0, 0, tzinfo=UTC)) == "15.12.2026 02:00"
    assert until(None) == ""
