"""Open311 GeoReport v2 at /open311/v2/: feedback from partner applications and a public,
masked list of requests.

- Services are the county's feedback themes (service_code = the theme's code, group "Themes")
  and its units (service_code = "unit." + the unit's code, grouped by service area). Every
  service has metadata: its definition lists two optional attributes, `kind` (type of
  feedback) and `score` (0-10 recommendation), sent as `attribute[kind]`, `attribute[score]`;
  `attribute[language]` (fi, sv, en) tells the language of the text.
- POST requests creates feedback through `services.submit_feedback`, the same service as the
  web form, so duplicate protection, due dates, triage and notifications are the same. The
  response is sent only after the row is committed, so an id the client receives is never lost.
  The same submission twice gives the same id. Anonymous posting is on unless
  settings.FEEDBACK_OPEN311_ANONYMOUS is off; partner applications send `api_key` (an API token
  from the integrations page) and are not rate-limited per address. A partner's request is
  feedback of the county of the coordinator who made its key (service codes are that county's);
  other requests go to the county named by `jurisdiction_id` (its short name), else to the
  installation's county. Every GET reads the same county: the partner's when it sends its
  `api_key`, else `jurisdiction_id`'s, else the installation's; anonymous GETs are rate-limited
  per address (OPEN311_READ_LIMIT).
- GET requests lists only what may be public: never contact details, never formal complaints
  (a separate table), never secret feedback. The text is shown, masked, only for feedback marked
  public or published by a coordinator (then the published, checked text); feedback that may
  contain secret details is listed without its text. Place details likewise only when public.
- Statuses: received and in progress are "open", answered and closed "closed"; `status_notes`
  carries the detailed status.
- JSON and XML (`.json`, `.xml`). Errors use the GeoReport body `[{"code": 400,
  "description": "..."}]` with the same HTTP status.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import get_usage

from kuulu.core.masking import mask_text
from kuulu.core.ratelimits import open311_read_rate, public_form_rate
from kuulu.feedback import services
from kuulu.feedback.models import TEXT_MAX_LENGTH, Feedback, Secrecy, Theme
from kuulu.integrations.services import authenticate_token
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import County, Unit
from kuulu.organisation.selectors import default_county

UNIT_PREFIX = "unit."
DEFAULT_DAYS = 90
MAX_RESULTS = 1000
OPEN = {Feedback.Status.RECEIVED, Feedback.Status.IN_PROGRESS}
LANGUAGES = ("fi", "sv", "en")
EMAIL_MAX_LENGTH = Feedback._meta.get_field("contact_email").max_length or 254
FIRST_YEAR, LAST_YEAR = 1900, 2999  # the dates a list filter may name


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


# --- Rendering --------------------------------------------------------------------------------


def _xml(root: str, item: str, rows: Iterable[Mapping[str, Any]]) -> bytes:
    top = ElementTree.Element(root)
    for row in rows:
        element = ElementTree.SubElement(top, item)
        for key, value in row.items():
            child = ElementTree.SubElement(element, key)
            if isinstance(value, list):
                for entry in value:
                    sub = ElementTree.SubElement(child, "value" if isinstance(entry, dict) else key)
                    if isinstance(entry, dict):
                        for k, v in entry.items():
                            ElementTree.SubElement(sub, k).text = _text(v)
                    else:
                        sub.text = _text(entry)
            else:
                child.text = _text(value)
    return b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top, encoding="utf-8")


# Characters XML 1.0 cannot carry at all (control characters other than tab and newlines).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return XML_ILLEGAL.sub("", str(value))


XML_NAMES = {
    "services": ("services", "service"),
    "service_requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
    "attributes": ("service_definition", "attribute"),
}


def _respond(fmt: str, kind: str, rows: list[dict[str, Any]], status: int = 200) -> HttpResponse:
    if fmt == "xml":
        root, item = XML_NAMES[kind]
        return HttpResponse(
            _xml(root, item, rows), status=status, content_type="text/xml; charset=utf-8"
        )
    return JsonResponse(rows, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _respond(fmt, "errors", [{"code": status, "description": description}], status=status)


def _refuse_nul(request: HttpRequest) -> None:
    """PostgreSQL text cannot hold NUL characters: a parameter with one is invalid input (it
    would be a 500 wherever it reached the database)."""
    for params in (request.GET, request.POST):
        for name, values in params.lists():
            if any("\x00" in value for value in values):
                raise Open311Error(
                    400,
                    _("%(name)s must not contain NUL characters.")
                    % {"name": XML_ILLEGAL.sub("", name)[:60]},
                )


def _handles_errors(view):  # type: ignore[no-untyped-def]
    def wrapped(request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any) -> HttpResponse:
        try:
            _refuse_nul(request)
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return _error(fmt, exc.status, exc.description)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


# The county and the service codes change rarely and every POST needs them: each process keeps
# them for LOOKUP_SECONDS (a theme switched off is still accepted for at most that long).
LOOKUP_SECONDS = 30.0
_lookups: dict[tuple[str, ...], tuple[float, Any]] = {}
_lookups_lock = threading.Lock()


def _remembered(key: tuple[str, ...], load):  # type: ignore[no-untyped-def]
    now = time.monotonic()
    with _lookups_lock:
        hit = _lookups.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    if value is not None:
        with _lookups_lock:
            if len(_lookups) > 1000:
                _lookups.clear()
            _lookups[key] = (now + LOOKUP_SECONDS, value)
    return value


def forget_lookups() -> None:
    with _lookups_lock:
        _lookups.clear()


def _county() -> County:
    county = _remembered(("county",), default_county)
    if county is None:
        raise Open311Error(404, _("No county is set up."))
    return county


def _county_of_partner(token: Any) -> County:
    """A partner application posts for the county of the coordinator who made its api_key (an
    installation may serve several counties); the public posts to the installation's."""
    actor = actor_for(token.user)
    if actor.county_id is None:
        return _county()
    county = _remembered(
        ("county", str(actor.county_id)),
        lambda: County.objects.filter(pk=actor.county_id).first(),
    )
    return county or _county()


