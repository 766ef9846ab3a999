"""Test files, generated (no binary fixtures): genuine photos and PDFs, and a hostile corpus.

HOSTILE lists (name, factory, expected rejection code); every factory is cached, so a corpus file is
built once per test session.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable

import pillow_heif
from fpdf import FPDF
from PIL import ExifTags, Image, ImageDraw
from pypdf import PdfReader, PdfWriter

pillow_heif.register_heif_opener()

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
RED = (220, 20, 20)


# --- genuine files -----------------------------------------------------------------------------------


def image_bytes(
    fmt: str, size: tuple[int, int] = (800, 600), mode: str = "RGB", color: object = "white", **save
) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, fmt, **save)
    return out.getvalue()


@functools.cache
def small_jpeg() -> bytes:
    return document_page(size=(600, 800), quality=80)


def document_page(
    size: tuple[int, int] = (1500, 2000), quality: int = 80, seed: int = 7, grain: float = 0.08
) -> bytes:
    """A photographed paper page: off-white paper with lines of "text", a little noise and shading."""
    rng = random.Random(seed)
    width, height = size
    page = Image.linear_gradient("L").resize(size).point(lambda v: 215 + v // 12)
    noise = Image.effect_noise(size, 24)
    page = Image.blend(page, noise.convert("L"), grain)
    draw = ImageDraw.Draw(page)
    margin = width // 12
    y = height // 10
    while y < height - height // 10:
        x = margin
        while x < width - margin:
            word = rng.randint(width // 60, width // 12)
            draw.rectangle([x, y, min(x + word, width - margin), y + height // 120], fill=rng.randint(20, 60))
            x += word + width // 90
        y += height // 45
    out = io.BytesIO()
    page.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


@functools.cache
def camera_jpeg() -> bytes:
    """4000x3000 as a phone stores it: the pixels lie on their side, EXIF orientation 6 (turn 90° clockwise
    to view) and GPS coordinates. The stored top-left quarter is red: upright, it is the top-right one."""
    image = Image.merge(
        "RGB",
        [
            Image.linear_gradient("L").resize((4000, 3000)),
            Image.new("L", (4000, 3000), 200),
            Image.new("L", (4000, 3000), 230),
        ],
    )
    ImageDraw.Draw(image).rectangle([0, 0, 1999, 1499], fill=RED)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Phonemaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 15.0, 30.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (7.0, 9.0, 1.25)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif.tobytes(), comment=b"taken at home")
    return out.getvalue()


@functools.cache
def heic() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (1200, 900), "white")
    ImageDraw.Draw(image).rectangle([100, 100, 500, 400], fill=RED)
    image.save(out, format="HEIF", quality=70)
    return out.getvalue()


@functools.cache
def multipage_pdf(pages: int = 3) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=16)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(text=f"Lohnabrechnung, Seite {number}")
    return bytes(pdf.output())


# --- hand-written PDFs --------------------------------------------------------------------------------

PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def raw_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF with these objects (1 is the catalog) and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def plain_pdf() -> bytes:
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", PAGES, PAGE])


def pdf_open_action_js() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
            PAGES,
            PAGE,
            b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>",
        ]
    )


def pdf_names_js() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 4 0 R >> >>",
            PAGES,
            PAGE,
            b"<< /Names [(init) 5 0 R] >>",
            b"<< /S /JavaScript /JS (this.exportDataObject\\({cName: 'x'}\\)) >>",
        ]
    )


def pdf_obfuscated_js() -> bytes:
    """JavaScript behind hex-escaped names (/J#61vaScript = /JavaScript): no plain "/JavaScript" in the bytes."""
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            PAGES,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>",
            b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
        ]
    )


def pdf_launch() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (C:\\\\Windows\\\\System32\\\\cmd.exe) >> >>",
            PAGES,
            PAGE,
        ]
    )


def pdf_embedded_file() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(rechnung.exe) 4 0 R] >> >> >>",
            PAGES,
            PAGE,
            b"<< /Type /Filespec /F (rechnung.exe) /EF << /F 5 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length 5 >>\nstream\nMZ\x90\x00\x03\nendstream",
        ]
    )


def pdf_file_attachment_annotation() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            PAGES,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] /FS << /Type /Filespec /F (a.txt) >> >>",
        ]
    )


