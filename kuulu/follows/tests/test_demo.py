import pytest

from kuulu.follows.demo import load_follows_demo
from kuulu.follows.models import Follow

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent(org):
    first = load_follows_demo(org.county)
    assert first == 1 + Follow.objects.count()
    assert {"county", "service"} <= set(Follow.objects.values_list("target_kind", flat=True))
    assert load_follows_demo(org.county) == 0
