from typing import Any

from playwright.sync_api import BrowserContext, Page, expect

from e2e.application_pages import ServiceStartPage, StepPage
from e2e.test_kita_application import new_family

HOLD = """() => {
  const real = window.fetch;
  window.__held = [];
  window.fetch = (url, init) => {
    if (init && init.method === "PUT") return new Promise((ok) => window.__held.push(() => ok(real(url, init))));
    return real(url, init);
  };
  window.__release = () => { window.fetch = real; for (const go of window.__held.splice(0)) go(); };
}"""


def test_probe(page: Page, context: BrowserContext, mailbox: Any) -> None:
    new_family(page, context, mailbox, favourites=0)
    kind = ServiceStartPage(page).goto().begin("Kind und Wohnsitz")
    kind.expect_saved_on_server()
    page.evaluate(HOLD)
    page.get_by_label("Welche Sprachen spricht Ihr Kind zu Hause? (freiwillig)").fill("Deutsch")
    page.wait_for_function("() => window.__held.length === 1")  # the autosave's PUT is under way
    kind.choose("Ist Ihr Hauptwohnsitz in dieser Stadt?", "Ja")  # changed while it is under way
    kind.expect_saved_on_device("main_residence", "ja")
    page.evaluate("() => window.__release()")
    kind.expect_saved_on_device("main_residence", "ja", synced=True)
    page.get_by_role("button", name="Speichern und weiter").click()
    StepPage(page, "Betreuungswunsch").expect_shown()
