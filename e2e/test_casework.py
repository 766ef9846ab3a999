"""The back office with the parent on the phone: the parent submits an income declaration; a caseworker on a
desktop opens it from the inbox and asks for a document; the parent finds the request in the mailbox,
photographs the document and sends it; the caseworker sees the case back in review, looks at the proof,
decides with the monthly fee; the parent opens the Bescheid PDF from the mailbox. Every page shown, staff
pages included, passes axe-core."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid as uuidlib
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from e2e.application_pages import CasePage, CheckAnswersPage, ProofSlot
from e2e.casework_pages import (
    STAFF_VIEWPORT,
    DocumentRequestPage,
    StaffDashboardPage,
)
from e2e.conftest import ACTION_TIMEOUT_MS
from e2e.pages import (
    DEMO_PASSWORD,
    A11yLedger,
    HouseholdPage,
    LoginPage,
    PortalPage,
    a11y,
    register_and_confirm,
)
from e2e.test_kita_application import months_ahead

UPLOAD_TIMEOUT_MS = 30_000


def document_photo(path: Path) -> Path:
    """A phone photo of a payslip: a JPEG of a white page with lines of "text"."""
    image = Image.new("RGB", (1500, 2000), (246, 244, 238))
    draw = ImageDraw.Draw(image)
    for y in range(160, 1800, 60):
        draw.rectangle([140, y, 1360 - (y * 7) % 400, y + 18], fill=(40, 40, 40))
    image.save(path, "JPEG", quality=88)
    return path


def parent_with_household(page: Page, mailbox: Any) -> None:
    email, password = register_and_confirm(page, mailbox)
    LoginPage(page).login(email, password)
    household = HouseholdPage(page).goto()
    child = household.add_child()
    child.fill_born("Mia", "Tęsť-Łukasz", dt.date(2023, 3, 8))
    household = child.save()
    guardian = household.add_guardian()
    guardian.fill("Zofia", "Wójcik", "Mutter")
    guardian.save()


def complete_draft(page: Page) -> str:
    """A complete income declaration on the server (the drafts API, as drafts.js syncs it) with one proof
    page; returns its UUID. The parent checks and submits it in the UI."""
    household = page.request.get("/wuppertal/haushalt/").text()
    child = re.search(r"/wuppertal/haushalt/kinder/(\d+)", household).group(1)
    guardian = re.search(r"/wuppertal/haushalt/sorgeberechtigte/(\d+)", household).group(1)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "portal_csrf")
    start = months_ahead(2)
    values = {
        "child": child,
        "care_type": "kita",
        "hours": "35",
        "care_start-day": str(start.day),
        "care_start-month": str(start.month),
        "care_start-year": str(start.year),
        "facility_name": "Kita Sonnenschein",
        f"liable-{guardian}": "ja",
        "basis": "einkommen",
        "income_year": "2025",
        "income_employment": "42.000",
        "civil_servant": "nein",
        "sibling_in_care": "nein",
        "sepa": "nein",
        "_steps": [
            "kind",
            "beitragspflichtige",
            "grundlage",
            "einkommen",
            "belege",
            "geschwister",
            "zahlung",
        ],
    }
    uuid = str(uuidlib.uuid4())
    saved = page.request.put(
        f"/wuppertal/entwuerfe/{uuid}",
        data={"service": "elternbeitrag", "version": 0, "values": values},
        headers={"x-csrftoken": csrf},
    )
    assert saved.ok, saved.text()
    out = io.BytesIO()
    Image.new("RGB", (800, 1100), "white").save(out, "JPEG")
    uploaded = page.request.post(
        f"/wuppertal/entwuerfe/{uuid}/nachweise/income_proof",
        multipart={"datei": {"name": "lohn.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}},
        headers={"x-csrftoken": csrf, "Idempotency-Key": f"e2e-{uuid}", "Accept": "application/json"},
    )
    assert uploaded.status == 201, uploaded.text()
    return uuid


def staff_context(browser: Browser, base_url: str) -> tuple[BrowserContext, A11yLedger]:
    ctx = browser.new_context(
        viewport=STAFF_VIEWPORT, base_url=base_url, locale="de-DE", timezone_id="Europe/Berlin"
    )
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    return ctx, A11yLedger.attach(ctx)


def test_request_documents_decide_and_deliver_the_bescheid(
    page: Page, context: BrowserContext, browser: Browser, base_url: str, mailbox: Any, tmp_path: Path
) -> None:
    # The parent, on the phone: a complete draft, checked and submitted in the UI.
    parent_with_household(page, mailbox)
    uuid = complete_draft(page)
    page.goto(f"/wuppertal/antraege/elternbeitrag/{uuid}/pruefen")
    check = CheckAnswersPage(page).expect_shown()
    expect(check.answer("Voraussichtlicher Monatsbeitrag")).to_have_text(
        re.compile(r"^\d+ € für \d\d/\d{4}$")
    )
    page.get_by_label("Ich versichere, dass meine Angaben richtig und vollständig sind.").check()
    receipt = check.submit()
    reference = receipt.reference

    staff, ledger = staff_context(browser, base_url)
    try:
        office = staff.new_page()
        # The caseworker, on a desktop: the inbox lists the case; the case shows the answers.
        login = LoginPage(office).goto()
        login.submit("caseworker@wuppertal.example", DEMO_PASSWORD)
        dashboard = StaffDashboardPage(office).expect_shown()
        inbox = dashboard.open_inbox()
        expect(inbox.row(reference)).to_contain_text("Eingereicht")
        case = inbox.open_case(reference)
        expect(office.get_by_role("main")).to_contain_text("42.000,00 €")
        expect(office.get_by_role("main")).to_contain_text("Zofia Wójcik")
        case.expect_status("Eingereicht")
        case = case.press("In Bearbeitung nehmen")
        case.expect_banner("Der Status ist geändert.")
        case.expect_status("In Prüfung")
        office.get_by_role("button", name="Übernehmen").click()
        case.expect_shown()
        expect(office.get_by_role("main")).to_contain_text("Zuständig: caseworker@wuppertal.example")

        form = case.request_documents()
        form.ask_for(1, "Lohnabrechnung Dezember", "Die Abrechnung für Dezember 2025 fehlt.")
        form.set_deadline(dt.date.today() + dt.timedelta(days=14))
        case = form.send(reference)
        case.expect_status("Unterlagen nachgefordert")

        # The parent: the request in the mailbox, a photographed page, sent.
        PortalPage(page).nav.get_by_role("link", name="Postfach").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Postfach")
        a11y(page)
        page.get_by_role("link", name=f"Unterlagen nachreichen: {reference}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Unterlagen nachreichen: {reference}")
        expect(page.get_by_role("main")).to_contain_text("Lohnabrechnung Dezember")
        a11y(page)
        page.get_by_role("button", name="Unterlagen nachreichen").click()
        request_page = DocumentRequestPage(page).expect_shown()
        expect(page.get_by_role("main")).to_contain_text("Die Abrechnung für Dezember 2025 fehlt.")
        slot = ProofSlot(page, "Lohnabrechnung Dezember")
        slot.photograph(document_photo(tmp_path / "IMG_20260314_101500.jpg"))
        slot.expect_pages("Hochgeladen", timeout=UPLOAD_TIMEOUT_MS)
        a11y(page)
        request_page.send()
        status = CasePage(page).expect_shown()
        status.expect_banner("Ihre Unterlagen sind beim Amt eingegangen.")
        status.expect_status("In Prüfung")
        expect(page.locator("[data-office]")).to_contain_text("zuletzt vom Amt bearbeitet am")

        # The caseworker: back in review, the new proof in the viewer (zoom, rotate), the decision.
        office.reload()
        case.expect_shown()
        case.expect_status("In Prüfung")
        expect(case.proofs.filter(has_text="Lohnabrechnung Dezember")).to_contain_text("nachgereicht")
        viewer = case.open_proof("Lohnabrechnung Dezember")
        image = viewer.figure(1).get_by_role("img")
        expect(image).to_be_visible()
        before = image.bounding_box()
        viewer.tool(1, "Vergrößern").click()
        viewer.tool(1, "Nach rechts drehen").click()
        expect(viewer.figure(1).locator("[data-viewer-state]")).to_have_text("150 %, 90°")
        expect(image).to_have_css("transform", re.compile(r"^matrix\([^,]+, 1, -1, "))
        assert image.bounding_box()["width"] > before["width"]
        a11y(office)
        office.get_by_role("link", name="Zurück zum Antrag").click()
        case.expect_shown()
        decision = case.decide()
        expect(decision.fee).to_have_value(re.compile(r"^\d+(,\d\d)?$"))
        decision.fee.fill("123,45")
        a11y(office)
        case = decision.decide("Bewilligen", "Die Einkommensnachweise sind vollständig.", reference)
        case.expect_status("Bescheid zugestellt")
        a11y(office)
        assert not ledger.unchecked(), ledger.unchecked()
    finally:
        staff.close()

    # The parent: the Bescheid in the mailbox, as a PDF.
    page.goto("/wuppertal/postfach/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Postfach")
    a11y(page)
    page.get_by_role("link", name=re.compile(rf"Bescheid: .*\({reference}\)$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bescheid")
    a11y(page)
    link = page.get_by_role("link", name=re.compile(rf"^Bescheid-{reference}\.pdf herunterladen"))
    with page.expect_download() as download_info:
        link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert reference in text and "123,45 €" in text and "Rechtsbehelfsbelehrung" in text
    assert "Zofia Wójcik" in text
    page.goto(f"/wuppertal/vorgaenge/{reference}")
    status = CasePage(page).expect_shown()
    status.expect_status("Bescheid zugestellt")
    expect(page.get_by_role("link", name="Bescheid in Ihrem Postfach öffnen")).to_be_visible()
