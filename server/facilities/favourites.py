"""The Merkliste kept in a parent's account: every query is scoped to the tenant and the owning account.

The device keeps its own list (localStorage, works logged out and offline); at login the page sends it here
and `merge` adds what the account lacks. Only facilities of the tenant count: other ids are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from server.db_errors import is_unique_violation
from server.facilities.tables import Facility, Favourite

MAX_FAVOURITES = 100  # a Merkliste is a short list; this also bounds what one merge request may write


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def favourite_ids(tenant: str, account_id: int) -> list[int]:
    """The facility ids on the account's Merkliste, oldest first."""
    rows = (
        await Favourite.select(Favourite.facility)
        .where((Favourite.tenant == tenant) & (Favourite.account == account_id))
        .order_by(Favourite.created_at)
        .order_by(Favourite.id)
    )
    return [row["facility"] for row in rows]


async def _facilities_of_tenant(tenant: str, ids: Iterable[int]) -> set[int]:
    wanted = sorted({i for i in ids if isinstance(i, int) and 0 < i < 2**31})
    if not wanted:
        return set()
    rows = await Facility.select(Facility.id).where((Facility.tenant == tenant) & Facility.id.is_in(wanted))
    return {row["id"] for row in rows}


async def add(tenant: str, account_id: int, facility_id: int) -> bool:
    """Put a facility of this tenant on the account's Merkliste; False if there is no such facility."""
    return facility_id in await merge(tenant, account_id, [facility_id])


async def merge(tenant: str, account_id: int, ids: Iterable[int]) -> list[int]:
    """Add the given facilities (those of this tenant, in the given order) to the account's Merkliste;
    return the whole list afterwards. Safe to repeat and to run twice at once."""
    ids = list(dict.fromkeys(ids))
    known = await _facilities_of_tenant(tenant, ids)
    current = set(await favourite_ids(tenant, account_id))
    room = MAX_FAVOURITES - len(current)
    for facility_id in ids:
        if room <= 0:
            break
        if facility_id not in known or facility_id in current:
            continue
        try:
            await Favourite.insert(
                Favourite(tenant=tenant, account=account_id, facility=facility_id, created_at=utcnow())
            )
        except Exception as exc:
            # The same facility added from a second tab or device at the same moment: it is there.
            if not is_unique_violation(exc):
                raise
        current.add(facility_id)
        room -= 1
    return await favourite_ids(tenant, account_id)


async def remove(tenant: str, account_id: int, facility_id: int) -> None:
    await Favourite.delete().where(
        (Favourite.tenant == tenant) & (Favourite.account == account_id) & (Favourite.facility == facility_id)
    )
