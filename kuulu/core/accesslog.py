"""gunicorn's access log without secrets: one JSON object a line (kuulu/core/gunicorn_conf.py).

Some paths carry a capability token (a registration's cancel link, a survey's resume link, an
expert's offer answer, an opt-out link): whoever reads the log could use it. Such path segments
are replaced by `<token>`. The client's address and the query string are not logged at all.
"""

from __future__ import annotations

import json
import re

from gunicorn.glogging import Logger

# A segment of 20 or more characters with both letters and digits: tokens and signatures, never
# one of Kuulu's own words (slugs have no digits; ids are short).
TOKEN_SEGMENT = re.compile(r"(?<=/)(?=[^/]*\d)(?=[^/]*[A-Za-z])[^/]{20,}(?=/|$)")


def mask_path(path: str) -> str:
    return TOKEN_SEGMENT.sub("<token>", path)


def json_text(value: object) -> str:
    """The value as the inside of a JSON string, so that the line stays valid JSON."""
    return json.dumps(str(value if value is not None else ""), ensure_ascii=False)[1:-1]


class AccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = json_text(mask_path(atoms.get("U") or ""))
        atoms["m"] = json_text(atoms.get("m"))
        return atoms
