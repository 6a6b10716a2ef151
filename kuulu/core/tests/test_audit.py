import pytest

from kuulu.core.audit import record_event
from kuulu.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_changed_or_deleted(org):
    event = record_event(action="view", obj=org.staff_person, actor=org.coordinator)
    event.summary = "changed"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="changed")
    assert AuditEvent.objects.get(pk=event.pk).summary == ""


def test_audit_event_names_object_without_copying_personal_data(org):
    event = record_event(action="view", obj=org.staff_person, actor=org.coordinator)
    assert event.object_type == "organisation.person"
    assert event.object_id == str(org.staff_person.pk)
    assert event.actor_label == f"user:{org.coordinator.pk}"
    assert org.staff_person.last_name not in str(event)


def test_client_ip_trusts_only_the_proxys_own_forwarded_entry(rf, settings):
    from kuulu.core.audit import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7", REMOTE_ADDR="127.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.7"
    settings.TRUSTED_PROXY_COUNT = 2  # two proxies: the client is the second from the right
    assert client_ip(request) == "6.6.6.6"
