"""Offers end to end at the HTTP level: the provider offers, the parent accepts (the other wishes are
withdrawn) or declines (they resume), siblings together, the contract status, taking an offer back, and two
answers at the same moment."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from server.audit.tables import AuditEvent
from server.mailbox.tables import Message
from server.placement.tables import Offer
from tests.integration.applications.support import Family, family
from tests.integration.placement.support import (
    TENANT,
    add_child,
    application_status,
    confirm,
    make_offer,
    offer_id_in,
    other_client,
    provider_client,
    reservation_id,
    statuses,
    submit_kita,
)
from tests.integration.support import body_of, location, logged_in_parent, post_form

pytestmark = pytest.mark.asyncio


async def confirmed_family(client, email) -> tuple[Family, int, str]:
    """A family whose demand notice ranks Kita 2, Kita 1, Kita 3, confirmed by the office."""
    fam = await family(client, email)
    done = await submit_kita(client, fam, [fam.kitas[1], fam.kitas[0], fam.kitas[2]])
    await confirm(done)
    return fam, done.application_id, done.reference


async def test_offer_then_accept_withdraws_the_other_wishes(client, email, inbox):
    fam, app_id, reference = await confirmed_family(client, email)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        rid = await reservation_id(app_id, fam.kitas[0])
        form = await provider.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[0]}/angebot?vormerkung={rid}")
        assert form.status_code == 200 and "Angebot verschicken" in form.text
        made = await make_offer(provider, fam.kitas[0], [rid])
        assert made.status_code == 303, made.text
        offer_id = offer_id_in(location(made))

        # The child's other wishes rest while the offer is open.
        assert await application_status(app_id) == "offered"
        assert await statuses(app_id) == {
            fam.kitas[0]: "offered",
            fam.kitas[1]: "paused",
            fam.kitas[2]: "paused",
        }
        message = await Message.select().where(Message.account == fam.account_id).first()
        assert message["kind"] == "offer" and message["reference"] == reference
        assert message["action_path"] == f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}"
        # The e-mail only says that something arrived.
        mail = body_of(await inbox.wait_for(email, 2))
        assert "Postfach" in mail and "Kita Sonnenschein" not in mail and "Mia" not in mail
        assert await AuditEvent.count().where(AuditEvent.action == "offer.create") == 1

        # Until the parent accepts, the provider sees no contact data.
        pending = await provider.get(f"/{TENANT}/traeger/angebote/{offer_id}")
        assert pending.status_code == 200 and email not in pending.text and "Offen" in pending.text

        case = await client.get(f"/{TENANT}/vorgaenge/{reference}")
        assert "Sie haben ein Platzangebot" in case.text
        page = await client.get(f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}")
        assert page.status_code == 200
        assert (
            "Kita Sonnenschein" in page.text and "Platz annehmen" in page.text and "35 Stunden" in page.text
        )
        confirm_page = await client.get(f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}/annehmen")
        assert "Ihre übrigen Wünsche werden zurückgenommen" in confirm_page.text
        assert "Kita Regenbogen" in confirm_page.text

        accepted = await post_form(client, f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}/annehmen", {})
        assert accepted.status_code == 303
        assert await application_status(app_id) == "accepted"
        assert await statuses(app_id) == {
            fam.kitas[0]: "accepted",
            fam.kitas[1]: "withdrawn",
            fam.kitas[2]: "withdrawn",
        }
        after = await client.get(location(accepted))
        assert after.text.count("Zurückgenommen") == 2 and "Platz angenommen" in after.text
        confirmation = await Message.select().where(Message.kind == "status").first()
        assert "Kita Regenbogen" in confirmation["body"] and "zurückgenommen" in confirmation["body"]

        # Now the provider sees how to reach the family (and reading it is audited).
        contact = await provider.get(f"/{TENANT}/traeger/angebote/{offer_id}")
        assert email in contact.text and "Mia Beispiel" in contact.text and "Musterstraße 3" in contact.text
        assert await AuditEvent.count().where(AuditEvent.action == "offer.view") == 1

        # The place is contracted.
        done = await post_form(provider, f"/{TENANT}/traeger/angebote/{offer_id}/vertrag", {})
        assert done.status_code == 303
        assert await application_status(app_id) == "contracted"
        assert (await statuses(app_id))[fam.kitas[0]] == "contracted"
        # A second click changes nothing and says so.
        again = await post_form(provider, f"/{TENANT}/traeger/angebote/{offer_id}/vertrag", {})
        assert again.status_code == 409


async def test_decline_resumes_the_other_wishes(client, email):
    fam, app_id, reference = await confirmed_family(client, email)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0], fam.kitas[1]]) as (
        provider,
        _,
    ):
        offer_id = offer_id_in(
            location(await make_offer(provider, fam.kitas[0], [await reservation_id(app_id, fam.kitas[0])]))
        )
        warning = await client.get(f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}/ablehnen")
        assert "Rechtsanspruch" in warning.text and "§ 24 SGB VIII" in warning.text
        declined = await post_form(client, f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}/ablehnen", {})
        assert declined.status_code == 303
        assert await application_status(app_id) == "declined"
        assert await statuses(app_id) == {
            fam.kitas[0]: "declined",
            fam.kitas[1]: "active",
            fam.kitas[2]: "active",
        }
        # Still in the allocation: another facility of the provider can offer; the declining one cannot.
        listed = await provider.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[1]}/vormerkungen")
        assert ">Mia<" in listed.text
        declined_list = await provider.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[0]}/vormerkungen")
        assert ">Mia<" not in declined_list.text
        second = await make_offer(provider, fam.kitas[1], [await reservation_id(app_id, fam.kitas[1])])
        assert second.status_code == 303
        assert await application_status(app_id) == "offered"


async def test_no_contract_reactivates_the_wishes(client, email):
    fam, app_id, reference = await confirmed_family(client, email)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        offer_id = offer_id_in(
            location(await make_offer(provider, fam.kitas[0], [await reservation_id(app_id, fam.kitas[0])]))
        )
        await post_form(client, f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}/annehmen", {})
        confirm_page = await provider.get(f"/{TENANT}/traeger/angebote/{offer_id}/kein-vertrag")
        assert confirm_page.status_code == 200 and "Ja, kein Vertrag" in confirm_page.text
        response = await post_form(provider, f"/{TENANT}/traeger/angebote/{offer_id}/kein-vertrag", {})
        assert response.status_code == 303
    assert await application_status(app_id) == "reserved"
    assert await statuses(app_id) == {
        fam.kitas[0]: "withdrawn",
        fam.kitas[1]: "active",
        fam.kitas[2]: "active",
    }
    offer = await Offer.select(Offer.status, Offer.contract).where(Offer.id == offer_id).first()
    assert offer == {"status": "accepted", "contract": "none"}
    assert await Message.count().where(Message.subject.like("Kein Betreuungsvertrag%")) == 1


async def test_provider_takes_an_open_offer_back(client, email):
    fam, app_id, _reference = await confirmed_family(client, email)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        offer_id = offer_id_in(
            location(await make_offer(provider, fam.kitas[0], [await reservation_id(app_id, fam.kitas[0])]))
        )
        response = await post_form(provider, f"/{TENANT}/traeger/angebote/{offer_id}/zuruecknehmen", {})
        assert response.status_code == 303
    assert await application_status(app_id) == "reserved"
    assert set((await statuses(app_id)).values()) == {"active"}
    assert await Message.count().where(Message.subject.like("Platzangebot zurückgenommen%")) == 1


async def test_siblings_are_offered_and_accept_together(client, email):
    fam = await family(client, email)
    ben = await add_child(fam.account_id, "Ben", dt.date(2024, 3, 8))  # a twin
    mia_case = await submit_kita(client, fam, [fam.kitas[0], fam.kitas[1]])
    ben_case = await submit_kita(client, fam, [fam.kitas[0], fam.kitas[2]], child_id=ben)
    for done in (mia_case, ben_case):
        await confirm(done)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        listed = await provider.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[0]}/vormerkungen")
        assert "Gemeinsam mit Ben anbieten" in listed.text
        ids = [
            await reservation_id(mia_case.application_id, fam.kitas[0]),
            await reservation_id(ben_case.application_id, fam.kitas[0]),
        ]
        form = await provider.get(
            f"/{TENANT}/traeger/einrichtungen/{fam.kitas[0]}/angebot?vormerkung={ids[0]}&vormerkung={ids[1]}"
        )
        assert "Platz für Geschwister anbieten" in form.text
        made = await make_offer(provider, fam.kitas[0], ids)
        assert made.status_code == 303, made.text
        offer_id = offer_id_in(location(made))
    for done in (mia_case, ben_case):
        assert await application_status(done.application_id) == "offered"
    # One message for the one offer; either child's case leads to it.
    assert await Message.count().where(Message.kind == "offer") == 1
    page = await client.get(f"/{TENANT}/vorgaenge/{ben_case.reference}/angebot/{offer_id}")
    assert page.status_code == 200 and "Mia, Ben" in page.text
    accepted = await post_form(
        client, f"/{TENANT}/vorgaenge/{mia_case.reference}/angebot/{offer_id}/annehmen", {}
    )
    assert accepted.status_code == 303
    assert await statuses(mia_case.application_id) == {fam.kitas[0]: "accepted", fam.kitas[1]: "withdrawn"}
    assert await statuses(ben_case.application_id) == {fam.kitas[0]: "accepted", fam.kitas[2]: "withdrawn"}
    for done in (mia_case, ben_case):
        assert await application_status(done.application_id) == "accepted"


async def test_children_of_different_families_cannot_share_an_offer(client, email):
    fam, app_id, _reference = await confirmed_family(client, email)
    async with other_client(client.app) as neighbour:
        other = await family(neighbour, "nachbar@beispiel.de")
        theirs = await submit_kita(neighbour, other, [fam.kitas[0]])
        await confirm(theirs)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        ids = [
            await reservation_id(app_id, fam.kitas[0]),
            await reservation_id(theirs.application_id, fam.kitas[0]),
        ]
        listed = await provider.get(f"/{TENANT}/traeger/einrichtungen/{fam.kitas[0]}/vormerkungen")
        assert "Gemeinsam mit" not in listed.text
        refused = await make_offer(provider, fam.kitas[0], ids)
        assert refused.status_code == 409 and "Geschwister derselben Familie" in refused.text
    assert await Offer.count() == 0
    assert await application_status(app_id) == "reserved"


async def test_offer_form_checks_the_deadline(client, email):
    fam, app_id, _reference = await confirmed_family(client, email)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        rid = await reservation_id(app_id, fam.kitas[0])
        too_soon = await make_offer(
            provider, fam.kitas[0], [rid], deadline=dt.date.today() + dt.timedelta(days=1)
        )
        assert too_soon.status_code == 422 and "mindestens 3 Tage" in too_soon.text
        wrong_hours = await make_offer(provider, fam.kitas[0], [rid], hours=40)
        assert wrong_hours.status_code == 422 and "Betreuungsumfang" in wrong_hours.text
    assert await Offer.count() == 0


async def test_concurrent_accept_and_decline_have_exactly_one_outcome(client, email):
    fam, app_id, reference = await confirmed_family(client, email)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        offer_id = offer_id_in(
            location(await make_offer(provider, fam.kitas[0], [await reservation_id(app_id, fam.kitas[0])]))
        )
    base = f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}"
    await client.get(base)
    responses = await asyncio.gather(
        post_form(client, f"{base}/annehmen", {}),
        post_form(client, f"{base}/ablehnen", {}),
        post_form(client, f"{base}/annehmen", {}),
        post_form(client, f"{base}/ablehnen", {}),
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [303, 409, 409, 409], codes
    offer = await Offer.select(Offer.status).where(Offer.id == offer_id).first()
    final = await application_status(app_id)
    assert (offer["status"], final) in {("accepted", "accepted"), ("declined", "declined")}
    # The reservations agree with the one outcome.
    others = {s for f, s in (await statuses(app_id)).items() if f != fam.kitas[0]}
    assert others == ({"withdrawn"} if final == "accepted" else {"active"})


async def test_offer_pages_belong_to_the_parent(client, email):
    fam, app_id, reference = await confirmed_family(client, email)
    async with provider_client(client.app, "traeger@beispiel.de", [fam.kitas[0]]) as (provider, _):
        offer_id = offer_id_in(
            location(await make_offer(provider, fam.kitas[0], [await reservation_id(app_id, fam.kitas[0])]))
        )
        # Staff cannot open the parent's pages.
        assert (await provider.get(f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}")).status_code == 403
    async with provider_client(client.app, "fremd@beispiel.de", [fam.kitas[1]]) as (stranger, _):
        assert (await stranger.get(f"/{TENANT}/traeger/angebote/{offer_id}")).status_code == 404
        refused = await post_form(
            stranger,
            f"/{TENANT}/traeger/angebote/{offer_id}/zuruecknehmen",
            {},
            form_page=f"/{TENANT}/traeger/",
        )
        assert refused.status_code == 404
    async with other_client(client.app) as other:
        await logged_in_parent(other, TENANT, "andere@beispiel.de")
        assert (await other.get(f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}")).status_code == 404
        refused = await post_form(
            other,
            f"/{TENANT}/vorgaenge/{reference}/angebot/{offer_id}/annehmen",
            {},
            form_page=f"/{TENANT}/uebersicht",
        )
        assert refused.status_code == 404
    # The owner, but under another of their cases' references: 404 as well.
    second = await submit_kita(client, fam, [fam.kitas[3]])
    assert (await client.get(f"/{TENANT}/vorgaenge/{second.reference}/angebot/{offer_id}")).status_code == 404
    assert await application_status(app_id) == "offered"


async def test_two_facilities_offering_the_same_child_at_once_make_one_offer(client, email):
    fam, app_id, _reference = await confirmed_family(client, email)
    async with provider_client(
        client.app, "traeger@beispiel.de", [fam.kitas[0], fam.kitas[1], fam.kitas[2]]
    ) as (
        provider,
        _,
    ):
        await provider.get(f"/{TENANT}/traeger/")
        ids = {kita: await reservation_id(app_id, kita) for kita in fam.kitas[:3]}
        responses = await asyncio.gather(*(make_offer(provider, kita, [rid]) for kita, rid in ids.items()))
    codes = sorted(r.status_code for r in responses)
    assert codes == [303, 409, 409], codes
    assert await Offer.count() == 1
    assert await application_status(app_id) == "offered"
    states = sorted((await statuses(app_id)).values())
    assert states == ["offered", "paused", "paused"]
    assert await Message.count().where(Message.kind == "offer") == 1
