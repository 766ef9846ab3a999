"""Checking an uploaded proof: the server trusts nothing it receives.

Pure functions, no I/O. The type is decided by the content (magic bytes), never by the file name or the
declared content type. Accepted: JPEG, PNG, WebP, HEIC/HEIF (photos) and PDF.

Images are decoded completely with Pillow under a pixel limit (dimensions are checked before decoding),
turned upright by their EXIF orientation, stripped of all metadata (GPS, camera, ICC, XMP, comments), scaled
down to MAX_SIDE on the long side and re-encoded as JPEG: what we store is always our own output, never the
upload. A file that carries anything after the end of its image (a ZIP, HTML, a second file of another kind)
is refused as a polyglot; only further JPEG images that phones append (Multi-Picture Format previews and
depth maps) may follow a JPEG, and they are dropped by the re-encoding.

PDFs are parsed with pypdf and refused when encrypted, with JavaScript or other actions that run or open
something (Launch, GoToR/GoToE, ImportData, SubmitForm, Rendition, RichMedia, XFA), with embedded files, with
more pages than allowed, or with content before the `%PDF-` header or after the last `%%EOF`. A PDF that
passes is stored as it is.

Every refusal is an `UploadRejected` with a stable code (see rejections.py).
"""

from __future__ import annotations

import functools
import io
import re
import struct
from typing import Literal

import msgspec
import pillow_heif
from PIL import ExifTags, Image, ImageDraw, ImageFont, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from server.documents.rejections import UploadRejected
from server.settings import ROOT

pillow_heif.register_heif_opener()

Kind = Literal["jpeg", "png", "webp", "heif", "pdf"]

JPEG_QUALITY = 82
THUMBNAIL_QUALITY = 70
# A PDF may have a few bytes (whitespace, a byte-order mark) before its header, nothing else.
PDF_HEADER_TOLERANCE = 4
# Objects visited when looking for active content; more than this is no proof anybody photographs.
PDF_MAX_OBJECTS = 200_000
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
NOT_HEIF_BRANDS = {b"avif", b"avis"}  # AVIF shares the container; there is no decoder for it here
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "heif": "HEIF"}
# Markup or script in a file that should be an image or a PDF: the mark of an HTML/SVG polyglot.
MARKUP = re.compile(rb"<(?:(?:script|html|body|iframe|svg|object|embed)[\s>/]|\?php|!doctype\s+html)")
SCRIPT_URL = b"javascript:"
# In a JPEG's entropy-coded data: 0xFF followed by anything but a stuffed 0x00, a restart marker or fill.
SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
PDF_NAMES_IN_CLEAR = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?)(?=[\s()<>\[\]{}/%])")
# Actions that run something, open another file or send data somewhere.
ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/ImportData",
    "/SubmitForm",
    "/Rendition",
    "/RichMediaExecute",
    "/GoToR",
    "/GoToE",
}
PADDING = b"\x00\t\n\r "


class Limits(msgspec.Struct, frozen=True, kw_only=True):
    max_bytes: int = 15 * 1024 * 1024
    max_pixels: int = 40_000_000
    # The long side of the stored JPEG.
    max_side: int = 2400
    max_pdf_pages: int = 30
    thumbnail_side: int = 320

    def params(self) -> dict[str, int]:
        """The numbers the German messages name."""
        return {
            "max_mb": self.max_bytes // (1024 * 1024),
            "max_mp": self.max_pixels // 1_000_000,
            "max_pdf_pages": self.max_pdf_pages,
        }


class Verified(msgspec.Struct, frozen=True, kw_only=True):
    """What may be stored: our re-encoded JPEG, or the checked PDF as it came."""

    source: Kind  # what the upload was
    mime: str  # what `data` is: image/jpeg or application/pdf
    data: bytes
    width: int  # pixels; for a PDF the first page in points
    height: int
    pages: int  # 1 for an image
    thumbnail: bytes  # a small JPEG (for a PDF a generic icon)