def _token_of(request: HttpRequest) -> Any:
    """The partner's API token when the request sends an ``api_key`` (403 when it is not
    valid); None for a request without one."""
    params = request.POST if request.method == "POST" else request.GET
    if not params.get("api_key"):
        return None
    token = authenticate_token(params["api_key"])
    if token is None:
        raise Open311Error(403, _("The api_key is not valid."))
    return token


def _county_of_request(request: HttpRequest, token: Any = None) -> County:
    """Whose services and requests a call is about. A partner's api_key names its county; else
    the GeoReport ``jurisdiction_id`` (a county's short name) picks one of an installation's
    counties; else the installation's county. Reading the services and the list, a partner of
    the second county so sees the codes it posts with and the requests it made."""
    params = request.POST if request.method == "POST" else request.GET
    jurisdiction = params.get("jurisdiction_id", "").strip()
    if token is not None:
        county = _county_of_partner(token)
        if jurisdiction and jurisdiction != county.slug:
            raise Open311Error(400, _("The api_key belongs to another jurisdiction_id."))
        return county
    if jurisdiction:
        county = _remembered(
            ("jurisdiction", jurisdiction[:100]),
            lambda: County.objects.filter(slug=jurisdiction[:100]).first(),
        )
        if county is None:
            raise Open311Error(404, _("No jurisdiction with this jurisdiction_id."))
        return county
    return _county()


def _reader_county(request: HttpRequest) -> County:
    """The county a GET is about. Anonymous readers are rate-limited per address; partners
    with a valid api_key are not."""
    token = _token_of(request)
    if token is None:
        _limit_per_address(request, "open311-read", open311_read_rate)
    return _county_of_request(request, token)


def _limit_per_address(request: HttpRequest, group: str, rate: Any) -> None:
    """Count a call without an api_key against its address; 429 over the limit."""
    usage = get_usage(
        request, group=group, key="ip", rate=rate, method=request.method, increment=True
    )
    if usage and usage["should_limit"]:
        raise Open311Error(429, _("Too many requests from this address. Try again later."))


# --- Services ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    description: str
    group: str
    keywords: str
    theme: Theme | None = None
    unit: Unit | None = None

    def as_row(self) -> dict[str, Any]:
        return {
            "service_code": self.code,
            "service_name": self.name,
            "description": self.description,
            "metadata": True,
            "type": "realtime",
            "keywords": self.keywords,
            "group": self.group,
        }


