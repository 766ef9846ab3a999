"""Page objects of the family portal, the accessibility check every shown page must pass, and helpers.

Locators use roles and the German labels a user sees. A page object's `expect_shown()` waits for the page
(htmx swaps boosted pages in place, so the URL and heading are the signal, not a load event) and then runs
`a11y(page)`.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import struct
import weakref
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Frame, Locator, Page, expect
from playwright.sync_api import Error as PlaywrightError

REPO_ROOT = Path(__file__).resolve().parent.parent
AXE_PATH = REPO_ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "Demo-Familie-2026"
TENANT_NAMES = {"wuppertal": "Wuppertal", "iserlohn": "Iserlohn"}


def demo_parent(tenant: str = "wuppertal") -> str:
    return f"familie.beispiel@{tenant}.example"


def fresh_email(tenant: str = "wuppertal") -> str:
    return f"e2e.{secrets.token_hex(6)}@{tenant}.example"


def fresh_password() -> str:
    """Long, not common, and unrelated to the e-mail address: passes the portal's strength rule."""
    return f"Laterne-Kiesel-Wolke-{secrets.token_hex(3)}"


def german_date(day: dt.date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def link_in(body: str, path_part: str) -> str:
    """The first URL in a mail body whose path contains `path_part` (e.g. "/bestaetigen/")."""
    match = re.search(rf"https?://\S+{re.escape(path_part)}\S+", body)
    assert match, f"no link containing {path_part!r} in the mail:\n{body}"
    return match.group(0)


# --- accessibility ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def axe_source() -> str:
    if not AXE_PATH.is_file():
        raise AssertionError(f"axe-core not found at {AXE_PATH}: run `make node-tools`.")
    return AXE_PATH.read_text()


RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary})),
  }));
}"""


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) (axe, {', '.join(WCAG_TAGS)}) on {url}:"]
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
    return "\n".join(lines)


class A11yLedger:
    """Which pages a browser context showed, and which of them were checked with axe."""

    _by_context: ClassVar[weakref.WeakKeyDictionary[BrowserContext, A11yLedger]] = weakref.WeakKeyDictionary()

    def __init__(self) -> None:
        self.shown: set[str] = set()
        self.checked: set[str] = set()

    @classmethod
    def attach(cls, context: BrowserContext) -> A11yLedger:
        ledger = cls()
        cls._by_context[context] = ledger

        def watch(page: Page) -> None:
            def navigated(frame: Frame) -> None:
                if frame == page.main_frame:
                    ledger.shown.add(page_key(frame.url))

            page.on("framenavigated", navigated)

        context.on("page", watch)
        return ledger

    @classmethod
    def of(cls, context: BrowserContext) -> A11yLedger | None:
        return cls._by_context.get(context)

    def unchecked(self) -> set[str]:
        return {key for key in self.shown - self.checked if key and not key.startswith("about:")}


def page_key(url: str) -> str:
    if url.startswith(("about:", "chrome-error:", "data:")):
        return "about:"
    return urlsplit(url).path


def settled(page: Page) -> None:
    """Wait until no htmx request or swap is under way."""
    page.wait_for_load_state("load")
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")).to_have_count(0)


def a11y(page: Page) -> None:
    """Run axe-core (WCAG 2.1 A and AA) on the page as shown now; fail with a readable list of violations.

    The portal's CSP (script-src 'self') blocks injected <script> tags, so axe is evaluated through the
    DevTools protocol, which the CSP does not govern.
    """
    violations = None
    for attempt in range(3):
        settled(page)
        try:
            if not page.evaluate(
                "() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"
            ):
                page.evaluate(axe_source())
            violations = page.evaluate(RUN_AXE, WCAG_TAGS)
            break
        except PlaywrightError as error:
            # A form POST whose answer has the same heading (a step shown again with its errors) may
            # still be navigating when the heading matched: check the page it lands on instead.
            if "Execution context was destroyed" not in str(error) or attempt == 2:
                raise
    assert not violations, format_violations(page.url, violations)
    ledger = A11yLedger.of(page.context)
    if ledger is not None:
        ledger.checked.add(page_key(page.url))


MICROTASK_TIMERS = """() => {
  window.setTimeout = (fn, ms, ...args) => { Promise.resolve().then(() => fn(...args)); return 0; };
  window.clearTimeout = () => {};
  window.requestAnimationFrame = (fn) => { Promise.resolve().then(() => fn(performance.now())); return 0; };
}"""


def a11y_without_javascript(page: Page) -> None:
    """`a11y` for a context with `java_script_enabled=False`: the page's timers never fire there, and axe
    waits on them, so axe's timer callbacks are run as microtasks (which still run)."""
    page.evaluate(MICROTASK_TIMERS)
    a11y(page)


