"""Loading what the engine needs for one parent: household, facilities named in the answers, Merkliste."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping

from server.accounts.tables import Account
from server.applications.conditions import RawValue
from server.applications.context import Context, FacilityChoice, HouseholdSnapshot, Person
from server.applications.definitions import ServiceDefinition
from server.applications.fields import ranking_ids
from server.facilities.tables import Facility, Favourite
from server.households import services as households
from server.tenants.config import Tenant

# Proof page counts come from the documents feature, which registers its counter at start-up (the
# documents feature depends on drafts, so drafts must not import it).
ProofCounter = Callable[[str, int, str], Awaitable[dict[str, int]]]
_proof_counters: list[ProofCounter] = []


def register_proof_counter(counter: ProofCounter) -> None:
    if counter not in _proof_counters:
        _proof_counters.append(counter)


async def household_snapshot(tenant: str, account: Account) -> HouseholdSnapshot:
    data = await households.overview(tenant, account.id)
    household = data["household"]
    return HouseholdSnapshot(
        street=household.street,
        house_number=household.house_number,
        postcode=household.postcode,
        city=household.city,
        email=account.email,
        children=tuple(
            Person(
                id=str(c.id),
                first_name=c.first_name,
                last_name=c.last_name,
                birth_date=c.birth_date,
                expected_birth_date=c.expected_birth_date,
            )
            for c in data["children"]
        ),
        guardians=tuple(
            Person(
                id=str(g.id),
                first_name=g.first_name,
                last_name=g.last_name,
                birth_date=g.birth_date,
                relationship=g.relationship,
            )
            for g in data["guardians"]
        ),
    )


def _choice(row: dict) -> FacilityChoice:
    return FacilityChoice(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        district=row["district"],
        address=f"{row['street']} {row['house_number']}, {row['postcode']} {row['city']}".strip(", "),
    )


FACILITY_COLUMNS = (
    Facility.id,
    Facility.name,
    Facility.kind,
    Facility.district,
    Facility.street,
    Facility.house_number,
    Facility.postcode,
    Facility.city,
)


async def facilities_by_id(tenant: str, ids: list[int]) -> dict[int, FacilityChoice]:
    if not ids:
        return {}
    rows = await Facility.select(*FACILITY_COLUMNS).where(
        (Facility.tenant == tenant) & Facility.id.is_in(ids)
    )
    return {row["id"]: _choice(row) for row in rows}


async def favourites(tenant: str, account_id: int) -> tuple[FacilityChoice, ...]:
    ids = [
        r["facility"]
        for r in await Favourite.select(Favourite.facility)
        .where((Favourite.tenant == tenant) & (Favourite.account == account_id))
        .order_by(Favourite.created_at)
    ]
    found = await facilities_by_id(tenant, ids)
    return tuple(found[i] for i in ids if i in found)


async def search_facilities(tenant: str, text: str, limit: int = 10) -> list[FacilityChoice]:
    """Facilities whose name, street or district contains the text (for adding a wish by name)."""
    words = [w for w in text.split() if len(w) >= 2][:4]
    if not words:
        return []
    query = Facility.select(*FACILITY_COLUMNS).where(Facility.tenant == tenant)
    # SQLite's LIKE ignores (ASCII) case already and has no ILIKE.
    postgres = Facility._meta.db.engine_type == "postgres"
    for word in words:
        pattern = f"%{word}%"
        columns = (Facility.name, Facility.street, Facility.district)
        matches = [c.ilike(pattern) if postgres else c.like(pattern) for c in columns]
        query = query.where(matches[0] | matches[1] | matches[2])
    rows = await query.order_by(Facility.name).limit(limit)
    return [_choice(r) for r in rows]


async def load_context(
    tenant: Tenant,
    account: Account,
    definition: ServiceDefinition,
    values: Mapping[str, RawValue],
    draft_uuid: str | None = None,
    today: dt.date | None = None,
    household: HouseholdSnapshot | None = None,
) -> Context:
    ids: list[int] = []
    for _step, field in definition.fields():
        if field.type == "facility_ranking":
            ids.extend(ranking_ids(values, field.id))
    favourite_choices = await favourites(tenant.slug, account.id)
    named = await facilities_by_id(tenant.slug, ids)
    proofs: dict[str, int] = {}
    for counter in _proof_counters if draft_uuid else ():
        proofs.update(await counter(tenant.slug, account.id, draft_uuid))
    return Context(
        tenant=tenant,
        today=today or dt.date.today(),
        household=household or await household_snapshot(tenant.slug, account),
        facilities={**{f.id: f for f in favourite_choices}, **named},
        favourites=favourite_choices,
        proofs=proofs,
        settings=tenant.settings,
    )
