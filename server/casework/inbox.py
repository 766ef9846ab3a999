"""The caseworkers' inbox: a GET form in the URL, parsed into an InboxQuery (pure), and the page of cases.

    /<tenant>/sachbearbeitung/?dienst=elternbeitrag&status=in_review&eingang_von=2026-01-01
        &eingang_bis=2026-03-31&mir=1&ueberfaellig=1&sortierung=frist&seite=2

The inbox lists no personal data (reference, service, status, dates, who works it): opening a case is
what reads the family's data, and that is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlencode

import msgspec
from piccolo.query import OrderByRaw

from server.applications import status as machine
from server.applications.tables import Application
from server.casework.rules import OFFICE_TIME, due_date, overdue
from server.web.i18n import _

PAGE_SIZE = 25
OPEN = "offen"  # every status in which the office still has something to do
ALL = "alle"
SORTS = {
    "frist": _("Frist zuerst, dann älteste Eingänge"),
    "eingang_alt": _("Älteste Eingänge zuerst"),
    "eingang_neu": _("Neueste Eingänge zuerst"),
}


class InboxQuery(msgspec.Struct, frozen=True, kw_only=True):
    service: str = ""
    status: str = OPEN
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    mine: bool = False
    overdue: bool = False
    sort: str = "frist"
    page: int = 1

    def params(self, **changes: object) -> str:
        """The query string of this search (empty fields left out), with `changes` applied."""
        values = msgspec.structs.replace(self, **changes)
        pairs = [
            ("dienst", values.service),
            ("status", "" if values.status == OPEN else values.status),
            ("eingang_von", values.received_from.isoformat() if values.received_from else ""),
            ("eingang_bis", values.received_to.isoformat() if values.received_to else ""),
            ("mir", "1" if values.mine else ""),
            ("ueberfaellig", "1" if values.overdue else ""),
            ("sortierung", "" if values.sort == "frist" else values.sort),
            ("seite", "" if values.page == 1 else str(values.page)),
        ]
        return urlencode([(k, v) for k, v in pairs if v])


def _date(raw: str, name: str, label: str, errors: dict[str, str]) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        errors[name] = _("Bitte geben Sie {label} als Datum an, zum Beispiel 2026-03-31.").format(label=label)
        return None


def parse(params: Mapping[str, str], services: set[str]) -> tuple[InboxQuery, dict[str, str]]:
    """The query and German errors per field; an invalid field is left out of the search."""
    errors: dict[str, str] = {}
    service = params.get("dienst", "")
    if service and service not in services:
        errors["dienst"] = _("Diese Leistung gibt es hier nicht.")
        service = ""
    status = params.get("status", "") or OPEN
    if status not in {OPEN, ALL, *machine.STATUSES}:
        errors["status"] = _("Diesen Status gibt es nicht.")
        status = OPEN
    received_from = _date(params.get("eingang_von", ""), "eingang_von", _("den Beginn"), errors)
    received_to = _date(params.get("eingang_bis", ""), "eingang_bis", _("das Ende"), errors)
    if received_from and received_to and received_to < received_from:
        errors["eingang_bis"] = _("Das Ende des Zeitraums muss nach dem Beginn liegen.")
        received_to = None
    sort = params.get("sortierung", "") or "frist"
    if sort not in SORTS:
        sort = "frist"
    raw_page = params.get("seite", "1")
    page = int(raw_page) if raw_page.isascii() and raw_page.isdigit() and 0 < len(raw_page) < 6 else 1
    query = InboxQuery(
        service=service,
        status=status,
        received_from=received_from,
        received_to=received_to,
        mine=params.get("mir") == "1",
        overdue=params.get("ueberfaellig") == "1",
        sort=sort,
        page=max(page, 1),
    )
    return query, errors


class Row(msgspec.Struct, kw_only=True):
    reference: str
    service: str
    status: str
    submitted_at: dt.datetime
    due_at: dt.datetime | None
    assignee_email: str

    @property
    def overdue(self) -> bool:
        return overdue(self.due_at, self.status)

    @property
    def due_date(self) -> dt.date | None:
        return due_date(self.due_at)

    @property
    def info(self) -> machine.StatusInfo:
        return machine.info(self.status)


class Result(msgspec.Struct, kw_only=True):
    rows: list[Row]
    total: int
    page: int
    pages: int


def open_statuses() -> list[str]:
    return [s for s, info in machine.STATUSES.items() if not info.decided]


def _where(tenant: str, query: InboxQuery, account_id: int, now: dt.datetime, services: set[str]) -> object:
    where = (Application.tenant == tenant) & Application.service.is_in(sorted(services) or [""])
    if query.service:
        where &= Application.service == query.service
    if query.status == OPEN:
        where &= Application.status.is_in(open_statuses())
    elif query.status != ALL:
        where &= Application.status == query.status
    if query.received_from:
        where &= Application.submitted_at >= dt.datetime.combine(query.received_from, dt.time(), OFFICE_TIME)
    if query.received_to:
        end = query.received_to + dt.timedelta(days=1)
        where &= Application.submitted_at < dt.datetime.combine(end, dt.time(), OFFICE_TIME)
    if query.mine:
        where &= Application.assigned_to == account_id
    if query.overdue:
        where &= (Application.due_at <= now) & Application.status.is_in(open_statuses())
    return where


async def search(
    tenant: str, query: InboxQuery, account_id: int, services: set[str], now: dt.datetime | None = None
) -> Result:
    """`services`: the service ids this office works (the tenant's); other cases are not listed."""
    now = now or dt.datetime.now(dt.UTC)
    where = _where(tenant, query, account_id, now, services)
    total = await Application.count().where(where)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(query.page, pages)
    select = Application.select(
        Application.reference,
        Application.service,
        Application.status,
        Application.submitted_at,
        Application.due_at,
        Application.assigned_to.email,
    ).where(where)
    if query.sort == "frist":
        # Cases with a due date first (earliest first), then by receipt; the same on both engines.
        select = select.order_by(OrderByRaw("CASE WHEN application.due_at IS NULL THEN 1 ELSE 0 END"))
        select = select.order_by(Application.due_at).order_by(Application.submitted_at)
    else:
        select = select.order_by(Application.submitted_at, ascending=query.sort == "eingang_alt")
    rows = await select.order_by(Application.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    return Result(
        rows=[
            Row(
                reference=r["reference"],
                service=r["service"],
                status=r["status"],
                submitted_at=r["submitted_at"],
                due_at=r["due_at"],
                assignee_email=r["assigned_to.email"] or "",
            )
            for r in rows
        ],
        total=total,
        page=page,
        pages=pages,
    )
