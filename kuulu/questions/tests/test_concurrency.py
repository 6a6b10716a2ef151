"""Support under real concurrency on PostgreSQL."""

import pytest
from django.core import signing

from kuulu.core.tests.concurrency import race
from kuulu.organisation.tests.factories import make_county, make_person
from kuulu.questions import services
from kuulu.questions.models import Question, Support

pytestmark = pytest.mark.postgres


def test_a_person_supporting_signed_in_and_by_email_at_once_counts_once(postgres):
    county = make_county()
    asker = make_person(county, email="asker@example.test")
    supporter = make_person(county, email="tuki@example.test")
    for n in range(5):
        question = services.ask_question(county=county, text=f"Kysymys {n}", user=asker.user)
        token = signing.dumps(
            {"q": question.pk, "h": services.supporter_key("Tuki@Example.test")},
            salt=services.SUPPORT_SALT,
        )

        outcomes = race(
            lambda q=question: services.support(question=q, user=supporter.user),
            lambda t=token: services.confirm_support(token=t)[1],
        )

        assert sorted(outcome for _kind, outcome in outcomes) == [False, True]
        question.refresh_from_db()
        assert question.support_count == 1
        assert Support.objects.filter(question=question).count() == 1
    assert Question.objects.count() == 5
