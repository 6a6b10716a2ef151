"""OpenID Connect relying party: the authorization request and the checks on what comes back.

Built on Authlib (the token request, with client_secret_basic or private_key_jwt client
assertions) and joserfc (signed request objects, encrypted ID tokens, signature checks). Two
clients use it: staff single sign-on and residents' strong identification (the Finnish Trust
Network profile: private_key_jwt, signed request objects, encrypted ID tokens).

Every refusal is a `TokenRefused` with a code; the views turn it into a translated message and
an audit entry. Nothing here logs claims.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import requests
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from joserfc import jwe, jwt
from joserfc.errors import JoseError
from joserfc.jwe import JWERegistry
from joserfc.jwk import KeySet
from joserfc.registry import HeaderParameter

from kuulu.identity import keys
from kuulu.identity.models import UsedNonce

PENDING_KEY = "kuulu_oidc_pending"
PENDING_MAX_AGE = 600  # seconds a started sign-in may take at the identity provider
LEEWAY = 60  # seconds of clock difference tolerated
SIGNING_ALGS = ["RS256", "PS256", "ES256"]
ENCRYPTION_ALGS = ["RSA-OAEP", "RSA-OAEP-256", "A128CBC-HS256", "A256CBC-HS512", "A256GCM"]
HTTP_TIMEOUT = 10
# Providers may replicate claims into the JWE header (RFC 7519, 5.3): node-oidc-provider puts
# iss and aud there. They are allowed, and the signed token inside is what is checked.
JWE_REGISTRY = JWERegistry(
    header_registry={
        "iss": HeaderParameter("Issuer (replicated claim)", "str"),
        "aud": HeaderParameter("Audience (replicated claim)", lambda value: None),
    },
    algorithms=ENCRYPTION_ALGS,
)

MESSAGES = {
    "state_unknown": _(
        "This sign-in link has expired or was already used. Start signing in again."
    ),
    "provider_error": _("The identity provider did not complete the sign-in."),
    "token_request_failed": _("The identity provider could not be reached to finish signing in."),
    "provider_unreachable": _(
        "The identity provider cannot be reached at the moment. Try again in a while."
    ),
    "decryption_failed": _("The identity provider's answer could not be decrypted."),
    "not_encrypted": _("The identity provider's answer was not encrypted as required."),
    "bad_signature": _("The identity provider's answer had an invalid signature."),
    "wrong_issuer": _("The answer came from an unexpected identity provider."),
    "wrong_audience": _("The identity provider's answer was meant for another service."),
    "expired": _("The identity provider's answer has expired."),
    "issued_in_future": _("The identity provider's answer is dated in the future."),
    "nonce_mismatch": _("The identity provider's answer does not belong to this sign-in."),
    "nonce_replayed": _("This sign-in answer has already been used once."),
    "no_subject": _("The identity provider's answer does not say who signed in."),
}


class TokenRefused(Exception):
    """A sign-in answer Kuulu does not accept; `code` is a key of MESSAGES."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(MESSAGES.get(self.code, MESSAGES["provider_error"]))


@dataclass(frozen=True)
class Client:
    name: str  # "staff" or "resident"
    issuer: str
    client_id: str
    client_secret: str
    auth_method: str  # client_secret_basic, client_secret_post or private_key_jwt
    scopes: str
    callback: str  # URL name
    signed_request: bool = False
    encrypted_id_token: bool = False
    acr_values: str = ""

    @property
    def redirect_uri(self) -> str:
        return settings.KUULU_BASE_URL.rstrip("/") + reverse(self.callback)


def staff_client() -> Client | None:
    if not settings.KUULU_SSO_ISSUER:
        return None
    return Client(
        name="staff",
        issuer=settings.KUULU_SSO_ISSUER,
        client_id=settings.KUULU_SSO_CLIENT_ID,
        client_secret=settings.KUULU_SSO_CLIENT_SECRET,
        auth_method=settings.KUULU_SSO_AUTH_METHOD,
        scopes=settings.KUULU_SSO_SCOPES,
        callback="identity_staff_callback",
    )


def resident_client() -> Client | None:
    if not settings.KUULU_STRONG_ID_ISSUER:
        return None
    return Client(
        name="resident",
        issuer=settings.KUULU_STRONG_ID_ISSUER,
        client_id=settings.KUULU_STRONG_ID_CLIENT_ID,
        client_secret="",
        auth_method="private_key_jwt",
        scopes=settings.KUULU_STRONG_ID_SCOPES,
        callback="identity_resident_callback",
        signed_request=True,
        encrypted_id_token=settings.KUULU_STRONG_ID_ENCRYPTED_ID_TOKEN,
        acr_values=settings.KUULU_STRONG_ID_ACR_VALUES,
    )


