"""Keyed hashes that are stored and must keep matching: one answer per person to a survey, a
conversation's participant after erasure, supporters of a question, budgeting voters, panel
invitation codes, paper ballots.

They are keyed by `KUULU_PSEUDONYM_KEY`, not by `SECRET_KEY`, so that `SECRET_KEY` (sessions,
CSRF, signed links) can be rotated after a leak without making every stored hash new: a rotated
`SECRET_KEY` would otherwise let a person answer a survey or vote a second time, and leave the
participants of people who erased their data unreachable. Unset, the key is `SECRET_KEY` itself,
which is what every hash was keyed by before the setting existed: an installation that sets it
for the first time sets it to its current `SECRET_KEY` value (docs/DEPLOY.md), and a
deploy check warns while it is unset.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.crypto import salted_hmac


def secret() -> str:
    """The key of every stored keyed hash. Budgeting's voter keys, panel invitation codes and
    paper ballots build their HMAC around it in their own older layout rather than through
    `keyed_hash`: moving them to `keyed_hash` would change every value already stored."""
    return settings.KUULU_PSEUDONYM_KEY or settings.SECRET_KEY


def keyed_hash(salt: str, value: str) -> str:
    """HMAC-SHA256 of `value` under the pseudonym key and `salt` (64 hex characters), the same
    as Django's `salted_hmac(salt, value)` while `KUULU_PSEUDONYM_KEY` is unset."""
    return salted_hmac(salt, value, secret=secret(), algorithm="sha256").hexdigest()
