import logging

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fi", "Sivua ei löytynyt"), ("sv", "Sidan hittades inte"), ("en", "Page not found")],
)
def test_unknown_url_gets_translated_404(language, heading):
    response = Client().get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html


@override_settings(ROOT_URLCONF="kuulu.core.tests.urls_crash", DEBUG=False)
def test_server_error_page_shows_no_internals_and_is_logged(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "secret internal detail" not in html
    assert "Traceback" not in html
    assert any(record.levelno == logging.ERROR for record in caplog.records)


def test_security_headers_on_pages():
    response = Client().get("/fi/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts():
    html = Client().get("/fi/").content.decode()
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag


def test_root_redirects_to_language_prefix():
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 302
    assert response["Location"] == "/sv/"
    response = Client().get("/")
    assert response["Location"] == "/fi/"


def test_robots_txt():
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /api/" in response.content.decode()
