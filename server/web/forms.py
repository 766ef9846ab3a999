"""Small helpers for server-rendered forms: read, trim, collect German field errors, keep what was typed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from litestar import Request

from server.text import without_controls
from server.web.i18n import _

MAX_FIELD_LENGTH = 2000
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class Form:
    """The submitted values (as typed, trimmed) and the errors found, keyed by field name."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self.errors: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        return self.values.get(name, "")

    def get(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    @property
    def ok(self) -> bool:
        return not self.errors

    def required(self, name: str, message: str, max_length: int = 200) -> str:
        value = self[name]
        if not value:
            self.error(name, message)
        elif len(value) > max_length:
            self.error(name, _("Bitte geben Sie höchstens {n} Zeichen ein.").format(n=max_length))
        return value

    def optional(self, name: str, max_length: int = 200) -> str:
        value = self[name]
        if len(value) > max_length:
            self.error(name, _("Bitte geben Sie höchstens {n} Zeichen ein.").format(n=max_length))
        return value

    def email(self, name: str = "email") -> str:
        value = self[name].lower()
        if not value:
            self.error(name, _("Bitte geben Sie Ihre E-Mail-Adresse ein."))
        elif len(value) > 254 or not EMAIL.match(value):
            self.error(name, _("Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein."))
        return value

    def date(self, name: str, label: str, required: bool = True) -> dt.date | None:
        """A date from three fields <name>-day, <name>-month, <name>-year (GOV.UK date input).

        `label` is the accusative phrase used in messages, e.g. "das Geburtsdatum"."""
        parts = [self[f"{name}-{p}"] for p in ("day", "month", "year")]
        if not any(parts):
            if required:
                self.error(name, _("Bitte geben Sie {label} ein.").format(label=label))
            return None
        # isascii: "²".isdigit() is True, but int("²") raises.
        if not all(p.isascii() and p.isdigit() for p in parts):
            self.error(
                name,
                _("Bitte geben Sie {label} nur mit Ziffern für Tag, Monat und Jahr ein.").format(label=label),
            )
            return None
        if len(parts[2]) != 4:
            self.error(name, _("Bitte geben Sie das Jahr vierstellig ein, zum Beispiel 2024."))
            return None
        if len(parts[0]) > 2 or len(parts[1]) > 2:
            self.error(
                name, _("Bitte prüfen Sie {label}: Diesen Tag gibt es im Kalender nicht.").format(label=label)
            )
            return None
        day, month, year = (int(p) for p in parts)
        if year < 1900 or year > 2100:
            self.error(name, _("Bitte geben Sie das Jahr vierstellig ein, zum Beispiel 2024."))
            return None
        try:
            return dt.date(year, month, day)
        except (ValueError, OverflowError):
            self.error(
                name, _("Bitte prüfen Sie {label}: Diesen Tag gibt es im Kalender nicht.").format(label=label)
            )
            return None


async def read_form(request: Request[Any, Any, Any]) -> Form:
    raw = await request.form()
    values: dict[str, str] = {}
    for key, value in raw.items():
        if isinstance(value, str) and not key.startswith("_"):
            # Keep over-long input so it can be shown again with an error; cap it to protect the page.
            values[key] = without_controls(value).strip()[: MAX_FIELD_LENGTH * 2]
    return Form(values)


def date_parts(value: dt.date | None) -> dict[str, str]:
    if value is None:
        return {"day": "", "month": "", "year": ""}
    return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
