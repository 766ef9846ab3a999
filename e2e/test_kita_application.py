"""The Kita demand notice on a phone: started online, continued offline (the draft survives a reload and a
browser restart), synced when the connection returns, checked and submitted; then its receipt and status."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from e2e.application_pages import (
    CheckAnswersPage,
    ServiceStartPage,
    StepPage,
    TaskListPage,
    template_url,
    wait_until_cached,
)
from e2e.pages import (
    A11yLedger,
    DashboardPage,
    HouseholdPage,
    LoginPage,
    SearchPage,
    a11y,
    register_and_confirm,
    tile_route,
)


def months_ahead(months: int) -> dt.date:
    today = dt.date.today()
    index = today.month - 1 + months
    return dt.date(today.year + index // 12, index % 12 + 1, 1)


def new_family(
    page: Page, context: BrowserContext, mailbox: Any, favourites: int = 2
) -> tuple[str, list[str]]:
    """A new parent with a child and a guardian in the household and Kitas on the Merkliste: returns the
    parent's e-mail address and the Kitas' names."""
    email, password = register_and_confirm(page, mailbox)
    LoginPage(page).login(email, password)
    household = HouseholdPage(page).goto()
    child = household.add_child()
    child.fill_born("Mia", "Test", dt.date(2024, 3, 8))
    household = child.save()
    guardian = household.add_guardian()
    guardian.fill("Alex", "Test", "Elternteil")
    guardian.save()
    tile_route(context)
    search = SearchPage(page).goto()
    search.search_for("Elberfeld")
    names = [n for n in search.result_names() if n.startswith("Kita")][:favourites]
    for name in names:
        search.open_result(name).add_to_favourites()
        page.go_back()
        search.expect_results()
    return email, names


def wait_until_offline_ready(page: Page, service: str = "kita") -> None:
    """The service worker controls the page and holds the service's blank step pages."""
    wait_until_cached(page, [template_url(service, "familie")])


def test_demand_notice_online_offline_restart_sync_and_submit(
    page: Page, context: BrowserContext, new_context: Any, mailbox: Any
) -> None:
    email, kitas = new_family(page, context, mailbox)
    DashboardPage(page).goto()

    # Online: the first two steps.
    kind = ServiceStartPage(page).goto().begin("Kind und Wohnsitz")
    expect(kind.group("Kind").get_by_label("Mia Test, geboren am 08.03.2024")).to_be_checked()
    kind.choose("Ist Ihr Hauptwohnsitz in dieser Stadt?", "Ja")
    betreuung = kind.continue_to("Betreuungswunsch")
    start = months_ahead(8)
    betreuung.fill_date("Ab wann brauchen Sie den Platz?", start)
    betreuung.choose("Welche Betreuung wünschen Sie?", "Kindertageseinrichtung (Kita)")
    expect(betreuung.group("Wie viele Stunden pro Woche?")).to_be_visible()
    betreuung.choose("Wie viele Stunden pro Woche?", "35 Stunden")
    wishes = betreuung.continue_to("Wunsch-Einrichtungen")
    uuid = wishes.draft_uuid
    wishes.expect_saved_on_server()
    wait_until_offline_ready(page)

    # Offline: the rest, with a reload on the way.
    context.set_offline(True)
    wishes.add_wish(kitas[1])
    wishes.add_wish(kitas[0])
    assert wishes.wish_names() == [kitas[1], kitas[0]]
    wishes.expect_status(re.compile(r"^Offline"))
    a11y(page)
    family = wishes.continue_to("Familie und Erwerbstätigkeit")
    assert uuid in page.url
    family.choose("Sind Sie alleinerziehend?", "Nein")
    family.choose("Alex Test", "Vollzeit erwerbstätig")
    family.expect_saved_on_device("single_parent", "nein")
    page.reload()
    family = StepPage(page, "Familie und Erwerbstätigkeit").expect_shown()
    expect(family.group("Sind Sie alleinerziehend?").get_by_label("Nein", exact=True)).to_be_checked()
    expect(family.group("Alex Test").get_by_label("Vollzeit erwerbstätig")).to_be_checked()
    special = family.continue_to("Besondere Umstände")
    special.choose("Hat Ihr Kind einen besonderen Förderbedarf? (freiwillig)", "Nein")
    special.expect_saved_on_device("special_needs", "nein")
    tasks = special.continue_to("Kita-Platz: Bedarfsanzeige und Vormerkung")
    expect(page).to_have_url(re.compile(rf"/antraege/kita/{uuid}/$"))

    # The browser is closed; a new one with the same storage opens when the phone is back online.
    state = context.storage_state(indexed_db=True)
    context.close()
    restarted: BrowserContext = new_context(storage_state=state)
    ledger = A11yLedger.attach(restarted)
    page = restarted.new_page()
    page.goto(f"/wuppertal/antraege/kita/{uuid}/")
    tasks = TaskListPage(page).expect_shown()
    tasks.expect_status("Gespeichert")
    page.reload()  # the server's copy now has everything
    tasks = TaskListPage(page).expect_shown()
    for step in (
        "Kind und Wohnsitz",
        "Betreuungswunsch",
        "Wunsch-Einrichtungen",
        "Familie und Erwerbstätigkeit",
    ):
        expect(tasks.status_of(step)).to_contain_text("Erledigt")

    page.get_by_role("link", name="Angaben prüfen und absenden").click()
    check = CheckAnswersPage(page).expect_shown()
    expect(check.answer("Wunsch-Einrichtungen")).to_have_text(
        re.compile(rf"1\. {re.escape(kitas[1])}.*2\. {re.escape(kitas[0])}", re.S)
    )
    expect(check.answer("Erwerbstätigkeit")).to_have_text("Alex Test: Vollzeit erwerbstätig")
    expect(check.answer("Ab wann brauchen Sie den Platz?")).to_have_text(start.strftime("%d.%m.%Y"))
    check.confirm_all()
    receipt = check.submit()
    reference = receipt.reference
    assert re.fullmatch(rf"KITA-{dt.date.today().year}-\d{{6}}", reference)
    assert reference in mailbox.wait_for_mail(email, f"Eingangsbestätigung: Kita-Platz ({reference})")
    case = receipt.open_status()
    case.expect_status("Eingereicht")
    expect(
        page.get_by_text("Das Jugendamt bestätigt Ihre Bedarfsanzeige innerhalb eines Monats.")
    ).to_be_visible()

    # The status page offline: the last known state, and a note saying so.
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    case.expect_shown()
    restarted.set_offline(True)
    page.reload()
    case.expect_shown()
    case.expect_status("Eingereicht")
    expect(page.get_by_text("Sie sind offline. Angezeigt wird der zuletzt geladene Stand.")).to_be_visible()
    restarted.set_offline(False)
    assert not ledger.unchecked(), ledger.unchecked()
    restarted.close()
