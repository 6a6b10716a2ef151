"""gunicorn's access log: valid JSON, no client address, no query string, tokens masked."""

from __future__ import annotations

import json
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

from kuulu.core.accesslog import AccessLogger, mask_path

CONF = Path(__file__).resolve().parents[1] / "gunicorn_conf.py"


def gunicorn_conf(monkeypatch, tmp_path) -> dict:  # type: ignore[no-untyped-def]
    """The configuration's values. Read with runpy, never imported: it sets the Prometheus
    directory in the environment, which must not leak into the other tests of this process."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    return runpy.run_path(str(CONF))


def test_tokens_in_paths_are_masked():
    assert mask_path("/fi/events/cancel/Zk3x9_QmTq1vR8sL2pW0aBcD/") == "/fi/events/cancel/<token>/"
    assert mask_path("/fi/surveys/12/resume/abcdefghij0123456789xyz") == (
        "/fi/surveys/12/resume/<token>"
    )
    # Kuulu's own words and ids stay readable.
    assert mask_path("/fi/feedback/you-said-we-did/") == "/fi/feedback/you-said-we-did/"
    assert mask_path("/fi/events/123/") == "/fi/events/123/"
    assert mask_path("/fi/workspace/organisation/units/42/") == (
        "/fi/workspace/organisation/units/42/"
    )


def test_access_log_line_is_json_without_address_query_or_token(monkeypatch, tmp_path):
    conf = gunicorn_conf(monkeypatch, tmp_path)
    cfg = Config()
    cfg.set("logger_class", AccessLogger)
    logger = AccessLogger(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/fi/events/cancel/Zk3x9_QmTq1vR8sL2pW0aBcD/?email=a@example.test",
        "PATH_INFO": '/fi/events/cancel/Zk3x9_QmTq1vR8sL2pW0aBcD/"x',
        "QUERY_STRING": "email=a@example.test",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    request = SimpleNamespace(headers=[])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=12))
    line = conf["access_log_format"] % atoms
    entry = json.loads(line)
    assert entry["path"] == '/fi/events/cancel/<token>/"x'
    assert entry["method"] == "GET"
    assert entry["status"] == 200
    assert entry["duration_us"] == 12000
    assert "203.0.113.9" not in line
    assert "example.test" not in line
    assert conf["logger_class"] is AccessLogger
