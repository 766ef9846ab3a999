"""The Kita demand notice without JavaScript: start, one topic per page with German messages at the field,
ranking buttons, task list, check answers, declarations, submission, receipt, status page, PDF, withdrawal."""

from __future__ import annotations

import re

import pytest

from server.applications.tables import Application, ApplicationEvent
from tests.integration.applications.support import date_fields, family, kita_steps, start_date
from tests.integration.support import location, post_form

pytestmark = pytest.mark.asyncio


def field_error(html: str, field: str) -> str:
    match = re.search(rf'id="{field}-error"><span class="visually-hidden">Fehler:</span> ([^<]+)<', html)
    assert match, f"no error at {field}"
    return match.group(1)


async def start(client) -> str:
    page = await client.get("/wuppertal/antraege/kita")
    assert page.status_code == 200 and "Antrag beginnen" in page.text
    response = await post_form(client, "/wuppertal/antraege/kita/neu", {})
    assert response.status_code == 303
    target = location(response)
    assert re.fullmatch(r"/wuppertal/antraege/kita/[0-9a-f-]{36}/kind", target)
    return target.rsplit("/", 1)[0]


async def test_whole_demand_notice_without_javascript(client, email, inbox):
    fam = await family(client, email)
    base = await start(client)

    # The household prefills the child (the only one) and the main residence (Wuppertal).
    first = await client.get(f"{base}/kind")
    assert re.search(rf'value="{fam.child_id}" checked', first.text)
    assert re.search(r'id="main_residence" name="main_residence" type="radio" value="ja" checked', first.text)

    steps = kita_steps(fam)
    for step_id, values in steps.items():
        response = await post_form(client, f"{base}/{step_id}", values)
        assert response.status_code == 303, (step_id, response.text[:2000])
    assert location(response) == f"{base}/pruefen"

    tasks = await client.get(f"{base}/")
    assert tasks.text.count("Erledigt") == 5 and "Bereit" in tasks.text

    check = await client.get(f"{base}/pruefen")
    assert check.status_code == 200
    for text in (
        "Mia Beispiel, geboren am 08.03.2024",
        "1. Kita Regenbogen",
        "2. Kita Sonnenschein – Geschwisterkind dort betreut",
        "35 Stunden",
        "Alex Beispiel: Vollzeit erwerbstätig",
    ):
        assert text in check.text, text
    version = re.search(r'name="_version" value="(\d+)"', check.text).group(1)

    missing = await post_form(client, f"{base}/pruefen", {"_version": version, "decl-truthful": "ja"})
    assert missing.status_code == 422
    assert "Bitte bestätigen Sie diese Erklärung." in missing.text

    done = await post_form(
        client,
        f"{base}/pruefen",
        {"_version": version, "decl-truthful": "ja", "decl-forwarding": "ja", "decl-privacy": "ja"},
    )
    assert done.status_code == 303
    receipt_url = location(done)
    reference = re.fullmatch(r"/wuppertal/vorgaenge/(KITA-\d{4}-\d{6})/eingereicht", receipt_url).group(1)
    receipt = await client.get(receipt_url)
    assert reference in receipt.text and "Antrag eingereicht" in receipt.text

    mail = await inbox.wait_for(email)
    assert reference in mail["Subject"]

    status = await client.get(f"/wuppertal/vorgaenge/{reference}")
    assert "Eingereicht" in status.text and "innerhalb eines Monats" in status.text
    pdf = await client.get(f"/wuppertal/vorgaenge/{reference}/antrag.pdf")
    assert (
        pdf.status_code == 200
        and pdf.content.startswith(b"%PDF")
        and pdf.headers["content-type"] == "application/pdf"
    )

    dashboard = await client.get("/wuppertal/uebersicht")
    assert reference in dashboard.text and "Sie haben keine offenen Entwürfe." in dashboard.text

    # The draft is gone; its pages lead to the case.
    again = await client.get(f"{base}/pruefen", follow_redirects=False)
    assert again.status_code == 303 and location(again) == f"/wuppertal/vorgaenge/{reference}"

    withdraw = await post_form(
        client,
        f"/wuppertal/vorgaenge/{reference}/zurueckziehen",
        {},
        form_page=f"/wuppertal/vorgaenge/{reference}/zurueckziehen",
    )
    assert withdraw.status_code == 303
    status = await client.get(f"/wuppertal/vorgaenge/{reference}")
    assert "Zurückgezogen" in status.text and "Antrag zurückziehen" not in status.text
    events = await ApplicationEvent.select(ApplicationEvent.status_to).order_by(ApplicationEvent.id)
    assert [e["status_to"] for e in events] == ["submitted", "withdrawn"]
    assert (await post_form(client, f"/wuppertal/vorgaenge/{reference}/zurueckziehen", {})).status_code == 409


