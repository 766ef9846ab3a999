"""Translations through gettext (Babel). Message ids are the German texts: German is the source language,
other languages follow with catalogues in server/locale/<lang>/LC_MESSAGES/messages.po."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT_LOCALE = "de"


@lru_cache(maxsize=8)
def translations(locale: str = DEFAULT_LOCALE) -> NullTranslations:
    return Translations.load(str(LOCALE_DIR), locales=[locale], domain="messages")


def gettext(message: str, locale: str = DEFAULT_LOCALE) -> str:
    return translations(locale).gettext(message)


# Mark strings for extraction where they are defined but translated later (e.g. validation messages).
def _(message: str) -> str:
    return gettext(message)