def sniff(data: bytes) -> Kind | None:
    """The file type by its first bytes, or None when it is none we accept."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp" and len(data) >= 16:
        size = int.from_bytes(data[:4], "big")
        brands = {data[8:12]} | {data[i : i + 4] for i in range(16, min(size, 64), 4)}
        if data[8:12] not in NOT_HEIF_BRANDS and brands & HEIF_BRANDS:
            return "heif"
        return None
    start = data.find(b"%PDF-", 0, 1024)
    if start == 0 or (
        0 < start <= PDF_HEADER_TOLERANCE and not data[:start].strip(PADDING + b"\xef\xbb\xbf")
    ):
        return "pdf"
    if start > 0:
        # A PDF header behind other content: a polyglot (HTML, a ZIP, an image ...) in front of a PDF.
        raise UploadRejected("polyglot")
    return None


def verify(data: bytes, filename: str = "", limits: Limits | None = None) -> Verified:
    """Check the upload and produce what may be stored, or raise UploadRejected."""
    limits = limits or Limits()
    try:
        if not data:
            raise UploadRejected("empty")
        if len(data) > limits.max_bytes:
            raise UploadRejected("too_large")
        kind = sniff(data)
        if kind is None:
            raise UploadRejected("unsupported")
        if is_zip(data) or has_markup(data):
            raise UploadRejected("polyglot")
        if kind == "pdf":
            return _verify_pdf(data, limits)
        return _verify_image(data, kind, limits)
    except UploadRejected as exc:
        raise UploadRejected(exc.code, filename, **limits.params()) from None


def has_markup(data: bytes) -> bool:
    """HTML, SVG, PHP or a script URL anywhere in the file (case-insensitive)."""
    lowered = data.lower()  # one fast pass in C; the pattern then starts with a literal "<"
    return SCRIPT_URL in lowered or MARKUP.search(lowered) is not None


# --- containers: where the image ends ----------------------------------------------------------------


def is_zip(data: bytes) -> bool:
    """A ZIP end-of-central-directory record that reaches exactly to the end of the file (as ZIP readers
    find it), i.e. the file opens as an archive too."""
    tail_start = max(0, len(data) - 22 - 0xFFFF)
    position = data.rfind(b"PK\x05\x06", tail_start)
    while position >= 0:
        if position + 22 <= len(data):
            (comment_length,) = struct.unpack_from("<H", data, position + 20)
            if position + 22 + comment_length == len(data):
                return True
        position = data.rfind(b"PK\x05\x06", tail_start, position)
    return False


def jpeg_end(data: bytes, start: int = 0) -> int | None:
    """Offset just after the EOI marker of the JPEG starting at `start`, or None when it is malformed."""
    n = len(data)
    if data[start : start + 2] != b"\xff\xd8":
        return None
    i = start + 2
    while i < n:
        if data[i] != 0xFF:
            return None
        while i < n and data[i] == 0xFF:
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker == 0xD9:
            return i
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            continue
        if i + 2 > n:
            return None
        length = int.from_bytes(data[i : i + 2], "big")
        if length < 2 or i + length > n:
            return None
        i += length
        if marker == 0xDA:
            # Entropy-coded data up to the next marker that is not a stuffed byte or a restart marker
            # (searched in C: a file of nothing but stuffed bytes costs no Python loop).
            found = SCAN_END.search(data, i)
            if found is None:
                return None
            i = found.start()
    return None


def png_end(data: bytes) -> int | None:
    i = 8
    n = len(data)
    while i + 12 <= n:
        length = int.from_bytes(data[i : i + 4], "big")
        chunk = data[i + 4 : i + 8]
        i += 12 + length
        if i > n or length > 0x7FFFFFFF:
            return None
        if chunk == b"IEND":
            return i
    return None


def webp_end(data: bytes) -> int | None:
    size = int.from_bytes(data[4:8], "little")
    end = 8 + size + (size & 1)
    if end > len(data) + (size & 1):
        return None
    return min(end, len(data))


def heif_end(data: bytes) -> int:
    """The end of the last well-formed top-level ISO-BMFF box (ftyp, meta, mdat ...)."""
    i = 0
    n = len(data)
    while i + 8 <= n:
        size = int.from_bytes(data[i : i + 4], "big")
        box = data[i + 4 : i + 8]
        header = 8
        if size == 1:
            if i + 16 > n:
                break
            size = int.from_bytes(data[i + 8 : i + 16], "big")
            header = 16
        elif size == 0:
            size = n - i
        if size < header or i + size > n or not all(0x20 <= c < 0x7F for c in box):
            break
        i += size
    return i


def trailing_data(data: bytes, kind: Kind) -> bytes | None:
    """What follows the image (None when its structure is broken)."""
    if kind == "jpeg":
        end = jpeg_end(data)
        # Phones append further JPEGs (Multi-Picture Format: previews, depth maps): skip them.
        while end is not None:
            rest = data[end:].lstrip(PADDING)
            if not rest.startswith(b"\xff\xd8\xff"):
                break
            end = jpeg_end(data, len(data) - len(rest))
    elif kind == "png":
        end = png_end(data)
    elif kind == "webp":
        end = webp_end(data)
    else:
        end = heif_end(data)
    return None if end is None else data[end:]


# --- images ------------------------------------------------------------------------------------------


def _verify_image(data: bytes, kind: Kind, limits: Limits) -> Verified:
    rest = trailing_data(data, kind)
    if rest is None:
        raise UploadRejected("damaged")
    if rest.strip(PADDING):
        raise UploadRejected("polyglot")
    try:
        with Image.open(io.BytesIO(data), formats=[PIL_FORMATS[kind]]) as image:
            width, height = image.size
            if width < 1 or height < 1:
                raise UploadRejected("damaged")
            if width * height > limits.max_pixels:
                raise UploadRejected("bomb")
            if kind == "jpeg":
                # libjpeg decodes straight to a smaller scale (still reading every byte of the file).
                image.draft("RGB", (limits.max_side, limits.max_side))
            image.load()
            flat = _flatten(_upright(image))
            if max(flat.size) > limits.max_side:
                flat.thumbnail((limits.max_side, limits.max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
            return Verified(
                source=kind,
                mime="image/jpeg",
                data=_jpeg(flat, JPEG_QUALITY),
                width=flat.width,
                height=flat.height,
                pages=1,
                thumbnail=thumbnail_of(flat, limits.thumbnail_side),
            )
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, MemoryError):
        raise UploadRejected("bomb") from None
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError, struct.error ... on bad input
        raise UploadRejected("damaged") from None


def _upright(image: Image.Image) -> Image.Image:
    """The first frame, turned by its EXIF orientation (HEIF images come upright from libheif)."""
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    if image.getexif().get(ExifTags.Base.Orientation, 1) in (1, None):
        return image
    turned = ImageOps.exif_transpose(image)
    return turned if turned is not None else image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB or greyscale without transparency (on white), 8 bits per channel, no metadata."""
    if image.mode in {"I;16", "I;16L", "I;16B", "I;16N", "I"}:
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    elif image.mode == "1":
        image = image.convert("L")
    if image.mode in {"RGBA", "LA", "PA", "RGBa", "La"} or (
        image.mode == "P" and "transparency" in image.info
    ):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    elif image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    # Nothing of the upload's metadata comes along: the encoders take EXIF, ICC and XMP only from what
    # save() is given, but the JPEG comment from `info` (tests check the output for every kind).
    image.info = {}
    return image