def services_of(county: County) -> list[Service]:
    themes = Theme.objects.filter(county=county, is_active=True).order_by("position", "name")
    units = list(
        Unit.objects.filter(county=county, is_active=True).only(
            "id", "name", "code", "kind", "path", "description"
        )
    )
    areas = {u.pk: u.name for u in units if u.kind == Unit.Kind.SERVICE_AREA}
    rows = [
        Service(
            code=theme.code,
            name=theme.name,
            description=_("Feedback about: %(theme)s") % {"theme": theme.name},
            group=_("Themes"),
            keywords=theme.code.replace("_", " "),
            theme=theme,
        )
        for theme in themes
    ]
    for unit in units:
        if unit.kind != Unit.Kind.UNIT:
            continue
        root = int(unit.path.split("/", 1)[0]) if unit.path else unit.pk
        rows.append(
            Service(
                code=UNIT_PREFIX + unit.code,
                name=unit.name,
                description=(unit.description or "")[:300],
                group=areas.get(root, _("Units")),
                keywords=unit.code.replace("-", " "),
                unit=unit,
            )
        )
    return rows


def _service(county: County, code: str) -> Service:
    code = (code or "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    service = _remembered(("service", str(county.pk), code), lambda: _find_service(county, code))
    if service is None:
        raise Open311Error(400, _("Unknown service_code: %(code)s.") % {"code": code[:60]})
    return service


def _find_service(county: County, code: str) -> Service | None:
    if code.startswith(UNIT_PREFIX):
        unit = Unit.objects.filter(
            county=county, code=code[len(UNIT_PREFIX) :], is_active=True
        ).first()
        if unit is not None and unit.kind == Unit.Kind.UNIT:
            return Service(code, unit.name, "", "", "", unit=unit)
    else:
        theme = Theme.objects.filter(county=county, code=code, is_active=True).first()
        if theme is not None:
            return Service(code, theme.name, "", "", "", theme=theme)
    return None


@require_GET
@_handles_errors
def discovery(request: HttpRequest, fmt: str = "json") -> HttpResponse:
    base = settings.KUULU_BASE_URL.rstrip("/") + "/open311/v2/"
    body = {
        "changeset": "2025-01-01T00:00:00Z",
        "contact": _("Customer feedback of the wellbeing services county"),
        "key_service": _("API keys are API tokens created by a coordinator in Kuulu."),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2025-01-01T00:00:00Z",
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }
    if fmt == "xml":
        top = ElementTree.Element("discovery")
        for key in ("changeset", "contact", "key_service"):
            ElementTree.SubElement(top, key).text = str(body[key])
        endpoints = ElementTree.SubElement(top, "endpoints")
        endpoint = ElementTree.SubElement(endpoints, "endpoint")
        for key, value in body["endpoints"][0].items():  # type: ignore[index]
            if key == "formats":
                formats = ElementTree.SubElement(endpoint, "formats")
                for f in value:
                    ElementTree.SubElement(formats, "format").text = f
            else:
                ElementTree.SubElement(endpoint, key).text = value
        return HttpResponse(
            b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top, encoding="utf-8"),
            content_type="text/xml; charset=utf-8",
        )
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require_GET
@_handles_errors
def service_list(request: HttpRequest, fmt: str = "json") -> HttpResponse:
    return _respond(fmt, "services", [s.as_row() for s in services_of(_reader_county(request))])


def _attributes() -> list[dict[str, Any]]:
    return [
        {
            "variable": True,
            "code": "kind",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _("The type of feedback. Dissatisfaction if not given."),
            "order": 1,
            "description": _("Type of feedback"),
            "values": [
                {"key": value, "name": str(label)} for value, label in Feedback.Kind.choices
            ],
        },
        {
            "variable": True,
            "code": "score",
            "datatype": "number",
            "required": False,
            "datatype_description": _("A whole number from 0 to 10."),
            "order": 2,
            "description": _("How likely would you recommend the service to a friend (0-10)?"),
        },
        {
            "variable": True,
            "code": "language",
            "datatype": "singlevaluelist",
            "required": False,
            "datatype_description": _("The language of the text. Finnish if not given."),
            "order": 3,
            "description": _("Language"),
            "values": [
                {"key": "fi", "name": "suomi"},
                {"key": "sv", "name": "svenska"},
                {"key": "en", "name": "English"},
            ],
        },
    ]


