"""Field types: from raw form values to a typed answer (or a German message), and back to display text.

Typed answers are JSON-ready (strings, ints, lists, dicts; dates as ISO strings, money as "1234.50"),
because they are stored with the application and printed in its PDFs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec

from server.applications.conditions import RawValues, items, parse_date_parts, scalar
from server.applications.context import Context
from server.applications.definitions import Field
from server.dates import add_months
from server.web.i18n import _

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PHONE = re.compile(r"^[0-9 +()/-]{6,30}$")
POSTCODE = re.compile(r"^[0-9]{5}$")
IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
IBAN_LENGTHS = {"DE": 22, "AT": 20, "NL": 18, "BE": 16, "FR": 27, "LU": 20, "PL": 28, "IT": 27, "ES": 24}
DEFAULT_MAX = {"text": 200, "textarea": 2000, "email": 254, "phone": 30}
YES, NO = "ja", "nein"


class Parsed(msgspec.Struct, kw_only=True):
    value: Any = None
    error: str | None = None
    warning: str | None = None


def keys_of(field_id: str, values: RawValues) -> list[str]:
    """The raw keys that belong to a field: its id and `<id>-<part>` (ids never contain "-")."""
    return [k for k in values if k == field_id or k.startswith(field_id + "-")]


class _Keep(dict):
    """Placeholders a message does not fill stay as they are (a definition's text may contain braces)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message(field: Field, key: str, default: str, **values: object) -> str:
    text = field.messages.get(key, default)
    try:
        return text.format_map(_Keep(label=field.label, **values))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text  # registry.validate() reports such a message at start-up; never fail a parent for it


def _required(field: Field) -> Parsed:
    if field.type in {"choice", "select", "yesno", "multichoice", "child", "guardian", "guardian_choice"}:
        default = _("Bitte wählen Sie bei „{label}“ eine Antwort aus.")
    elif field.type == "declaration":
        default = _("Bitte bestätigen Sie: {label}")
    elif field.type == "proof":
        default = _("Bitte laden Sie den Nachweis „{label}“ hoch.")
    elif field.type == "facility_ranking":
        default = _("Bitte wählen Sie mindestens eine Einrichtung aus.")
    else:
        default = _("Bitte füllen Sie das Feld „{label}“ aus.")
    return Parsed(error=message(field, "required", default))


def _too_long(field: Field, limit: int) -> Parsed:
    return Parsed(
        error=message(
            field, "too_long", _("Bitte geben Sie bei „{label}“ höchstens {n} Zeichen ein."), n=str(limit)
        )
    )


def parse_text(field: Field, values: RawValues, ctx: Context) -> Parsed:
    text = scalar(values, field.id).strip()
    if not text:
        return _required(field) if field.required else Parsed()
    limit = field.max_length or DEFAULT_MAX.get(field.type, 200)
    if len(text) > limit:
        return _too_long(field, limit)
    if field.type == "email":
        text = text.lower()
        if not EMAIL.match(text):
            return Parsed(
                error=message(
                    field, "invalid", _("Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.")
                )
            )
    if field.type == "phone" and (not PHONE.match(text) or sum(c.isdigit() for c in text) < 5):
        return Parsed(
            error=message(
                field,
                "invalid",
                _("Bitte geben Sie eine Telefonnummer nur mit Ziffern, Leerzeichen und + ( ) / - ein."),
            )
        )
    if field.pattern and not re.fullmatch(field.pattern, text):
        return Parsed(
            error=message(field, "invalid", field.pattern_message or _("Bitte prüfen Sie „{label}“."))
        )
    return Parsed(value=text)


def iban_ok(iban: str) -> bool:
    if not IBAN.match(iban) or IBAN_LENGTHS.get(iban[:2], len(iban)) != len(iban):
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def parse_iban(field: Field, values: RawValues, ctx: Context) -> Parsed:
    raw = scalar(values, field.id)
    if not raw.strip():
        return _required(field) if field.required else Parsed()
    iban = re.sub(r"[\s-]", "", raw).upper()
    if not iban_ok(iban):
        return Parsed(
            error=message(
                field,
                "invalid",
                _(
                    "Bitte prüfen Sie die IBAN. Eine deutsche IBAN beginnt mit DE und hat 22 Stellen, zum Beispiel DE12 3456 7890 1234 5678 90."
                ),
            )
        )
    return Parsed(value=" ".join(iban[i : i + 4] for i in range(0, len(iban), 4)))


def parse_date(field: Field, values: RawValues, ctx: Context) -> Parsed:
    parts = [scalar(values, f"{field.id}-{p}").strip() for p in ("day", "month", "year")]
    if not any(parts):
        return _required(field) if field.required else Parsed()
    if not all(p.isascii() and p.isdigit() for p in parts):
        return Parsed(
            error=message(
                field,
                "digits",
                _("Bitte geben Sie bei „{label}“ Tag, Monat und Jahr vollständig mit Ziffern ein."),
            )
        )
    if not 1900 <= int(parts[2]) <= 2100:
        return Parsed(
            error=message(field, "year", _("Bitte geben Sie das Jahr vierstellig ein, zum Beispiel 2027."))
        )
    day = parse_date_parts(*parts)
    if day is None:
        return Parsed(
            error=message(
                field, "invalid", _("Bitte prüfen Sie „{label}“: Diesen Tag gibt es im Kalender nicht.")
            )
        )
    today = ctx.today
    rule = field.date_rule
    if rule == "past" and day >= today:
        return Parsed(error=message(field, "past", _("„{label}“ muss in der Vergangenheit liegen.")))
    if rule == "not_future" and day > today:
        return Parsed(error=message(field, "not_future", _("„{label}“ darf nicht in der Zukunft liegen.")))
    if rule == "future" and day <= today:
        return Parsed(error=message(field, "future", _("„{label}“ muss in der Zukunft liegen.")))
    if rule == "not_past" and day < today:
        return Parsed(
            error=message(field, "not_past", _("„{label}“ darf nicht in der Vergangenheit liegen."))
        )
    warning = None
    if field.warn_within_months and today <= day < add_months(today, field.warn_within_months):
        warning = message(
            field,
            "soon",
            _("Dieser Termin ist weniger als {n} Monate entfernt."),
            n=field.warn_within_months,
        )
    return Parsed(value=day.isoformat(), warning=warning)


GERMAN_AMOUNT = re.compile(r"(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]*)(?:,[0-9]{1,2})?")
PLAIN_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
MAX_DIGITS = 12


def parse_decimal(text: str) -> Decimal | None:
    """German notation (1.234,56 · 1234,56 · 1.234), or a decimal point with at most two places (1234.56);
    anything else - e.g. the English 1,234.56 or three decimal places - is refused rather than guessed."""
    text = text.replace("€", "").replace("EUR", "").replace("\u00a0", "").replace(" ", "").strip()
    if not text or sum(c.isdigit() for c in text) > MAX_DIGITS:
        return None
    if THOUSANDS.fullmatch(text) or "," in text:
        if not GERMAN_AMOUNT.fullmatch(text):
            return None
        text = text.replace(".", "").replace(",", ".")
    elif not PLAIN_AMOUNT.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _limit_text(field: Field, limit: float) -> str:
    value = Decimal(str(limit))
    if field.type == "year":
        return str(int(value))
    return format_number(value) + (" €" if field.type == "money" else "")


def _bounds(field: Field, number: Decimal) -> Parsed | None:
    if field.min is not None and number < Decimal(str(field.min)):
        return Parsed(
            error=message(
                field,
                "min",
                _("„{label}“ muss mindestens {n} sein."),
                n=_limit_text(field, field.min),
            )
        )
    if field.max is not None and number > Decimal(str(field.max)):
        return Parsed(
            error=message(
                field,
                "max",
                _("„{label}“ darf höchstens {n} sein."),
                n=_limit_text(field, field.max),
            )
        )
    return None


def parse_number(field: Field, values: RawValues, ctx: Context) -> Parsed:
    text = scalar(values, field.id).strip()
    if not text:
        return _required(field) if field.required else Parsed()
    if field.type == "year":
        if not (text.isascii() and text.isdigit() and len(text) == 4):
            return Parsed(
                error=message(
                    field, "invalid", _("Bitte geben Sie das Jahr vierstellig ein, zum Beispiel 2025.")
                )
            )
        number = Decimal(text)
    else:
        parsed = parse_decimal(text)
        if parsed is None or (field.type == "number" and parsed != parsed.to_integral_value()):
            default = (
                _("Bitte geben Sie bei „{label}“ einen Betrag in Euro ein, zum Beispiel 1.250,00.")
                if field.type == "money"
                else _("Bitte geben Sie bei „{label}“ eine ganze Zahl ein.")
            )
            return Parsed(error=message(field, "invalid", default))
        number = parsed
    problem = _bounds(field, number)
    if problem:
        return problem
    if field.type == "money":
        return Parsed(value=str(number.quantize(Decimal("0.01"))))
    return Parsed(value=int(number))


def _option_values(field: Field) -> set[str]:
    if field.type == "yesno":
        return {YES, NO}
    return {o.value for o in field.options}


def parse_choice(field: Field, values: RawValues, ctx: Context) -> Parsed:
    value = scalar(values, field.id)
    if not value:
        return _required(field) if field.required else Parsed()
    if value not in _option_values(field):
        return Parsed(
            error=message(field, "invalid", _("Bitte wählen Sie bei „{label}“ eine der Antworten aus."))
        )
    return Parsed(value=value)


def parse_multichoice(field: Field, values: RawValues, ctx: Context) -> Parsed:
    chosen = list(dict.fromkeys(items(values, field.id)))
    if not chosen:
        return _required(field) if field.required else Parsed(value=[])
    if not set(chosen) <= _option_values(field):
        return Parsed(
            error=message(field, "invalid", _("Bitte wählen Sie bei „{label}“ nur angebotene Antworten aus."))
        )
    limit = max_items(field, ctx)
    if limit and len(chosen) > limit:
        return Parsed(
            error=message(
                field,
                "too_many",
                _("Bitte wählen Sie bei „{label}“ höchstens {n} Antworten aus."),
                n=str(limit),
            )
        )
    return Parsed(value=chosen)


def parse_address(field: Field, values: RawValues, ctx: Context) -> Parsed:
    parts = {
        p: scalar(values, f"{field.id}-{p}").strip() for p in ("street", "house_number", "postcode", "city")
    }
    if not any(parts.values()):
        return _required(field) if field.required else Parsed()
    if not parts["street"] or not parts["house_number"] or not parts["city"]:
        return Parsed(
            error=message(
                field,
                "incomplete",
                _("Bitte geben Sie bei „{label}“ Straße, Hausnummer, Postleitzahl und Ort an."),
            )
        )
    if not POSTCODE.match(parts["postcode"]):
        return Parsed(
            error=message(field, "postcode", _("Bitte geben Sie eine Postleitzahl mit 5 Ziffern ein."))
        )
    if any(len(v) > 120 for v in parts.values()):
        return _too_long(field, 120)
    return Parsed(value=parts)


def _person(field: Field, values: RawValues, people: dict[str, Any]) -> Parsed:
    chosen = scalar(values, field.id)
    if not chosen:
        return _required(field) if field.required else Parsed()
    person = people.get(chosen)
    if person is None:
        return Parsed(
            error=message(
                field,
                "unknown",
                _("Diese Person gibt es in Ihrem Haushalt nicht mehr. Bitte wählen Sie erneut aus."),
            )
        )
    snapshot = {"id": person.id, "name": person.name}
    if person.birth_date:
        snapshot["birth_date"] = person.birth_date.isoformat()
    if person.expected_birth_date:
        snapshot["expected_birth_date"] = person.expected_birth_date.isoformat()
    if person.relationship:
        snapshot["relationship"] = person.relationship
    return Parsed(value=snapshot)


def parse_child(field: Field, values: RawValues, ctx: Context) -> Parsed:
    return _person(field, values, {c.id: c for c in ctx.household.children})


def parse_guardian(field: Field, values: RawValues, ctx: Context) -> Parsed:
    return _person(field, values, {g.id: g for g in ctx.household.guardians})


def parse_guardian_choice(field: Field, values: RawValues, ctx: Context) -> Parsed:
    """One answer per guardian of the household (e.g. employment): raw keys `<id>-<guardian id>`."""
    guardians = ctx.household.guardians
    if not guardians:
        return Parsed(
            error=message(
                field,
                "no_guardians",
                _("Bitte tragen Sie zuerst die sorgeberechtigten Personen in Ihrem Haushalt ein."),
            )
        )
    answers = []
    allowed = _option_values(field)
    for guardian in guardians:
        value = scalar(values, f"{field.id}-{guardian.id}")
        if not value:
            if field.required:
                return Parsed(
                    error=message(
                        field,
                        "required_person",
                        _("Bitte wählen Sie bei „{label}“ für {name} eine Antwort aus."),
                        name=guardian.name,
                    )
                )
            continue
        if value not in allowed:
            return Parsed(
                error=message(field, "invalid", _("Bitte wählen Sie bei „{label}“ eine der Antworten aus."))
            )
        answers.append({"guardian": guardian.id, "name": guardian.name, "value": value})
    return Parsed(value=answers)


def max_items(field: Field, ctx: Context) -> int:
    if field.max_items_setting:
        configured = ctx.settings.get(field.max_items_setting)
        if isinstance(configured, int) and not isinstance(configured, bool) and configured > 0:
            return configured
    return field.max_items


def ranking_ids(values: RawValues, field_id: str) -> list[int]:
    """The ranked facility ids as entered (in order, without repeats or garbage)."""
    ids: list[int] = []
    for raw in items(values, field_id):
        if raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**31 and int(raw) not in ids:
            ids.append(int(raw))
    return ids


def parse_facility_ranking(field: Field, values: RawValues, ctx: Context) -> Parsed:
    ids = ranking_ids(values, field.id)
    if not ids:
        return _required(field) if field.required else Parsed(value=[])
    unknown = [i for i in ids if i not in ctx.facilities]
    if unknown:
        return Parsed(
            error=message(
                field,
                "unknown",
                _("Eine gewählte Einrichtung gibt es nicht mehr. Bitte entfernen Sie sie aus der Liste."),
            )
        )
    limit = max_items(field, ctx)
    if limit and len(ids) > limit:
        return Parsed(
            error=message(
                field,
                "too_many",
                _("Sie können höchstens {n} Einrichtungen angeben. Bitte entfernen Sie eine."),
                n=str(limit),
            )
        )
    siblings = set(items(values, f"{field.id}-sibling"))
    ranked = [
        {
            "rank": rank,
            "facility": fid,
            "name": ctx.facilities[fid].name,
            "kind": ctx.facilities[fid].kind,
            "sibling": str(fid) in siblings,
        }
        for rank, fid in enumerate(ids, start=1)
    ]
    return Parsed(value=ranked)


def parse_proof(field: Field, values: RawValues, ctx: Context) -> Parsed:
    pages = ctx.proofs.get(field.id, 0)
    if not pages:
        return _required(field) if field.required else Parsed()
    limit = field.proof.max_pages if field.proof else 0
    if limit and pages > limit:
        return Parsed(
            error=message(
                field, "too_many", _("Bitte laden Sie bei „{label}“ höchstens {n} Seiten hoch."), n=str(limit)
            )
        )
    return Parsed(value={"pages": pages})


def parse_declaration(field: Field, values: RawValues, ctx: Context) -> Parsed:
    if scalar(values, field.id) == YES:
        return Parsed(value=True)
    return _required(field) if field.required else Parsed(value=False)


Parser = Callable[[Field, RawValues, Context], Parsed]

PARSERS: dict[str, Parser] = {
    "text": parse_text,
    "textarea": parse_text,
    "email": parse_text,
    "phone": parse_text,
    "iban": parse_iban,
    "date": parse_date,
    "number": parse_number,
    "money": parse_number,
    "year": parse_number,
    "choice": parse_choice,
    "select": parse_choice,
    "yesno": parse_choice,
    "multichoice": parse_multichoice,
    "address": parse_address,
    "child": parse_child,
    "guardian": parse_guardian,
    "guardian_choice": parse_guardian_choice,
    "facility_ranking": parse_facility_ranking,
    "proof": parse_proof,
    "declaration": parse_declaration,
}


# --- display ---------------------------------------------------------------------------------------------
def format_number(number: Decimal | int | float) -> str:
    value = Decimal(str(number))
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    whole, _sep, cents = f"{value.quantize(Decimal('0.01')):,.2f}".partition(".")
    return whole.replace(",", ".") + "," + cents


def format_money(value: str | Decimal) -> str:
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    whole, _sep, cents = f"{amount:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents} €"


def format_date(value: str | dt.date | None) -> str:
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def option_label(field: Field, value: str) -> str:
    if field.type == "yesno":
        return {YES: _("Ja"), NO: _("Nein")}.get(value, value)
    return next((o.label for o in field.options if o.value == value), value)


def display(field: Field, value: Any) -> list[str]:
    """The answer as lines of text for the check-answers page, the receipt and the case file."""
    if value is None or value == [] or value == "":
        return [_("Keine Angabe")]
    kind = field.type
    if kind == "date":
        return [format_date(value)]
    if kind == "money":
        return [format_money(value)]
    if kind in {"number", "year"}:
        return [str(value)] if kind == "year" else [format_number(value)]
    if kind in {"choice", "select", "yesno"}:
        return [option_label(field, value)]
    if kind == "multichoice":
        return [option_label(field, v) for v in value]
    if kind == "address":
        return [f"{value['street']} {value['house_number']}", f"{value['postcode']} {value['city']}".strip()]
    if kind in {"child", "guardian"}:
        born = value.get("birth_date")
        expected = value.get("expected_birth_date")
        detail = (
            _("geboren am {date}").format(date=format_date(born))
            if born
            else _("erwartet am {date}").format(date=format_date(expected))
            if expected
            else ""
        )
        return [f"{value['name']}{', ' + detail if detail else ''}"]
    if kind == "guardian_choice":
        return [f"{a['name']}: {option_label(field, a['value'])}" for a in value]
    if kind == "facility_ranking":
        return [
            f"{w['rank']}. {w['name']}"
            + (" – " + _("Geschwisterkind dort betreut") if w.get("sibling") else "")
            for w in value
        ]
    if kind == "proof":
        n = value.get("pages", 0)
        return [_("1 Seite hochgeladen") if n == 1 else _("{n} Seiten hochgeladen").format(n=n)]
    if kind == "declaration":
        return [_("Bestätigt") if value else _("Nicht bestätigt")]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]
