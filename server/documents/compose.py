"""All pages of a proof as one PDF: photos on A4 pages (fpdf2), uploaded PDFs appended as they are (pypdf).

Pure and in memory: the decrypted pages never touch the disk.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

MARGIN_MM = 10


def image_page(jpeg: bytes) -> bytes:
    """One A4 page (landscape for a landscape photo) with the photo fitted inside the margins."""
    with Image.open(io.BytesIO(jpeg)) as image:
        width, height = image.size
    pdf = FPDF(orientation="L" if width > height else "P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creator("Familienportal")
    pdf.add_page()
    scale = min((pdf.w - 2 * MARGIN_MM) / width, (pdf.h - 2 * MARGIN_MM) / height)
    shown_w, shown_h = width * scale, height * scale
    pdf.image(io.BytesIO(jpeg), x=(pdf.w - shown_w) / 2, y=(pdf.h - shown_h) / 2, w=shown_w, h=shown_h)
    return bytes(pdf.output())


def proof_pdf(pages: Iterable[tuple[str, bytes]], title: str = "") -> bytes:
    """`pages`: (mime, plaintext) in order; image/jpeg becomes a page, application/pdf is appended."""
    writer = PdfWriter()
    for mime, data in pages:
        source = data if mime == "application/pdf" else image_page(data)
        writer.append(PdfReader(io.BytesIO(source)))
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