@require_GET
@_handles_errors
def service_definition(request: HttpRequest, code: str, fmt: str = "json") -> HttpResponse:
    service = _service(_reader_county(request), code)
    body = {"service_code": service.code, "attributes": _attributes()}
    if fmt == "xml":
        top = ElementTree.Element("service_definition")
        ElementTree.SubElement(top, "service_code").text = service.code
        attributes = ElementTree.SubElement(top, "attributes")
        for attribute in _attributes():
            element = ElementTree.SubElement(attributes, "attribute")
            for key, value in attribute.items():
                child = ElementTree.SubElement(element, key)
                if key == "values":
                    for entry in value:
                        item = ElementTree.SubElement(child, "value")
                        ElementTree.SubElement(item, "key").text = entry["key"]
                        ElementTree.SubElement(item, "name").text = entry["name"]
                else:
                    child.text = _text(value)
        return HttpResponse(
            b'<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(top, encoding="utf-8"),
            content_type="text/xml; charset=utf-8",
        )
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


# --- Posting ----------------------------------------------------------------------------------


def _decimal(value: str, name: str, limit: int) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number.copy_abs() > limit:
        raise Open311Error(400, _("%(name)s is not a valid coordinate.") % {"name": name})
    return number.quantize(Decimal("0.000001"))


def _first_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(
            str(message) for messages in exc.message_dict.values() for message in messages
        )
    return " ".join(str(m) for m in exc.messages)


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    data = request.POST
    token = _token_of(request)
    if token is None and not settings.FEEDBACK_OPEN311_ANONYMOUS:
        raise Open311Error(403, _("An api_key is required to post requests."))
    if token is None:
        _limit_per_address(request, "open311-post", public_form_rate)

    county = _county_of_request(request, token)
    description = data.get("description", "")
    if not description.strip():
        raise Open311Error(400, _("description is required."))
    if len(description) > TEXT_MAX_LENGTH:
        raise Open311Error(
            400,
            _("description is too long: at most %(limit)s characters.")
            % {"limit": TEXT_MAX_LENGTH},
        )
    service = _service(county, data.get("service_code", ""))
    kind = data.get("attribute[kind]", "") or Feedback.Kind.DISSATISFACTION
    if kind not in Feedback.Kind.values:
        raise Open311Error(
            400, _("attribute[kind] must be one of: %s.") % ", ".join(Feedback.Kind.values)
        )
    score: int | None = None
    if data.get("attribute[score]", "") != "":
        try:
            score = int(data["attribute[score]"])
        except ValueError:
            score = -1
        if not 0 <= score <= 10:
            raise Open311Error(400, _("attribute[score] must be a whole number from 0 to 10."))
    language = data.get("attribute[language]", "") or "fi"
    if language not in LANGUAGES:
        raise Open311Error(400, _("attribute[language] must be fi, sv or en."))
    email = data.get("email", "").strip()
    if email:
        try:
            if len(email) > EMAIL_MAX_LENGTH:  # what the column holds (RFC 5321's limit)
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            raise Open311Error(400, _("email is not a valid email address.")) from None
    phone = data.get("phone", "").strip()[:40]
    name = " ".join(f"{data.get('first_name', '')} {data.get('last_name', '')}".split())[:160]
    latitude = _decimal(data.get("lat", ""), "lat", 90)
    longitude = _decimal(data.get("long", ""), "long", 180)
    try:
        with transaction.atomic():
            feedback, _created = services.submit_feedback(
                county=county,
                kind=kind,
                text=description,
                channel=Feedback.Channel.OPEN311,
                unit=service.unit,
                theme=service.theme,
                language=language,
                score=score,
                wants_reply=bool(email or phone),
                contact_name=name,
                contact_email=email,
                contact_phone=phone,
                source_client=(token.name if token else "")[:100],
                location_text=data.get("address_string", "").strip()[:200],
                latitude=latitude,
                longitude=longitude,
                request=request,
            )
    except ValidationError as exc:
        raise Open311Error(400, _first_message(exc)) from None
    # Committed: the id below survives a crash of this process.
    notice = _("Thank you. Your feedback was received with the reference %(reference)s.") % {
        "reference": feedback.reference
    }
    return _respond(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": feedback.reference,
                "token": feedback.reference,
                "service_notice": notice,
                "account_id": None,
            }
        ],
        status=201,
    )


# --- Reading ----------------------------------------------------------------------------------


def _public_requests(county: County) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(county=county)
        .exclude(secrecy=Secrecy.SECRET)
        .select_related("unit", "theme", "published")
    )


