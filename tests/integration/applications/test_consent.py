"""The second parent's consent, with the OGS registration as its first service: invitation by e-mail at
submission, the answer with their own account (agree or refuse), accounts that must not answer, a corrected
address, the reminder, and sole custody without any of it. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from server.accounts.services import create_account
from server.applications.tables import Application, ApplicationEvent, ConsentRequest
from server.mailbox.tables import Message
from tests.integration.applications.school_support import (
    consent_link,
    school_family,
    submit_ogs,
)
from tests.integration.support import (
    BASE_URL,
    PASSWORD,
    AppClient,
    body_of,
    create_parent,
    location,
    logged_in_parent,
    login,
    post_form,
)

pytestmark = pytest.mark.asyncio

TITLE = "Anmeldung zur Offenen Ganztagsschule (OGS)"
WHEN = r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr"


def other_address(email: str) -> str:
    return "zweiter." + email


async def submitted_with_invitation(client, email, inbox) -> tuple[str, str, str]:
    """The applicant's OGS registration waiting for the other parent: (reference, other's address, link)."""
    child = await school_family(client, email)
    other = other_address(email)
    reference = await submit_ogs(client, child, other)
    invitation = await inbox.wait_for(other)
    assert invitation["Subject"] == f"Bitte um Ihre Zustimmung: {TITLE}"
    return reference, other, consent_link(invitation)


async def state_of(reference: str) -> tuple[str, list[dict]]:
    application = (
        await Application.select(Application.id, Application.status)
        .where(Application.reference == reference)
        .first()
    )
    rows = (
        await ConsentRequest.select()
        .where(ConsentRequest.application == application["id"])
        .order_by(ConsentRequest.id)
    )
    return application["status"], rows


async def nothing_changed(reference: str) -> None:
    status, rows = await state_of(reference)
    assert status == "awaiting_consent"
    assert [r["status"] for r in rows] == ["invited"] and rows[0]["answered_by"] is None
    application = await Application.select(Application.id).where(Application.reference == reference).first()
    assert await ApplicationEvent.count().where(ApplicationEvent.application == application["id"]) == 1


async def test_the_other_parent_agrees_with_their_own_account(client, email, inbox):
    reference, other, link = await submitted_with_invitation(client, email, inbox)
    invitation = body_of(inbox.messages_to(other)[0])
    assert email in invitation and "30 Tage gültig" in invitation
    assert "Lina" not in invitation and "Grundschule" not in invitation  # no details of the child in a mail

    # The applicant's case waits for the consent and says so.
    case = await client.get(f"/wuppertal/vorgaenge/{reference}")
    assert "Zustimmung ausstehend" in case.text and "Ausstehend" in case.text
    assert other in case.text and "Einladung erneut senden" in case.text
    status, rows = await state_of(reference)
    assert status == "awaiting_consent" and len(rows) == 1 and rows[0]["email"] == other

    other_id = await create_parent("wuppertal", other)
    async with AppClient(client.app) as second:
        # Before logging in, the page names the invited address but shows nothing of the application.
        anonymous = await second.get(link)
        assert anonymous.status_code == 200
        assert "Die Einladung ging an " + other in anonymous.text
        assert "Grundschule Am Hang" not in anonymous.text and "Lina" not in anonymous.text
        assert f'href="/wuppertal/anmelden?weiter={link}"' in anonymous.text

        logged_in = await login(second, "wuppertal", other, next_path=link)
        assert logged_in.status_code == 303 and location(logged_in) == link
        page = await second.get(link)
        assert f"{email} hat am" in page.text and f"(Aktenzeichen {reference})" in page.text
        assert (
            "Dem stimmen Sie zu" in page.text
            and "verbindlich zur Offenen Ganztagsschule angemeldet" in page.text
        )
        assert "Grundschule Am Hang" in page.text and "Lina Beispiel" in page.text
        assert "Ihre Entscheidung" in page.text

        none_chosen = await post_form(second, link, {})
        assert (
            none_chosen.status_code == 422
            and "Bitte wählen Sie: zustimmen oder ablehnen." in none_chosen.text
        )

        agreed = await post_form(second, link, {"entscheidung": "zustimmen"})
        assert agreed.status_code == 303 and location(agreed) == link
        done = await second.get(link)
        assert re.search(rf"Sie haben diesem Antrag am {WHEN} zugestimmt\.", done.text)
        assert "Vielen Dank. Ihre Zustimmung ist gespeichert." in done.text

        # The link is used up.
        again = await post_form(second, link, {"entscheidung": "ablehnen"})
        assert again.status_code == 409
        assert "Diese Anfrage ist schon beantwortet oder wurde durch eine neue ersetzt." in again.text

    status, rows = await state_of(reference)
    assert status == "submitted"
    assert rows[0]["status"] == "agreed" and rows[0]["answered_by"] == other_id and rows[0]["answered_at"]

    case = await client.get(f"/wuppertal/vorgaenge/{reference}")
    assert re.search(rf"Zugestimmt</strong> am {WHEN} von {re.escape(other)}", case.text)
    assert "Eingereicht" in case.text and "Einladung erneut senden" not in case.text
    assert re.search(rf"Der andere Elternteil \({re.escape(other)}\) hat am {WHEN} zugestimmt\.", case.text)
    # The status block refreshes itself while the page is open, and carries the consent with it.
    fragment = await client.get(f"/wuppertal/vorgaenge/{reference}", headers={"HX-Request": "true"})
    assert 'id="case-status"' in fragment.text and "Zugestimmt" in fragment.text
    assert "<html" not in fragment.text

    messages = await Message.select(Message.subject, Message.kind).where(Message.reference == reference)
    assert messages == [{"subject": f"Zustimmung erteilt: {reference}", "kind": "status"}]
    mailbox = await client.get("/wuppertal/postfach/")
    assert f"Zustimmung erteilt: {reference}" in mailbox.text
    told = await inbox.wait_for(email, count=2)
    assert told["Subject"] == "Neue Nachricht in Ihrem Postfach"


async def test_the_other_parent_refuses(client, email, inbox):
    reference, other, link = await submitted_with_invitation(client, email, inbox)
    await create_parent("wuppertal", other)
    async with AppClient(client.app) as second:
        await login(second, "wuppertal", other)
        refused = await post_form(second, link, {"entscheidung": "ablehnen"})
        assert refused.status_code == 303
        page = await second.get(link)
        assert re.search(rf"Sie haben die Zustimmung am {WHEN} verweigert\.", page.text)
        assert "Ihre Ablehnung ist gespeichert. Der andere Elternteil wird informiert." in page.text

    status, rows = await state_of(reference)
    assert status == "awaiting_consent" and rows[0]["status"] == "refused"
    case = await client.get(f"/wuppertal/vorgaenge/{reference}")
    assert re.search(rf"Abgelehnt</strong> am {WHEN}", case.text)
    assert re.search(
        rf"Der andere Elternteil \({re.escape(other)}\) hat am {WHEN} die Zustimmung verweigert\.", case.text
    )
    assert "Einladung erneut senden" in case.text  # e.g. after talking it over
    subjects = [m["subject"] for m in await Message.select(Message.subject)]
    assert subjects == [f"Zustimmung verweigert: {reference}"]


async def test_accounts_that_must_not_answer_change_nothing(client, app_client, email, inbox):
    reference, other, link = await submitted_with_invitation(client, email, inbox)

    # The applicant themself: sees no decision form, and a post is refused.
    own = await client.get(link)
    assert "Ihre Entscheidung" not in own.text and "Grundschule Am Hang" not in own.text
    assert "Sie sind mit einer anderen E-Mail-Adresse angemeldet." in own.text
    refused = await post_form(client, link, {"entscheidung": "zustimmen"})
    assert refused.status_code == 409
    assert (
        "Sie haben den Antrag selbst gestellt. Zustimmen muss der andere Elternteil mit seinem eigenen Konto."
        in refused.text
    )
    assert "Grundschule Am Hang" not in refused.text

    # Another parent of the same municipality with another address.
    async with AppClient(client.app) as stranger:
        await logged_in_parent(stranger, "wuppertal", "fremd." + email)
        refused = await post_form(stranger, link, {"entscheidung": "zustimmen"})
        assert refused.status_code == 409
        assert (
            f"Bitte melden Sie sich mit der E-Mail-Adresse an, an die die Einladung ging ({other})."
            in refused.text
        )
        assert "Grundschule Am Hang" not in refused.text and "Ihre Entscheidung" not in refused.text
        undecided = await post_form(stranger, link, {})
        assert undecided.status_code == 422 and "Grundschule Am Hang" not in undecided.text

    # A staff account with the invited address is not a parent.
    await create_account("wuppertal", other, PASSWORD, "caseworker")
    async with AppClient(client.app) as staff:
        await login(staff, "wuppertal", other)
        assert "Ihre Entscheidung" not in (await staff.get(link)).text
        refused = await post_form(staff, link, {"entscheidung": "zustimmen"})
        assert (
            refused.status_code == 409 and "Bitte melden Sie sich mit der E-Mail-Adresse an" in refused.text
        )

    # The invited address, but an account of another municipality: logged out here, unknown there.
    await create_parent("iserlohn", other)
    async with AppClient(client.app) as elsewhere:
        await login(elsewhere, "iserlohn", other)
        here = await elsewhere.get(link)
        assert (
            "Ihre Entscheidung" not in here.text
            and "Bitte melden Sie sich mit dieser E-Mail-Adresse an." in here.text
        )
        posted = await post_form(elsewhere, link, {"entscheidung": "zustimmen"})
        assert posted.status_code == 303 and location(posted).startswith("/wuppertal/anmelden?weiter=")
        there = link.replace("/wuppertal/", "/iserlohn/")
        assert (await elsewhere.get(there)).status_code == 404
        assert (await post_form(elsewhere, there, {"entscheidung": "zustimmen"})).status_code == 404

    # An unknown token.
    assert (await client.get("/wuppertal/zustimmung/" + "x" * 43)).status_code == 404
    await nothing_changed(reference)


async def test_a_corrected_address_gets_a_new_link_and_the_old_one_stops(client, email, inbox):
    reference, other, old_link = await submitted_with_invitation(client, email, inbox)
    action = f"/wuppertal/vorgaenge/{reference}/zustimmung/"

    own = await post_form(client, action, {"email": email.upper()})
    assert own.status_code == 422
    assert "Bitte geben Sie die E-Mail-Adresse des anderen Elternteils an, nicht Ihre eigene." in own.text
    invalid = await post_form(client, action, {"email": "kein-at-zeichen"})
    assert invalid.status_code == 422 and 'aria-invalid="true"' in invalid.text

    corrected = "richtig." + email
    resent = await post_form(client, action, {"email": corrected})
    assert resent.status_code == 303 and location(resent) == f"/wuppertal/vorgaenge/{reference}"
    new_link = consent_link(await inbox.wait_for(corrected))
    assert new_link != old_link
    case = await client.get(f"/wuppertal/vorgaenge/{reference}")
    assert "Die Einladung zur Zustimmung ist verschickt." in case.text
    assert f"Einladung zur Zustimmung erneut gesendet an {corrected}." in case.text
    assert f"{corrected} · " in case.text

    status, rows = await state_of(reference)
    assert status == "awaiting_consent"
    assert [(r["email"], r["status"]) for r in rows] == [(other, "replaced"), (corrected, "invited")]
    assert rows[1]["name"] == "Ben Beispiel"

    # The first address's owner finds the old link replaced; it cannot answer any more.
    await create_parent("wuppertal", other)
    async with AppClient(client.app) as first:
        await login(first, "wuppertal", other)
        stale = await first.get(old_link)
        assert (
            "Diese Einladung wurde durch eine neue ersetzt." in stale.text
            and "Ihre Entscheidung" not in stale.text
        )
        refused = await post_form(first, old_link, {"entscheidung": "zustimmen"})
        assert refused.status_code == 409
    await create_parent("wuppertal", corrected)
    async with AppClient(client.app) as second:
        await login(second, "wuppertal", corrected)
        assert (await post_form(second, new_link, {"entscheidung": "zustimmen"})).status_code == 303
    assert (await state_of(reference))[0] == "submitted"

    # A form still open from before the answer leads to the case page, which shows the answer.
    late = await post_form(client, action, {"email": "noch.einer." + email})
    assert late.status_code == 303 and location(late) == f"/wuppertal/vorgaenge/{reference}#zustimmung"
    assert [r["status"] for r in (await state_of(reference))[1]] == ["replaced", "agreed"]


async def test_one_reminder_after_some_days_with_a_fresh_link(app_client, email, inbox):
    async with app_client(base_url=BASE_URL) as client:
        reference, other, first_link = await submitted_with_invitation(client, email, inbox)
        housekeeping = client.app.state.housekeeping
        now = dt.datetime.now(dt.UTC)

        await housekeeping.run_once(now + dt.timedelta(days=4))
        assert len(inbox.messages_to(other)) == 1
        await housekeeping.run_once(now + dt.timedelta(days=5, hours=1))
        reminder = await inbox.wait_for(other, count=2)
        assert reminder["Subject"] == f"Erinnerung: Bitte um Ihre Zustimmung: {TITLE}"
        assert "Der Link ist 24 Tage gültig." in body_of(reminder)
        fresh = consent_link(reminder)
        assert fresh != first_link

        # Once: later runs send nothing more.
        assert await housekeeping.remind_consents(now + dt.timedelta(days=6)) == []
        await housekeeping.run_once(now + dt.timedelta(days=20))
        assert len(inbox.messages_to(other)) == 2

        # Only the reminder's link works now.
        await create_parent("wuppertal", other)
        async with AppClient(client.app) as second:
            await login(second, "wuppertal", other)
            assert (await second.get(first_link)).status_code == 404
            assert (await post_form(second, fresh, {"entscheidung": "zustimmen"})).status_code == 303
        assert (await state_of(reference))[0] == "submitted"


async def test_no_reminder_for_a_withdrawn_case_and_the_link_says_why(client, email, inbox):
    reference, other, link = await submitted_with_invitation(client, email, inbox)
    withdrawn = await post_form(client, f"/wuppertal/vorgaenge/{reference}/zurueckziehen", {})
    assert withdrawn.status_code == 303
    assert (await state_of(reference))[0] == "withdrawn"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=6)
    assert await client.app.state.housekeeping.remind_consents(later) == []

    await create_parent("wuppertal", other)
    async with AppClient(client.app) as second:
        await login(second, "wuppertal", other)
        page = await second.get(link)
        closed = (
            "Dieser Antrag wartet nicht mehr auf eine Zustimmung, zum Beispiel weil er zurückgezogen wurde."
        )
        assert closed in page.text and "Ihre Entscheidung" not in page.text
        refused = await post_form(second, link, {"entscheidung": "zustimmen"})
        assert refused.status_code == 409 and closed in refused.text
    assert (await state_of(reference))[0] == "withdrawn"


async def test_reminder_without_a_public_base_url_points_to_the_first_mail(client, email, inbox):
    reference, other, link = await submitted_with_invitation(client, email, inbox)
    sent = await client.app.state.housekeeping.remind_consents(dt.datetime.now(dt.UTC) + dt.timedelta(days=6))
    assert len(sent) == 1
    reminder = body_of(await inbox.wait_for(other, count=2))
    assert "Bitte öffnen Sie den Link aus unserer ersten E-Mail vom" in reminder
    assert "/zustimmung/" not in reminder
    await create_parent("wuppertal", other)
    async with AppClient(client.app) as second:
        await login(second, "wuppertal", other)
        assert (await post_form(second, link, {"entscheidung": "zustimmen"})).status_code == 303


async def test_an_expired_link_is_refused(client, email, inbox):
    reference, other, link = await submitted_with_invitation(client, email, inbox)
    await ConsentRequest.update(
        {ConsentRequest.expires_at: dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)}
    ).where(ConsentRequest.email == other)
    await create_parent("wuppertal", other)
    async with AppClient(client.app) as second:
        await login(second, "wuppertal", other)
        expired = "Dieser Link ist abgelaufen. Bitte bitten Sie den anderen Elternteil, die Einladung erneut zu senden."
        page = await second.get(link)
        assert expired in page.text and "Ihre Entscheidung" not in page.text
        refused = await post_form(second, link, {"entscheidung": "zustimmen"})
        assert refused.status_code == 409 and expired in refused.text
    await nothing_changed(reference)


async def test_sole_custody_needs_no_consent(client, email, inbox):
    child = await school_family(client, email)
    reference = await submit_ogs(client, child)
    assert reference.startswith(f"OGS-{dt.date.today().year}-")
    status, rows = await state_of(reference)
    assert status == "submitted" and rows == []
    receipt = await inbox.wait_for(email)
    assert receipt["Subject"] == f"Eingangsbestätigung: OGS-Anmeldung ({reference})"
    case = await client.get(f"/wuppertal/vorgaenge/{reference}")
    assert "Zustimmung des anderen Elternteils" not in case.text and "Eingereicht" in case.text
    application = (
        await Application.select(Application.summary).where(Application.reference == reference).first()
    )
    assert "Nicht nötig: Sie haben das alleinige Sorgerecht." in application["summary"]
    assert len(inbox.messages_to(email)) == 1