def wait_for_async(page: Page, async_predicate: str) -> None:
    """Wait until `async_predicate` (JavaScript source of an async function) resolves to true.

    `page.wait_for_function` does not await a returned promise (a pending promise counts as true), so the
    predicate is started on each poll and its last answer is what the poll returns.
    """
    page.evaluate("() => { window.__e2eWait = {pending: false, ok: false}; }")
    page.wait_for_function(
        f"""() => {{
          const state = window.__e2eWait;
          if (!state.pending) {{
            state.pending = true;
            ({async_predicate})().then(
              (ok) => {{ state.ok = Boolean(ok); state.pending = false; }},
              () => {{ state.pending = false; }},
            );
          }}
          return state.ok;
        }}"""
    )


# --- keyboard --------------------------------------------------------------------------------------------
def press_until_focused(page: Page, target: Locator, key: str = "Tab", max_presses: int = 40) -> None:
    """Press `key` until `target` has the focus, as a keyboard user would."""
    target.wait_for(state="attached")
    for _ in range(max_presses):
        page.keyboard.press(key)
        if target.evaluate("el => el === document.activeElement"):
            return
    active = page.evaluate("() => document.activeElement?.outerHTML.slice(0, 200)")
    raise AssertionError(f"{key} pressed {max_presses} times without reaching {target}; focus is on {active}")


FOCUS_STYLE = """el => {
  const look = () => {
    const s = getComputedStyle(el);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, outlineStyle: s.outlineStyle,
            outlineWidth: parseFloat(s.outlineWidth), outlineColor: s.outlineColor, boxShadow: s.boxShadow,
            background: s.backgroundColor, border: s.borderColor, color: s.color};
  };
  const focused = look();
  el.blur();
  const unfocused = look();
  el.focus({preventScroll: true});
  return {focused, unfocused, refocused: el === document.activeElement};
}"""


def expect_visible_focus(target: Locator) -> None:
    """The focused element is on screen and looks different from when it is not focused."""
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport()
    styles = target.evaluate(FOCUS_STYLE)
    focused, unfocused = styles["focused"], styles["unfocused"]
    assert styles["refocused"], "could not restore the focus after comparing styles"
    outline_shows = (
        focused["outlineStyle"] not in ("none", "hidden")
        and focused["outlineWidth"] >= 2
        and not focused["outlineColor"].endswith(", 0)")
        and focused["outlineColor"] != "transparent"
    )
    changed = {
        k for k in ("outline", "boxShadow", "background", "border", "color") if focused[k] != unfocused[k]
    }
    assert changed and (outline_shows or changed - {"outline"}), (
        f"no visible focus indicator on {target}: focused {focused}, unfocused {unfocused}"
    )


# --- page objects ----------------------------------------------------------------------------------------
class PortalPage:
    """A page of one tenant, recognised by its <h1>."""

    path: ClassVar[str] = "/"
    heading: ClassVar[str | re.Pattern[str]] = ""

    def __init__(self, page: Page, tenant: str = "wuppertal") -> None:
        self.page = page
        self.tenant = tenant

    @property
    def url(self) -> str:
        return f"/{self.tenant}{self.path}"

    def goto(self) -> PortalPage:
        self.page.goto(self.url)
        return self.expect_shown()

    def expect_shown(self) -> PortalPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.heading)
        a11y(self.page)
        return self

    # shared parts of the layout
    @property
    def banner(self) -> Locator:
        return self.page.get_by_role("status").filter(has=self.page.get_by_role("heading", name="Erledigt"))

    def expect_banner(self, text: str) -> None:
        expect(self.banner).to_contain_text(text)

    @property
    def nav(self) -> Locator:
        return self.page.get_by_role("navigation", name="Hauptmenü")

    @property
    def error_summary(self) -> Locator:
        return self.page.get_by_role("alert").filter(
            has=self.page.get_by_role("heading", name="Bitte korrigieren Sie Ihre Angaben")
        )

    def field_error(self, name: str) -> Locator:
        return self.page.locator(f"#{name}-error")

    def expect_field_error(self, name: str, text: str) -> None:
        """The message is in the error summary (linking to the field) and at the field, marked "Fehler:"."""
        expect(self.error_summary).to_be_visible()
        expect(self.error_summary.get_by_role("link", name=text)).to_be_visible()
        expect(self.field_error(name)).to_contain_text(text)
        expect(self.field_error(name)).to_contain_text("Fehler:")
        expect(self.page).to_have_title(re.compile(r"^Fehler: "))
        a11y(self.page)

    def logout(self) -> LoginPage:
        self.nav.get_by_role("button", name="Abmelden").click()
        login = LoginPage(self.page, self.tenant)
        login.expect_shown()
        login.expect_banner("Sie sind abgemeldet.")
        return login

    def open_household(self) -> HouseholdPage:
        self.nav.get_by_role("link", name="Haushalt", exact=True).click()
        return HouseholdPage(self.page, self.tenant).expect_shown()


