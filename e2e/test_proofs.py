"""Proofs on a phone: the income declaration for the parent fee with photographed pages, end to end.

The photos are generated here like a phone's camera stores them (12 MP, lying on their side with EXIF
Orientation 6, with GPS tags). The test reads what the browser really sends: compressed by compress.js,
upright, small and without any metadata. Also: a page taken offline and uploaded once after reconnecting,
a refused file, and the plain upload without JavaScript.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request, Route, expect

from e2e.application_pages import (
    UUID,
    CheckAnswersPage,
    ServiceStartPage,
    StepPage,
    camera_photo,
    check_upright_marker,
    server_pages,
)
from e2e.conftest import ACTION_TIMEOUT_MS, DEVICE
from e2e.pages import A11yLedger, a11y, a11y_without_javascript, wait_for_async
from e2e.test_kita_application import months_ahead, new_family

SERVICE = "elternbeitrag"
TITLE = "Elternbeitrag: Einkommenserklärung"
INCOME_PROOF, OTHER_PROOF = "Einkommensnachweise", "Weitere Nachweise (freiwillig)"
MAX_SIDE = 2000
MAX_BYTES = 500 * 1024
UPLOAD_TIMEOUT_MS = 30_000
UPLOAD_PATH = re.compile(rf"/wuppertal/entwuerfe/({UUID})/nachweise/([a-z_]+)$")


def photos(folder: Path, count: int, first_seed: int = 1) -> list[Path]:
    paths = []
    for seed in range(first_seed, first_seed + count):
        path = folder / f"IMG_2026031{seed}_092653.jpg"
        path.write_bytes(camera_photo(seed))
        paths.append(path)
    return paths


class Uploads:
    """The proof uploads the browser sends (XMLHttpRequest POSTs), with the file part of each."""

    def __init__(self, page: Page) -> None:
        self.requests: list[Request] = []
        page.on("request", self._seen)

    def _seen(self, request: Request) -> None:
        if request.method == "POST" and UPLOAD_PATH.search(request.url):
            self.requests.append(request)

    def to(self, slot: str) -> list[Request]:
        return [r for r in self.requests if r.url.endswith(f"/nachweise/{slot}")]


def file_part(request: Request) -> tuple[dict[str, str], bytes]:
    """The multipart body's `datei` part: its headers and its bytes."""
    content_type = request.headers["content-type"]
    match = re.search(r"boundary=\"?([^\";]+)", content_type)
    assert match and content_type.startswith("multipart/form-data"), content_type
    body = request.post_data_buffer
    assert body, f"no body captured for {request.url}"
    for part in body.split(b"--" + match.group(1).encode())[1:-1]:
        head, _, data = part.partition(b"\r\n\r\n")
        headers = dict(
            line.split(": ", 1)
            for line in head.decode("utf-8", "replace").strip().split("\r\n")
            if ": " in line
        )
        if 'name="datei"' in headers.get("Content-Disposition", ""):
            return headers, data.removesuffix(b"\r\n")
    raise AssertionError(f"no file part `datei` in the upload to {request.url}")


def check_sent_photo(request: Request) -> tuple[int, int]:
    """What the browser sent for one photographed page: small, upright, without metadata. Returns its
    size in pixels."""
    headers, data = file_part(request)
    assert headers.get("Content-Type") == "image/jpeg", headers
    assert request.headers.get("idempotency-key"), request.headers
    assert len(data) <= MAX_BYTES, f"{len(data) / 1024:.0f} KB sent, at most {MAX_BYTES // 1024} KB expected"
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert max(image.size) <= MAX_SIDE, image.size
        assert max(image.size) >= MAX_SIDE * 3 // 4, f"scaled down more than needed: {image.size}"
        check_upright_marker(image)
        exif = image.getexif()
        assert not dict(exif), f"EXIF sent: {dict(exif)}"
        assert not exif.get_ifd(0x8825), "GPS sent"
        assert "exif" not in image.info and "xmp" not in image.info and "comment" not in image.info, (
            image.info
        )
        assert b"Exif\x00\x00" not in data and b"Phonemaker" not in data
        image.load()
        return image.size