@functools.cache
def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(multipage_pdf(2))))
    writer.encrypt(user_password="", owner_password="geheim", algorithm="AES-256")  # noqa: S106 - test file
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- broken and hostile files -------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def png_bomb(side: int = 30000) -> bytes:
    """A real side x side single-colour PNG (1 bit per pixel): about 100 KB that decode to 900 megapixels."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<script>alert(document.cookie)</script>")
    return out.getvalue()


def jpeg_zip_polyglot() -> bytes:
    return small_jpeg() + zip_archive()


def jpeg_with_script_comment() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(out, "JPEG", comment=b"<script>alert(1)</script>")
    return out.getvalue()


def jpeg_with_trailing_html() -> bytes:
    return small_jpeg() + b"\n<html><body onload=alert(1)>"


def png_with_trailing_data() -> bytes:
    return image_bytes("PNG", (300, 200)) + b"not part of the image" * 10


def webp_zip_polyglot() -> bytes:
    return image_bytes("WEBP", (300, 200)) + zip_archive()


def heic_zip_polyglot() -> bytes:
    return heic() + zip_archive()


def html_before_pdf() -> bytes:
    return b"<html><body><script>alert(1)</script></body></html>\n" + plain_pdf()


def pdf_zip_polyglot() -> bytes:
    return plain_pdf() + zip_archive()


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        b"<script>alert(document.domain)</script><rect width='100' height='100'/></svg>"
    )


def html_renamed_jpg() -> bytes:
    return b"<!DOCTYPE html><html><head><title>Nachweis</title></head><body><script>fetch('/x')</script></body></html>"


def truncated_jpeg() -> bytes:
    data = small_jpeg()
    return data[: len(data) * 2 // 3]


def truncated_pdf() -> bytes:
    data = multipage_pdf(3)
    return data[: len(data) // 2]


def wrong_magic() -> bytes:
    """A JPEG whose first bytes were overwritten."""
    return b"\x00\x00\x00\x00" + small_jpeg()[4:]


def png_header_jpeg_body() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + small_jpeg()[2:]


def gif() -> bytes:
    return image_bytes("GIF", (100, 100))


def oversized() -> bytes:
    """A JPEG start followed by 16 MB: over the 15 MB limit before anything is decoded."""
    return b"\xff\xd8\xff\xe0" + b"\x00" * (16 * 1024 * 1024)


def eicar_jpeg() -> bytes:
    """A genuine JPEG carrying the EICAR test string in a comment (what a fake clamd finds)."""
    out = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(out, "JPEG", comment=EICAR)
    return out.getvalue()


HOSTILE: list[tuple[str, Callable[[], bytes], str]] = [
    ("leer.jpg", lambda: b"", "empty"),
    ("riesig.jpg", oversized, "too_large"),
    ("falsche-signatur.jpg", wrong_magic, "unsupported"),
    ("png-kopf.png", png_header_jpeg_body, "damaged"),
    ("abgeschnitten.jpg", truncated_jpeg, "damaged"),
    ("abgeschnitten.pdf", truncated_pdf, "damaged"),
    ("bombe.png", png_bomb, "bomb"),
    ("polyglott.jpg", jpeg_zip_polyglot, "polyglot"),
    ("kommentar.jpg", jpeg_with_script_comment, "polyglot"),
    ("anhang.jpg", jpeg_with_trailing_html, "polyglot"),
    ("anhang.png", png_with_trailing_data, "polyglot"),
    ("polyglott.webp", webp_zip_polyglot, "polyglot"),
    ("polyglott.heic", heic_zip_polyglot, "polyglot"),
    ("html-vor-pdf.pdf", html_before_pdf, "polyglot"),
    ("zip-nach-pdf.pdf", pdf_zip_polyglot, "polyglot"),
    ("bild.svg", svg_with_script, "unsupported"),
    ("seite.jpg", html_renamed_jpg, "unsupported"),
    ("bild.gif", gif, "unsupported"),
    ("archiv.jpg", zip_archive, "unsupported"),
    ("openaction.pdf", pdf_open_action_js, "pdf_script"),
    ("names-js.pdf", pdf_names_js, "pdf_script"),
    ("versteckt-js.pdf", pdf_obfuscated_js, "pdf_script"),
    ("launch.pdf", pdf_launch, "pdf_script"),
    ("eingebettet.pdf", pdf_embedded_file, "pdf_attachment"),
    ("dateianhang.pdf", pdf_file_attachment_annotation, "pdf_attachment"),
    ("verschluesselt.pdf", encrypted_pdf, "pdf_encrypted"),
]