def _parse_date(value: str, name: str) -> datetime:
    try:
        parsed = parse_datetime(value.strip().replace(" ", "+")) if value else None
    except ValueError:  # well formed but impossible, e.g. 2025-02-30
        parsed = None
    if parsed is None:
        raise Open311Error(
            400,
            _("%(name)s must be a W3C date and time, e.g. 2025-01-31T12:00:00Z.") % {"name": name},
        )
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        # Far dates overflow when turned to UTC or moved by DEFAULT_DAYS.
        raise Open311Error(
            400,
            _("%(name)s must be between the years %(first)s and %(last)s.")
            % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _row(feedback: Feedback) -> dict[str, Any]:
    published = getattr(feedback, "published", None) if feedback.anonymised_at is None else None
    public = feedback.secrecy == Secrecy.PUBLIC
    names = [feedback.contact_name] if feedback.contact_name else []
    if published is not None:
        description = published.masked_text
    elif public and feedback.anonymised_at is None:
        description = mask_text(feedback.text, names=names).text
    else:
        description = ""
    if feedback.theme_id:
        code = feedback.theme.code
        name = feedback.theme.name
    elif feedback.unit_id:
        code = UNIT_PREFIX + feedback.unit.code
        name = feedback.unit.name
    else:
        code, name = "", ""
    status = "open" if feedback.status in OPEN else "closed"
    row: dict[str, Any] = {
        "service_request_id": feedback.reference,
        "status": status,
        "status_notes": str(Feedback.Status(feedback.status).label),
        "service_name": name,
        "service_code": code,
        "description": description,
        "agency_responsible": feedback.unit.name if feedback.unit_id else "",
        "service_notice": published.masked_response if published is not None else "",
        "requested_datetime": feedback.received_at.isoformat(),
        "updated_datetime": feedback.updated_at.isoformat(),
        "expected_datetime": feedback.due_on.isoformat() if feedback.due_on else None,
        "address": "",
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    if public and feedback.anonymised_at is None:
        row["address"] = mask_text(feedback.location_text, names=names).text
        row["lat"] = float(feedback.latitude) if feedback.latitude is not None else None
        row["long"] = float(feedback.longitude) if feedback.longitude is not None else None
    return row


def _get_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    county = _reader_county(request)
    params = request.GET
    rows = _public_requests(county)
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        rows = rows.filter(reference__in=ids[:MAX_RESULTS])
    else:
        end = _parse_date(params["end_date"], "end_date") if params.get("end_date") else None
        start = (
            _parse_date(params["start_date"], "start_date") if params.get("start_date") else None
        )
        if start is None:
            start = (end or timezone.now()) - timedelta(days=DEFAULT_DAYS)
        rows = rows.filter(received_at__gte=start)
        if end is not None:
            rows = rows.filter(received_at__lte=end)
        codes = [c.strip() for c in params.get("service_code", "").split(",") if c.strip()]
        if codes:
            theme_codes = [c for c in codes if not c.startswith(UNIT_PREFIX)]
            unit_codes = [c[len(UNIT_PREFIX) :] for c in codes if c.startswith(UNIT_PREFIX)]
            rows = rows.filter(Q(theme__code__in=theme_codes) | Q(unit__code__in=unit_codes))
        status = params.get("status", "").strip()
        if status:
            wanted = {s.strip() for s in status.split(",")}
            if not wanted <= {"open", "closed"}:
                raise Open311Error(400, _("status must be open or closed."))
            if wanted == {"open"}:
                rows = rows.filter(status__in=OPEN)
            elif wanted == {"closed"}:
                rows = rows.exclude(status__in=OPEN)
    rows = rows.order_by("-received_at", "-id")[:MAX_RESULTS]
    return _respond(fmt, "service_requests", [_row(f) for f in rows])


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_handles_errors
def requests_view(request: HttpRequest, fmt: str = "json") -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    return _get_requests(request, fmt)


@require_GET
@_handles_errors
def request_detail(request: HttpRequest, request_id: str, fmt: str = "json") -> HttpResponse:
    feedback = _public_requests(_reader_county(request)).filter(reference=request_id).first()
    if feedback is None:
        raise Open311Error(404, _("No request with this id."))
    return _respond(fmt, "service_requests", [_row(feedback)])


@require_GET
@_handles_errors
def token_detail(request: HttpRequest, token: str, fmt: str = "json") -> HttpResponse:
    """Requests are committed before the response, so a token is simply the request's id."""
    exists = _public_requests(_reader_county(request)).filter(reference=token).exists()
    if not exists:
        raise Open311Error(404, _("No request with this token."))
    return _respond(fmt, "service_requests", [{"service_request_id": token, "token": token}])