def slow_upload(page: Page) -> None:
    """A phone's mobile connection for this page: 150 ms latency, 750 kbit/s up (a page of ~250 KB takes
    about 3 s to send)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 1_600_000 / 8,
            "uploadThroughput": 750_000 / 8,
        },
    )


def walk_to_the_proofs(page: Page) -> StepPage:
    """From the service's start page to "Nachweise zum Einkommen" (child, liable persons, basis, income)."""
    kind = ServiceStartPage(page, service=SERVICE, title=TITLE).goto().begin("Kind und Betreuung")
    expect(
        kind.group("Für welches Kind erklären Sie das Einkommen?").get_by_label(re.compile(r"^Mia Test"))
    ).to_be_checked()
    kind.choose("Wie wird Ihr Kind betreut?", "Kindertageseinrichtung (Kita)")
    kind.choose("Wie viele Stunden pro Woche sind vereinbart?", "35 Stunden")
    kind.fill_date("Seit wann oder ab wann wird Ihr Kind betreut?", months_ahead(1))
    page.get_by_label("Name der Kita oder der Tagespflegeperson").fill("Kita Sonnenschein")
    liable = kind.continue_to("Beitragspflichtige Personen")
    liable.choose("Alex Test", "Ja, lebt mit dem Kind zusammen")
    basis = liable.continue_to("Grundlage des Beitrags")
    basis.group("Wie soll der Beitrag berechnet werden?").get_by_role(
        "radio", name=re.compile(r"^Nach unserem Einkommen")
    ).check()
    income = basis.continue_to("Ihr Einkommen")
    page.get_by_label("Für welches Kalenderjahr?").fill("2025")
    page.get_by_label("Einkünfte aus nichtselbständiger Arbeit (brutto)").fill("42.000")
    income.choose("Ist eine beitragspflichtige Person Beamtin oder Beamter?", "Nein")
    return income.continue_to("Nachweise zum Einkommen")


def test_income_declaration_with_two_photographed_proofs(
    page: Page, context: BrowserContext, mailbox: Any, tmp_path: Path
) -> None:
    email, _ = new_family(page, context, mailbox, favourites=0)
    uploads = Uploads(page)
    proofs = walk_to_the_proofs(page)
    draft = proofs.draft_uuid
    income, other = proofs.proof(INCOME_PROOF), proofs.proof(OTHER_PROOF)
    income.expect_pages()
    expect(income.box.get_by_role("button", name="Ausgewählte Datei hochladen")).to_be_hidden()

    # On a slow mobile connection: two pages photographed one after the other (the second while the first
    # is still being sent), then two more chosen together from the files.
    first, second, third, fourth = photos(tmp_path, 4)
    slow_upload(page)
    income.photograph(first)
    income.photograph(second)
    income.expect_pages("Hochgeladen", "Hochgeladen", timeout=UPLOAD_TIMEOUT_MS)
    other.choose_files(third, fourth)
    other.expect_pages("Hochgeladen", "Hochgeladen", timeout=UPLOAD_TIMEOUT_MS)
    a11y(page)

    for slot in ("income_proof", "other_proof"):
        sent = uploads.to(slot)
        assert len(sent) == 2, [r.url for r in sent]
        sizes = [check_sent_photo(r) for r in sent]
        listed = server_pages(page, draft, slot)
        assert [(p["width"], p["height"]) for p in listed] == sizes, (listed, sizes)
        assert all(p["mime"] == "image/jpeg" and p["bytes"] > 0 for p in listed), listed
    assert len({r.headers["idempotency-key"] for r in uploads.requests}) == 4

    # Back on the step, the pages come from the server.
    page.reload()
    proofs = StepPage(page, "Nachweise zum Einkommen").expect_shown()
    proofs.proof(INCOME_PROOF).expect_pages("Hochgeladen", "Hochgeladen")
    proofs.proof(OTHER_PROOF).expect_pages("Hochgeladen", "Hochgeladen")

    siblings = proofs.continue_to("Geschwister")
    siblings.choose(
        "Wird ein weiteres Kind Ihres Haushalts in einer Kita oder Kindertagespflege betreut?", "Nein"
    )
    payment = siblings.continue_to("Zahlung")
    payment.choose("Möchten Sie den Beitrag per Lastschrift zahlen? (freiwillig)", "Nein")
    page.get_by_role("button", name="Speichern und weiter").click()
    check = CheckAnswersPage(page).expect_shown()
    expect(check.answer(INCOME_PROOF)).to_have_text("2 Seiten hochgeladen")
    expect(check.answer(OTHER_PROOF)).to_have_text("2 Seiten hochgeladen")
    expect(check.answer("Voraussichtlicher Monatsbeitrag")).to_have_text(
        re.compile(r"^\d+ € für \d\d/\d{4}$")
    )
    expect(check.answer("Maßgebliches Jahreseinkommen")).to_have_text("42.000 €")
    expect(check.answer("Einkommensstufe")).to_have_text("über 37.000 € bis 49.000 €")
    page.get_by_label("Ich versichere, dass meine Angaben richtig und vollständig sind.").check()
    receipt = check.submit()
    assert re.fullmatch(r"EB-\d{4}-\d{6}", receipt.reference), receipt.reference
    assert receipt.reference in mailbox.wait_for_mail(email, "Eingangsbestätigung")