def metadata(issuer: str) -> dict[str, Any]:
    """The provider's discovery document, cached for an hour."""
    cache_key = f"identity:oidc:meta:{hashlib.sha256(issuer.encode()).hexdigest()}"
    meta = cache.get(cache_key)
    if meta is None:
        try:
            response = requests.get(
                issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=HTTP_TIMEOUT
            )
            response.raise_for_status()
            meta = response.json()
        except (requests.RequestException, ValueError):
            raise TokenRefused("provider_unreachable") from None
        if meta.get("issuer") != issuer:
            raise TokenRefused("wrong_issuer")
        cache.set(cache_key, meta, 3600)
    return meta


def provider_keys(meta: dict[str, Any], *, refresh: bool = False) -> KeySet:
    cache_key = f"identity:oidc:jwks:{hashlib.sha256(meta['jwks_uri'].encode()).hexdigest()}"
    jwks = None if refresh else cache.get(cache_key)
    if jwks is None:
        try:
            response = requests.get(meta["jwks_uri"], timeout=HTTP_TIMEOUT)
            response.raise_for_status()
            jwks = response.json()
        except (requests.RequestException, ValueError):
            raise TokenRefused("provider_unreachable") from None
        cache.set(cache_key, jwks, 3600)
    return KeySet.import_key_set(jwks)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def begin(request: HttpRequest, client: Client, *, next_url: str) -> str:
    """Remember a new sign-in attempt in the session; return the provider URL to send the
    browser to."""
    meta = metadata(client.issuer)
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)
    now = time.time()
    pending = {
        s: p
        for s, p in (request.session.get(PENDING_KEY) or {}).items()
        if now - p.get("at", 0) < PENDING_MAX_AGE
    }
    pending[state] = {
        "client": client.name,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
        "language": get_language(),
        "at": now,
    }
    request.session[PENDING_KEY] = dict(list(pending.items())[-5:])
    params = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "scope": client.scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": _b64(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256",
    }
    # The authentication methods (and, for strong identification, the level of assurance) are
    # asked for in the ID token itself (a voluntary claim: providers that ignore it still work).
    id_token_claims: dict[str, Any] = {"amr": None}
    if client.acr_values:
        params["acr_values"] = client.acr_values
        id_token_claims["acr"] = {"essential": True}
    params["claims"] = json.dumps({"id_token": id_token_claims}, separators=(",", ":"))
    if client.signed_request:
        key = keys.signing_key()
        claims = {
            **params,
            "iss": client.client_id,
            "aud": client.issuer,
            "iat": int(now),
            "nbf": int(now),
            "exp": int(now) + 300,
            "jti": secrets.token_urlsafe(16),
        }
        request_object = jwt.encode(
            {"alg": "RS256", "kid": key.kid, "typ": "oauth-authz-req+jwt"}, claims, key
        )
        params = {
            "client_id": client.client_id,
            "response_type": "code",
            "scope": client.scopes,
            "request": request_object,
        }
    return f"{meta['authorization_endpoint']}?{urlencode(params)}"


@dataclass(frozen=True)
class SignInResult:
    client: Client
    claims: dict[str, Any]
    userinfo: dict[str, Any] | None = None
    userinfo_refused: bool = False
    next_url: str = ""
    language: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def pending_language(request: HttpRequest) -> str | None:
    pending = (request.session.get(PENDING_KEY) or {}).get(request.GET.get("state", ""))
    return pending.get("language") if pending else None


@sensitive_variables("token", "claims", "userinfo")
def complete(request: HttpRequest, client: Client) -> SignInResult:
    """Check the provider's answer at the callback; raise TokenRefused when anything is wrong."""
    pending_all = request.session.get(PENDING_KEY) or {}
    pending = pending_all.pop(request.GET.get("state", ""), None)
    request.session[PENDING_KEY] = pending_all
    if (
        pending is None
        or pending.get("client") != client.name
        or time.time() - pending.get("at", 0) > PENDING_MAX_AGE
    ):
        raise TokenRefused("state_unknown")
    code = request.GET.get("code", "")
    if request.GET.get("error") or not code:
        raise TokenRefused("provider_error")
    meta = metadata(client.issuer)
    token = _exchange(meta, client, code=code, verifier=pending["verifier"])
    claims = validate_id_token(
        token.get("id_token", ""), client=client, meta=meta, nonce=pending["nonce"]
    )
    userinfo, refused = None, False
    if client.name == "staff" and meta.get("userinfo_endpoint"):
        userinfo, refused = _userinfo(meta, token.get("access_token", ""))
        if userinfo is not None and userinfo.get("sub") != claims["sub"]:
            raise TokenRefused("no_subject")
    consume_nonce(pending["nonce"])
    return SignInResult(
        client=client,
        claims=claims,
        userinfo=userinfo,
        userinfo_refused=refused,
        next_url=pending.get("next", ""),
        language=pending.get("language", ""),
    )


