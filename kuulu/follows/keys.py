"""The keys that name what a person follows, built in one place.

A follow stores a key such as ``unit:12`` or ``process:budgeting:3``; the list of followable
things, the Follow button and the sweeps that find new items must all spell a key the same way,
or a follow would silently never match. Pure functions, no Django imports."""

from __future__ import annotations


def county(county_id: object) -> str:
    return f"county:{county_id}"


def unit(unit_id: object) -> str:
    """A unit or a service area (both are units in the organisation tree)."""
    return f"unit:{unit_id}"


def theme(code: str) -> str:
    return f"theme:{code}"


def channel(channel_id: object) -> str:
    return f"channel:{channel_id}"


def budgeting(process_id: object) -> str:
    return f"process:budgeting:{process_id}"


def deliberation(conversation_id: object) -> str:
    return f"process:deliberation:{conversation_id}"
