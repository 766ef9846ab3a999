"""Upload checks: the hostile corpus is refused with its code and a German message; genuine photos and
PDFs are accepted, and what we store is our own clean JPEG (upright, scaled, without metadata)."""

from __future__ import annotations

import io

import pytest
from PIL import ExifTags, Image

from server.documents import verify as verify_module
from server.documents.rejections import REJECTIONS, UploadRejected
from server.documents.verify import Limits, is_zip, jpeg_end, sniff, trailing_data, verify
from tests.unit.documents import corpus


def rejected(data: bytes, filename: str = "datei", limits: Limits | None = None) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        verify(data, filename, limits)
    return caught.value


@pytest.mark.parametrize(("filename", "make", "code"), corpus.HOSTILE, ids=[h[0] for h in corpus.HOSTILE])
def test_hostile_files_are_rejected_with_code_and_german_message(filename, make, code):
    error = rejected(make(), filename)
    assert error.code == code
    assert error.message == REJECTIONS[code].message.format(max_mb=15, max_mp=40, max_pdf_pages=30)
    assert error.filename == filename and error.text.startswith(f"„{filename}“: ")
    assert 400 <= error.status < 500


def test_messages_name_the_configured_limits():
    limits = Limits(max_bytes=2 * 1024 * 1024, max_pixels=10_000_000, max_pdf_pages=2)
    assert "höchstens 2 MB" in rejected(b"\xff\xd8\xff" + b"\0" * (3 * 1024 * 1024), limits=limits).message
    assert (
        "mehr als 10 Millionen Bildpunkte"
        in rejected(corpus.image_bytes("PNG", (4000, 3000)), limits=limits).message
    )
    error = rejected(corpus.multipage_pdf(3), limits=limits)
    assert error.code == "pdf_pages" and "mehr als 2 Seiten" in error.message


def test_pixel_limit_is_checked_before_decoding(monkeypatch):
    """49 megapixels (under Pillow's own bomb limit): refused from the header, nothing is decoded."""
    data = corpus.image_bytes("PNG", (7000, 7000), mode="1")
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(1))
    assert rejected(data).code == "bomb"
    assert decoded == []


def test_the_declared_name_and_type_do_not_matter():
    pdf = corpus.multipage_pdf(1)
    assert verify(pdf, "foto.jpg").mime == "application/pdf"
    assert verify(corpus.small_jpeg(), "nachweis.pdf").mime == "image/jpeg"


