"""A4 documents with the municipality's letterhead, a Unicode font (names like Łukasz or Ağaoğlu print as
they are) and page numbers. Built with fpdf2 from data, never from HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from server.tenants.config import Tenant
from server.web.i18n import _

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class LetterPDF(FPDF):
    """A letter of the tenant: letterhead on the first page, page numbers on every page."""

    def __init__(self, tenant: Tenant, title: str, created: dt.datetime | None = None) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.tenant = tenant
        self.doc_title = title
        self.created = created or dt.datetime.now(dt.UTC)
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=22)
        self.set_title(title)
        self.set_author(tenant.official_name)
        self.set_creator("Familienportal")
        self.set_lang("de")
        # Fixed metadata dates: the same input gives the same file (receipts can be re-rendered any time).
        self.set_creation_date(self.created)
        self.alias_nb_pages()
        self.add_page()
        self.letterhead()

    def letterhead(self) -> None:
        contact = self.tenant.contact
        self.set_fill_color(*hex_rgb(self.tenant.branding.brand))
        self.rect(0, 0, 210, 6, style="F")
        self.set_font(FONT, "B", 13)
        self.set_text_color(*hex_rgb(self.tenant.branding.brand_dark))
        self.cell(0, 7, self.tenant.official_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 9)
        self.set_text_color(60, 60, 60)
        self.cell(0, 5, contact.office, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(
            0,
            5,
            f"{contact.street} · {contact.postcode} {contact.city} · {_('Telefon')} {contact.phone} · {contact.email}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(6)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.doc_title, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, _("Seite {page} von {pages}").format(page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def paragraph(self, text: str, size: int = 10, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def facts(self, rows: list[tuple[str, str]], label_width: float = 55) -> None:
        """Label/value rows; long values wrap under their value column."""
        for label, value in rows:
            self.set_font(FONT, "B", 10)
            y = self.get_y()
            if y > self.h - 35:
                self.add_page()
                y = self.get_y()
            self.multi_cell(label_width - 3, 5, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
            label_bottom = self.get_y()
            self.set_xy(self.l_margin + label_width, y)
            self.set_font(FONT, "", 10)
            self.multi_cell(0, 5, value or "–", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_y(max(self.get_y(), label_bottom + 5 if label_bottom == y else self.get_y()))
            self.ln(1.5)

    def rule(self) -> None:
        self.set_draw_color(180, 180, 180)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)

    def output_bytes(self) -> bytes:
        return bytes(self.output())