def _jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=False, progressive=False)
    return out.getvalue()


def thumbnail_of(image: Image.Image, side: int) -> bytes:
    scale = min(1.0, side / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0) if scale < 1 else image
    small.info = {}
    return _jpeg(small, THUMBNAIL_QUALITY)


# --- PDF ---------------------------------------------------------------------------------------------


def _verify_pdf(data: bytes, limits: Limits) -> Verified:
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise UploadRejected("damaged")
    if data[end + 5 :].strip(PADDING):
        raise UploadRejected("polyglot")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRejected("pdf_encrypted")
        problem = active_content(reader)
        if problem:
            raise UploadRejected(problem)
        if PDF_NAMES_IN_CLEAR.search(data):
            # Unreferenced objects or ones pypdf skipped: nobody's proof needs these names anyway.
            names = {m.group(0)[1:] for m in PDF_NAMES_IN_CLEAR.finditer(data)}
            raise UploadRejected(
                "pdf_attachment" if names <= {b"EmbeddedFile", b"EmbeddedFiles"} else "pdf_script"
            )
        pages = len(reader.pages)
        if pages < 1:
            raise UploadRejected("damaged")
        if pages > limits.max_pdf_pages:
            raise UploadRejected("pdf_pages")
        for page in reader.pages:
            box = page.mediabox
            if box.width <= 0 or box.height <= 0:
                raise UploadRejected("damaged")
        first = reader.pages[0].mediabox
        width, height = round(float(first.width)), round(float(first.height))
    except UploadRejected:
        raise
    except Exception:  # pypdf raises PdfReadError, ValueError, KeyError, RecursionError ... on bad input
        raise UploadRejected("damaged") from None
    return Verified(
        source="pdf",
        mime="application/pdf",
        data=data,
        width=width,
        height=height,
        pages=pages,
        thumbnail=pdf_icon(pages, limits.thumbnail_side),
    )


