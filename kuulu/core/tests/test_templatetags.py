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
