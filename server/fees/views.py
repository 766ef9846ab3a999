"""What the calculator page shows of a fee schedule: its tables as rows of German labels and amounts."""

from __future__ import annotations

import msgspec

from server.fees.config import FeeSchedule
from server.fees.rules import age_group_label, bracket, care_label, euro
from server.web.i18n import _


class TableView(msgspec.Struct, frozen=True):
    id: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    free: bool  # the whole age group pays nothing


def _row_label(schedule: FeeSchedule, index: int) -> str:
    """A row of the table: "bis 25.000 €" (the previous row's bound is the lower end), "über 100.000 €"."""
    b = bracket(schedule, index)
    return _("bis {amount}").format(amount=euro(b.upper)) if b.upper is not None else b.label


def table_views(schedule: FeeSchedule) -> list[TableView]:
    views = []
    for t, table in enumerate(schedule.tables):
        names = [care_label(c) for c in table.care_types]
        cares = (
            _("{first} und {second}").format(first=names[0], second=names[1]) if len(names) == 2 else names[0]
        )
        headers = [_("{n} h").format(n=h) for h in table.hours]
        if table.more_hours:
            headers.append(_("über {n} h").format(n=table.hours[-1]))
        for group in schedule.age_groups.keys:
            caption = _("{care}, Kinder {group}").format(care=cares, group=age_group_label(schedule, group))
            free = group in table.free_age_groups
            rows = ()
            if not free:
                rows = tuple(
                    (_row_label(schedule, i), tuple(str(fee) for fee in row))
                    for i, row in enumerate(table.fees[group])
                )
            views.append(
                TableView(
                    id=f"tabelle-{t}-{group}", caption=caption, headers=tuple(headers), rows=rows, free=free
                )
            )
    return views
