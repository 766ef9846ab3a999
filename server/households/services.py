"""Household queries; every query is scoped to the tenant and the owning account."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from server.db_errors import is_unique_violation
from server.households.tables import Child, Guardian, Household

RELATIONSHIPS = {
    "mutter": "Mutter",
    "vater": "Vater",
    "elternteil": "Elternteil",
    "vormund": "Vormund",
    "pflegeelternteil": "Pflegeelternteil",
    "sonstige": "Andere sorgeberechtigte Person",
}


class ChildData(msgspec.Struct, kw_only=True):
    first_name: str
    last_name: str
    birth_date: dt.date | None = None
    expected_birth_date: dt.date | None = None


class GuardianData(msgspec.Struct, kw_only=True):
    first_name: str
    last_name: str
    relationship: str
    birth_date: dt.date | None = None
    phone: str = ""


class AddressData(msgspec.Struct, kw_only=True):
    street: str
    house_number: str
    postcode: str
    city: str


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


async def household_for(tenant: str, account_id: int) -> Household:
    """The account's household, created empty on first use."""
    found = (
        await Household.objects()
        .where((Household.tenant == tenant) & (Household.account == account_id))
        .first()
    )
    if found is not None:
        return found
    household = Household(tenant=tenant, account=account_id, updated_at=utcnow())
    try:
        await household.save()
    except Exception as exc:
        # Two first requests at once: the other one created it (account is unique).
        if not is_unique_violation(exc):
            raise
        return await Household.objects().where(Household.account == account_id).first()
    return household


async def overview(tenant: str, account_id: int) -> dict[str, Any]:
    household = await household_for(tenant, account_id)
    guardians = await Guardian.objects().where(Guardian.household == household.id).order_by(Guardian.id)
    children = await Child.objects().where(Child.household == household.id).order_by(Child.id)
    return {"household": household, "guardians": guardians, "children": children}


async def save_address(household: Household, data: AddressData) -> None:
    await Household.update(
        {
            Household.street: data.street,
            Household.house_number: data.house_number,
            Household.postcode: data.postcode,
            Household.city: data.city,
            Household.updated_at: utcnow(),
        }
    ).where(Household.id == household.id)


async def get_child(household: Household, child_id: int) -> Child | None:
    return (
        await Child.objects()
        .where(
            (Child.id == child_id) & (Child.household == household.id) & (Child.tenant == household.tenant)
        )
        .first()
    )


async def save_child(household: Household, data: ChildData, child_id: int | None = None) -> None:
    values = msgspec.structs.asdict(data)
    if child_id is None:
        await Child.insert(
            Child(tenant=household.tenant, household=household.id, created_at=utcnow(), **values)
        )
    else:
        await Child.update({getattr(Child, k): v for k, v in values.items()}).where(
            (Child.id == child_id) & (Child.household == household.id)
        )


async def remove_child(household: Household, child_id: int) -> None:
    await Child.delete().where((Child.id == child_id) & (Child.household == household.id))


async def get_guardian(household: Household, guardian_id: int) -> Guardian | None:
    return (
        await Guardian.objects()
        .where(
            (Guardian.id == guardian_id)
            & (Guardian.household == household.id)
            & (Guardian.tenant == household.tenant)
        )
        .first()
    )


async def save_guardian(household: Household, data: GuardianData, guardian_id: int | None = None) -> None:
    values = msgspec.structs.asdict(data)
    if guardian_id is None:
        await Guardian.insert(
            Guardian(tenant=household.tenant, household=household.id, created_at=utcnow(), **values)
        )
    else:
        await Guardian.update({getattr(Guardian, k): v for k, v in values.items()}).where(
            (Guardian.id == guardian_id) & (Guardian.household == household.id)
        )


async def remove_guardian(household: Household, guardian_id: int) -> None:
    await Guardian.delete().where((Guardian.id == guardian_id) & (Guardian.household == household.id))
