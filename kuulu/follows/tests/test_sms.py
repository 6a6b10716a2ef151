"""The HTTP SMS backend against a local fake provider (a real HTTP server on a free port)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from kuulu.follows import sms


class _Provider(BaseHTTPRequestHandler):
    received: list[dict] = []
    answers: list[int] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Provider.received.append(
            {"auth": self.headers["Authorization"], "body": json.loads(self.rfile.read(length))}
        )
        status = _Provider.answers.pop(0) if _Provider.answers else 202
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def provider() -> Iterator[str]:
    _Provider.received = []
    _Provider.answers = []
    server = HTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1/sms"
    server.shutdown()
    server.server_close()


def test_the_http_backend_posts_the_documented_request(provider, settings):
    settings.FOLLOWS_SMS_BACKEND = "http"
    settings.FOLLOWS_SMS_URL = provider
    settings.FOLLOWS_SMS_TOKEN = "secret-token"
    settings.FOLLOWS_SMS_SENDER = "Kainuu"
    sms.backend().send(sms.Sms(to="+358401234567", text="Kysely avautui"))
    assert _Provider.received == [
        {
            "auth": "Bearer secret-token",
            "body": {"sender": "Kainuu", "destination": "+358401234567", "text": "Kysely avautui"},
        }
    ]


def test_a_refusal_by_the_provider_raises_for_a_retry(provider):
    _Provider.answers = [503]
    backend = sms.HttpBackend(url=provider, token="t", sender="K")
    with pytest.raises(sms.SmsError, match="HTTP 503"):
        backend.send(sms.Sms(to="+358401234567", text="x"))


def test_an_unreachable_provider_raises_for_a_retry(provider):
    backend = sms.HttpBackend(url="http://127.0.0.1:9/none", token="t", sender="K")
    with pytest.raises(sms.SmsError):
        backend.send(sms.Sms(to="+358401234567", text="x"))


def test_field_names_follow_the_settings(provider):
    backend = sms.HttpBackend(
        url=provider, token="t", sender="K", fields={"to": "to", "text": "message"}
    )
    backend.send(sms.Sms(to="+46701234567", text="Hej"))
    assert _Provider.received[0]["body"] == {"sender": "K", "to": "+46701234567", "message": "Hej"}


def test_the_http_backend_fails_fast_when_misconfigured(settings):
    settings.FOLLOWS_SMS_BACKEND = "http"
    settings.FOLLOWS_SMS_URL = ""
    with pytest.raises(ImproperlyConfigured):
        sms.backend()
    settings.FOLLOWS_SMS_BACKEND = "carrier-pigeon"
    with pytest.raises(ImproperlyConfigured):
        sms.backend()


def test_the_console_logs_a_length_and_a_code_never_the_number_or_the_text(caplog):
    backend = sms.ConsoleBackend()
    with caplog.at_level("INFO", logger=sms.logger.name):
        backend.send(sms.Sms(to="+358401234567", text="Kysely avautui: https://x/stop/abc"))
        backend.send(
            sms.Sms(to="+358401234567", text="Koodisi on 123456.", console_note="code 123456")
        )
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "34 characters" in logged
    assert "code 123456" in logged
    assert "4567" not in logged
    assert "stop/abc" not in logged
