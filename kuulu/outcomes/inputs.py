"""The inputs an outcome can draw on, from any module, through one interface.

Each source app writes an `outcome_inputs.py` module that registers an adapter with
`@register`; `OutcomesConfig.ready()` autodiscovers them, so a new module plugs in without
changing this app. An adapter knows, for its kind of input:

- `kind` (a stable key stored on the link rows) and `verbose_name`;
- `resolve(keys)`: the objects for many keys at once (missing keys are simply absent: the
  input was deleted and is shown as removed);
- `key(obj)`, `county_id(obj)`, `units(obj)`;
- `can_view(user, obj)`: the source app's own access rule (its access.py takes the user);
- `staff_url(obj)`, `label(obj)`: a staff link and a short label without personal data, copied
  onto the link row when linked;
- `public_summary(obj)`: text safe to show on the portal (masked with
  `kuulu.core.masking.mask_text`, or aggregated), or None when the input may never be public;
- `contributors(obj)`: people who gave it and agreed to be contacted (email and language);
- `search(user, county_id, query, limit)`: choices for the linking picker, only inputs the
  user may see;
- `received(county_id, start, end, unit_path)`: a queryset of the inputs received in a period
  (for `selectors.traced_input_share`), or None when this kind is not counted;
- `received_field`: the date or datetime field `received` filters the period on; with it the
  share over many periods takes one grouped query per kind
  (`selectors.traced_input_share_by_period`), without it one query per period;
- `trail_keys(obj)`: the (kind, key) pairs whose outcomes show on the object's page (a survey
  shows also the outcomes of its questions and instrument results);
- `fingerprint_queries(county_id)`: what identifies the state of the rows `received` reads,
  as querysets of one aggregate row each (`fingerprint_row`: the count, the last id and the
  last change of the county's rows of `model`, found through `county_field`); part of the
  cache key of the indicator figures computed from `received`
  (`selectors.inputs_fingerprint`, all the kinds in one query). An adapter whose `received`
  reads another table too (an evaluation, a unit link) adds a row for that table.

Formal complaints are not registered at all: they are never linked, so never public.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, ClassVar

from django.db.models import CharField, Count, DateTimeField, Max, Model, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import Promise

from kuulu.core.numbers import id_from


@dataclass(frozen=True)
class Contact:
    """Someone to tell about an outcome: an address and the language to write in."""

    email: str
    language: str


@dataclass(frozen=True)
class Choice:
    """One option of the linking picker."""

    key: str
    label: str


class InputAdapter:
    """Base class of the adapters; subclasses set `kind`, `verbose_name` and `model` and
    override what differs. Keys are strings; for most kinds the primary key as text."""

    kind: ClassVar[str] = ""
    verbose_name: ClassVar[str | Promise] = ""
    model: ClassVar[type[Model] | None] = None
    select_related: ClassVar[tuple[str, ...]] = ()
    received_field: ClassVar[str] = ""
    county_field: ClassVar[str] = "county"  # the path from `model` to its county

    def key(self, obj: Any) -> str:
        return str(obj.pk)

    def queryset(self) -> QuerySet:
        if self.model is None:
            raise NotImplementedError("Set `model` or override `queryset` and `resolve`.")
        return self.model._default_manager.select_related(*self.select_related)

    def resolve(self, keys: Iterable[str]) -> dict[str, Any]:
        ids = [i for i in (id_from(str(k)) for k in keys) if i is not None]
        if not ids:
            return {}
        return {str(obj.pk): obj for obj in self.queryset().filter(pk__in=ids)}

    def county_id(self, obj: Any) -> int | None:
        return obj.county_id

    def units(self, obj: Any) -> list[Any]:
        unit = getattr(obj, "unit", None)
        return [unit] if unit is not None else []

    def can_view(self, user: Any, obj: Any) -> bool:  # pragma: no cover - every adapter sets it
        return False

    def label(self, obj: Any) -> str:
        return str(obj)

    def staff_url(self, obj: Any) -> str:
        return ""

    def public_summary(self, obj: Any) -> str | None:
        return None

    def contributors(self, obj: Any) -> list[Contact]:
        return []

    def search(self, user: Any, county_id: int, query: str, limit: int = 20) -> list[Choice]:
        return []

    def received(
        self, *, county_id: int, start: date, end: date, unit_path: str | None
    ) -> QuerySet | None:
        return None

    def trail_keys(self, obj: Any) -> list[tuple[str, str]]:
        return [(self.kind, self.key(obj))]

    def counts_inputs(self) -> bool:
        """Whether `received` counts this kind (an adapter that does not override it never
        does)."""
        return type(self).received is not InputAdapter.received

    def fingerprint_queries(self, *, county_id: int) -> list[QuerySet]:
        """The county's rows of `model`, as one aggregate row that changes whenever what
        `received` reads of them may have changed (a row added, deleted or saved); none when
        this kind is not counted."""
        if self.model is None or not self.counts_inputs():
            return []
        rows = self.model._base_manager.filter(**{f"{self.county_field}_id": county_id})
        return [fingerprint_row(self.kind, rows)]


_adapters: dict[str, InputAdapter] = {}


def register(cls: type[InputAdapter]) -> type[InputAdapter]:
    """Register an adapter class (use as a decorator in an app's outcome_inputs.py)."""
    if not cls.kind:
        raise ValueError("An input adapter needs a kind.")
    _adapters[cls.kind] = cls()
    return cls


def adapter(kind: str) -> InputAdapter | None:
    return _adapters.get(kind)


def adapters() -> list[InputAdapter]:
    return sorted(_adapters.values(), key=lambda a: a.kind)


def kind_choices() -> list[tuple[str, str]]:
    return [(a.kind, str(a.verbose_name)) for a in adapters()]


FINGERPRINT_COLUMNS = ("label", "n", "last", "changed")


def fingerprint_row(label: str, rows: QuerySet) -> QuerySet:
    """One row over `rows`: (label, count, last id, last `updated_at` or None), in the shape
    `selectors.inputs_fingerprint` puts together with the other kinds' in one UNION query."""
    timestamped = any(f.name == "updated_at" for f in rows.model._meta.concrete_fields)
    # a typed NULL: PostgreSQL matches a UNION's columns by type
    changed = Max("updated_at") if timestamped else Cast(Value(None), DateTimeField())
    return (
        rows.order_by()
        .annotate(label=Value(label, output_field=CharField()))
        .values("label")
        .annotate(n=Count("pk"), last=Max("pk"), changed=changed)
        .values_list(*FINGERPRINT_COLUMNS)
    )


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The first and last moment of a period of whole local days, for datetime fields."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end, time.max), tz),
    )


def short(text: str, length: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def masked(text: str, *, names: Sequence[str] = ()) -> str:
    """Text for the public, with personal data replaced by translated tokens."""
    from django.utils.translation import gettext as _

    from kuulu.core import masking

    labels = {
        masking.IDENTITY_CODE: _("[identity code]"),
        masking.POSSIBLE_IDENTITY_CODE: _("[identity code]"),
        masking.PHONE: _("[phone]"),
        masking.EMAIL: _("[email]"),
        masking.NAME: _("[name]"),
        masking.ADDRESS: _("[address]"),
        masking.REFERENCE: _("[identifier]"),
    }
    return masking.mask_text(text or "", names=[n for n in names if n], labels=labels).text
