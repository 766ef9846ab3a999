"""Place allocation across three browsers: the parent on a phone submits a Kita demand notice, the
caseworker (desktop) confirms it, the provider (desktop) offers a place; the parent accepts in the app and
the other wishes are withdrawn. And an offer that lapses at its deadline: the sweeper runs as the CLI
against the server's database with a `now` after the deadline, and the parent's wishes resume."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from e2e.conftest import ACTION_TIMEOUT_MS, REPO_ROOT
from e2e.pages import A11yLedger, HouseholdPage, LoginPage, register_and_confirm
from e2e.placement_pages import (
    DESKTOP,
    MailboxPage,
    ParentCasePage,
    ParentOfferPage,
    ProviderHomePage,
    ReservationsPage,
    confirm_demand_notice,
    months_ahead,
    prepare_kita_draft,
    staff_login,
    submit_draft,
)

BERLIN_OFFSET = dt.timedelta(hours=2)  # at most: the deadline day ends at 22:00 or 23:00 UTC


@pytest.fixture
def desktop(browser: Browser, base_url: str) -> Iterator[Callable[[], Page]]:
    """Staff browsers: desktop-sized contexts, each with an accessibility ledger checked at the end."""
    opened: list[tuple[BrowserContext, A11yLedger]] = []

    def open_page() -> Page:
        ctx = browser.new_context(
            base_url=base_url, viewport=DESKTOP, locale="de-DE", timezone_id="Europe/Berlin"
        )
        ctx.set_default_timeout(ACTION_TIMEOUT_MS)
        opened.append((ctx, A11yLedger.attach(ctx)))
        return ctx.new_page()

    yield open_page
    unchecked = {key for _ctx, ledger in opened for key in ledger.unchecked()}
    for ctx, _ledger in opened:
        ctx.close()
    assert not unchecked, "Staff pages shown but never checked with a11y: " + ", ".join(sorted(unchecked))


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
