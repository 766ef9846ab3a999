"""Place allocation across three browsers: the parent on a phone submits a Kita demand notice, the
caseworker (desktop) confirms it, the provider (desktop) offers a place; the parent accepts in the app and
the other wishes are withdrawn. An offer that lapses at its deadline: the sweeper runs as the CLI
against the server's database with a `now` after the deadline, and the parent's wishes resume. And the
provider keeping a facility's data and free places, which families then see in the Kita directory."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from e2e.conftest import ACTION_TIMEOUT_MS, REPO_ROOT
from e2e.pages import (
    FacilityPage,
    HouseholdPage,
    LoginPage,
    german_date,
    register_and_confirm,
    tile_route,
)
from e2e.placement_pages import (
    MailboxPage,
    ParentCasePage,
    ParentOfferPage,
    ProviderHomePage,
    ReservationsPage,
    confirm_demand_notice,
    desktop_pages,
    months_ahead,
    open_provider_area,
    prepare_kita_draft,
    staff_login,
    submit_draft,
)

BERLIN_OFFSET = dt.timedelta(hours=2)  # at most: the deadline day ends at 22:00 or 23:00 UTC
# The directory serves a snapshot of the facilities and checks for changes at most every 5 s (Directory in
# server/facilities/search.py): a change shows there within that time.
DIRECTORY_FRESHNESS_S = 5.0
DIRECTORY_COLUMNS = ("unter 3 Jahre", "ab 3 Jahre")


@pytest.fixture
def desktop(browser: Browser, base_url: str) -> Iterator[Callable[[], Page]]:
    """Staff browsers: desktop-sized contexts, each with an accessibility ledger checked at the end."""
    with desktop_pages(browser, base_url) as open_page:
        yield open_page


def parent_with_child(page: Page, mailbox: Any, first_name: str) -> str:
    email, password = register_and_confirm(page, mailbox)
    LoginPage(page).login(email, password)
    household = HouseholdPage(page).goto()
    child = household.add_child()
    child.fill_born(first_name, "Test", dt.date(2024, 3, 8))
    household = child.save()
    guardian = household.add_guardian()
    guardian.fill("Alex", "Test", "Elternteil")
    guardian.save()
    return email


def provider_facilities(provider: Page) -> list[tuple[int, str]]:
    staff_login(provider, "provider@wuppertal.example")
    home = ProviderHomePage(provider).goto()
    found = home.facilities()  # type: ignore[attr-defined]
    assert len(found) >= 2, found
    return found


def submitted_and_confirmed(page: Page, caseworker: Page, wishes: list[int]) -> str:
    uuid = prepare_kita_draft(page, wishes, months_ahead(8))
    reference = submit_draft(page, uuid)
    staff_login(caseworker, "caseworker@wuppertal.example")
    confirm_demand_notice(caseworker, reference)
    return reference


def test_provider_offers_a_place_and_the_parent_accepts(
    page: Page, context: BrowserContext, desktop: Callable[[], Page], mailbox: Any
) -> None:
    provider, caseworker = desktop(), desktop()
    (first_id, first_name), (second_id, second_name) = provider_facilities(provider)[:2]
    email = parent_with_child(page, mailbox, "Frieda")
    # First wish: the provider's second Kita; second wish: the one that will offer.
    reference = submitted_and_confirmed(page, caseworker, [second_id, first_id])

    # The provider sees the child with only what the decision needs, and offers a place.
    reservations = ReservationsPage(provider, first_id).goto()
    row = reservations.row("Frieda")  # type: ignore[attr-defined]
    expect(row).to_contain_text("alleinerziehend und erwerbstätig: 5")
    expect(provider.get_by_role("main")).not_to_contain_text(email)
    expect(provider.get_by_role("main")).not_to_contain_text("08.03.2024")
    form = reservations.offer_place("Frieda")  # type: ignore[attr-defined]
    offer = form.send("Frieda")
    expect(offer.status).to_contain_text("Offen")
    expect(offer.contact).to_have_count(0)

    # The parent finds it in the mailbox (the e-mails only say that something arrived).
    notice = mailbox.wait_for_mail(email, "Neue Nachricht in Ihrem Postfach")
    assert first_name not in notice and "Frieda" not in notice and "Platzangebot" not in notice
    MailboxPage(page).goto().open(f"Platzangebot der Einrichtung {first_name}").act(
        "Angebot ansehen und antworten"
    )
    parent_offer = ParentOfferPage(page, first_name).expect_shown()
    expect(parent_offer.wish(second_name)).to_contain_text("Ruht während eines Angebots")
    accepted = parent_offer.accept()
    expect(accepted.status).to_contain_text("Angenommen")
    expect(accepted.wish(second_name)).to_contain_text("Zurückgenommen")
    expect(accepted.wish(first_name)).to_contain_text("Platz angenommen")
    case = ParentCasePage(page, reference).goto()
    expect(page.locator(".case-status__current")).to_contain_text("Angebot angenommen")
    expect(case.wish(second_name)).to_contain_text("Zurückgenommen")  # type: ignore[attr-defined]

    # Now the provider may contact the family, and records the contract.
    provider.reload()
    offer.expect_shown()
    expect(offer.contact).to_contain_text(email)
    expect(offer.contact).to_contain_text("Frieda Test")
    offer.mark_contracted()
    expect(offer.status).to_contain_text("Betreuungsvertrag geschlossen")
    page.reload()
    case.expect_shown()
    expect(page.locator(".case-status__current")).to_contain_text("Betreuungsvertrag")


def test_an_offer_lapses_at_its_deadline_and_the_wishes_resume(
    page: Page, context: BrowserContext, desktop: Callable[[], Page], mailbox: Any, portal_env: dict[str, str]
) -> None:
    provider, caseworker = desktop(), desktop()
    (first_id, first_name), (second_id, second_name) = provider_facilities(provider)[:2]
    parent_with_child(page, mailbox, "Karl")
    reference = submitted_and_confirmed(page, caseworker, [first_id, second_id])

    form = ReservationsPage(provider, first_id).goto().offer_place("Karl")  # type: ignore[attr-defined]
    deadline = dt.date.today() + dt.timedelta(days=3)
    form.set_deadline(deadline)
    form.send("Karl")
    case = ParentCasePage(page, reference).goto()
    expect(case.wish(second_name)).to_contain_text("Ruht während eines Angebots")  # type: ignore[attr-defined]

    # The day after the deadline (the app's own sweeper runs with the real clock; the CLI pretends).
    after = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(0, 1), dt.UTC)
    done = subprocess.run(
        [sys.executable, "-m", "server", "lapse-offers", "--now", after.isoformat()],
        env=portal_env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Verfallene Angebote: 1" in done.stdout, done.stdout

    page.reload()
    case.expect_shown()
    expect(page.locator(".case-status__current")).to_contain_text("Vorgemerkt")
    expect(case.wish(first_name)).to_contain_text("Angebot verfallen")  # type: ignore[attr-defined]
    expect(case.wish(second_name)).to_contain_text("Vorgemerkt")  # type: ignore[attr-defined]
    message = MailboxPage(page).goto().open(f"Platzangebot verfallen: {first_name}")  # type: ignore[attr-defined]
    expect(page.get_by_role("main")).to_contain_text("Ihre übrigen Wünsche sind wieder vorgemerkt")
    assert message


# --- the provider keeps its facility's data and free places -------------------------------------------------
def berlin_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Europe/Berlin")).date()


def directory_places(page: Page, month: str, group: str) -> Locator:
    """The free places a facility's directory page shows for a start month and age group."""
    table = page.get_by_role("table", name="Freie Plätze nach Beginn und Alter")
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=month, exact=True))
    return row.get_by_role("cell").nth(DIRECTORY_COLUMNS.index(group))