def consume_nonce(nonce: str) -> None:
    """Record the nonce as used; a second answer carrying it is a replay."""
    try:
        with transaction.atomic():
            UsedNonce.objects.create(nonce=nonce)
    except IntegrityError:
        raise TokenRefused("nonce_replayed") from None


# A used nonce is kept well past the time its sign-in could still be answered (PENDING_MAX_AGE):
# after that the state check refuses a replay anyway.
USED_NONCE_RETENTION = timedelta(days=1)


def forget_used_nonces(*, now: datetime | None = None) -> int:
    """Retention: delete the used nonces no answer can be replayed with any more."""
    now = now or timezone.now()
    deleted, _rows = UsedNonce.objects.filter(used_at__lt=now - USED_NONCE_RETENTION).delete()
    return deleted


def _exchange(meta: dict[str, Any], client: Client, *, code: str, verifier: str) -> dict[str, Any]:
    endpoint = meta["token_endpoint"]
    if client.auth_method == "private_key_jwt":
        key = keys.signing_key()
        method = "private_key_jwt"
        session = OAuth2Session(client.client_id, key, token_endpoint_auth_method=method)
        session.register_client_auth_method(
            PrivateKeyJWT(endpoint, headers={"kid": key.kid}, alg="RS256")
        )
    else:
        session = OAuth2Session(
            client.client_id, client.client_secret, token_endpoint_auth_method=client.auth_method
        )
    try:
        token = session.fetch_token(
            endpoint,
            grant_type="authorization_code",
            code=code,
            redirect_uri=client.redirect_uri,
            code_verifier=verifier,
            timeout=HTTP_TIMEOUT,
        )
    except Exception:  # Authlib raises OAuthError, requests its own: either way no token
        raise TokenRefused("token_request_failed") from None
    finally:
        session.close()
    return dict(token)


def _userinfo(meta: dict[str, Any], access_token: str) -> tuple[dict[str, Any] | None, bool]:
    """(claims, refused): refused is True when the provider no longer accepts the person."""
    try:
        response = requests.get(
            meta["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=HTTP_TIMEOUT,
        )
        if response.status_code in (401, 403):
            return None, True
        response.raise_for_status()
        return response.json(), False
    except (requests.RequestException, ValueError):
        raise TokenRefused("provider_unreachable") from None


@sensitive_variables("raw", "decrypted", "token", "claims")
def validate_id_token(
    raw: str, *, client: Client, meta: dict[str, Any], nonce: str, now: float | None = None
) -> dict[str, Any]:
    """Decrypt (when encrypted), verify the signature against the provider's published keys,
    and check issuer, audience, expiry and nonce. Returns the claims."""
    if not raw:
        raise TokenRefused("provider_error")
    if raw.count(".") == 4:
        try:
            decrypted = jwe.decrypt_compact(raw, keys.encryption_keys(), registry=JWE_REGISTRY)
            raw = (decrypted.plaintext or b"").decode()
        except (JoseError, ValueError):
            raise TokenRefused("decryption_failed") from None
    elif client.encrypted_id_token:
        raise TokenRefused("not_encrypted")
    try:
        token = jwt.decode(raw, provider_keys(meta), algorithms=SIGNING_ALGS)
    except (JoseError, ValueError, KeyError):
        try:  # the provider may have rotated its keys since they were cached
            token = jwt.decode(raw, provider_keys(meta, refresh=True), algorithms=SIGNING_ALGS)
        except (JoseError, ValueError, KeyError):
            raise TokenRefused("bad_signature") from None
    claims = dict(token.claims)
    now = time.time() if now is None else now
    if claims.get("iss") != client.issuer:
        raise TokenRefused("wrong_issuer")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else list(audience or [])
    if client.client_id not in audiences or (
        len(audiences) > 1 and claims.get("azp") != client.client_id
    ):
        raise TokenRefused("wrong_audience")
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or exp < now - LEEWAY:
        raise TokenRefused("expired")
    iat = claims.get("iat")
    if isinstance(iat, int | float) and iat > now + LEEWAY:
        raise TokenRefused("issued_in_future")
    if not nonce or claims.get("nonce") != nonce:
        raise TokenRefused("nonce_mismatch")
    if not is_valid_subject(claims.get("sub")):
        raise TokenRefused("no_subject")
    return claims


def is_valid_subject(sub: Any) -> bool:
    """OpenID Connect Core 2: `sub` is a string of at most 255 ASCII characters; one that is not
    (a number, an object, a NUL, a longer one) cannot be stored or matched and is refused."""
    return isinstance(sub, str) and 0 < len(sub) <= 255 and sub.isascii() and sub.isprintable()
