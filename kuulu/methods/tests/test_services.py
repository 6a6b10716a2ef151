"""Import and export: round trip, diffs, conflicts with local edits, all-or-nothing; the expert
pool, support requests and logged uses."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kuulu.methods import exchange, services
from kuulu.methods.models import MethodCard, SupportRequest
from kuulu.methods.tests.factories import card_data, document, make_card
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db


def test_export_then_import_into_another_county_round_trips(org):
    card = make_card(org.county, perspectives=["service", "strategy"], tool="panels")
    exported = services.export_cards(county=org.county)
    assert exported["provenance"]["county"] == org.county.name
    other = make_county()
    raw = json.dumps(exported)
    result = services.import_cards(county=other, document=exchange.parse(raw))
    assert (result.created, result.updated, result.unchanged, result.kept_local) == (1, 0, 0, 0)
    copy = MethodCard.objects.get(county=other)
    assert copy.uid == card.uid
    assert copy.status == MethodCard.Status.DRAFT
    assert copy.source_county == "Testin hyvinvointialue"
    assert services.card_to_exchange(copy) | {"written_by": None} == services.card_to_exchange(
        card
    ) | {"written_by": None}
    again = services.export_cards(county=other)
    assert again["cards"][0]["name"] == exported["cards"][0]["name"]


def test_reimport_of_the_same_file_changes_nothing(org):
    data = card_data()
    services.import_cards(county=org.county, document=document(data))
    result = services.import_cards(county=org.county, document=document(data))
    assert (result.created, result.unchanged) == (0, 1)
    assert MethodCard.objects.filter(county=org.county).count() == 1


def test_a_newer_version_updates_a_card_not_edited_here(org):
    data = card_data()
    services.import_cards(county=org.county, document=document(data))
    newer = dict(data, summary={"fi": "Uusi tiivistelmä.", "sv": "", "en": "New summary."})
    plan = services.plan_import(county=org.county, document=document(newer))
    assert plan.items[0].action == "update"
    assert [c.field for c in plan.items[0].changes] == [
        "summary.fi",
        "summary.sv",
        "summary.en",
    ]
    services.import_cards(county=org.county, document=document(newer))
    assert MethodCard.objects.get(uid=data["uid"]).summary_en == "New summary."


def test_local_edits_are_never_overwritten_silently(org):
    data = card_data()
    services.import_cards(county=org.county, document=document(data))
    card = MethodCard.objects.get(uid=data["uid"])
    card.summary_fi = "Meidän versiomme."
    card.save()
    newer = dict(data, summary={"fi": "Heidän versionsa.", "sv": "", "en": ""})
    plan = services.plan_import(county=org.county, document=document(newer))
    assert plan.items[0].action == "conflict"
    change = next(c for c in plan.items[0].changes if c.field == "summary.fi")
    assert (change.local, change.incoming) == ("Meidän versiomme.", "Heidän versionsa.")
    result = services.import_cards(county=org.county, document=document(newer))
    assert result.kept_local == 1
    card.refresh_from_db()
    assert card.summary_fi == "Meidän versiomme."
    # Only when the coordinator chooses so, after seeing the diff.
    services.import_cards(
        county=org.county, document=document(newer), overwrite=frozenset({data["uid"]})
    )
    card.refresh_from_db()
    assert card.summary_fi == "Heidän versionsa."
    assert not services.is_locally_edited(card)


def test_an_invalid_file_imports_nothing(org):
    good, bad = card_data(), card_data(cost="free")
    with pytest.raises(exchange.ExchangeError):
        services.import_cards(county=org.county, document=document(good, bad))
    assert MethodCard.objects.count() == 0


def test_slug_taken_by_a_local_card_gets_a_suffix(org):
    make_card(org.county, slug="forum")
    make_card(org.county, slug="forum")
    assert sorted(MethodCard.objects.values_list("slug", flat=True)) == ["forum", "forum-2"]


def test_expert_pool_and_support_flow(org):
    card = make_card(org.county)
    expert = services.add_expert(
        county=org.county, person=org.other_staff_person, languages=["fi", "sv"]
    )
    services.add_skill(expert=expert, method=card, trained_by="Kainuu", earlier_uses=2)
    support = services.request_support(
        unit=org.team_a1, method=card, need="Suunnitteluapua", actor=org.staff
    )
    assert support.status == SupportRequest.Status.REQUESTED
    with pytest.raises(ValidationError):
        services.record_support(support=support, support_given="x", actor=org.coordinator)
    services.assign_expert(support=support, expert=expert, actor=org.coordinator)
    support = services.record_support(
        support=support, support_given="Kaksi suunnittelupalaveria.", actor=org.coordinator
    )
    assert support.status == SupportRequest.Status.DONE
    with pytest.raises(ValidationError):
        services.assign_expert(support=support, expert=expert, actor=org.coordinator)


def test_only_staff_of_the_county_are_experts(org):
    with pytest.raises(ValidationError):
        services.add_expert(county=org.county, person=org.resident_person, languages=["fi"])
    other = make_county()
    stranger = make_person(other, kind="staff", unit=make_unit(other))
    with pytest.raises(ValidationError):
        services.add_expert(county=org.county, person=stranger, languages=["fi"])


def test_a_use_cannot_be_in_the_future_or_of_another_county(org):
    card = make_card(org.county)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError):
        services.log_use(
            unit=org.unit_a, method=card, used_on=tomorrow, with_whom="x", participants=1
        )
    foreign = make_card(make_county())
    with pytest.raises(ValidationError):
        services.log_use(
            unit=org.unit_a, method=foreign, used_on=date(2026, 1, 5), with_whom="x", participants=1
        )


def test_support_is_recorded_only_on_an_open_request(org):
    # Two coordinators: one cancels the request while the other still has the record form
    # open. The cancelled request must not turn into "support given".
    card = make_card(org.county)
    expert = services.add_expert(county=org.county, person=org.other_staff_person, languages=["fi"])
    support = services.request_support(unit=org.team_a1, method=card, need="Apua", actor=org.staff)
    services.assign_expert(support=support, expert=expert, actor=org.coordinator)
    services.cancel_support(support=support, actor=org.coordinator)
    with pytest.raises(ValidationError) as info:
        services.record_support(support=support, support_given="Palaveri.", actor=org.coordinator)
    assert info.value.messages == ["This request is already closed."]
    support.refresh_from_db()
    assert (support.status, support.support_given) == ("cancelled", "")
    # and support given once is not overwritten by a second save
    other = services.request_support(unit=org.team_a1, method=card, need="Apua", actor=org.staff)
    services.assign_expert(support=other, expert=expert, actor=org.coordinator)
    services.record_support(support=other, support_given="Ensimmäinen.", actor=org.coordinator)
    with pytest.raises(ValidationError):
        services.record_support(support=other, support_given="Toinen.", actor=org.coordinator)
    other.refresh_from_db()
    assert (other.status, other.support_given) == ("done", "Ensimmäinen.")
