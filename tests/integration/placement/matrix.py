"""Placement's part of the authorization matrix's world (tests/integration/test_authorization_matrix.py):
the world's provider works for the facility of the world's `facility_id`, and the owner has an open offer
there for a child of their own (`kita_reference`, `offer_id`). The child's name is not one of the
matrix's markers: a provider may see a first name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from server.accounts.tables import Account
from server.facilities.tables import Facility
from server.households.tables import Child, Household
from server.placement.providers import link
from tests.integration.applications.support import Family
from tests.integration.placement.support import (
    TENANT,
    add_child,
    confirm,
    make_offer,
    offer_id_in,
    reservation_id,
    submit_kita,
)
from tests.integration.support import location


async def placement_world(world: Any) -> None:
    owner, provider = world.clients["owner"], world.clients["provider"]
    child = await Child.select(Child.household).where(Child.id == int(world.params["child_id"])).first()
    household = await Household.select(Household.account).where(Household.id == child["household"]).first()
    account_id = household["account"]
    ole = await add_child(account_id, "Ole", dt.date(2024, 5, 1))
    rows = await Facility.select(Facility.id, Facility.external_id).where(Facility.tenant == TENANT)
    by_external = {r["external_id"]: r["id"] for r in rows}
    fam = Family(
        account_id=account_id,
        child_id=ole,
        guardian_id=int(world.params["guardian_id"]),
        kitas=[by_external[k] for k in ("k1", "k2", "k3", "k4")],
        tagespflege=by_external["t1"],
    )
    assert str(fam.kitas[0]) == world.params["facility_id"]
    done = await submit_kita(owner, fam, [fam.kitas[0], fam.kitas[1]])
    await confirm(done)
    staff = (
        await Account.select(Account.id)
        .where((Account.tenant == TENANT) & (Account.email == provider.email))
        .first()
    )
    await link(TENANT, staff["id"], [fam.kitas[0]])
    made = await make_offer(provider, fam.kitas[0], [await reservation_id(done.application_id, fam.kitas[0])])
    assert made.status_code == 303, made.text[:2000]
    world.params["offer_id"] = str(offer_id_in(location(made)))
    world.params["kita_reference"] = done.reference
