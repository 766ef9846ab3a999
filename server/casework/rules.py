"""The rules of casework as pure functions: what a document request and a decision must contain, when a
deadline has passed, and the fee a decision fixes. Forms come in as a `server.web.forms.Form`; the
functions return a struct or leave German messages at the fields.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import msgspec

from server.applications import status as machine
from server.applications.fields import format_money, parse_decimal
from server.dates import BERLIN
from server.web.forms import Form
from server.web.i18n import _

# Deadlines are calendar days of the office (German municipalities): a deadline ends at midnight there.
OFFICE_TIME = BERLIN  # the office works by the municipality's clock

MAX_ITEMS = 5  # item rows of the request form (empty rows are ignored)
ITEM_TITLE_MAX = 120
ITEM_EXPLANATION_MAX = 500
REQUEST_NOTE_MAX = 1000
DEFAULT_REQUEST_DAYS = 14
MAX_REQUEST_DAYS = 180
REASONS_MAX = 5000
NOTE_MAX = 2000
MAX_FEE = Decimal("10000")

DECISIONS: dict[str, str] = {
    "approved": _("Bewilligen"),
    "partially_approved": _("Teilweise bewilligen"),
    "rejected": _("Ablehnen"),
}

# Services whose decision fixes a monthly fee, and the label of the computed row that proposes it.
FEE_SERVICES: dict[str, str] = {"elternbeitrag": _("Voraussichtlicher Monatsbeitrag")}
FEE_ROW = re.compile(r"(?P<fee>\d{1,3}(?:\.\d{3})*(?:,\d{1,2})?)\s*€(?:.*?(?P<month>\d{2}/\d{4}))?")
MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.]\s*(\d{4})\s*$")


def office_today(now: dt.datetime | None = None) -> dt.date:
    return (now or dt.datetime.now(dt.UTC)).astimezone(OFFICE_TIME).date()


def deadline_end(deadline: dt.date) -> dt.datetime:
    """The moment a deadline has passed: midnight after the day, office time (stored as `due_at`)."""
    return dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(), OFFICE_TIME).astimezone(dt.UTC)


def due_date(due_at: dt.datetime | None) -> dt.date | None:
    """The last day of a deadline stored as `due_at` (the moment after it)."""
    if due_at is None:
        return None
    return (due_at - dt.timedelta(microseconds=1)).astimezone(OFFICE_TIME).date()


def overdue(due_at: dt.datetime | None, status: str, now: dt.datetime | None = None) -> bool:
    """A case is overdue when its next step was due and nothing has been decided."""
    if due_at is None or machine.info(status).decided:
        return False
    return (now or dt.datetime.now(dt.UTC)) >= due_at


# --- document requests -------------------------------------------------------------------------------------
class RequestedItem(msgspec.Struct, frozen=True):
    title: str
    explanation: str = ""


class RequestInput(msgspec.Struct, frozen=True, kw_only=True):
    items: tuple[RequestedItem, ...]
    deadline: dt.date
    note: str = ""


def item_slot(position: int) -> str:
    """The parent's upload slot for the n-th requested document."""
    return f"anforderung_{position}"


def read_request(form: Form, today: dt.date) -> RequestInput | None:
    """The request form: up to MAX_ITEMS rows (titel-n, erklaerung-n), a deadline and a note."""
    items = []
    for n in range(1, MAX_ITEMS + 1):
        title = form.optional(f"titel-{n}", ITEM_TITLE_MAX)
        explanation = form.optional(f"erklaerung-{n}", ITEM_EXPLANATION_MAX)
        if explanation and not title:
            form.error(f"titel-{n}", _("Bitte geben Sie an, welche Unterlage Sie anfordern."))
        if title:
            items.append(RequestedItem(title, explanation))
    if not items and "titel-1" not in form.errors:
        form.error("titel-1", _("Bitte nennen Sie mindestens eine Unterlage, die fehlt."))
    note = form.optional("hinweis", REQUEST_NOTE_MAX)
    deadline = form.date("frist", _("die Frist"))
    if deadline is not None:
        if deadline <= today:
            form.error("frist", _("Die Frist muss nach dem heutigen Tag liegen."))
        elif deadline > today + dt.timedelta(days=MAX_REQUEST_DAYS):
            form.error(
                "frist",
                _("Die Frist darf höchstens {days} Tage in der Zukunft liegen.").format(
                    days=MAX_REQUEST_DAYS
                ),
            )
    if not form.ok or deadline is None:
        return None
    return RequestInput(items=tuple(items), deadline=deadline, note=note)


# --- decisions -----------------------------------------------------------------------------------------------
class DecisionInput(msgspec.Struct, frozen=True, kw_only=True):
    outcome: str
    reasons: str
    fee: Decimal | None = None
    fee_from: dt.date | None = None

    @property
    def fee_cents(self) -> int | None:
        return None if self.fee is None else int(self.fee * 100)


def decision_options(flow: str, status: str, actor: str) -> list[tuple[str, str]]:
    """The decisions the status table allows for this case and actor, as (value, label)."""
    return [(t, DECISIONS[t]) for t in machine.targets(flow, status, actor) if t in DECISIONS]


def parse_month(text: str) -> dt.date | None:
    match = MONTH.match(text)
    if not match:
        return None
    month, year = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return None
    return dt.date(year, month, 1)


def read_decision(form: Form, service: str, options: list[tuple[str, str]]) -> DecisionInput | None:
    outcome = form["entscheidung"]
    if outcome not in {value for value, _label in options}:
        form.error("entscheidung", _("Bitte wählen Sie die Entscheidung aus."))
    reasons = form.required("begruendung", _("Bitte begründen Sie die Entscheidung."), REASONS_MAX)
    fee: Decimal | None = None
    fee_from: dt.date | None = None
    if service in FEE_SERVICES:
        fee_text, month_text = form["beitrag"], form["beitrag_ab"]
        needed = outcome in {"approved", "partially_approved"}
        if fee_text:
            fee = parse_decimal(fee_text)
            if fee is None or fee < 0 or fee >= MAX_FEE or fee != fee.quantize(Decimal("0.01")):
                form.error("beitrag", _("Bitte geben Sie den Beitrag in Euro an, zum Beispiel 125,50."))
                fee = None
        elif needed:
            form.error("beitrag", _("Bitte geben Sie den monatlichen Beitrag an (0, wenn beitragsfrei)."))
        if month_text:
            fee_from = parse_month(month_text)
            if fee_from is None:
                form.error("beitrag_ab", _("Bitte geben Sie den Monat so an: 08/2026."))
        elif fee_text:
            form.error("beitrag_ab", _("Bitte geben Sie an, ab welchem Monat der Beitrag gilt."))
    if not form.ok:
        return None
    return DecisionInput(outcome=outcome, reasons=reasons, fee=fee, fee_from=fee_from)


def proposed_fee(service: str, computed: list[list[str]]) -> tuple[str, str]:
    """The fee and month the case's computation proposed, as form values ("125,50", "08/2026")."""
    label = FEE_SERVICES.get(service)
    if label is None:
        return "", ""
    for row in computed:
        if len(row) == 2 and row[0] == label and (match := FEE_ROW.search(row[1])):
            fee = parse_decimal(match.group("fee"))
            if fee is None:
                return "", ""
            text = format_money(fee).removesuffix(" €").removesuffix(",00")
            return text, match.group("month") or ""
    return "", ""


def fee_text(cents: int) -> str:
    """German money notation of a fee in cents: 1.234,50 €."""
    return format_money(Decimal(cents) / 100)
