"""Text as people type it."""

from __future__ import annotations

import re

# Control characters never belong in what a person types (a NUL would even stop PostgreSQL from storing
# the text); tabs and line breaks do.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(value: str) -> str:
    return CONTROL.sub("", value)
