"""More of the Kita demand notice on a phone: the whole journey by keyboard, one draft on two devices, a
double submission, a draft started offline, and errors at the field with JavaScript on."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from e2e import test_kita_application as kita_journey
from e2e.application_pages import (
    CheckAnswersPage,
    ConflictDialog,
    ReceiptPage,
    ServiceStartPage,
    StepPage,
    TaskListPage,
    draft_entries,
    submitted_cases,
    template_url,
    wait_until_cached,
)
from e2e.pages import (
    A11yLedger,
    DashboardPage,
    LoginPage,
    a11y,
    expect_visible_focus,
    german_date,
    press_until_focused,
    wait_for_async,
)
from e2e.test_kita_application import months_ahead, new_family

TITLE = "Kita-Platz: Bedarfsanzeige und Vormerkung"
LANGUAGES = "Welche Sprachen spricht Ihr Kind zu Hause? (freiwillig)"


def fill_all_steps(page: Page, kitas: list[str], start: dt.date) -> CheckAnswersPage:
    """From the start page through every step to the check page, with the mouse."""
    kind = ServiceStartPage(page).goto().begin("Kind und Wohnsitz")
    kind.choose("Ist Ihr Hauptwohnsitz in dieser Stadt?", "Ja")
    betreuung = kind.continue_to("Betreuungswunsch")
    betreuung.fill_date("Ab wann brauchen Sie den Platz?", start)
    betreuung.choose("Welche Betreuung wünschen Sie?", "Kindertageseinrichtung (Kita)")
    betreuung.choose("Wie viele Stunden pro Woche?", "35 Stunden")
    wishes = betreuung.continue_to("Wunsch-Einrichtungen")
    for name in kitas:
        wishes.add_wish(name)
    family = wishes.continue_to("Familie und Erwerbstätigkeit")
    family.choose("Sind Sie alleinerziehend?", "Nein")
    family.choose("Alex Test", "Vollzeit erwerbstätig")
    special = family.continue_to("Besondere Umstände")
    special.page.get_by_role("button", name="Speichern und weiter").click()
    return CheckAnswersPage(page).expect_shown()


def wait_until_services_offline_ready(page: Page) -> None:
    """The service worker controls the dashboard and holds every page the dashboard asked it to keep
    (the services' start pages and their blank step pages)."""
    urls = json.loads(page.locator("#offline-pages").get_attribute("data-json") or "{}")["urls"]
    assert template_url("kita", "kind") in urls, urls
    wait_until_cached(page, urls)


def keyboard_continue(page: Page, heading: str) -> StepPage:
    """Tab to "Speichern und weiter" (or back with Shift+Tab), press Enter, and wait for the next page."""
    button = page.get_by_role("button", name="Speichern und weiter")
    key = (
        "Tab"
        if button.evaluate("b => b.compareDocumentPosition(document.activeElement) & 2")
        else "Shift+Tab"
    )
    press_until_focused(page, button, key, max_presses=60)
    expect_visible_focus(button)
    page.keyboard.press("Enter")
    return StepPage(page, heading).expect_shown()


# --- 1. keyboard only --------------------------------------------------------------------------------------
def test_whole_demand_notice_by_keyboard(page: Page, context: BrowserContext, mailbox: Any) -> None:
    _email, kitas = new_family(page, context, mailbox)
    start = months_ahead(8)
    ServiceStartPage(page).goto()

    begin = page.get_by_role("button", name="Antrag beginnen")
    press_until_focused(page, begin)
    expect_visible_focus(begin)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/antraege/kita/[0-9a-f-]{36}/kind$"))
    kind = StepPage(page, "Kind und Wohnsitz").expect_shown()

    # A radio group: Tab reaches the first option, Space checks it, the arrow keys move the choice.
    residence = kind.group("Ist Ihr Hauptwohnsitz in dieser Stadt?")
    yes = residence.get_by_label("Ja", exact=True)
    press_until_focused(page, yes)
    expect_visible_focus(yes)
    page.keyboard.press("Space")
    expect(yes).to_be_checked()
    page.keyboard.press("ArrowDown")
    moving = residence.get_by_label("Nein, wir ziehen bald hierher")
    expect(moving).to_be_focused()
    expect(moving).to_be_checked()
    expect(kind.group("Wann ziehen Sie um?")).to_be_visible()
    page.keyboard.press("ArrowUp")
    expect(yes).to_be_checked()
    expect(kind.group("Wann ziehen Sie um?")).to_be_hidden()
    languages = page.get_by_label(LANGUAGES)
    press_until_focused(page, languages)
    expect_visible_focus(languages)
    page.keyboard.type("Deutsch")
    page.keyboard.press("Enter")  # Enter in a text field saves and goes on, like "Speichern und weiter"
    kind = StepPage(page, "Betreuungswunsch").expect_shown()

    # The date group: three text fields, typed one after the other.
    when = kind.group("Ab wann brauchen Sie den Platz?")
    day = when.get_by_label("Tag", exact=True)
    press_until_focused(page, day)
    expect_visible_focus(day)
    month = when.get_by_label("Monat", exact=True)
    page.keyboard.type(str(start.day))
    page.keyboard.press("Tab")
    expect(month).to_be_focused()
    page.keyboard.type(str(start.month % 12 + 1))  # a slip, corrected below
    page.keyboard.press("Tab")
    expect(when.get_by_label("Jahr", exact=True)).to_be_focused()
    page.keyboard.type(str(start.year))
    page.keyboard.press("Shift+Tab")  # back to the month: its text is selected, typing replaces it
    expect_visible_focus(month)
    page.keyboard.type(str(start.month))
    expect(month).to_have_value(str(start.month))
    kita = kind.group("Welche Betreuung wünschen Sie?").get_by_label("Kindertageseinrichtung (Kita)")
    press_until_focused(page, kita)
    page.keyboard.press("Space")
    expect(kita).to_be_checked()
    hours = kind.group("Wie viele Stunden pro Woche?")
    expect(hours).to_be_visible()
    press_until_focused(page, hours.get_by_label("25 Stunden"))
    page.keyboard.press("ArrowDown")
    expect(hours.get_by_label("35 Stunden")).to_be_checked()
    wishes = keyboard_continue(page, "Wunsch-Einrichtungen")

    # The ranking: add two Kitas, move the second up; the focus follows each action.
    first, second = kitas
    add_first = page.get_by_role("button", name=f"Hinzufügen ({first})")
    press_until_focused(page, add_first, max_presses=60)
    expect_visible_focus(add_first)
    page.keyboard.press("Enter")
    expect(wishes.wishes.locator("strong[data-name]")).to_have_text([first])
    expect_visible_focus(page.get_by_role("button", name=f"Nach oben ({first})"))
    expect(add_first).to_be_hidden()
    add_second = page.get_by_role("button", name=f"Hinzufügen ({second})")
    press_until_focused(page, add_second)
    page.keyboard.press("Enter")
    expect(wishes.wishes.locator("strong[data-name]")).to_have_text([first, second])
    up_second = page.get_by_role("button", name=f"Nach oben ({second})")
    expect_visible_focus(up_second)
    page.keyboard.press("Enter")
    expect(wishes.wishes.locator("strong[data-name]")).to_have_text([second, first])
    expect_visible_focus(up_second)
    down_first = page.get_by_role("button", name=f"Nach unten ({first})")
    press_until_focused(page, down_first)
    page.keyboard.press("Enter")  # already last: nothing moves, the focus stays
    expect(wishes.wishes.locator("strong[data-name]")).to_have_text([second, first])
    expect(down_first).to_be_focused()
    # Removing moves the focus to the neighbour's "Entfernen"; the Kita can be added again.
    remove_first = page.get_by_role("button", name=f"Entfernen ({first})")
    press_until_focused(page, remove_first)
    expect_visible_focus(remove_first)
    page.keyboard.press("Enter")
    expect(wishes.wishes.locator("strong[data-name]")).to_have_text([second])
    expect_visible_focus(page.get_by_role("button", name=f"Entfernen ({second})"))
    press_until_focused(page, add_first)
    page.keyboard.press("Enter")
    expect(wishes.wishes.locator("strong[data-name]")).to_have_text([second, first])
    expect(page.get_by_role("button", name=f"Nach oben ({first})")).to_be_focused()
    a11y(page)
    family = keyboard_continue(page, "Familie und Erwerbstätigkeit")

    single = family.group("Sind Sie alleinerziehend?")
    press_until_focused(page, single.get_by_label("Ja", exact=True))
    page.keyboard.press("ArrowDown")
    expect(single.get_by_label("Nein", exact=True)).to_be_checked()
    full_time = family.group("Alex Test").get_by_label("Vollzeit erwerbstätig")
    press_until_focused(page, full_time)
    expect_visible_focus(full_time)
    page.keyboard.press("Space")
    expect(full_time).to_be_checked()
    keyboard_continue(page, "Besondere Umstände")
    keyboard_continue(page, "Prüfen Sie Ihre Angaben")

    check = CheckAnswersPage(page)
    expect(check.answer("Wunsch-Einrichtungen")).to_have_text(
        re.compile(rf"1\. {re.escape(second)}.*2\. {re.escape(first)}", re.S)
    )
    expect(check.answer("Ab wann brauchen Sie den Platz?")).to_have_text(german_date(start))
    expect(check.answer(LANGUAGES)).to_have_text("Deutsch")
    for box in page.get_by_role("checkbox").all():
        press_until_focused(page, box, max_presses=80)
        expect_visible_focus(box)
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    send = page.get_by_role("button", name="Verbindlich absenden")
    press_until_focused(page, send)
    expect_visible_focus(send)
    page.keyboard.press("Enter")
    receipt = ReceiptPage(page)
    receipt.expect_shown()
    status = page.get_by_role("link", name="Stand der Bearbeitung ansehen")
    press_until_focused(page, status)
    expect_visible_focus(status)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/vorgaenge/KITA-\d{4}-\d{6}$"))
    a11y(page)


# --- 2. two devices ----------------------------------------------------------------------------------------
def test_two_devices_change_the_same_answer(
    page: Page, context: BrowserContext, new_context: Any, mailbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    passwords: list[str] = []
    register = kita_journey.register_and_confirm

    def remember_password(*args: Any, **kwargs: Any) -> tuple[str, str]:
        email, password = register(*args, **kwargs)
        passwords.append(password)
        return email, password

    monkeypatch.setattr(kita_journey, "register_and_confirm", remember_password)
    email, _kitas = new_family(page, context, mailbox, favourites=0)

    # The phone starts the application.
    kind = ServiceStartPage(page).goto().begin("Kind und Wohnsitz")
    kind.choose("Ist Ihr Hauptwohnsitz in dieser Stadt?", "Ja")
    kind.continue_to("Betreuungswunsch")
    uuid = StepPage(page, "Betreuungswunsch").draft_uuid

    # The tablet (another browser, the same parent) opens the same draft from its dashboard.
    tablet_context: BrowserContext = new_context()
    ledger = A11yLedger.attach(tablet_context)
    tablet = tablet_context.new_page()
    LoginPage(tablet).goto()
    LoginPage(tablet).login(email, passwords[0])
    expect(draft_entries(tablet)).to_have_count(1)
    draft_entries(tablet).get_by_role("link", name="Kita-Platz", exact=True).click()
    TaskListPage(tablet).expect_shown()
    tablet.get_by_role("link", name="Kind und Wohnsitz", exact=True).click()
    on_tablet = StepPage(tablet, "Kind und Wohnsitz").expect_shown()

    # Round 1: both change the languages; the tablet keeps its own version.
    page.get_by_role("link", name="Zurück").click()
    on_phone = StepPage(page, "Kind und Wohnsitz").expect_shown()
    change_languages(on_phone, "Deutsch, Türkisch")
    change_languages(on_tablet, "Deutsch, Arabisch", saved=False)
    dialog = ConflictDialog(tablet).expect_shown()
    on_tablet.expect_status("Auf einem anderen Gerät geändert – bitte wählen Sie eine Version")
    dialog.expect_versions(LANGUAGES, "Deutsch, Arabisch", "Deutsch, Türkisch")
    assert server_values(page, uuid)["languages"] == "Deutsch, Türkisch"  # nothing overwritten yet
    dialog.keep_mine()
    on_tablet.expect_shown()
    on_tablet.expect_saved_on_server()
    expect(dialog.box).to_be_hidden()
    expect(tablet.get_by_label(LANGUAGES)).to_have_value("Deutsch, Arabisch")
    assert server_values(page, uuid)["languages"] == "Deutsch, Arabisch"
    page.reload()
    on_phone.expect_shown()
    expect(page.get_by_label(LANGUAGES)).to_have_value("Deutsch, Arabisch")
    on_phone.expect_saved_on_server()

    # Round 2: both change it again; the tablet takes the phone's version.
    change_languages(on_phone, "Deutsch")
    change_languages(on_tablet, "Arabisch", saved=False)
    dialog = ConflictDialog(tablet).expect_shown()
    dialog.expect_versions(LANGUAGES, "Arabisch", "Deutsch")
    assert server_values(page, uuid)["languages"] == "Deutsch"
    dialog.take_theirs()
    on_tablet.expect_shown()
    on_tablet.expect_saved_on_server()
    expect(tablet.get_by_label(LANGUAGES)).to_have_value("Deutsch")
    assert server_values(tablet, uuid)["languages"] == "Deutsch"
    tablet.reload()
    on_tablet.expect_shown()
    expect(tablet.get_by_label(LANGUAGES)).to_have_value("Deutsch")
    page.reload()
    on_phone.expect_shown()
    expect(page.get_by_label(LANGUAGES)).to_have_value("Deutsch")
    # Both devices go on from the same draft.
    on_tablet.continue_to("Betreuungswunsch")
    assert not ledger.unchecked(), ledger.unchecked()
    tablet_context.close()


def change_languages(step: StepPage, text: str, saved: bool = True) -> None:
    step.page.get_by_label(LANGUAGES).fill(text)
    step.expect_saved_on_device("languages", text, synced=saved)
    if saved:
        step.expect_saved_on_server()


def server_values(page: Page, uuid: str) -> dict[str, Any]:
    response = page.request.get(f"/wuppertal/entwuerfe/{uuid}", headers={"accept": "application/json"})
    assert response.ok, response.status
    return response.json()["values"]


# --- 3. double submit --------------------------------------------------------------------------------------
def test_double_submit_makes_one_case(page: Page, context: BrowserContext, mailbox: Any) -> None:
    email, kitas = new_family(page, context, mailbox, favourites=1)
    check = fill_all_steps(page, kitas, months_ahead(8))
    uuid = check.draft_uuid
    version = int(page.locator("[data-draft-version]").input_value())
    check.confirm_all()
    sent: list[str] = []
    page.on(
        "request",
        lambda r: sent.append(r.method) if r.url.endswith(f"/entwuerfe/{uuid}/einreichen") else None,
    )
    page.get_by_role("button", name="Verbindlich absenden").dblclick()
    receipt = ReceiptPage(page).expect_shown()
    reference = receipt.reference
    assert sent == ["POST"], sent  # the second tap sends nothing

    # A retry after the success (a timeout, the offline outbox) answers the same case.
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "portal_csrf")
    again = page.request.post(
        f"/wuppertal/entwuerfe/{uuid}/einreichen",
        data=json.dumps({"version": version, "declarations": ["truthful", "forwarding", "privacy"]}),
        headers={"content-type": "application/json", "x-csrftoken": csrf, "accept": "application/json"},
    )
    assert again.status == 200, (again.status, again.text())
    answer = again.json()
    assert answer["reference"] == reference
    assert answer["created"] is False
    mailbox.wait_for_mail(email, f"Eingangsbestätigung: Kita-Platz ({reference})")

    DashboardPage(page).goto()
    expect(submitted_cases(page)).to_have_count(1)
    expect(submitted_cases(page).get_by_role("link", name="Kita-Platz", exact=True)).to_be_visible()
    expect(submitted_cases(page)).to_contain_text(reference)
    expect(draft_entries(page)).to_have_count(0)
    receipts = [
        m for m in mailbox.messages if str(m["To"]) == email and "Eingangsbestätigung" in str(m["Subject"])
    ]
    assert len(receipts) == 1, [str(m["Subject"]) for m in receipts]


# --- 4. start offline --------------------------------------------------------------------------------------
def test_start_a_new_application_offline(page: Page, context: BrowserContext, mailbox: Any) -> None:
    new_family(page, context, mailbox, favourites=0)
    dashboard = DashboardPage(page).goto()
    wait_until_services_offline_ready(page)
    expect(draft_entries(page)).to_have_count(0)

    context.set_offline(True)
    page.get_by_role("main").get_by_role("link", name=TITLE).click()  # under "Neuen Antrag stellen"
    start = ServiceStartPage(page).expect_shown()
    kind = start.begin("Kind und Wohnsitz")
    uuid = kind.draft_uuid
    expect(kind.group("Kind").get_by_label("Mia Test, geboren am 08.03.2024")).to_be_checked()
    kind.choose("Ist Ihr Hauptwohnsitz in dieser Stadt?", "Ja")
    page.get_by_label(LANGUAGES).fill("Deutsch")
    betreuung = kind.continue_to("Betreuungswunsch")
    assert uuid in page.url
    begin = months_ahead(8)
    betreuung.fill_date("Ab wann brauchen Sie den Platz?", begin)
    betreuung.choose("Welche Betreuung wünschen Sie?", "Kindertageseinrichtung (Kita)")
    betreuung.choose("Wie viele Stunden pro Woche?", "45 Stunden")
    betreuung.expect_saved_on_device("hours", "45")
    betreuung.expect_status(re.compile(r"^Offline"))
    betreuung.continue_to("Wunsch-Einrichtungen")
    assert uuid in page.url
    page.get_by_role("button", name="Später weitermachen").click()
    expect(page).to_have_url(re.compile(r"/wuppertal/uebersicht$"))
    dashboard.expect_shown()
    expect(draft_entries(page)).to_have_count(1)
    expect(draft_entries(page)).to_contain_text("nur auf diesem Gerät gespeichert")

    # Back online: the dashboard sends the draft by itself; after a reload the server lists it.
    context.set_offline(False)
    wait_until_synced(page, uuid)
    page.reload()
    dashboard.expect_shown()
    expect(draft_entries(page)).to_have_count(1)
    entry = draft_entries(page).first
    link = entry.get_by_role("link", name="Kita-Platz", exact=True)
    expect(link).to_have_attribute("href", f"/wuppertal/antraege/kita/{uuid}/")
    expect(entry).to_contain_text("zuletzt gespeichert")
    expect(entry).not_to_contain_text("nur auf diesem Gerät")
    link.click()
    tasks = TaskListPage(page).expect_shown()
    expect(page.locator("[data-server-saved]")).to_be_visible()
    expect(tasks.status_of("Kind und Wohnsitz")).to_contain_text("Erledigt")
    expect(tasks.status_of("Betreuungswunsch")).to_contain_text("Erledigt")
    page.get_by_role("link", name="Betreuungswunsch", exact=True).click()
    betreuung.expect_shown()
    expect(betreuung.group("Wie viele Stunden pro Woche?").get_by_label("45 Stunden")).to_be_checked()
    expect(betreuung.group("Ab wann brauchen Sie den Platz?").get_by_label("Jahr", exact=True)).to_have_value(
        str(begin.year)
    )


def wait_until_synced(page: Page, uuid: str) -> None:
    """The device's copy of the draft has reached the server (it is no longer marked as changed)."""
    wait_for_async(
        page,
        f"""async () => {{
          const db = await new Promise((ok, no) => {{ const r = indexedDB.open("familienportal"); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); }});
          const record = await new Promise((ok) => {{ const r = db.transaction("drafts").objectStore("drafts").get("{uuid}"); r.onsuccess = () => ok(r.result); }});
          db.close();
          return Boolean(record) && !record.dirty && record.baseVersion > 0;
        }}""",
    )


# --- 5. errors at the field --------------------------------------------------------------------------------
def test_errors_at_the_field_with_javascript(page: Page, context: BrowserContext, mailbox: Any) -> None:
    new_family(page, context, mailbox, favourites=0)
    kind = ServiceStartPage(page).goto().begin("Kind und Wohnsitz")
    kind.choose("Ist Ihr Hauptwohnsitz in dieser Stadt?", "Ja")
    betreuung = kind.continue_to("Betreuungswunsch")
    year = str(months_ahead(12).year)
    when = betreuung.group("Ab wann brauchen Sie den Platz?")
    when.get_by_label("Tag", exact=True).fill("31")
    when.get_by_label("Monat", exact=True).fill("02")
    when.get_by_label("Jahr", exact=True).fill(year)
    page.get_by_role("button", name="Speichern und weiter").click()

    betreuung = StepPage(page, "Betreuungswunsch")
    expect(page).to_have_url(re.compile(r"/betreuung$"))
    expect(betreuung.error_summary).to_be_focused()
    betreuung.expect_field_error(
        "start", "Bitte prüfen Sie „Ab wann brauchen Sie den Platz?“: Diesen Tag gibt es im Kalender nicht."
    )
    betreuung.expect_field_error("care_type", "Bitte wählen Sie die gewünschte Betreuungsform aus.")
    expect(betreuung.error_summary.get_by_role("listitem")).to_have_count(2)
    expect(when.get_by_label("Tag", exact=True)).to_have_value("31")
    expect(when.get_by_label("Monat", exact=True)).to_have_value("02")
    expect(when.get_by_label("Jahr", exact=True)).to_have_value(year)
    expect(when.get_by_label("Tag", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(when).to_have_accessible_description(re.compile("Diesen Tag gibt es im Kalender nicht"))
    care = betreuung.group("Welche Betreuung wünschen Sie?")
    expect(care).to_have_accessible_description(
        re.compile("Bitte wählen Sie die gewünschte Betreuungsform aus")
    )
    for option in ("Kindertageseinrichtung (Kita)", "Kindertagespflege (Tagesmutter oder Tagesvater)"):
        expect(care.get_by_label(option)).not_to_be_checked()
    # The hours appear only once a care type is chosen, even on the error page.
    expect(betreuung.group("Wie viele Stunden pro Woche?")).to_be_hidden()

    # The summary's link leads to the field; correcting both lets the parent go on.
    betreuung.error_summary.get_by_role(
        "link", name=re.compile("Diesen Tag gibt es im Kalender nicht")
    ).click()
    expect(when.get_by_label("Tag", exact=True)).to_be_focused()
    when.get_by_label("Tag", exact=True).fill("1")
    when.get_by_label("Monat", exact=True).fill("3")
    betreuung.choose("Welche Betreuung wünschen Sie?", "Kindertageseinrichtung (Kita)")
    betreuung.choose("Wie viele Stunden pro Woche?", "25 Stunden")
    betreuung.continue_to("Wunsch-Einrichtungen")


# --- a change while the autosave is under way ------------------------------------------------------------
HOLD_PUTS = """() => {
  const real = window.fetch;
  window.__held = [];
  window.fetch = (url, init) =>
    init && init.method === "PUT" ? new Promise((ok) => window.__held.push(() => ok(real(url, init)))) : real(url, init);
  window.__release = () => { window.fetch = real; for (const go of window.__held.splice(0)) go(); };
}"""


def test_an_answer_changed_while_saving_is_sent_too(
    page: Page, context: BrowserContext, mailbox: Any
) -> None:
    """A regression test: a change made while the autosave's request was under way used to stop every
    further sync of the page (and "Speichern und weiter" did nothing). The request is held here so the
    change lands exactly then."""
    new_family(page, context, mailbox, favourites=0)
    kind = ServiceStartPage(page).goto().begin("Kind und Wohnsitz")
    kind.expect_saved_on_server()
    page.evaluate(HOLD_PUTS)
    page.get_by_label(LANGUAGES).fill("Deutsch")
    page.wait_for_function("() => window.__held.length === 1")  # the autosave's PUT is under way
    kind.choose("Ist Ihr Hauptwohnsitz in dieser Stadt?", "Ja")
    kind.expect_saved_on_device("main_residence", "ja")
    page.evaluate("() => window.__release()")
    kind.expect_saved_on_device("main_residence", "ja", synced=True)
    kind.expect_saved_on_server()
    uuid = kind.draft_uuid
    assert server_values(page, uuid)["main_residence"] == "ja"
    assert server_values(page, uuid)["languages"] == "Deutsch"
    kind.continue_to("Betreuungswunsch")
