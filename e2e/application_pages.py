"""Page objects of the application engine: a service's start page, its steps, the task list, check
answers, receipt and status pages. Locators use roles and the German labels a parent sees."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Locator, Page, expect

from e2e.pages import PortalPage, a11y, fill_date, wait_for_async

UUID = r"[0-9a-f-]{36}"


class ServiceStartPage(PortalPage):
    def __init__(self, page: Page, tenant: str = "wuppertal", service: str = "kita", title: str = "") -> None:
        super().__init__(page, tenant)
        self.service = service
        self.title = title or "Kita-Platz: Bedarfsanzeige und Vormerkung"

    @property
    def url(self) -> str:
        return f"/{self.tenant}/antraege/{self.service}"

    def expect_shown(self) -> ServiceStartPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.title)
        a11y(self.page)
        return self

    def begin(self, first_step: str) -> StepPage:
        self.page.get_by_role("button", name=re.compile(r"Antrag beginnen$")).click()
        expect(self.page).to_have_url(re.compile(rf"/antraege/{self.service}/{UUID}/"))
        return StepPage(self.page, first_step, self.tenant).expect_shown()


class StepPage(PortalPage):
    """One step of an application (one topic per page), recognised by its heading."""

    def __init__(self, page: Page, heading: str, tenant: str = "wuppertal") -> None:
        super().__init__(page, tenant)
        self.title = heading

    def expect_shown(self) -> StepPage:
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.title)
        a11y(self.page)
        return self

    @property
    def draft_status(self) -> Locator:
        return self.page.locator("[data-draft-status]")

    def expect_status(self, text: str | re.Pattern[str]) -> None:
        expect(self.draft_status).to_have_text(text)

    def group(self, name: str) -> Locator:
        return self.page.get_by_role("group", name=name)

    def choose(self, group: str, option: str) -> None:
        self.group(group).get_by_label(option, exact=True).check()

    def fill_date(self, group: str, day: dt.date) -> None:
        fill_date(self.group(group), day)

    def continue_to(self, heading: str) -> StepPage:
        self.page.get_by_role("button", name="Speichern und weiter").click()
        return StepPage(self.page, heading, self.tenant).expect_shown()

    def add_wish(self, name: str) -> None:
        self.page.get_by_role("button", name=f"Hinzufügen ({name})").click()
        expect(self.wishes.locator("strong[data-name]", has_text=name)).to_be_visible()

    @property
    def wishes(self) -> Locator:
        return self.page.get_by_role("list", name="Ihre Wünsche in Reihenfolge")

    def wish_names(self) -> list[str]:
        return self.wishes.locator("strong[data-name]").all_inner_texts()

    @property
    def draft_uuid(self) -> str:
        match = re.search(rf"/antraege/[a-z_]+/({UUID})/", self.page.url)
        assert match, self.page.url
        return match.group(1)

    def expect_saved_on_server(self) -> None:
        self.expect_status("Gespeichert")

    def expect_saved_on_device(self, field: str, value: str, synced: bool = False) -> None:
        """The draft in IndexedDB holds this raw value (what survives reloads and restarts); with `synced`,
        the server has confirmed it too (the record is no longer marked as changed)."""
        uuid = self.draft_uuid
        must_be_synced = "true" if synced else "false"
        wait_for_async(
            self.page,
            f"""async () => {{
              const db = await new Promise((ok, no) => {{ const r = indexedDB.open("familienportal"); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); }});
              const record = await new Promise((ok) => {{ const r = db.transaction("drafts").objectStore("drafts").get("{uuid}"); r.onsuccess = () => ok(r.result); }});
              db.close();
              const value = record && record.values["{field}"];
              if ({must_be_synced} && (!record || record.dirty || record.conflict)) return false;
              return Array.isArray(value) ? value.includes("{value}") : value === "{value}";
            }}""",
        )


class TaskListPage(StepPage):
    def __init__(
        self, page: Page, title: str = "Kita-Platz: Bedarfsanzeige und Vormerkung", tenant: str = "wuppertal"
    ) -> None:
        super().__init__(page, title, tenant)

    def status_of(self, step: str) -> Locator:
        return self.page.get_by_role("listitem").filter(
            has=self.page.get_by_role("link", name=step, exact=True)
        )


class CheckAnswersPage(StepPage):
    def __init__(self, page: Page, tenant: str = "wuppertal") -> None:
        super().__init__(page, "Prüfen Sie Ihre Angaben", tenant)

    def answer(self, label: str) -> Locator:
        return (
            self.page.locator(".summary-list__row")
            .filter(
                has=self.page.locator(".summary-list__key", has_text=re.compile(rf"^{re.escape(label)}$"))
            )
            .locator(".summary-list__value")
        )

    def confirm_all(self) -> None:
        for box in self.page.get_by_role("checkbox").all():
            box.check()

    def submit(self) -> ReceiptPage:
        self.page.get_by_role("button", name="Verbindlich absenden").click()
        receipt = ReceiptPage(self.page, self.tenant)
        receipt.expect_shown()
        return receipt


class ReceiptPage(PortalPage):
    heading = "Antrag eingereicht"

    def expect_shown(self) -> ReceiptPage:
        expect(self.page).to_have_url(re.compile(r"/vorgaenge/[A-Z]+-\d{4}-\d{6}/eingereicht$"))
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.heading)
        a11y(self.page)
        return self

    @property
    def reference(self) -> str:
        return self.page.locator(".panel__reference").inner_text()

    def open_status(self) -> CasePage:
        self.page.get_by_role("link", name="Stand der Bearbeitung ansehen").click()
        case = CasePage(self.page, self.tenant)
        case.expect_shown()
        return case


class CasePage(PortalPage):
    def expect_shown(self) -> CasePage:
        expect(self.page).to_have_url(re.compile(r"/vorgaenge/[A-Z]+-\d{4}-\d{6}$"))
        expect(self.page.get_by_role("heading", name="Verlauf")).to_be_visible()
        a11y(self.page)
        return self

    def expect_status(self, label: str) -> None:
        expect(self.page.locator(".case-status__current")).to_contain_text(label)


class ConflictDialog:
    """drafts.js's dialog when another device changed the draft: both versions side by side, and a choice."""

    title = "Dieser Entwurf wurde auf einem anderen Gerät geändert"

    def __init__(self, page: Page) -> None:
        self.page = page
        self.box = page.locator("[data-draft-problem]")

    def expect_shown(self) -> ConflictDialog:
        expect(self.box).to_be_visible()
        expect(self.box.get_by_role("heading", name=self.title)).to_be_visible()
        expect(self.table).to_be_visible()
        expect(self.box).to_be_focused()
        a11y(self.page)
        return self

    @property
    def table(self) -> Locator:
        return self.box.get_by_role("table", name="Unterschiede zwischen den beiden Versionen")

    def row(self, question: str) -> Locator:
        return self.table.get_by_role("row").filter(
            has=self.page.get_by_role("rowheader", name=re.compile(rf"^{re.escape(question)}"))
        )

    def expect_versions(self, question: str, mine: str, theirs: str) -> None:
        cells = self.row(question).get_by_role("cell")
        expect(cells).to_have_text([mine, theirs])

    def keep_mine(self) -> None:
        """The device's version is saved over the other one; the page reloads with it."""
        with self.page.expect_navigation():
            self.box.get_by_role("button", name="Meine Version behalten").click()

    def take_theirs(self) -> None:
        """The other device's version replaces this device's; the page reloads with it."""
        with self.page.expect_navigation():
            self.box.get_by_role("button", name="Version vom anderen Gerät übernehmen").click()


def submitted_cases(page: Page) -> Locator:
    """The dashboard's entries under "Ihre Anträge"."""
    return page.locator("#antraege + .case-list").get_by_role("listitem")


def draft_entries(page: Page) -> Locator:
    """The dashboard's entries under "Entwürfe" (on the server, or only on this device)."""
    return page.locator("[data-draft-list]").get_by_role("listitem")