class ChooserPage(PortalPage):
    heading = "Familienportal: Ihre Kommune wählen"

    @property
    def url(self) -> str:
        return "/"

    def municipality(self, name: str) -> Locator:
        return self.page.get_by_role("main").get_by_role("link", name=re.compile(rf"^{re.escape(name)}\b"))


class StartPage(PortalPage):
    path = "/"

    def expect_shown(self) -> StartPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            f"Familienportal {TENANT_NAMES[self.tenant]}"
        )
        a11y(self.page)
        return self


class RegisterPage(PortalPage):
    path = "/registrieren"
    heading = "Konto anlegen"

    @property
    def email(self) -> Locator:
        return self.page.get_by_label("E-Mail-Adresse")

    @property
    def password(self) -> Locator:
        return self.page.get_by_label("Passwort", exact=True)

    @property
    def password_confirm(self) -> Locator:
        return self.page.get_by_label("Passwort wiederholen")

    @property
    def terms(self) -> Locator:
        return self.page.get_by_label(re.compile(r"^Ich habe die Datenschutzhinweise gelesen"))

    def submit(
        self, email: str, password: str, password_confirm: str | None = None, terms: bool = True
    ) -> None:
        self.email.fill(email)
        self.password.fill(password)
        self.password_confirm.fill(password if password_confirm is None else password_confirm)
        self.terms.set_checked(terms)
        self.page.get_by_role("button", name="Konto anlegen").click()

    def register(self, email: str, password: str) -> RegisteredPage:
        self.submit(email, password)
        sent = RegisteredPage(self.page, self.tenant)
        self.page.wait_for_url(re.compile(rf"/{self.tenant}/registrieren/gesendet$"))
        sent.expect_shown()
        sent.expect_banner("Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt.")
        return sent

    def expect_rejected(self, field: str, message: str, typed_email: str) -> None:
        """Back on the form: the message at the field, the address as typed, the passwords cleared."""
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.heading)
        self.expect_field_error(field, message)
        expect(self.email).to_have_value(typed_email)
        expect(self.password).to_have_value("")
        expect(self.password_confirm).to_have_value("")


class RegisteredPage(PortalPage):
    path = "/registrieren/gesendet"
    heading = "Bitte bestätigen Sie Ihre E-Mail-Adresse"


class ConfirmPage(PortalPage):
    heading = "E-Mail-Adresse bestätigen"

    def open(self, link: str) -> ConfirmPage:
        self.page.goto(link)
        self.expect_shown()
        return self

    def confirm(self) -> None:
        self.page.get_by_role("main").get_by_role("button", name="E-Mail-Adresse bestätigen").click()

    def confirm_ok(self) -> LoginPage:
        self.confirm()
        login = LoginPage(self.page, self.tenant)
        self.page.wait_for_url(re.compile(rf"/{self.tenant}/anmelden$"))
        login.expect_shown()
        login.expect_banner("Ihre E-Mail-Adresse ist bestätigt")
        return login


class LinkProblemPage(PortalPage):
    heading = "Dieser Link funktioniert nicht"

    def expect_message(self, text: str) -> None:
        self.expect_shown()
        expect(self.page.get_by_role("main")).to_contain_text(text)


