"""The family services on a phone (Pixel 7): each one found in the catalogue under its life situation, started
and walked step by step through the UI (proofs photographed) to its check-answers page; axe on every page.
And Unterhaltsvorschuss submitted, with its signature page downloaded, signed and photographed back; and its
quick check, whose answers start a prefilled application."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.application_pages import CasePage, CheckAnswersPage, ProofSlot
from e2e.casework_pages import SignedPageUploadPage
from e2e.pages import a11y
from e2e.service_pages import (
    UPLOAD_TIMEOUT_MS,
    Address,
    CataloguePage,
    Checked,
    ChildChosen,
    Choose,
    Confirm,
    Date,
    Fill,
    Journey,
    Proof,
    ServiceStep,
    StepSpec,
    Tick,
    family_with_child,
    months_before_today,
    proof_photo,
    walk,
)

TODAY = dt.date.today()
THIS_MONTH = TODAY.replace(day=1)


def months_ahead(months: int) -> dt.date:
    index = THIS_MONTH.year * 12 + THIS_MONTH.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


UVG = Journey(
    service="uvg",
    situation="Alleinerziehend und Unterhalt",
    title="Unterhaltsvorschuss",
    child_age_months=16 * 12 + 2,  # the steps for 12+ and 15+ apply
    steps=(
        StepSpec(
            "Ihr Kind",
            (
                ChildChosen("Kind"),
                Fill("Geburtsort des Kindes", "Wuppertal"),
                Fill("Staatsangehörigkeit des Kindes", "deutsch"),
                Proof("Geburtsurkunde des Kindes"),
            ),
        ),
        StepSpec(
            "Wo Ihr Kind lebt",
            (
                Choose("Bei wem lebt Ihr Kind?", "Nur bei mir", exact=False),
                Date("Seit wann lebt Ihr Kind nur bei Ihnen?", months_ahead(-8)),
                Address("Anschrift des Kindes"),
            ),
        ),
        StepSpec(
            "Angaben zu Ihnen",
            (
                Choose("Sie sind …", "die Mutter des Kindes"),
                Choose("Ihr Familienstand", "Ledig"),
                Choose("Wer hat das Sorgerecht für das Kind?", "Ich allein"),
                Choose("Ihre Staatsangehörigkeit", "Deutsch"),
            ),
        ),
        StepSpec(
            "Umgang mit dem anderen Elternteil",
            (
                Choose("Hat Ihr Kind Kontakt zum anderen Elternteil?", "Ja, regelmäßig"),
                Fill("Wann ist Ihr Kind beim anderen Elternteil?", "Jedes zweite Wochenende."),
                Fill(
                    "Wie viele Nächte im Monat schläft Ihr Kind durchschnittlich beim anderen Elternteil?",
                    "4",
                ),
            ),
        ),
        StepSpec(
            "Der andere Elternteil",
            (
                Choose("Wissen Sie, wer der andere Elternteil ist?", "Ja"),
                Fill("Vorname des anderen Elternteils", "Tom"),
                Fill("Familienname des anderen Elternteils", "Muster"),
                Choose("Kennen Sie die aktuelle Anschrift des anderen Elternteils?", "Nein"),
            ),
        ),
        StepSpec(
            "Vaterschaft",
            (
                Choose(
                    "Wie ist die Vaterschaft festgestellt?",
                    "Durch eine Anerkennung beim Jugendamt, Standesamt oder Notariat",
                ),
                Proof("Nachweis der Vaterschaft"),
            ),
        ),
        StepSpec(
            "Unterhalt vom anderen Elternteil",
            (
                Choose("Gibt es einen Unterhaltstitel?", "Nein"),
                Choose(
                    "Zahlt der andere Elternteil Unterhalt für das Kind?",
                    "Ja, regelmäßig, aber weniger als den Unterhaltsvorschuss",
                ),
                Fill("Wie viel Unterhalt erhält Ihr Kind durchschnittlich im Monat?", "100"),
                Proof("Nachweis der Unterhaltszahlungen"),
                Choose(
                    "Haben Sie den anderen Elternteil schriftlich aufgefordert, Unterhalt zu zahlen?", "Nein"
                ),
            ),
        ),
        StepSpec("Kinder ab 12 Jahren", (Choose("Erhalten Sie und Ihr Kind Bürgergeld?", "Nein"),)),
        StepSpec(
            "Schule und Einkommen des Kindes",
            (Choose("Besucht Ihr Kind eine allgemeinbildende Schule?", "Ja"), Proof("Schulbescheinigung")),
        ),
        StepSpec(
            "Bankverbindung",
            (
                Fill("Kontoinhaberin oder Kontoinhaber", "Sam Test"),
                Fill("IBAN", "DE89 3704 0044 0532 0130 00"),
            ),
        ),
        StepSpec(
            "Ihre Pflichten", (Confirm("Ich habe meine Pflichten gelesen und teile Änderungen sofort mit."),)
        ),
    ),
    answers={
        "Bei wem lebt Ihr Kind?": "Nur bei mir",
        "Wie viel Unterhalt erhält Ihr Kind durchschnittlich im Monat?": "100,00 €",
        "Voraussichtlicher Unterhaltsvorschuss": re.compile(r"^\d+,\d\d € im Monat$"),
        "Rückwirkende Zahlung": re.compile(r"Frühester Beginn daher: 01\.\d\d\.\d{4}\.$"),
    },
)

SORGERECHT = Journey(
    service="sorgerecht",
    situation="Geburt und Elternzeit",
    title="Negativbescheinigung: Auskunft aus dem Sorgeregister",
    child_age_months=14,
    steps=(
        StepSpec(
            "Voraussetzungen",
            (
                Choose("Sind Sie die Mutter des Kindes?", "Ja"),
                Choose(
                    "Waren Sie mit dem Vater des Kindes verheiratet?",
                    "Nein, wir waren nie miteinander verheiratet",
                ),
                Choose(
                    "Haben Sie und der Vater Sorgeerklärungen abgegeben oder hat ein Familiengericht über das "
                    "Sorgerecht entschieden?",
                    "Nein",
                ),
            ),
        ),
        StepSpec(
            "Angaben zum Kind",
            (
                Checked("Auf wen soll die Bescheinigung ausgestellt werden?", "Sam Test"),
                ChildChosen("Für welches Kind?"),
                Fill("Name des Kindes bei der Geburt", "Lea Test"),
                Fill("Geburtsort des Kindes", "Wuppertal"),
            ),
        ),
        StepSpec("Nachweise", (Proof("Personalausweis oder Reisepass"), Proof("Geburtsurkunde des Kindes"))),
        StepSpec(
            "Zustellung",
            (
                Choose("Wie möchten Sie die Bescheinigung erhalten?", "Per Post"),
                Address("An welche Anschrift?"),
            ),
        ),
    ),
    answers={
        "Name des Kindes bei der Geburt": "Lea Test",
        "Personalausweis oder Reisepass": "1 Seite hochgeladen",
        "An welche Anschrift?": re.compile(r"^Musterstraße 3\s*42103 Wuppertal$"),
    },
)

KINDERTAGESPFLEGE = Journey(
    service="kindertagespflege_geld",
    situation="Kinderbetreuung",
    title="Kindertagespflege: Antrag auf Geldleistung",
    child_age_months=7,  # under one at the start: the need is proven
    steps=(
        StepSpec("Ihr Kind", (ChildChosen("Für welches Kind?"),)),
        StepSpec(
            "Ihre Tagespflegeperson",
            (
                Fill("Name der Tagespflegeperson", "Erika Tagesmutter"),
                Fill("Nummer der Pflegeerlaubnis", "TP-2026-117"),
                Address("Wo wird Ihr Kind betreut?", street="Lindenweg", number="2"),
            ),
        ),
        StepSpec(
            "Umfang und Beginn",
            (
                Date("Ab wann wird Ihr Kind betreut?", months_ahead(2)),
                Fill("Wie viele Stunden pro Woche haben Sie vereinbart?", "30"),
            ),
        ),
        StepSpec(
            "Nachweise zum Betreuungsbedarf",
            (
                Choose("Sam Test", "Vollzeit erwerbstätig"),
                Proof("Nachweise über Arbeit, Ausbildung oder Arbeitsuche"),
            ),
        ),
        StepSpec(
            "Zustimmung der Sorgeberechtigten",
            (
                Choose("Haben Sie das alleinige Sorgerecht für Ihr Kind?", "Ja"),
                Proof("Negativattest oder Beschluss über das Sorgerecht"),
            ),
        ),
    ),
    answers={
        "Wie viele Stunden pro Woche haben Sie vereinbart?": "30",
        "Erwerbstätigkeit": "Sam Test: Vollzeit erwerbstätig",
    },
)

SPIELGRUPPE = Journey(
    service="spielgruppe",
    situation="Kinderbetreuung",
    title="Zuschuss zum Spielgruppenbeitrag",
    child_age_months=25,
    steps=(
        StepSpec("Ihr Kind", (ChildChosen("Für welches Kind?"),)),
        StepSpec(
            "Die Spielgruppe",
            (
                Fill("Name der Spielgruppe", "Spielgruppe Wirbelwind"),
                Address("Anschrift der Spielgruppe", street="Parkweg", number="7"),
                Choose("Hat die Spielgruppe eine Betriebserlaubnis?", "Ja"),
            ),
        ),
        StepSpec(
            "Besuch und Beitrag",
            (
                Date("Seit wann oder ab wann besucht Ihr Kind die Spielgruppe?", THIS_MONTH),
                Fill("Wie viele Stunden pro Woche sind gebucht?", "15"),
                Tick("An welchen Tagen besucht Ihr Kind die Spielgruppe?", ("Montag", "Mittwoch", "Freitag")),
                Fill("Monatlicher Beitrag der Spielgruppe", "80,00"),
                Choose("Wird Ihr Kind außerdem in einer Kita oder in der Kindertagespflege betreut?", "Nein"),
                Proof("Bestätigung der Spielgruppe"),
            ),
        ),
        StepSpec(
            "Bankverbindung",
            (
                Fill("Kontoinhaberin oder Kontoinhaber", "Sam Test"),
                Fill("IBAN", "DE89 3704 0044 0532 0130 00"),
            ),
        ),
    ),
    answers={
        "An welchen Tagen besucht Ihr Kind die Spielgruppe?": re.compile(r"^Montag\s*Mittwoch\s*Freitag$"),
        "Zuschuss im Monat": "30,00 €",
        "Endet": re.compile(r"^einen Monat vor dem dritten Geburtstag, am \d\d\.\d\d\.\d{4}$"),
    },
)

JOURNEYS = [UVG, SORGERECHT, KINDERTAGESPFLEGE, SPIELGRUPPE]


@pytest.mark.parametrize("journey", JOURNEYS, ids=[j.service for j in JOURNEYS])
def test_service_from_the_catalogue_to_check_answers(
    page: Page, mailbox: Any, tmp_path: Path, journey: Journey
) -> None:
    child = family_with_child(page, mailbox, months_before_today(journey.child_age_months))
    catalogue = CataloguePage(page).goto()
    assert journey.title in catalogue.services_in(journey.situation)
    start = catalogue.open_service(journey.situation, journey.title)
    first = start.begin(journey.steps[0].heading)
    walk(first, journey.steps, proof_photo(tmp_path), child)

    check = CheckAnswersPage(page).expect_shown()
    expect(page.get_by_role("alert")).to_have_count(0)  # complete: no "Bevor Sie absenden können"
    for label, text in journey.answers.items():
        expect(check.answer(label)).to_have_text(text)
    expect(page.get_by_role("button", name="Verbindlich absenden")).to_be_visible()


def test_uvg_quick_check_starts_a_prefilled_application(page: Page, mailbox: Any) -> None:
    child = family_with_child(page, mailbox, months_before_today(13 * 12 + 1))
    catalogue = CataloguePage(page).goto()
    quick = catalogue.open_quick_check("Alleinerziehend und Unterhalt", "Unterhaltsvorschuss")
    quick.choose("Für welches Kind?", child)
    quick.choose("Bei wem lebt Ihr Kind?", "Nur bei mir", exact=False)
    quick.choose(
        "Zahlt der andere Elternteil Unterhalt für das Kind?", "Nein, er oder sie zahlt keinen Unterhalt"
    )
    quick.choose("Nur für Kinder ab 12 Jahren: Erhalten Sie und Ihr Kind Bürgergeld?", "Nein")
    quick.assess()
    expect(quick.verdict).to_have_text("Ein Antrag lohnt sich wahrscheinlich.")
    expect(quick.result).to_contain_text("(Altersstufe 12 bis 17 Jahre)")
    expect(quick.to_prepare.get_by_role("listitem").first).to_have_text("Geburtsurkunde Ihres Kindes")

    first = quick.begin_with_these_answers("Ihr Kind")
    expect(first.group("Kind").get_by_label(child, exact=True)).to_be_checked()
    # The step after: where the child lives, as answered in the quick check.
    page.goto(re.sub(r"/kind$", "/wohnen", page.url))
    lives = ServiceStep(page, "Wo Ihr Kind lebt").expect_shown()
    expect(lives.group("Bei wem lebt Ihr Kind?").get_by_label("Nur bei mir")).to_be_checked()
    page.goto(re.sub(r"/wohnen$", "/ab-12", page.url))
    twelve = ServiceStep(page, "Kinder ab 12 Jahren").expect_shown()
    expect(
        twelve.group("Erhalten Sie und Ihr Kind Bürgergeld?").get_by_label("Nein", exact=True)
    ).to_be_checked()


def test_uvg_submitted_and_the_signed_page_photographed_back(
    page: Page, mailbox: Any, tmp_path: Path
) -> None:
    child = family_with_child(page, mailbox, months_before_today(UVG.child_age_months))
    start = CataloguePage(page).goto().open_service(UVG.situation, UVG.title)
    walk(start.begin(UVG.steps[0].heading), UVG.steps, proof_photo(tmp_path), child)
    check = CheckAnswersPage(page).expect_shown()
    check.confirm_all()
    receipt = check.submit()
    reference = receipt.reference
    assert re.fullmatch(rf"UVG-{TODAY.year}-\d{{6}}", reference)

    # § 9 UVG asks for the written form: the case waits for the signed page.
    case = receipt.open_status()
    case.expect_status("Unterschrift ausstehend")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unterschriftsseite herunterladen (PDF)").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert reference in text and "Unterhaltsvorschuss" in text and child.split()[0] in text

    # Signed on paper and photographed: the page goes into the case, which then waits for the office.
    page.get_by_role("button", name="Unterschriebene Seite hochladen").click()
    upload = SignedPageUploadPage(page).expect_shown()
    slot = ProofSlot(page, "Unterschriebene Unterschriftsseite")
    slot.photograph(proof_photo(tmp_path))
    slot.expect_pages("Hochgeladen", timeout=UPLOAD_TIMEOUT_MS)
    a11y(page)
    upload.send()
    case = CasePage(page).expect_shown()
    case.expect_banner("Ihre Unterlagen sind beim Amt eingegangen.")
    case.expect_status("Eingereicht")
    expect(page.get_by_text("Die unterschriebene Seite ist eingegangen.")).to_be_visible()
    expect(page.get_by_role("button", name="Unterschriebene Seite hochladen")).to_have_count(0)