def test_sniffing_by_content():
    assert sniff(corpus.small_jpeg()) == "jpeg"
    assert sniff(corpus.image_bytes("PNG")) == "png"
    assert sniff(corpus.image_bytes("WEBP")) == "webp"
    assert sniff(corpus.heic()) == "heif"
    assert sniff(corpus.plain_pdf()) == "pdf"
    assert sniff(b"\xef\xbb\xbf%PDF-1.4\n") == "pdf"  # a byte-order mark in front is tolerated
    assert sniff(corpus.svg_with_script()) is None
    assert sniff(b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf") is None  # AVIF: no decoder here
    with pytest.raises(UploadRejected):
        sniff(b"GIF89a" + b"\0" * 100 + b"%PDF-1.4")


# --- genuine photos ----------------------------------------------------------------------------------


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_camera_photo_is_upright_scaled_and_without_metadata():
    original = corpus.camera_jpeg()
    source = Image.open(io.BytesIO(original))
    assert source.size == (4000, 3000)
    assert source.getexif()[ExifTags.Base.Orientation] == 6
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test file really carries GPS

    result = verify(original, "IMG_0001.jpg")
    assert (result.source, result.mime, result.pages) == ("jpeg", "image/jpeg", 1)
    stored = decode(result.data)
    assert stored.format == "JPEG" and stored.size == (1800, 2400) == (result.width, result.height)
    # Turned 90° clockwise: the stored top-left red quarter is now the top-right one.
    red = corpus.RED
    top_right = stored.getpixel((1500, 300))
    top_left = stored.getpixel((300, 300))
    assert all(abs(a - b) < 30 for a, b in zip(top_right, red, strict=True)), top_right
    assert abs(top_left[0] - red[0]) > 30 or abs(top_left[1] - red[1]) > 30
    # No metadata at all: no EXIF (so no GPS), no comment, no ICC profile, no XMP.
    assert not stored.getexif()
    assert not {"exif", "comment", "icc_profile", "xmp", "photoshop"} & set(stored.info)
    assert b"Exif\x00\x00" not in result.data and b"Phonemaker" not in result.data
    assert b"taken at home" not in result.data and b"taken at home" not in result.thumbnail
    assert b"\xff\xe1" not in result.data[: result.data.find(b"\xff\xda")]  # no APP1 segment before the scan
    assert jpeg_end(result.data) == len(result.data)


def test_thumbnail_is_a_small_jpeg():
    result = verify(corpus.camera_jpeg())
    thumbnail = decode(result.thumbnail)
    assert thumbnail.format == "JPEG" and max(thumbnail.size) == 320 and thumbnail.size[1] > thumbnail.size[0]


def test_genuine_heic_is_accepted_and_reencoded():
    result = verify(corpus.heic(), "IMG_0002.HEIC")
    assert result.source == "heif" and result.mime == "image/jpeg"
    stored = decode(result.data)
    assert stored.format == "JPEG" and stored.size == (1200, 900)
    assert stored.getpixel((300, 250))[0] > 180 and stored.getpixel((300, 250))[1] < 80


@pytest.mark.parametrize(
    ("data", "mode"),
    [
        (corpus.image_bytes("PNG", (400, 300), mode="RGBA", color=(0, 0, 0, 0)), "RGB"),
        (corpus.image_bytes("PNG", (400, 300), mode="I;16", color=40000), "L"),
        (corpus.image_bytes("PNG", (400, 300), mode="P", color=3), "RGB"),
        (corpus.image_bytes("PNG", (400, 300), mode="1", color=1), "L"),
        (corpus.image_bytes("JPEG", (400, 300), mode="CMYK", color=(0, 255, 255, 0)), "RGB"),
        (corpus.image_bytes("JPEG", (400, 300), mode="L", color=128), "L"),
        (corpus.image_bytes("WEBP", (400, 300), mode="RGBA", color=(255, 0, 0, 128)), "RGB"),
    ],
    ids=[
        "png-transparent",
        "png-16bit",
        "png-palette",
        "png-bilevel",
        "jpeg-cmyk",
        "jpeg-grey",
        "webp-alpha",
    ],
)
def test_every_colour_mode_becomes_a_plain_jpeg(data, mode):
    result = verify(data)
    stored = decode(result.data)
    assert stored.format == "JPEG" and stored.mode == mode and stored.size == (400, 300)


def test_transparency_becomes_white():
    stored = decode(verify(corpus.image_bytes("PNG", (100, 100), mode="RGBA", color=(0, 0, 0, 0))).data)
    assert min(stored.getpixel((50, 50))) > 245


def test_small_images_are_not_enlarged():
    result = verify(corpus.image_bytes("PNG", (640, 480)))
    assert (result.width, result.height) == (640, 480)


def test_appended_jpeg_images_of_phones_are_allowed_and_dropped():
    """Multi-Picture Format: phones append previews or depth maps as further JPEGs after the first."""
    first, second = corpus.small_jpeg(), corpus.image_bytes("JPEG", (160, 120))
    assert trailing_data(first + second, "jpeg") == b""
    result = verify(first + second)
    assert jpeg_end(result.data) == len(result.data)
    assert (result.width, result.height) == (600, 800)


def test_padding_after_the_image_is_tolerated():
    assert verify(corpus.small_jpeg() + b"\x00" * 64).mime == "image/jpeg"


def test_truncated_image_that_looks_complete_is_still_decoded(monkeypatch):
    """The structure check passes (an EOI is there), Pillow's full decode must still fail loudly."""
    data = corpus.image_bytes("PNG", (300, 300))
    # Corrupt the compressed image data inside a structurally valid PNG (CRC fixed up).
    start = data.index(b"IDAT") + 4
    length = int.from_bytes(data[start - 8 : start - 4], "big")
    body = bytearray(data[start : start + length])
    body[2:6] = b"\xff\xff\xff\xff"
    import zlib

    chunk = b"IDAT" + bytes(body)
    broken = data[: start - 4] + chunk + zlib.crc32(chunk).to_bytes(4, "big") + data[start + length + 4 :]
    assert rejected(broken).code == "damaged"


# --- PDFs ---------------------------------------------------------------------------------------------


def test_multipage_pdf_is_stored_as_it_came():
    original = corpus.multipage_pdf(3)
    result = verify(original, "lohn.pdf")
    assert result.data == original
    assert (result.mime, result.pages, result.width, result.height) == ("application/pdf", 3, 595, 842)
    assert decode(result.thumbnail).format == "JPEG"  # the generic PDF icon


def test_obfuscated_javascript_is_found_by_the_object_walk():
    data = corpus.pdf_obfuscated_js()
    assert b"/JavaScript" not in data and b"/JS " not in data
    assert rejected(data).code == "pdf_script"


def test_unreferenced_javascript_is_refused_too():
    data = corpus.raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", corpus.PAGES, corpus.PAGE, b"<< /S /JavaScript /JS (x) >>"]
    )
    assert rejected(data).code == "pdf_script"


def test_links_are_fine():
    data = corpus.raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            corpus.PAGES,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://www.wuppertal.de) >> >>",
        ]
    )
    assert verify(data).pages == 1


def test_content_after_the_pdf_end_is_a_polyglot():
    assert rejected(corpus.plain_pdf() + b"<html>x</html>").code == "polyglot"
    assert verify(corpus.plain_pdf() + b"\r\n\x00").pages == 1


def test_pdf_without_pages_is_damaged():
    data = corpus.raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    assert rejected(data).code == "damaged"


def test_zip_detection_needs_a_complete_end_record():
    assert is_zip(corpus.zip_archive())
    assert is_zip(b"junk in front" + corpus.zip_archive())
    assert not is_zip(corpus.small_jpeg())
    assert not is_zip(b"PK\x05\x06" + b"\x00" * 10)


def test_unexpected_library_errors_are_damaged_not_crashes(monkeypatch):
    def explode(*args, **kwargs):
        raise RecursionError("deep")

    monkeypatch.setattr(verify_module, "active_content", explode)
    assert rejected(corpus.plain_pdf()).code == "damaged"


def test_metadata_of_other_formats_is_dropped_too():
    from PIL import ImageCms, PngImagePlugin

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phonemaker"
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "Wohnort 51.25 N 7.15 E")
    png = corpus.image_bytes("PNG", (300, 200), pnginfo=text, icc_profile=icc, exif=exif.tobytes())
    webp = corpus.image_bytes(
        "WEBP", (300, 200), icc_profile=icc, exif=exif.tobytes(), xmp=b"<x:xmpmeta>GPS</x:xmpmeta>"
    )
    for data in (png, webp):
        result = verify(data)
        stored = decode(result.data)
        assert not stored.getexif() and not {"icc_profile", "xmp", "exif", "comment"} & set(stored.info)
        for secret in (b"Wohnort", b"Phonemaker", b"xmpmeta", icc[:40]):
            assert secret not in result.data and secret not in result.thumbnail
