"""The Bescheid PDF: every part is there, fees read as German money, names print as they are."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from server.casework.bescheid import BescheidFacts, bescheid_pdf, fee_sentence, remedy_text
from server.settings import ROOT
from server.tenants.config import TenantRegistry

TENANTS = TenantRegistry.from_folder(Path(ROOT / "server" / "tenants" / "data"), "wuppertal")
WUPPERTAL = TENANTS.get("wuppertal")


def facts(**changes: object) -> BescheidFacts:
    values: dict[str, object] = {
        "reference": "EB-2026-000042",
        "service_title": "Elternbeitrag: Einkommenserklärung",
        "office": "Jugendamt – Elternbeiträge",
        "legal_basis": "§ 90 SGB VIII, § 51 KiBiz NRW",
        "addressee": ("Łukasz Wójcik-Müller und Ağaoğlu Öztürk", "Kirchstraße 7a", "42103 Wuppertal"),
        "submitted_at": dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC),
        "decided_at": dt.datetime(2026, 3, 20, 14, 0, tzinfo=dt.UTC),
        "outcome": "approved",
        "reasons": "Die Einkommensnachweise sind vollständig; maßgeblich ist das Jahreseinkommen 2025.",
        "fee_cents": 123450,
        "fee_from": dt.date(2026, 8, 1),
        "fee_label": "Der Elternbeitrag",
    }
    values.update(changes)
    return BescheidFacts(**values)  # type: ignore[arg-type]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # Justified lines have stretched spaces and wrap anywhere: compare with single spaces.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_every_part_of_the_letter_is_there():
    pdf = bescheid_pdf(WUPPERTAL, facts())
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    contact = WUPPERTAL.contact
    for part in (
        WUPPERTAL.official_name,  # letterhead
        f"{contact.street} · {contact.postcode} {contact.city}",
        "Łukasz Wójcik-Müller und Ağaoğlu Öztürk",  # addressee
        "Kirchstraße 7a",
        "42103 Wuppertal",
        "Aktenzeichen EB-2026-000042",
        "Datum 20.03.2026",
        "Ihr Antrag vom 02.03.2026",
        "Bescheid",
        "Elternbeitrag: Einkommenserklärung",
        "Entscheidung",
        "Ihrem Antrag wird stattgegeben.",
        "Der Elternbeitrag wird ab August 2026 auf monatlich 1.234,50 € festgesetzt.",
        "Begründung",
        "maßgeblich ist das Jahreseinkommen 2025.",
        "Rechtsgrundlage: § 90 SGB VIII, § 51 KiBiz NRW",
        "Rechtsbehelfsbelehrung",
        "innerhalb eines Monats nach seiner Bekanntgabe Widerspruch",
        "§ 37 Abs. 2a SGB X",
        "Seite 1 von 1",
    ):
        assert part in text, part
    # The office where the Widerspruch goes, with its address.
    assert contact.office.split()[0] in text.split("Rechtsbehelfsbelehrung", 1)[1]
    assert f"{contact.postcode} {contact.city}" in text.split("Rechtsbehelfsbelehrung", 1)[1]
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Bescheid EB-2026-000042"


@pytest.mark.parametrize(
    ("outcome", "sentence"),
    [
        ("approved", "Ihrem Antrag wird stattgegeben."),
        ("partially_approved", "Ihrem Antrag wird teilweise stattgegeben."),
        ("rejected", "Ihr Antrag wird abgelehnt."),
    ],
)
def test_outcomes(outcome, sentence):
    text = text_of(bescheid_pdf(WUPPERTAL, facts(outcome=outcome, fee_cents=None, fee_from=None)))
    assert sentence in text
    assert "festgesetzt" not in text


@pytest.mark.parametrize(
    ("cents", "month", "expected"),
    [
        (
            123450,
            dt.date(2026, 8, 1),
            "Der Elternbeitrag wird ab August 2026 auf monatlich 1.234,50 € festgesetzt.",
        ),
        (5, None, "Der Elternbeitrag wird auf monatlich 0,05 € festgesetzt."),
        (
            12500,
            dt.date(2027, 3, 1),
            "Der Elternbeitrag wird ab März 2027 auf monatlich 125,00 € festgesetzt.",
        ),
        (
            0,
            dt.date(2026, 12, 1),
            "Der Elternbeitrag wird ab Dezember 2026 auf monatlich 0,00 € festgesetzt. Es ist kein Beitrag zu zahlen.",
        ),
        (100000000, None, "Der Elternbeitrag wird auf monatlich 1.000.000,00 € festgesetzt."),
    ],
)
def test_fee_formatting(cents, month, expected):
    assert fee_sentence(facts(fee_cents=cents, fee_from=month)) == expected


def test_no_fee_no_sentence():
    assert fee_sentence(facts(fee_cents=None)) == ""


def test_a_long_letter_gets_more_pages_and_an_anonymous_addressee_a_neutral_line():
    reasons = "\n".join(f"Absatz {n}: " + "Die Prüfung hat Folgendes ergeben. " * 12 for n in range(30))
    pdf = bescheid_pdf(WUPPERTAL, facts(reasons=reasons, addressee=()))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    text = text_of(pdf)
    assert f"Seite {len(reader.pages)} von {len(reader.pages)}" in text
    assert "An die antragstellende Person" in text
    assert "Absatz 29" in text


def test_the_remedy_names_each_tenants_office():
    iserlohn = TENANTS.get("iserlohn")
    text = remedy_text(iserlohn)
    assert iserlohn.contact.street in text and iserlohn.official_name in text
    assert "einfache E-Mail genügt dafür nicht" in text


def test_the_same_facts_give_the_same_file():
    assert bescheid_pdf(WUPPERTAL, facts()) == bescheid_pdf(WUPPERTAL, facts())