class LoginPage(PortalPage):
    path = "/anmelden"
    heading = "Anmelden"

    @property
    def email(self) -> Locator:
        return self.page.get_by_label("E-Mail-Adresse")

    @property
    def password(self) -> Locator:
        return self.page.get_by_label("Passwort", exact=True)

    def submit(self, email: str, password: str) -> None:
        self.email.fill(email)
        self.password.fill(password)
        self.page.get_by_role("main").get_by_role("button", name="Anmelden").click()

    def login(self, email: str, password: str) -> DashboardPage:
        self.submit(email, password)
        self.page.wait_for_url(re.compile(rf"/{self.tenant}/uebersicht/?$"))
        dashboard = DashboardPage(self.page, self.tenant)
        dashboard.expect_shown()
        return dashboard

    def expect_rejected(self, message: str, typed_email: str) -> None:
        expect(self.page).to_have_url(re.compile(rf"/{self.tenant}/anmelden$"))
        self.expect_field_error("email", message)
        expect(self.email).to_have_value(typed_email)
        expect(self.password).to_have_value("")


class DashboardPage(PortalPage):
    path = "/uebersicht"
    heading = "Ihre Übersicht"


class HouseholdPage(PortalPage):
    path = "/haushalt/"
    heading = "Ihr Haushalt"

    def row(self, name: str) -> Locator:
        return self.page.locator(".summary-list__row").filter(
            has=self.page.locator(".summary-list__key", has_text=name)
        )

    def add_child(self) -> ChildForm:
        self.page.get_by_role("button", name="Kind hinzufügen").click()
        return ChildForm(self.page, self.tenant).expect_shown()

    def add_guardian(self) -> GuardianForm:
        self.page.get_by_role("button", name="Sorgeberechtigte Person hinzufügen").click()
        return GuardianForm(self.page, self.tenant).expect_shown()


def fill_date(group: Locator, day: dt.date) -> None:
    group.get_by_label("Tag", exact=True).fill(str(day.day))
    group.get_by_label("Monat", exact=True).fill(str(day.month))
    group.get_by_label("Jahr", exact=True).fill(str(day.year))


class ChildForm(PortalPage):
    path = "/haushalt/kinder/neu"
    heading = "Kind hinzufügen"

    @property
    def born(self) -> Locator:
        return self.page.get_by_role("group", name="Ist das Kind schon geboren?")

    @property
    def birth_date(self) -> Locator:
        return self.page.get_by_role("group", name="Geburtsdatum", exact=True)

    @property
    def expected_date(self) -> Locator:
        return self.page.get_by_role("group", name="Erwarteter Geburtstermin", exact=True)

    def fill_born(self, first_name: str, last_name: str, birth_date: dt.date) -> None:
        self.born.get_by_label("Ja", exact=True).check()
        self.page.get_by_label("Vorname").fill(first_name)
        self.page.get_by_label("Nachname").fill(last_name)
        fill_date(self.birth_date, birth_date)

    def fill_expected(self, last_name: str, expected: dt.date, first_name: str = "") -> None:
        self.born.get_by_label("Nein, das Kind wird erwartet").check()
        self.page.get_by_label("Vorname").fill(first_name)
        self.page.get_by_label("Nachname").fill(last_name)
        fill_date(self.expected_date, expected)

    def submit(self) -> None:
        self.page.get_by_role("button", name="Speichern").click()

    def save(self) -> HouseholdPage:
        self.submit()
        household = HouseholdPage(self.page, self.tenant)
        self.page.wait_for_url(re.compile(rf"/{self.tenant}/haushalt/$"))
        household.expect_shown()
        household.expect_banner("Die Angaben zum Kind sind gespeichert.")
        return household


class GuardianForm(PortalPage):
    path = "/haushalt/sorgeberechtigte/neu"
    heading = "Sorgeberechtigte Person hinzufügen"

    def fill(self, first_name: str, last_name: str, relationship: str, phone: str = "") -> None:
        self.page.get_by_label("Vorname").fill(first_name)
        self.page.get_by_label("Nachname").fill(last_name)
        self.page.get_by_label("Beziehung zum Kind").select_option(label=relationship)
        self.page.get_by_label("Telefonnummer (freiwillig)").fill(phone)

    def save(self) -> HouseholdPage:
        self.page.get_by_role("button", name="Speichern").click()
        household = HouseholdPage(self.page, self.tenant)
        self.page.wait_for_url(re.compile(rf"/{self.tenant}/haushalt/$"))
        household.expect_shown()
        household.expect_banner("Die Angaben zur sorgeberechtigten Person sind gespeichert.")
        return household


