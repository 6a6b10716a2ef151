"""The HR sync's problems and changes in words, in the active language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.organisation.sync.diff import Plan
from kuulu.organisation.sync.parse import Problem

MESSAGES = {
    "required": gettext_lazy("This value is required."),
    "not_text": gettext_lazy("Give this value as text."),
    "nul_character": gettext_lazy(
        "This value contains a NUL character (code 0), which cannot be stored. Remove it."
    ),
    "too_long": gettext_lazy("This value is longer than %(limit)s characters."),
    "not_boolean": gettext_lazy('"%(value)s" is not a yes/no value (use true or false).'),
    "bad_choice": gettext_lazy('"%(value)s" is not one of: %(choices)s.'),
    "bad_code": gettext_lazy("A code may contain only letters a to z, digits, - and _."),
    "bad_email": gettext_lazy('"%(value)s" is not a valid email address.'),
    "missing_column": gettext_lazy("This required column is missing."),
    "unknown_column": gettext_lazy("This column is not part of the format."),
    "unknown_field": gettext_lazy("This field is not part of the format."),
    "encoding": gettext_lazy(
        "The file %(file)s is not UTF-8 text. Save it as UTF-8 (CSV UTF-8) and try again."
    ),
    "empty_file": gettext_lazy("The file %(file)s is empty."),
    "bad_csv": gettext_lazy("The file %(file)s is not a readable CSV file."),
    "unknown_file": gettext_lazy(
        "The header of %(file)s matches neither the units nor the people format."
    ),
    "wrong_column_count": gettext_lazy(
        "The row has %(found)s values; the header has %(expected)s columns."
    ),
    "too_many_rows": gettext_lazy("The file has more than %(limit)s rows."),
    "no_files": gettext_lazy("Choose a file to import."),
    "json_alone": gettext_lazy("Send a JSON document alone, not together with other files."),
    "bad_json": gettext_lazy("The file %(file)s is not valid JSON."),
    "two_files_of_a_kind": gettext_lazy(
        "%(file)s is a second file of the same kind; send one units file and one people file."
    ),
    "not_an_object": gettext_lazy("Expected an object with named fields here."),
    "not_a_list": gettext_lazy("Expected a list here."),
    "bad_format": gettext_lazy('The document\'s format must be "%(expected)s".'),
    "nothing_to_sync": gettext_lazy("The document has neither units nor people."),
    "duplicate": gettext_lazy("The same value is already on row %(first_row)s."),
    "code_taken": gettext_lazy('Another unit already uses the code "%(value)s".'),
    "unknown_parent": gettext_lazy('No unit with the id "%(value)s" is in the file.'),
    "own_parent": gettext_lazy("A unit cannot be its own parent."),
    "cycle": gettext_lazy("The units form a loop: %(chain)s."),
    "unknown_unit": gettext_lazy('No unit with the id "%(value)s" is in the file or in Kuulu.'),
    "unit_closed": gettext_lazy('The unit "%(value)s" is closed or leaves Kuulu in this sync.'),
    "email_taken": gettext_lazy('Another person in Kuulu already has the address "%(value)s".'),
    "account_taken": gettext_lazy(
        'The sign-in account "%(value)s" belongs to another person in Kuulu.'
    ),
}

SECTIONS = {
    "file": gettext_lazy("file"),
    "units": gettext_lazy("units"),
    "people": gettext_lazy("people"),
}

ACTION_LABELS = {
    "added": gettext_lazy("added"),
    "changed": gettext_lazy("changed"),
    "moved": gettext_lazy("moved"),
    "deactivated": gettext_lazy("deactivated"),
    "reactivated": gettext_lazy("reactivated"),
}


def problem_message(problem: Problem) -> str:
    template = MESSAGES.get(problem.code)
    if template is None:
        return _("The value is not valid.")
    try:
        return str(template) % dict(problem.params)
    except (KeyError, TypeError, ValueError):
        return str(template)


def problem_rows(plan_or_problems: Plan | Any) -> list[dict[str, Any]]:
    """The per-row report: section, row, field and message, in the active language."""
    problems = getattr(plan_or_problems, "problems", plan_or_problems)
    return [
        {
            "section": p.section,
            "section_label": str(SECTIONS.get(p.section, p.section)),
            "row": p.row,
            "field": p.field,
            "code": p.code,
            "message": problem_message(p),
        }
        for p in problems
    ]


def _show(value: Any) -> str:
    if value is None or value == "":
        return "\u2013"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


def change_rows(plan: Plan, limit: int | None = None) -> list[dict[str, Any]]:
    """The changes for display: entity, action label, external id, name, row and fields."""
    out = []
    for c in (*plan.units, *plan.people):
        out.append(
            {
                "entity": c.entity,
                "action": c.action,
                "action_label": str(ACTION_LABELS[c.action]),
                "external_id": c.external_id,
                "label": c.label,
                "row": c.row,
                "fields": [
                    {"field": f.field, "old": _show(f.old), "new": _show(f.new)} for f in c.fields
                ],
            }
        )
        if limit is not None and len(out) >= limit:
            break
    return out
