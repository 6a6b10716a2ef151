"""The client's own keys (signing client assertions and request objects, decrypting ID tokens).

KUULU_OIDC_CLIENT_JWKS holds a JWKS with private keys (JSON, or a path to a JSON file); without
it a key set is made once into var/oidc_client_jwks.json (demo and development only). The public
half is published at /identity/jwks.json for the identity provider to fetch.
"""

from __future__ import annotations

import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from joserfc.jwk import KeySet, RSAKey


def _generate() -> dict[str, Any]:
    sig = RSAKey.generate_key(2048, parameters={"kid": "kuulu-sig-1", "use": "sig", "alg": "RS256"})
    enc = RSAKey.generate_key(
        2048, parameters={"kid": "kuulu-enc-1", "use": "enc", "alg": "RSA-OAEP-256"}
    )
    return {"keys": [sig.as_dict(private=True), enc.as_dict(private=True)]}


def _load_raw() -> dict[str, Any]:
    configured = settings.KUULU_OIDC_CLIENT_JWKS.strip()
    if configured.startswith("{"):
        return json.loads(configured)
    if configured:
        return json.loads(Path(configured).read_text())
    path = Path(settings.VAR_DIR) / "oidc_client_jwks.json"
    if not path.exists():
        # Written whole under another name, then linked into place: a process that starts at
        # the same moment (another web or test worker) sees either no file or the whole file,
        # and only the first link wins.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".oidc_client_jwks.")
        try:
            with os.fdopen(fd, "w") as out:
                json.dump(_generate(), out)
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return json.loads(path.read_text())


@lru_cache(maxsize=4)
def _key_set(raw: str) -> KeySet:
    return KeySet.import_key_set(json.loads(raw))


def client_keys() -> KeySet:
    return _key_set(json.dumps(_load_raw(), sort_keys=True))


def _first(use: str) -> RSAKey:
    for key in client_keys().keys:
        if key.get("use") == use and key.is_private:
            return key  # type: ignore[return-value]
    raise LookupError(f"no private {use} key in KUULU_OIDC_CLIENT_JWKS")


def signing_key() -> RSAKey:
    return _first("sig")


def encryption_keys() -> KeySet:
    return KeySet([k for k in client_keys().keys if k.get("use") == "enc" and k.is_private])


def public_jwks() -> dict[str, Any]:
    return {"keys": [key.as_dict(private=False) for key in client_keys().keys]}
