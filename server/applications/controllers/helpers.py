"""Small functions the application templates call (as `h.…`)."""

from __future__ import annotations

import json
import secrets
from typing import Any

import msgspec

from server.applications.context import Context, Person
from server.applications.definitions import Condition, Field
from server.applications.fields import format_date, max_items
from server.web.i18n import _


def options(field: Field) -> list[tuple[str, str, str]]:
    if field.type == "yesno":
        return [("ja", _("Ja"), ""), ("nein", _("Nein"), "")]
    return [(o.value, o.label, o.hint) for o in field.options]


def child_label(child: Person) -> str:
    name = child.name or _("Ihr Kind")
    if child.birth_date:
        return _("{name}, geboren am {date}").format(name=name, date=format_date(child.birth_date))
    if child.expected_birth_date:
        return _("{name}, erwartet am {date}").format(name=name, date=format_date(child.expected_birth_date))
    return name


def limit(field: Field, ctx: Context) -> int:
    return max_items(field, ctx)


def condition(cond: Condition | None) -> str:
    return json.dumps(msgspec.to_builtins(cond), ensure_ascii=False) if cond else ""


def anchor(field: Field) -> str:
    """Where an error-summary link for this field jumps to (its first input)."""
    if field.type == "date":
        return f"{field.id}-day"
    if field.type == "address":
        return f"{field.id}-street"
    return field.id


def new_key() -> str:
    """An idempotency key for a form that uploads without JavaScript (a reload gets a new one)."""
    return secrets.token_urlsafe(18)


def moved_up(ids: list[int], index: int) -> str:
    """The order (comma-separated) with the item at `index` one place earlier (for a no-JS button)."""
    order = list(ids)
    if 0 < index < len(order):
        order[index - 1], order[index] = order[index], order[index - 1]
    return ",".join(str(i) for i in order)


HELPERS: dict[str, Any] = {
    "moved_up": moved_up,
    "new_key": new_key,
    "options": options,
    "child_label": child_label,
    "limit": limit,
    "condition": condition,
    "anchor": anchor,
    "date": format_date,
}