class ForgotPasswordPage(PortalPage):
    path = "/passwort-vergessen"
    heading = "Passwort vergessen"

    def request_link(self, email: str) -> LoginPage:
        self.page.get_by_label("E-Mail-Adresse").fill(email)
        self.page.get_by_role("button", name="Link schicken").click()
        login = LoginPage(self.page, self.tenant)
        self.page.wait_for_url(re.compile(rf"/{self.tenant}/anmelden$"))
        login.expect_shown()
        login.expect_banner("Wenn zu dieser Adresse ein Konto besteht")
        return login


class ResetPasswordPage(PortalPage):
    heading = "Neues Passwort vergeben"

    def open(self, link: str) -> ResetPasswordPage:
        self.page.goto(link)
        self.expect_shown()
        return self

    def set_password(self, password: str) -> LoginPage:
        self.page.get_by_label("Neues Passwort", exact=True).fill(password)
        self.page.get_by_label("Neues Passwort wiederholen").fill(password)
        self.page.get_by_role("button", name="Passwort speichern").click()
        login = LoginPage(self.page, self.tenant)
        self.page.wait_for_url(re.compile(rf"/{self.tenant}/anmelden$"))
        login.expect_shown()
        login.expect_banner("Ihr Passwort ist geändert.")
        return login


class ErrorPage(PortalPage):
    def __init__(self, page: Page, heading: str, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.heading_text = heading

    def expect_shown(self) -> ErrorPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.heading_text)
        a11y(self.page)
        return self


class OfflinePage(PortalPage):
    heading = "Sie sind gerade offline"


# --- journeys used by several tests ----------------------------------------------------------------------
def register_and_confirm(page: Page, mailbox: Any, tenant: str = "wuppertal") -> tuple[str, str]:
    """A new confirmed parent account; returns (e-mail, password). Ends on the login page."""
    email, password = fresh_email(tenant), fresh_password()
    RegisterPage(page, tenant).goto()
    RegisterPage(page, tenant).register(email, password)
    body = mailbox.wait_for_mail(email, "Bitte bestätigen Sie Ihre E-Mail-Adresse")
    ConfirmPage(page, tenant).open(link_in(body, f"/{tenant}/bestaetigen/")).confirm_ok()
    return email, password


# --- Kita directory --------------------------------------------------------------------------------------
def small_png(size: int = 8, rgba: tuple[int, int, int, int] = (230, 228, 220, 255)) -> bytes:
    """A plain square PNG, made here (map tiles are answered with it: the network is closed)."""
    raw = b"".join(b"\x00" + bytes(rgba) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


TILE_PNG = small_png()
TILE_URL_PATTERN = "https://tile.openstreetmap.org/**"


def tile_route(context: BrowserContext) -> list[str]:
    """Answer every map tile request with a small PNG; returns the list of tile URLs asked for."""
    asked: list[str] = []

    def fulfil(route: Any) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, body=TILE_PNG, content_type="image/png")

    context.route(TILE_URL_PATTERN, fulfil)
    return asked