def reload_until(page: Page, shown: Callable[[], bool], what: str) -> None:
    """Reload the page until `shown()`: the directory picks a change up within DIRECTORY_FRESHNESS_S."""
    deadline = time.monotonic() + DIRECTORY_FRESHNESS_S + ACTION_TIMEOUT_MS / 1000
    while not shown():
        assert time.monotonic() < deadline, f"the directory page never showed {what}"
        page.wait_for_timeout(500)
        page.reload()
        page.wait_for_load_state("load")


def expect_directory_entry(
    entry: FacilityPage, phone: str, hours: str, tag: str, places: tuple[str, str, str]
) -> None:
    page = entry.page
    month, group, number = places
    cell = directory_places(page, month, group)
    reload_until(page, lambda: cell.count() == 1 and cell.inner_text().strip() == number, f"{number} places")
    entry.expect_shown()
    expect(cell).to_have_text(number)
    expect(page.get_by_text(re.compile(r"^Stand: "))).to_have_text(f"Stand: {german_date(berlin_today())}")
    expect(page.get_by_role("link", name=phone, exact=True)).to_have_attribute(
        "href", f"tel:{phone.replace(' ', '')}"
    )
    facts = page.locator(".summary-list__row")
    expect(facts.filter(has_text="Öffnungszeiten").locator(".summary-list__value")).to_have_text(hours)
    expect(facts.filter(has_text="Konzept").get_by_role("listitem").filter(has_text=tag)).to_have_count(1)