def stored_pages(page: Page, slot: str) -> list[dict[str, Any]]:
    """The pages of a slot kept in this device's IndexedDB (store "pages"), without their blobs."""
    return page.evaluate(
        """async ([path, slot]) => {
          const draft = /([0-9a-f-]{36})/.exec(path)[1];
          const db = await new Promise((ok, no) => { const r = indexedDB.open("familienportal"); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
          const pages = await new Promise((ok) => { const r = db.transaction("pages").objectStore("pages").index("slot").getAll([draft, slot]); r.onsuccess = () => ok(r.result); });
          db.close();
          return pages.map((p) => ({id: p.id, status: p.status, mime: p.mime, bytes: p.blob.size, type: p.blob.type}));
        }""",
        [page.url, slot],
    )


def wait_until_step_cached(page: Page) -> None:
    """The service worker controls the page and holds this step's page and its scripts for offline use."""
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now under the worker's control: the worker keeps the page it fetches
    StepPage(page, "Nachweise zum Einkommen").expect_shown()
    wait_for_async(
        page,
        """async () => {
          if (!navigator.serviceWorker.controller) return false;
          const page = await caches.match(location.pathname, {ignoreVary: true});
          const scripts = [...document.querySelectorAll("script[src]")].map((s) => s.src);
          const modules = Object.values(JSON.parse(document.getElementById("portal-modules").dataset.json));
          const cached = await Promise.all([...scripts, ...modules].map((url) => caches.match(url)));
          return Boolean(page) && cached.every(Boolean);
        }""",
    )


def test_a_page_taken_offline_uploads_itself_once_after_reconnecting(
    page: Page, context: BrowserContext, mailbox: Any, tmp_path: Path
) -> None:
    new_family(page, context, mailbox, favourites=0)
    proofs = walk_to_the_proofs(page)
    draft = proofs.draft_uuid
    wait_until_step_cached(page)
    uploads = Uploads(page)

    # Once back online, the connection drops right after the server stored the page, before its answer
    # arrives: the outbox sends the page again with the same idempotency key; the server keeps one copy.
    answers: list[int] = []
    offline = {"now": True}  # Playwright's route.fetch() would reach the server despite set_offline

    def lose_the_first_answer(route: Route) -> None:
        if offline["now"]:
            route.abort("internetdisconnected")
        elif answers:
            route.continue_()
        else:
            answers.append(route.fetch().status)
            route.abort("connectionreset")

    page.route(UPLOAD_PATH, lose_the_first_answer)

    context.set_offline(True)
    try:
        (photo,) = photos(tmp_path, 1, first_seed=5)
        income = proofs.proof(INCOME_PROOF)
        income.photograph(photo)
        income.expect_pages("Wartet auf Verbindung")
        a11y(page)
        [stored] = stored_pages(page, "income_proof")
        assert stored["status"] == "pending" and stored["type"] == "image/jpeg", stored
        assert 0 < stored["bytes"] <= MAX_BYTES, stored

        # Reloaded offline (the service worker answers): the page is still there, from IndexedDB.
        page.reload()
        proofs = StepPage(page, "Nachweise zum Einkommen").expect_shown()
        proofs.proof(INCOME_PROOF).expect_pages("Wartet auf Verbindung")
        assert [p["id"] for p in stored_pages(page, "income_proof")] == [stored["id"]]
        assert answers == [], "an upload reached the server while offline"
    finally:
        offline["now"] = False
        context.set_offline(False)

    # Back online, the outbox uploads the page by itself (and again after the lost answer, 2 s later).
    proofs.proof(INCOME_PROOF).expect_pages("Hochgeladen", timeout=UPLOAD_TIMEOUT_MS)
    a11y(page)
    assert answers == [201], answers  # stored, but the browser never heard of it
    keys = [r.headers["idempotency-key"] for r in uploads.requests]  # the offline attempts too
    assert len(keys) >= 2 and set(keys) == {stored["id"]}, keys
    replay = uploads.requests[-1].response()
    assert replay is not None and replay.status == 200, replay
    assert replay.headers.get("idempotent-replayed") == "true", replay.headers
    listed = server_pages(page, draft, "income_proof")
    assert len(listed) == 1, listed
    assert listed[0]["height"] > listed[0]["width"], listed
    assert server_pages(page, draft, "other_proof") == []


