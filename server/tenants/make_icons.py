"""Generate the web app manifest icons of every tenant (a developer tool; needs Pillow >= 10.1).

For each folder ``server/tenants/data/<slug>/`` with a ``tenant.toml`` this writes, into that folder:

* ``icon-192.png`` and ``icon-512.png``: a rounded square in the brand colour with the first letter
  of the tenant's name (purpose "any"),
* ``icon-maskable-512.png``: full-bleed brand colour, the letter inside the central safe zone
  (purpose "maskable"; the platform cuts the shape, the safe zone is a circle of 80 % diameter).

Run: ``.venv/bin/python -m server.tenants.make_icons``. The PNGs are committed; rerun after a change of
the name or the brand colour.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

DATA = Path(__file__).resolve().parent / "data"
SCALE = 4  # draw at 4x and downsample: Pillow's shapes are not antialiased


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _draw(size: int, brand: str, ink: str, letter: str, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    fill = (*_rgb(brand), 255)
    if maskable:
        draw.rectangle((0, 0, big, big), fill=fill)
        box = (0.52 * big, 0.40 * big)  # glyph box (w, h) stays well inside the 80 % safe circle
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(0.2 * big), fill=fill)
        box = (0.64 * big, 0.56 * big)
    # The default font is a FreeType font when a size is given (Pillow >= 10.1). Size it so that
    # the glyph (not the line box) fits the box, then centre the glyph's own bounding box.
    probe = ImageFont.load_default(size=1000)
    left, top, right, bottom = probe.getbbox(letter)
    scale = min(box[0] / (right - left), box[1] / (bottom - top))
    font = ImageFont.load_default(size=max(8, round(1000 * scale)))
    stroke = max(1, round(font.size * 0.025))  # a little weight: the default face is light
    left, top, right, bottom = draw.textbbox((0, 0), letter, font=font, stroke_width=stroke)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    ink_rgba = (*_rgb(ink), 255)
    draw.text((x, y), letter, font=font, fill=ink_rgba, stroke_width=stroke, stroke_fill=ink_rgba)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _save(image: Image.Image, path: Path, *, opaque: bool) -> None:
    if opaque:
        image = image.convert("RGB")
    # Few colours (background, letter, antialiasing): a 64-colour palette is visually identical
    # and several times smaller.
    image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(
        path, optimize=True
    )


def make_icons(folder: Path) -> list[Path]:
    config = tomllib.loads((folder / "tenant.toml").read_text(encoding="utf-8"))
    branding = config.get("branding", {})
    brand = branding["brand"]
    ink = branding.get("brand_contrast", "#ffffff")
    letter = config["name"].strip()[:1].upper()
    written = []
    for name, size, maskable in (
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("icon-maskable-512.png", 512, True),
    ):
        path = folder / name
        _save(_draw(size, brand, ink, letter, maskable=maskable), path, opaque=maskable)
        written.append(path)
    return written


def main() -> int:
    folders = sorted(p for p in DATA.iterdir() if (p / "tenant.toml").is_file())
    if not folders:
        print(f"no tenant folders in {DATA}", file=sys.stderr)
        return 1
    for folder in folders:
        for path in make_icons(folder):
            print(f"{path.relative_to(DATA.parent.parent.parent)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