async def test_messages_at_the_field_and_typed_values_kept(client, email):
    fam = await family(client, email)
    base = await start(client)
    response = await post_form(
        client,
        f"{base}/betreuung",
        {"start-day": "31", "start-month": "2", "start-year": "2027", "care_type": ""},
    )
    assert response.status_code == 422
    assert (
        field_error(response.text, "start")
        == "Bitte prüfen Sie „Ab wann brauchen Sie den Platz?“: Diesen Tag gibt es im Kalender nicht."
    )
    assert field_error(response.text, "care_type") == "Bitte wählen Sie die gewünschte Betreuungsform aus."
    assert 'name="start-day" type="text" inputmode="numeric" maxlength="2" value="31"' in response.text

    past = await post_form(
        client,
        f"{base}/betreuung",
        {**date_fields("start", start_date().replace(year=2020)), "care_type": "kita", "hours": "35"},
    )
    assert field_error(past.text, "start") == "Der Betreuungsbeginn darf nicht in der Vergangenheit liegen."

    # Child-minding asks for hours as a number; the Kita hours question does not apply then.
    ktp = await post_form(
        client,
        f"{base}/betreuung",
        {**date_fields("start", start_date()), "care_type": "tagespflege", "ktp_hours": "60"},
    )
    assert (
        field_error(ktp.text, "ktp_hours")
        == "„Wie viele Stunden pro Woche in der Kindertagespflege?“ darf höchstens 45 sein."
    )

    residence = await post_form(
        client, f"{base}/kind", {"child": str(fam.child_id), "main_residence": "nein"}
    )
    assert "Eine Vormerkung ist nur mit Hauptwohnsitz in Wuppertal möglich." in field_error(
        residence.text, "main_residence"
    )
    moving = await post_form(client, f"{base}/kind", {"child": str(fam.child_id), "main_residence": "zuzug"})
    assert field_error(moving.text, "move_date") == "Bitte geben Sie das Datum Ihres Umzugs an."


async def test_soon_start_is_a_warning_not_an_error(client, email):
    await family(client, email)
    base = await start(client)
    import datetime as dt

    from server.dates import add_months

    soon = add_months(dt.date.today(), 2)
    response = await post_form(
        client, f"{base}/betreuung", {**date_fields("start", soon), "care_type": "kita", "hours": "25"}
    )
    assert response.status_code == 303
    page = await client.get(f"{base}/betreuung")
    assert "weniger als sechs Monate entfernt" in page.text


async def test_ranking_buttons_without_javascript(client, email):
    fam = await family(client, email)
    base = await start(client)
    a, b, c, d = (str(i) for i in fam.kitas)
    url = f"{base}/wuensche"
    await post_form(client, url, {"wishes": [a, b], "_action": f"add:{c}"})
    await post_form(client, url, {"wishes": [a, b, c], "_action": f"up:{c}"})
    assert (await client.get(f"/wuppertal/entwuerfe/{base.rsplit('/', 1)[1]}")).json()["values"][
        "wishes"
    ] == [a, c, b]
    too_many = await post_form(client, url, {"wishes": [a, c, b], "_action": f"add:{d}"})
    assert too_many.status_code == 303
    page = await post_form(client, url, {"wishes": [a, c, b, d]})
    assert page.status_code == 422
    assert (
        field_error(page.text, "wishes")
        == "Sie können höchstens 3 Einrichtungen angeben. Bitte entfernen Sie eine."
    )
    removed = await post_form(client, url, {"wishes": [a, c, b, d], "_action": f"remove:{a}"})
    assert removed.status_code == 303
    search = await post_form(
        client, url, {"wishes": [c, b, d], "_action": "search", "_search": "Sternschnuppe"}
    )
    assert "suche=Sternschnuppe" in location(search)
    results = await client.get(location(search))
    assert "Suchergebnisse für „Sternschnuppe“" in results.text

    # A child-minder is no Kita: with "Kita" as the care type the ranking says what to remove.
    await post_form(
        client,
        f"{base}/betreuung",
        {**date_fields("start", start_date()), "care_type": "kita", "hours": "35"},
    )
    mixed = await post_form(client, url, {"wishes": [c, str(fam.tagespflege)]})
    assert mixed.status_code == 422
    assert "Tagespflege Zwergenstube" in field_error(mixed.text, "wishes")


