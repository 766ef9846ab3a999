"""Server-side proof verification: how many uploads per second one process checks, in process.

The file is what the browser sends after compressing a photographed page: 1500 x 2000 px JPEG, ~400 KB
(paper with lines of text and sensor noise, `tests.unit.documents.corpus.document_page`). Verification is
the whole check: magic bytes, structure and trailing data, polyglot scan, full decode under the pixel
limit, EXIF orientation, metadata stripping, JPEG re-encode and the thumbnail. For scale, the same run
measures a plain file write of the same bytes (open, write, close; no fsync) on the same disk.

Figures (medians of BENCH_VERIFY_ROUNDS rounds, default 5, of BENCH_VERIFY_FILES files, default 20):
verify_files_per_s, verify_write_ratio (time to verify one file / time to write it: how many plain writes
one verification costs), verify_pdf_files_per_s (a 3-page text PDF, stored as it is after the checks).
On stderr: the files' sizes and the medians in milliseconds.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from tests.bench import Context, Figure

ROUNDS = int(os.environ.get("BENCH_VERIFY_ROUNDS", "5"))
FILES = int(os.environ.get("BENCH_VERIFY_FILES", "20"))


def per_second(action: Callable[[int], object], count: int) -> float:
    started = time.perf_counter()
    for number in range(count):
        action(number)
    return count / (time.perf_counter() - started)


def median_rate(action: Callable[[int], object]) -> float:
    action(0)  # warm-up (imports, caches, the disk's first file)
    return statistics.median(per_second(action, FILES) for _ in range(ROUNDS))


def run(ctx: Context) -> list[Figure]:
    from server.documents.verify import verify
    from tests.unit.documents.corpus import document_page, multipage_pdf

    photo = document_page((1500, 2000), quality=80, grain=0.2)
    pdf = multipage_pdf(3)
    ctx.log(
        f"  photo {len(photo) / 1024:.0f} KB, pdf {len(pdf) / 1024:.1f} KB, {ROUNDS} rounds x {FILES} files"
    )
    folder = ctx.tmp / "bench-verify"
    folder.mkdir(exist_ok=True)

    def write(number: int) -> None:
        (folder / f"{number % 8}.bin").write_bytes(photo)

    verify_rate = median_rate(lambda _: verify(photo, "seite.jpg"))
    write_rate = median_rate(write)
    pdf_rate = median_rate(lambda _: verify(pdf, "lohn.pdf"))
    ctx.log(
        f"  median per file: verify {1000 / verify_rate:.1f} ms, write {1000 / write_rate:.3f} ms, "
        f"pdf {1000 / pdf_rate:.1f} ms"
    )
    return [
        ("verify_files_per_s", round(verify_rate, 1), "files/s"),
        ("verify_write_ratio", round(write_rate / verify_rate, 1), "ratio"),
        ("verify_pdf_files_per_s", round(pdf_rate, 1), "files/s"),
    ]