def watch_csp(page: Page) -> list[str]:
    """Console messages about Content-Security-Policy violations on this page (should stay empty)."""
    violations: list[str] = []

    def seen(message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(message.text)

    page.on("console", seen)
    return violations


class SearchPage(PortalPage):
    path = "/kitas"
    heading = "Kita und Tagespflege finden"

    @property
    def place(self) -> Locator:
        return self.page.get_by_label("Adresse, Straße oder Stadtteil")

    @property
    def filters(self) -> Locator:
        return self.page.locator("details.filters")

    @property
    def results(self) -> Locator:
        return self.page.locator("#ergebnisliste > li")

    @property
    def results_heading(self) -> Locator:
        return self.page.locator("#ergebnisse-titel")

    @property
    def map(self) -> Locator:
        return self.page.locator("#karte")

    def open_filters(self) -> None:
        if not self.filters.evaluate("d => d.open"):
            self.page.get_by_text("Weitere Filter").click()

    def search_for(self, place: str) -> SearchPage:
        self.place.fill(place)
        self.page.get_by_role("button", name="Suchen", exact=True).click()
        expect(self.page).to_have_url(re.compile(r"/kitas\?"))
        return self.expect_results()

    def submit(self) -> None:
        self.page.get_by_role("button", name="Suchen", exact=True).click()

    def expect_results(self) -> SearchPage:
        expect(self.results_heading).to_have_text(re.compile(r"Einrichtung(en)? gefunden|Keine passende"))
        self.expect_shown()
        return self

    def result_names(self) -> list[str]:
        return self.results.evaluate_all("items => items.map(i => i.dataset.name)")

    @property
    def map_toggle(self) -> Locator:
        return self.page.get_by_role("button", name=re.compile(r"^Karte (anzeigen|ausblenden)$"))

    def show_map(self) -> None:
        """Unfold the map (on a phone the list comes first), scroll it into view (it is built when it comes
        near the screen) and wait until it is built."""
        if self.map_toggle.get_attribute("aria-expanded") == "false":
            self.page.get_by_role("button", name="Karte anzeigen").click()
            expect(self.map_toggle).to_have_attribute("aria-expanded", "true")
            expect(self.map_toggle).to_have_text("Karte ausblenden")
        self.map.scroll_into_view_if_needed()
        expect(self.map).to_have_attribute("data-map-ready", "true")

    def marker_names(self) -> list[str]:
        return self.map.evaluate("el => el.directory.markers()")

    def result(self, name: str) -> Locator:
        return self.results.filter(has=self.page.get_by_role("heading", name=name, exact=True))

    def open_result(self, name: str) -> FacilityPage:
        self.result(name).get_by_role("link", name=name, exact=True).click()
        detail = FacilityPage(self.page, self.tenant, name)
        detail.expect_shown()
        return detail


class FacilityPage(PortalPage):
    def __init__(self, page: Page, tenant: str = "wuppertal", name: str = "") -> None:
        super().__init__(page, tenant)
        self.name = name

    def expect_shown(self) -> FacilityPage:
        expect(self.page).to_have_url(re.compile(rf"/{self.tenant}/kitas/\d+$"))
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.name)
        a11y(self.page)
        return self

    @property
    def add_button(self) -> Locator:
        return self.page.get_by_role("button", name="Zur Merkliste hinzufügen")

    @property
    def remove_button(self) -> Locator:
        return self.page.get_by_role("button", name="Von der Merkliste entfernen")

    def add_to_favourites(self) -> None:
        self.add_button.click()
        expect(self.remove_button).to_be_visible()
        expect(self.page.locator("[data-favourite-status]")).to_contain_text("Zur Merkliste hinzugefügt")

    def expect_cached_for_offline(self) -> None:
        """The service worker has this page and the Merkliste in its page cache."""
        path = urlsplit(self.page.url).path
        wait_for_async(
            self.page,
            f"""async () => {{
              const keys = await caches.keys();
              const pages = keys.find((k) => k.startsWith("pages-"));
              if (!pages) return false;
              const cache = await caches.open(pages);
              return Boolean(await cache.match("{path}", {{ignoreVary: true}})) &&
                     Boolean(await cache.match("/{self.tenant}/merkliste", {{ignoreVary: true}}));
            }}""",
        )


class MerklistePage(PortalPage):
    path = "/merkliste"
    heading = "Ihre Merkliste"

    def entry(self, name: str) -> Locator:
        return self.page.locator(".favourite-item").filter(
            has=self.page.get_by_role("link", name=name, exact=True)
        )

    def entry_names(self) -> list[str]:
        return self.page.locator(".favourite-item__name").all_inner_texts()

    def compare(self, *names: str) -> ComparePage:
        for name in names:
            self.page.get_by_label(f"{name} vergleichen").check()
        self.page.get_by_role("button", name="Ausgewählte vergleichen").click()
        compare = ComparePage(self.page, self.tenant)
        compare.expect_shown()
        return compare


class ComparePage(PortalPage):
    path = "/merkliste/vergleich"
    heading = "Einrichtungen vergleichen"

    @property
    def table(self) -> Locator:
        return self.page.get_by_role("table", name=re.compile(r"^Vergleich von \d Einrichtungen$"))

    def column_names(self) -> list[str]:
        return self.table.locator("thead th").all_inner_texts()