async def test_form_post_with_stale_version_shows_both_versions(client, email):
    fam = await family(client, email)
    base = await start(client)
    uuid = base.rsplit("/", 1)[1]
    page = await client.get(f"{base}/kind")
    version = re.search(r'name="_version" value="(\d+)"', page.text).group(1)
    # Another device changes the same step meanwhile.
    await post_form(
        client,
        f"{base}/kind",
        {"child": str(fam.child_id), "main_residence": "ja", "languages": "Türkisch", "_version": version},
    )
    conflict = await post_form(
        client,
        f"{base}/kind",
        {"child": str(fam.child_id), "main_residence": "ja", "languages": "Polnisch", "_version": version},
    )
    assert conflict.status_code == 409
    assert "Auf einem anderen Gerät geändert" in conflict.text
    assert "Polnisch" in conflict.text and "Türkisch" in conflict.text
    current = re.search(r'name="_version" value="(\d+)"', conflict.text).group(1)
    keep_mine = await post_form(
        client,
        f"{base}/kind",
        {"child": str(fam.child_id), "main_residence": "ja", "languages": "Polnisch", "_version": current},
    )
    assert keep_mine.status_code == 303
    assert (await client.get(f"/wuppertal/entwuerfe/{uuid}")).json()["values"]["languages"] == "Polnisch"


async def test_save_and_continue_later_and_delete(client, email):
    await family(client, email)
    base = await start(client)
    later = await post_form(client, f"{base}/kind", {"languages": "Deutsch", "_action": "save_exit"})
    assert location(later) == "/wuppertal/uebersicht"
    dashboard = await client.get("/wuppertal/uebersicht")
    assert "Kita-Platz" in dashboard.text and "zuletzt gespeichert" in dashboard.text
    deleted = await post_form(client, f"{base}/loeschen", {})
    assert location(deleted) == "/wuppertal/uebersicht"
    assert (await client.get(f"{base}/pruefen")).status_code == 404
    assert await Application.count() == 0


async def test_service_not_offered_or_unknown_is_404(client, email):
    await family(client, email)
    assert (await client.get("/wuppertal/antraege/gibtsnicht")).status_code == 404
    assert (await client.get("/wuppertal/antraege/kita/keine-uuid/kind")).status_code == 404


async def test_other_parent_cannot_see_a_case(app_client, email):
    async with app_client() as owner:
        fam = await family(owner, email)
        base = await start(owner)
        for step_id, values in kita_steps(fam).items():
            await post_form(owner, f"{base}/{step_id}", values)
        check = await owner.get(f"{base}/pruefen")
        version = re.search(r'name="_version" value="(\d+)"', check.text).group(1)
        done = await post_form(
            owner,
            f"{base}/pruefen",
            {"_version": version, "decl-truthful": "ja", "decl-forwarding": "ja", "decl-privacy": "ja"},
        )
        reference = location(done).split("/")[3]
    async with app_client() as other:
        from tests.integration.support import logged_in_parent

        await logged_in_parent(other, "wuppertal", "zweite." + email)
        for path in ("", "/eingereicht", "/antrag.pdf", "/zurueckziehen"):
            response = await other.get(f"/wuppertal/vorgaenge/{reference}{path}")
            assert response.status_code == 404, path
            assert "Mia" not in response.text
        assert (
            await post_form(other, f"/wuppertal/vorgaenge/{reference}/zurueckziehen", {})
        ).status_code == 404
