"""Sign-in through the identity providers: what one staff single sign-on and one Suomi.fi
identification cost, end to end, against the real test provider (node-oidc-provider).

Usage:
    .venv/bin/python bench/identity_sign_in.py            # 30 sign-ins of each kind
    .venv/bin/python bench/identity_sign_in.py --runs 5   # a small trial

Each sign-in: Kuulu's start page, the provider's authorization and sign-in pages over HTTP, the
callback (code exchange, ID token checks, for residents a signed request object, a
private_key_jwt assertion and decrypting the JWE) and the account update. Baseline in the same
run: a password sign-in through Kuulu's sign-in form (the demo's way). Uses a temporary SQLite
database and Django's test client. Prints the load average at the start and the end; the last
line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kuulu-bench-identity-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="kuulu.test_settings",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        NO_PROXY="127.0.0.1,localhost",
    )
    load_start = os.getloadavg()
    print(f"load average at start: {load_start}", flush=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)

    from kuulu.identity.models import RoleRule
    from kuulu.identity.tests.conftest import (
        BASE_URL,
        STAFF_SECRET,
        drive_sign_in,
        start_provider,
        stop_provider,
    )
    from kuulu.organisation.tests.factories import (
        PASSWORD,
        make_county,
        make_municipality,
        make_unit,
        make_user,
    )

    county = make_county()
    make_municipality(county, code="205")
    unit = make_unit(county, code="bench-unit")
    RoleRule.objects.create(county=county, claim="groups", value="staff", unit=unit)
    password_user = make_user(email="bench.password@example.test")
    provider, process = start_provider(workdir)
    try:
        provider.set_account(
            "staff", {"email": "bench.sso@example.test", "groups": ["staff"]}, amr=["pwd", "otp"]
        )
        provider.set_account(
            "resident",
            {"hetu": "131052-308T", "home_municipality_code": "205"},
            acr="http://ftn.ficora.fi/2017/loa3",
            amr=["fi-hst"],
        )
        with override_settings(
            KUULU_BASE_URL=BASE_URL,
            KUULU_SSO_ISSUER=provider.issuer,
            KUULU_SSO_CLIENT_ID="kuulu-staff",
            KUULU_SSO_CLIENT_SECRET=STAFF_SECRET,
            KUULU_STRONG_ID_ISSUER=provider.issuer,
            KUULU_STRONG_ID_CLIENT_ID="kuulu-resident",
            KUULU_OIDC_CLIENT_JWKS=json.dumps(provider.client_jwks),
            KUULU_PERSON_KEY_SECRET="bench",  # noqa: S106 - a local benchmark's key
            KUULU_REQUIRE_2FA=False,
            LOGIN_FAILURE_LIMIT=10**6,
            LOGIN_IP_LIMIT=10**6,
        ):
            timings: dict[str, list[float]] = {"password": [], "staff_sso": [], "suomi_fi": []}
            for _ in range(args.runs + 1):  # the first round warms caches and is dropped
                for kind, start, account in (
                    ("staff_sso", "/en/identity/staff/", "staff"),
                    ("suomi_fi", "/en/identity/suomi-fi/", "resident"),
                ):
                    began = time.perf_counter()
                    response = drive_sign_in(Client(), start, account)
                    timings[kind].append((time.perf_counter() - began) * 1000)
                    if response.status_code != 302:
                        raise SystemExit(f"{kind} sign-in failed: HTTP {response.status_code}")
                client = Client()
                began = time.perf_counter()
                response = client.post(
                    "/en/accounts/login/",
                    {"username": password_user.email, "password": PASSWORD},
                )
                timings["password"].append((time.perf_counter() - began) * 1000)
                if response.status_code != 302:
                    raise SystemExit(f"password sign-in failed: HTTP {response.status_code}")
    finally:
        stop_provider(process)
    for values in timings.values():
        del values[0]
    result = {kind: summary(values) for kind, values in timings.items()}
    base = result["password"]["median_ms"]
    result["ratio_staff_sso_to_password"] = round(result["staff_sso"]["median_ms"] / base, 2)
    result["ratio_suomi_fi_to_password"] = round(result["suomi_fi"]["median_ms"] / base, 2)
    result["runs"] = args.runs
    result["load_start"] = [round(x, 2) for x in load_start]
    result["load_end"] = [round(x, 2) for x in os.getloadavg()]
    for kind in ("password", "staff_sso", "suomi_fi"):
        print(f"{kind:10} median {result[kind]['median_ms']} ms, p95 {result[kind]['p95_ms']} ms")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
