"""Page objects of the application engine: a service's start page, its steps, the task list, check
answers, receipt and status pages, the proof slots; and the camera-like photos the proof tests send.
Locators use roles and the German labels a parent sees."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
from pathlib import Path
from typing import Any

from PIL import ExifTags, Image, ImageDraw
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

    def proof(self, label: str) -> ProofSlot:
        return ProofSlot(self.page, label)

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


class ProofSlot:
    """One proof slot of a step (widgets/proof.html; capture.js compresses, keeps and uploads the pages)."""

    def __init__(self, page: Page, label: str) -> None:
        self.page = page
        self.label = label
        self.box = page.locator("[data-proof]").filter(
            has=page.get_by_role("heading", name=label, exact=True)
        )

    @property
    def pages(self) -> Locator:
        """The slot's pages: on the server, and (with JavaScript) those taken on this device."""
        return self.box.get_by_role("list", name=f"Seiten: {self.label}").get_by_role("listitem")

    def photograph(self, photo: Path) -> None:
        self.box.get_by_label("Seite fotografieren").set_input_files(photo)

    def choose_files(self, *files: Path) -> None:
        self.box.get_by_label("Foto oder PDF aus Ihren Dateien wählen").set_input_files(list(files))

    def upload_without_javascript(self, file: Path) -> None:
        """The plain form: pick a file, press the upload button; the server redirects back to the step."""
        self.choose_files(file)
        self.box.get_by_role("button", name="Ausgewählte Datei hochladen").click()

    def expect_pages(self, *states: str, timeout: float | None = None) -> None:
        """Exactly these pages, in order, each showing its state ("Hochgeladen", "Wartet auf Verbindung",
        "Abgelehnt" ...)."""
        expect(self.pages).to_have_count(len(states), timeout=timeout)
        for number, state in enumerate(states, start=1):
            item = self.pages.nth(number - 1)
            expect(item.get_by_role("img", name=f"Seite {number}")).to_be_visible()
            expect(item.locator(".proof__state strong")).to_have_text(state, timeout=timeout)

    def problem_at(self, number: int) -> Locator:
        """Why a page was refused, as shown at the page."""
        return self.pages.nth(number - 1).locator(".proof__state")


def server_pages(page: Page, draft: str, slot: str, tenant: str = "wuppertal") -> list[dict[str, Any]]:
    """The slot's pages as the server lists them (JSON: id, width, height, bytes ...), with the page's
    login."""
    response = page.request.get(
        f"/{tenant}/entwuerfe/{draft}/nachweise/{slot}", headers={"Accept": "application/json"}
    )
    assert response.ok, f"{response.status} {response.text()[:300]}"
    return response.json()


# --- photos ------------------------------------------------------------------------------------------------
CAMERA_SIZE = (4000, 3000)  # 12 MP, as the sensor stores it (landscape)
PHOTO_RED = (210, 30, 30)


def camera_photo(seed: int = 1, size: tuple[int, int] = CAMERA_SIZE) -> bytes:
    """A phone's photo of a paper page: a JPEG of 12 MP as the sensor stored it (on its side, EXIF
    Orientation 6 = turn 90° clockwise to view), with camera and GPS tags and sensor grain.

    Upright, the page has a dark bar along its right edge and a red square in its top-right corner, so a
    test can tell that the orientation was applied (and not a mirror image)."""
    rng = random.Random(seed)
    width, height = size[1], size[0]  # upright: portrait
    paper = Image.linear_gradient("L").resize((width, height)).point(lambda v: 205 + v // 10)
    page = Image.blend(paper, Image.effect_noise((width, height), 40), 0.12)
    draw = ImageDraw.Draw(page)
    margin = width // 12
    y = height // 10
    while y < height - height // 10:
        x = margin
        while x < width - 2 * margin:
            word = rng.randint(width // 60, width // 12)
            draw.rectangle(
                [x, y, min(x + word, width - 2 * margin), y + height // 110], fill=rng.randint(15, 70)
            )
            x += word + width // 90
        y += height // 40
    bar = width // 20
    draw.rectangle([width - bar, 0, width - 1, height - 1], fill=25)
    rgb = page.convert("RGB")
    ImageDraw.Draw(rgb).rectangle([width - 2 * bar, 0, width - 1, 2 * bar - 1], fill=PHOTO_RED)
    stored = rgb.transpose(Image.Transpose.ROTATE_90)  # what orientation 6 turns upright again
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Phonemaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.DateTime] = "2026:03:14 09:26:53"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 15.0, 30.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (7.0, 9.0, 1.25)
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def check_upright_marker(image: Image.Image) -> None:
    """`image` shows the camera_photo page upright: the dark bar on the right, red top right."""
    width, height = image.size
    assert height > width, f"not portrait: {image.size}"
    rgb = image.convert("RGB")
    strip = max(2, width // 50)

    def mean(box: tuple[int, int, int, int]) -> tuple[float, ...]:
        return rgb.crop(box).resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))

    right = mean((width - strip, height // 3, width, 2 * height // 3))
    left = mean((0, height // 3, strip, 2 * height // 3))
    assert max(right) < 70, f"no dark bar on the right edge: {right}"
    assert min(left) > 150, f"the left edge is not paper: {left}"
    red = mean((width - strip, 0, width, strip))
    assert red[0] > 150 and red[1] < 90 and red[2] < 90, f"the top-right corner is not red: {red}"
    for corner in ((0, 0, strip, strip), (width - strip, height - strip, width, height)):
        other = mean(corner)
        assert not (other[0] > 150 and other[1] < 90), f"red where it does not belong ({corner}): {other}"


TEMPLATE = "00000000-0000-0000-0000-000000000000"


def template_url(service: str, step: str, tenant: str = "wuppertal") -> str:
    """A service's blank step page that the service worker keeps for offline use."""
    return f"/{tenant}/antraege/{service}/{TEMPLATE}/{step}"


def wait_until_cached(page: Page, urls: list[str]) -> None:
    """The service worker controls the page and holds all these pages in its page cache."""
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    wait_for_async(
        page,
        f"""async () => {{
          const keys = await caches.keys();
          const pages = keys.find((k) => k.startsWith("pages-"));
          if (!pages || !navigator.serviceWorker.controller) return false;
          const cache = await caches.open(pages);
          const found = await Promise.all({json.dumps(urls)}.map((u) => cache.match(u, {{ignoreVary: true}})));
          return found.every(Boolean);
        }}""",
    )
