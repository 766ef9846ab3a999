"""Photo compression in the browser: how long compress.js takes for a phone's 12 MP photo of a page.

The portal serves compress.js; Debian's Chromium (CHROMIUM_PATH, else /usr/bin/chromium) with a Pixel 7
viewport opens a portal page, imports the module and runs `compressImage(file)` on a camera-like JPEG
(4000 x 3000, EXIF orientation 6, GPS tags: `e2e.application_pages.camera_photo`), handed in as a File
built in the page from the bytes. Decoding with the orientation, scaling to 2000 px and JPEG encoding are
all in the time. Nothing but loopback is used.

Figures (medians of BENCH_PHOTO_RUNS runs, default 7, after one warm-up run):
* photo_compress_s_throttled: with 4x CPU throttling (DevTools `Emulation.setCPUThrottlingRate`), as a
  mid-range phone. Target <= 1.5 s.
* photo_output_kb: the size of the JPEG that would be uploaded.
* photo_compress_s: the same without throttling.
On stderr: the input and output sizes and every run.
"""

from __future__ import annotations

import base64
import os
import shutil
import statistics
from typing import TYPE_CHECKING

from tests.bench import Context, Figure

if TYPE_CHECKING:
    from playwright.sync_api import Page

RUNS = int(os.environ.get("BENCH_PHOTO_RUNS", "7"))
THROTTLE = 4
TARGET_S = 1.5
DEVICE = "Pixel 7"
LAUNCH_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run"]

SETUP = """async ([url, encoded]) => {
  const module = await import(url);
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  window.__bench = {compressImage: module.compressImage,
                    file: new File([bytes], "IMG_20260314_092653.jpg", {type: "image/jpeg"})};
  return window.__bench.file.size;
}"""

COMPRESS = """async () => {
  const {compressImage, file} = window.__bench;
  const started = performance.now();
  const result = await compressImage(file);
  const seconds = (performance.now() - started) / 1000;
  return {seconds, bytes: result.blob.size, width: result.width, height: result.height};
}"""


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.isfile(path):
        raise RuntimeError(f"Chromium not found at {path}: set CHROMIUM_PATH or apt-get install chromium")
    return path


def measure(ctx: Context, page: Page, label: str) -> tuple[float, dict]:
    page.evaluate(COMPRESS)  # warm-up: code paths, the decoder, the canvas
    runs = [page.evaluate(COMPRESS) for _ in range(RUNS)]
    ctx.log(f"  {label}: " + ", ".join(f"{r['seconds']:.2f}" for r in runs) + " s")
    return statistics.median(r["seconds"] for r in runs), runs[-1]


def run(ctx: Context) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    from e2e.application_pages import camera_photo
    from server.web.assets import Assets

    base = ctx.app_url()
    photo = camera_photo()
    module_url = Assets().url("js/compress.js")
    ctx.log(
        f"  input: 4000x3000 JPEG, EXIF orientation 6 + GPS, {len(photo) / 1024:.0f} KB; {RUNS} runs each"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        try:
            context = browser.new_context(
                **playwright.devices[DEVICE], base_url=base, service_workers="block"
            )
            page = context.new_page()
            page.goto("/wuppertal/")
            size = page.evaluate(SETUP, [module_url, base64.b64encode(photo).decode("ascii")])
            assert size == len(photo), (size, len(photo))

            plain, result = measure(ctx, page, "unthrottled")
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
            throttled, _ = measure(ctx, page, f"{THROTTLE}x CPU throttling")
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        finally:
            browser.close()
    output_kb = result["bytes"] / 1024
    ctx.log(f"  output: {result['width']}x{result['height']} JPEG, {output_kb:.0f} KB")
    if throttled > TARGET_S:
        ctx.miss(f"photo_compress_s_throttled = {throttled:.2f}, target <= {TARGET_S}")
    return [
        ("photo_compress_s_throttled", round(throttled, 2), "s"),
        ("photo_output_kb", round(output_kb), "KB"),
        ("photo_compress_s", round(plain, 2), "s"),
    ]
