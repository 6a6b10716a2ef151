"""Who someone is: staff single sign-on and residents' strong identification (OpenID Connect).

`one_per_person_key(user)` is the keyed hash other apps store for one-per-person rules (see
identity/ballots.py and docs/ARCHITECTURE.md, "Identity").
"""

from __future__ import annotations

from typing import Any


def one_per_person_key(user: Any) -> str | None:
    """The strongly identified person's keyed hash (HMAC of the identity code), or None."""
    from kuulu.identity.ballots import one_per_person_key as _key

    return _key(user)
