"""The coordinator's triage page (learning curve chart and table) and a case whose triage
suggestion is unsure pass axe in fi, sv and en."""

from __future__ import annotations

import json

import pytest

from tests.browser.test_accessibility import LANGUAGES, check_pages, pytestmark, sign_in

__all__ = ["pytestmark"]

COORDINATOR = "koordinaattori@kuulu.example"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_triage_pages_have_no_serious_accessibility_violations(
    browser, live_server, demo, lang, tmp_path, monkeypatch
):
    from kuulu.feedback.models import Feedback
    from kuulu.feedback.triage import status

    curve = {
        "test_examples": 300,
        "rows": [
            {
                "corrections": n,
                "distinct": min(n, 400),
                "kind_accuracy": 0.8,
                "kind_ci95": [0.75, 0.85],
                "theme_accuracy": 0.6,
                "theme_ci95": [0.55, 0.65],
            }
            for n in (0, 100, 500, 2000)
        ],
    }
    path = tmp_path / "curve.json"
    path.write_text(json.dumps(curve))
    monkeypatch.setattr(status, "LEARNING_CURVE", path)
    case = Feedback.objects.filter(triage_confirmed=False).order_by("pk").first()
    Feedback.objects.filter(pk=case.pk).update(triage_unsure=True)
    context = browser.new_context()
    sign_in(context, live_server.url, COORDINATOR, lang)
    problems = check_pages(
        context,
        [f"/{lang}/feedback/dashboard/triage/", f"/{lang}/feedback/cases/{case.pk}/"],
        live_server.url,
    )
    context.close()
    assert problems == []
