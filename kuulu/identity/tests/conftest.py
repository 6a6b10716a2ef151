"""A real OpenID Connect provider (node-oidc-provider, tests/oidc/provider.js) in its own process,
and a driver that goes through its sign-in page over HTTP as a browser would.

The provider has two clients: staff single sign-on (client_secret_basic) and the resident client
of the Finnish Trust Network profile (private_key_jwt, signed request objects required, ID tokens
signed RS256 and encrypted RSA-OAEP-256 / A128CBC-HS256).
"""

from __future__ import annotations

import json
import os
import secrets
import selectors
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client
from joserfc.jwk import RSAKey

ROOT = Path(__file__).resolve().parents[3]
PROVIDER_DIR = ROOT / "tests" / "oidc"
BASE_URL = "http://testserver"
STAFF_SECRET = "staff-client-secret-for-tests-only-0123456789"


@dataclass
class OidcProvider:
    issuer: str
    admin_token: str
    client_jwks: dict[str, Any]

    def _admin(self, method: str, path: str, body: Any = None) -> None:
        response = requests.request(
            method,
            self.issuer + path,
            data=json.dumps(body) if body is not None else None,
            headers={"x-admin-token": self.admin_token},
            timeout=10,
        )
        assert response.status_code == 204, response.text

    def set_account(
        self, account_id: str, claims: dict[str, Any], *, acr: str = "", amr: Any = None
    ) -> None:
        body: dict[str, Any] = {"claims": claims}
        if acr:
            body["acr"] = acr
        if amr is not None:
            body["amr"] = amr
        self._admin("PUT", f"/test/accounts/{account_id}", body)

    def delete_account(self, account_id: str) -> None:
        self._admin("DELETE", f"/test/accounts/{account_id}")

    def fault(self, mode: str | None) -> None:
        self._admin("POST", "/test/fault", {"mode": mode})


def _client_keys() -> dict[str, Any]:
    sig = RSAKey.generate_key(2048, parameters={"kid": "test-sig", "use": "sig", "alg": "RS256"})
    enc = RSAKey.generate_key(
        2048, parameters={"kid": "test-enc", "use": "enc", "alg": "RSA-OAEP-256"}
    )
    return {"keys": [sig.as_dict(private=True), enc.as_dict(private=True)]}


def start_provider(config_dir: Path) -> tuple[OidcProvider, subprocess.Popen[str]]:
    """Start tests/oidc/provider.js with the two clients; return it and its process."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError(
            "Node.js is needed to run the test OpenID Connect provider (tests/oidc)."
        )
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(PROVIDER_DIR)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    client_jwks = _client_keys()
    public = [
        {k: v for k, v in key.items() if k in ("kty", "n", "e", "kid", "use", "alg")}
        for key in client_jwks["keys"]
    ]
    admin_token = secrets.token_urlsafe(16)
    config = {
        "admin_token": admin_token,
        # Only so that the provider's test-only fault layer can change encrypted ID tokens.
        "test_client_decryption_key": client_jwks["keys"][1],
        "clients": [
            {
                "client_id": "kuulu-staff",
                "client_secret": STAFF_SECRET,
                "redirect_uris": [f"{BASE_URL}/identity/staff/callback/"],
                "token_endpoint_auth_method": "client_secret_basic",
                "id_token_signed_response_alg": "RS256",
            },
            {
                "client_id": "kuulu-resident",
                "redirect_uris": [f"{BASE_URL}/identity/suomi-fi/callback/"],
                "token_endpoint_auth_method": "private_key_jwt",
                "token_endpoint_auth_signing_alg": "RS256",
                "jwks": {"keys": public},
                "request_object_signing_alg": "RS256",
                "require_signed_request_object": True,
                "id_token_signed_response_alg": "RS256",
                "id_token_encrypted_response_alg": "RSA-OAEP-256",
                "id_token_encrypted_response_enc": "A128CBC-HS256",
            },
        ],
    }
    config_path = config_dir / "provider.json"
    config_path.write_text(json.dumps(config))
    process = subprocess.Popen(
        [node, str(PROVIDER_DIR / "provider.js"), str(config_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=PROVIDER_DIR,
    )
    issuer = _wait_ready(process)
    return OidcProvider(issuer=issuer, admin_token=admin_token, client_jwks=client_jwks), process


def stop_provider(process: subprocess.Popen[str]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcProvider]:
    try:
        provider, process = start_provider(tmp_path_factory.mktemp("oidc"))
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield provider
    finally:
        stop_provider(process)


def _wait_ready(process: subprocess.Popen[str]) -> str:
    """The provider prints "READY <issuer>" once it listens (no sleeping: we block on the pipe)."""
    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not selector.select(timeout=deadline - time.monotonic()):
            break
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("READY "):
            return line.split()[1]
    process.kill()
    raise RuntimeError("the test OpenID Connect provider did not start")


@pytest.fixture
def identity_settings(settings, oidc_provider: OidcProvider):  # type: ignore[no-untyped-def]
    settings.KUULU_BASE_URL = BASE_URL
    settings.KUULU_SSO_ISSUER = oidc_provider.issuer
    settings.KUULU_SSO_CLIENT_ID = "kuulu-staff"
    settings.KUULU_SSO_CLIENT_SECRET = STAFF_SECRET
    settings.KUULU_SSO_AUTH_METHOD = "client_secret_basic"
    settings.KUULU_SSO_SUPPORT_CONTACT = "the IT service desk, tel. 0800 000 000"
    settings.KUULU_STRONG_ID_ISSUER = oidc_provider.issuer
    settings.KUULU_STRONG_ID_CLIENT_ID = "kuulu-resident"
    settings.KUULU_OIDC_CLIENT_JWKS = json.dumps(oidc_provider.client_jwks)
    settings.KUULU_PERSON_KEY_SECRET = "person-key-secret-for-tests"
    return settings


def drive_sign_in(client: Client, start_path: str, account: str) -> Any:
    """Start at Kuulu, sign in at the provider's page over real HTTP, return Kuulu's answer to
    the callback (a Django test response)."""
    start = client.get(start_path)
    assert start.status_code == 302, start.status_code
    return finish_at_provider(client, start["Location"], account)


def provider_redirect(authorization_url: str, account: str) -> str:
    """Go through the provider's sign-in for `account`; return the callback URL it redirects to."""
    browser = requests.Session()
    url, method, data = authorization_url, "GET", None
    for _step in range(12):
        response = browser.request(method, url, data=data, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            method, data = "GET", None
            if url.startswith(BASE_URL):
                return url
            continue
        assert response.status_code == 200, f"{response.status_code}: {response.text[:300]}"
        assert "/interaction/" in url, response.text[:300]
        url, method, data = url.rstrip("/") + "/login", "POST", {"account": account}
    raise AssertionError("the provider's sign-in did not end at Kuulu")


def finish_at_provider(client: Client, authorization_url: str, account: str) -> Any:
    callback = urlsplit(provider_redirect(authorization_url, account))
    return client.get(f"{callback.path}?{callback.query}")


def dump_database_text() -> str:
    """Every text value in every table: to prove a secret is stored nowhere."""
    from django.db import connection

    chunks: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                chunks.extend(
                    value.decode(errors="replace") if isinstance(value, bytes) else str(value)
                    for value in row
                    if value is not None
                )
    return "\n".join(chunks)


@pytest.fixture(autouse=True)
def _no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The provider is on loopback: never send its traffic through a configured proxy."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
