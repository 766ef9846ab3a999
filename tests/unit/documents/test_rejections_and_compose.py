"""The table of rejection codes, and one PDF per proof."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from server.documents.compose import proof_pdf
from server.documents.rejections import REJECTIONS, UploadRejected, message_for, status_for
from tests.unit.documents import corpus


@pytest.mark.parametrize("code", sorted(REJECTIONS))
def test_every_code_has_a_status_and_a_german_sentence(code):
    message = message_for(code)
    assert 400 <= status_for(code) < 600
    assert message.endswith(".") and "{" not in message
    assert any(word in message for word in ("Bitte", "Die", "Das", "Diese", "In", "Für"))


def test_messages_are_filled_with_limits():
    assert "höchstens 4 Seiten" in message_for("too_many_pages", max_pages=4)
    assert "höchstens 15 MB" in message_for("too_large")
    assert UploadRejected("too_large", max_mb=8).message == message_for("too_large", max_mb=8)


def test_an_unknown_code_maps_to_the_general_message():
    assert message_for("no-such-code") == message_for("bad_request")
    with pytest.raises(ValueError):
        UploadRejected("no-such-code")


def test_proof_pdf_places_photos_on_a4_and_appends_pdfs():
    portrait = corpus.small_jpeg()  # 600 x 800
    landscape = corpus.image_bytes("JPEG", (1200, 800))
    combined = proof_pdf(
        [("image/jpeg", portrait), ("application/pdf", corpus.multipage_pdf(3)), ("image/jpeg", landscape)],
        title="Einkommensnachweis",
    )
    reader = PdfReader(io.BytesIO(combined))
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    assert sizes == [(595, 842), (595, 842), (595, 842), (595, 842), (842, 595)]
    assert "Lohnabrechnung, Seite 2" in reader.pages[2].extract_text()
    assert reader.metadata.title == "Einkommensnachweis"
    assert "/XObject" in reader.pages[0]["/Resources"]