def test_a_refused_file_shows_why_at_its_page(
    page: Page, context: BrowserContext, mailbox: Any, tmp_path: Path
) -> None:
    new_family(page, context, mailbox, favourites=0)
    proofs = walk_to_the_proofs(page)
    draft = proofs.draft_uuid
    uploads = Uploads(page)
    fake = tmp_path / "Lohnabrechnung.jpg"
    fake.write_text(
        "<!doctype html><html><body><script>alert(document.cookie)</script>Lohnabrechnung</body></html>"
    )
    income = proofs.proof(INCOME_PROOF)
    income.choose_files(fake)
    income.expect_pages("Abgelehnt")
    expect(income.problem_at(1)).to_contain_text(
        "Diese Datei können wir nicht annehmen. Bitte laden Sie ein Foto (JPEG, PNG, WebP oder HEIC) "
        "oder ein PDF hoch."
    )
    a11y(page)
    assert len(uploads.requests) == 1
    response = uploads.requests[0].response()
    assert response is not None and response.status == 415, response
    assert server_pages(page, draft, "income_proof") == []

    # A good page beside it is uploaded; removed again, it is gone from the server too.
    (photo,) = photos(tmp_path, 1, first_seed=9)
    income.photograph(photo)
    income.expect_pages("Abgelehnt", "Hochgeladen")
    assert len(server_pages(page, draft, "income_proof")) == 1
    income.pages.nth(1).get_by_role("button", name="Entfernen (Seite 2)").click()
    income.expect_pages("Abgelehnt")
    assert server_pages(page, draft, "income_proof") == []

    # The refused page is removed from the device; after a reload the slot is empty.
    income.pages.first.get_by_role("button", name="Entfernen (Seite 1)").click()
    income.expect_pages()
    assert stored_pages(page, "income_proof") == []
    page.reload()
    StepPage(page, "Nachweise zum Einkommen").expect_shown().proof(INCOME_PROOF).expect_pages()


@pytest.fixture
def no_js_parent(
    browser: Browser, playwright: Playwright, base_url: str, page: Page, context: BrowserContext, mailbox: Any
) -> Iterator[Page]:
    """A new parent (registered with JavaScript) on a phone browser without JavaScript."""
    new_family(page, context, mailbox, favourites=0)
    ctx = browser.new_context(
        **playwright.devices[DEVICE],
        java_script_enabled=False,
        base_url=base_url,
        locale="de-DE",
        timezone_id="Europe/Berlin",
        storage_state=context.storage_state(),
    )
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    ledger = A11yLedger.attach(ctx)
    try:
        yield ctx.new_page()
        assert not ledger.unchecked(), f"pages not checked with a11y(): {ledger.unchecked()}"
    finally:
        ctx.close()


def shown_without_javascript(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    a11y_without_javascript(page)


def test_upload_without_javascript(no_js_parent: Page, tmp_path: Path) -> None:
    page = no_js_parent
    page.goto(f"/wuppertal/antraege/{SERVICE}")
    shown_without_javascript(page, TITLE)
    page.get_by_role("button", name=re.compile(r"Antrag beginnen$")).click()
    expect(page).to_have_url(re.compile(rf"/antraege/{SERVICE}/{UUID}/kind$"))
    shown_without_javascript(page, "Kind und Betreuung")
    base = page.url.rsplit("/", 1)[0]
    draft = base.rsplit("/", 1)[1]
    page.goto(f"{base}/grundlage")
    shown_without_javascript(page, "Grundlage des Beitrags")
    page.get_by_role("radio", name=re.compile(r"^Nach unserem Einkommen")).check()
    page.get_by_role("button", name="Speichern und weiter").click()
    shown_without_javascript(page, "Ihr Einkommen")
    page.goto(f"{base}/belege")
    shown_without_javascript(page, "Nachweise zum Einkommen")

    income = StepPage(page, "Nachweise zum Einkommen").proof(INCOME_PROOF)
    income.expect_pages()
    (photo,) = photos(tmp_path, 1, first_seed=7)
    income.upload_without_javascript(photo)
    expect(page).to_have_url(re.compile(rf"{re.escape(base)}/belege\?.*nachweis=ok"))
    shown_without_javascript(page, "Nachweise zum Einkommen")
    income.expect_pages("Hochgeladen")
    StepPage(page, "").proof(OTHER_PROOF).expect_pages()
    [listed] = server_pages(page, draft, "income_proof")
    # The server turned the original upright and scaled it to its own limit (2400 px).
    assert (listed["width"], listed["height"]) == (1800, 2400), listed