def active_content(reader: PdfReader) -> str | None:
    """Walk every object reachable from the trailer; "pdf_script" or "pdf_attachment" when one of them
    runs, opens or carries something, else None."""
    stack: list[object] = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            item = item.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise UploadRejected("damaged")
        if isinstance(item, DictionaryObject):
            for key, value in dict.items(item):
                problem = _dictionary_entry(key, _resolved(value))
                if problem:
                    return problem
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return None


def _resolved(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _dictionary_entry(key: str, value: object) -> str | None:
    if key in {"/JS", "/JavaScript", "/XFA", "/Launch"}:
        return "pdf_script"
    if key in {"/EmbeddedFiles", "/EF"}:
        return "pdf_attachment"
    if isinstance(value, NameObject):
        if key == "/S" and value in ACTIVE_ACTIONS:
            return "pdf_script"
        if key == "/Subtype" and value in {"/RichMedia", "/Movie", "/Sound", "/Screen"}:
            return "pdf_script"
        if (key == "/Subtype" and value == "/FileAttachment") or (
            key == "/Type" and value == "/EmbeddedFile"
        ):
            return "pdf_attachment"
    return None


FONT = ROOT / "server" / "pdf" / "fonts" / "DejaVuSans-Bold.ttf"


@functools.lru_cache(maxsize=64)
def pdf_icon(pages: int, side: int = 320) -> bytes:
    """A generic thumbnail for a PDF: a page with "PDF" and its page count (pypdf cannot render pages)."""
    width, height = side * 3 // 4, side
    image = Image.new("RGB", (width, height), "#f3f2f1")
    draw = ImageDraw.Draw(image)
    margin = side // 16
    fold = side // 6
    right, bottom = width - margin, height - margin
    draw.polygon(
        [(margin, margin), (right - fold, margin), (right, margin + fold), (right, bottom), (margin, bottom)],
        fill="white",
        outline="#505a5f",
        width=max(2, side // 100),
    )
    draw.polygon(
        [(right - fold, margin), (right - fold, margin + fold), (right, margin + fold)],
        fill="#b1b4b6",
        outline="#505a5f",
    )
    band_top = height // 2 - side // 10
    draw.rectangle([margin, band_top, right, band_top + side // 5], fill="#d4351c")
    label = ImageFont.truetype(str(FONT), side // 7)
    draw.text((width // 2, band_top + side // 10), "PDF", fill="white", font=label, anchor="mm")
    small = ImageFont.truetype(str(FONT), side // 14)
    text = "1 Seite" if pages == 1 else f"{pages} Seiten"
    draw.text((width // 2, bottom - side // 8), text, fill="#0b0c0c", font=small, anchor="mm")
    return _jpeg(image, THUMBNAIL_QUALITY)