def test_provider_keeps_facility_data_and_free_places_which_the_directory_shows(
    page: Page, context: BrowserContext, desktop: Callable[[], Page]
) -> None:
    provider = desktop()
    tile_route(provider.context)
    tile_route(context)
    staff_login(provider, "provider@wuppertal.example")
    home = open_provider_area(provider)
    # The last of the provider's Kitas: the offer tests above work with the first two.
    _facility_id, name = home.facilities()[-1]
    facility = home.open_facility(name)

    # Contact, opening hours and a concept tag: saved, and there when the form is opened again.
    phone, hours = "0202 563-4711", "Mo–Fr 7:00–16:30 Uhr"
    data = facility.open_data()
    tag = data.unchecked_concept_tags()[0]
    data.phone.fill(phone)
    data.opening_hours.fill(hours)
    data.concept_tag(tag).check()
    facility = data.save()
    data = facility.open_data()
    expect(data.phone).to_have_value(phone)
    expect(data.opening_hours).to_have_value(hours)
    expect(data.concept_tag(tag)).to_be_checked()

    # Bad input: the form again with German messages at the fields, everything typed kept, nothing saved.
    bad_email, bad_phone = "kita.nord-at-awo.example", "0202 563 Durchwahl 12"
    data.email.fill(bad_email)
    data.phone.fill(bad_phone)
    data.opening_hours.fill("Mo–Fr 8:00–14:00 Uhr")
    data.submit()
    data.expect_rejected(
        data.email, "Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.", bad_email
    )
    data.expect_rejected(
        data.phone,
        "Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen und + ( ) / - ein.",
        bad_phone,
    )
    expect(data.opening_hours).to_have_value("Mo–Fr 8:00–14:00 Uhr")
    expect(data.concept_tag(tag)).to_be_checked()

    # Free places: a bad number and letters are refused at their fields; the good number is kept.
    places = data.open_free_places()
    months, groups = places.months(), places.age_groups()
    assert len(months) == 12 and groups, (months, groups)
    month, group = months[2], groups[0]
    number = str(int(places.cell(month, group).input_value() or 0) + 7)  # a number the month did not have
    negative, letters = places.cell(months[3], group), places.cell(months[4], groups[-1])
    as_reported = negative.input_value(), letters.input_value()
    message = "Bitte geben Sie eine ganze Zahl von 0 bis 500 ein."
    places.cell(month, group).fill(number)
    negative.fill("-1")
    letters.fill("elf")
    places.submit()
    places.expect_rejected(negative, message, "-1")
    places.expect_rejected(letters, message, "elf")
    expect(places.error_summary.get_by_role("link")).to_have_count(2)
    expect(places.cell(month, group)).to_have_value(number)
    negative.fill(as_reported[0])
    letters.fill(as_reported[1])
    facility = places.save()
    expect(facility.places_stand).to_have_text(f"Freie Plätze: Stand: {german_date(berlin_today())}")
    places = facility.open_free_places()
    expect(places.cell(month, group)).to_have_value(number)
    expect(places.last_report).to_have_text(f"Letzte Meldung: {german_date(berlin_today())}")

    # The directory: the provider's link to the public page, and a family on the phone, not logged in.
    expected = (phone, hours, tag, (month, group, number))
    places.page.get_by_role("main").get_by_role("link", name=name, exact=True).click()
    facility.expect_shown()
    expect_directory_entry(facility.open_directory_entry(), *expected)
    family = FacilityPage(page, name=name)
    page.goto(provider.url)
    expect_directory_entry(family, *expected)
