"""Every reason an upload is refused: a stable code, an HTTP status and a German message, in one table.

The code travels to the browser (JSON `{"error": code, "message": ...}`, or `?nachweis_fehler=<code>` after
a form post without JavaScript), so a page can show the message for a code with `message_for(code)`.
Messages may name limits ({max_mb}, {max_mp}, {max_pdf_pages}, {max_pages}); unnamed limits take the
defaults below.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

import msgspec

from server.web.i18n import _


class Rejection(msgspec.Struct, frozen=True):
    status: int
    message: str


# Limits a message may name, with the defaults of a standard installation.
DEFAULT_PARAMS: dict[str, Any] = {"max_mb": 15, "max_mp": 40, "max_pdf_pages": 30, "max_pages": 10}

REJECTIONS: dict[str, Rejection] = {
    "no_file": Rejection(400, _("Bitte wählen Sie eine Datei aus oder fotografieren Sie den Nachweis.")),
    "bad_request": Rejection(
        400, _("Die Anfrage war fehlerhaft. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.")
    ),
    "bad_key": Rejection(
        400, _("Die Anfrage war fehlerhaft. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.")
    ),
    "not_found": Rejection(
        404, _("Diesen Antrag oder Nachweis gibt es nicht (mehr). Bitte laden Sie die Seite neu.")
    ),
    "empty": Rejection(
        422,
        _(
            "Die Datei ist leer. Bitte wählen Sie die Datei noch einmal aus oder fotografieren Sie den Nachweis neu."
        ),
    ),
    "too_large": Rejection(
        413,
        _(
            "Die Datei ist zu groß: Erlaubt sind höchstens {max_mb} MB. Bitte fotografieren Sie den Nachweis "
            "neu oder teilen Sie ein PDF in mehrere Dateien auf."
        ),
    ),
    "unsupported": Rejection(
        415,
        _(
            "Diese Datei können wir nicht annehmen. Bitte laden Sie ein Foto (JPEG, PNG, WebP oder HEIC) "
            "oder ein PDF hoch."
        ),
    ),
    "damaged": Rejection(
        422,
        _(
            "Die Datei ist beschädigt oder unvollständig. Bitte fotografieren Sie den Nachweis neu oder "
            "wählen Sie die Datei noch einmal aus."
        ),
    ),
    "bomb": Rejection(
        422,
        _(
            "Das Bild ist zu groß: Es hat mehr als {max_mp} Millionen Bildpunkte. Bitte fotografieren Sie "
            "den Nachweis neu oder verkleinern Sie das Bild."
        ),
    ),
    "polyglot": Rejection(
        422,
        _(
            "Die Datei enthält außer dem Bild oder PDF noch weitere, versteckte Inhalte. Bitte fotografieren "
            "Sie den Nachweis neu oder speichern Sie ihn noch einmal als JPEG oder PDF."
        ),
    ),
    "pdf_encrypted": Rejection(
        422,
        _(
            "Das PDF ist mit einem Kennwort geschützt. Bitte laden Sie eine Fassung ohne Kennwort hoch oder "
            "fotografieren Sie die Seiten."
        ),
    ),
    "pdf_script": Rejection(
        422,
        _(
            "Das PDF enthält aktive Inhalte (zum Beispiel JavaScript oder Programmaufrufe). Bitte drucken Sie "
            "es als neues PDF oder fotografieren Sie die Seiten."
        ),
    ),
    "pdf_attachment": Rejection(
        422,
        _(
            "Das PDF enthält eingebettete Dateien. Bitte laden Sie jede Datei einzeln hoch oder drucken Sie "
            "das Dokument als neues PDF."
        ),
    ),
    "pdf_pages": Rejection(
        422,
        _(
            "Das PDF hat mehr als {max_pdf_pages} Seiten. Bitte laden Sie nur die Seiten hoch, die wir brauchen."
        ),
    ),
    "virus": Rejection(
        422,
        _(
            "In der Datei wurde Schadsoftware gefunden. Wir haben sie nicht gespeichert. Bitte prüfen Sie Ihr "
            "Gerät und fotografieren Sie den Nachweis neu."
        ),
    ),
    "scan_unavailable": Rejection(
        503,
        _(
            "Die Datei kann gerade nicht auf Schadsoftware geprüft werden. Bitte versuchen Sie es in einigen "
            "Minuten noch einmal."
        ),
    ),
    "too_many_pages": Rejection(
        409,
        _(
            "Für diesen Nachweis können Sie höchstens {max_pages} Seiten hochladen. Bitte löschen Sie zuerst "
            "eine Seite, die Sie nicht brauchen."
        ),
    ),
    "idempotency_conflict": Rejection(
        409, _("Diese Übertragung gehört zu einem anderen Nachweis. Bitte laden Sie die Seite neu.")
    ),
    "bad_order": Rejection(
        422, _("Die Reihenfolge passt nicht zu den hochgeladenen Seiten. Bitte laden Sie die Seite neu.")
    ),
}

FALLBACK = "bad_request"


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message_for(code: str, **params: Any) -> str:
    """The German message of a code (an unknown code gives the general one)."""
    rejection = REJECTIONS.get(code) or REJECTIONS[FALLBACK]
    values = _Defaults({**DEFAULT_PARAMS, **params})
    return string.Formatter().vformat(rejection.message, (), values)


def status_for(code: str) -> int:
    return (REJECTIONS.get(code) or REJECTIONS[FALLBACK]).status


class UploadRejected(Exception):
    """An upload (or a change to a proof) is refused; nothing was stored.

    `code` is stable, `status` the HTTP status to answer, `message` German text for the parent.
    """

    def __init__(self, code: str, filename: str = "", **params: Any) -> None:
        if code not in REJECTIONS:
            raise ValueError(f"unknown rejection code {code!r}")
        self.code = code
        self.filename = filename
        self.params: Mapping[str, Any] = params
        self.status = status_for(code)
        self.message = message_for(code, **params)
        super().__init__(code)

    @property
    def text(self) -> str:
        """The message with the file's name in front, for a list of several files."""
        return f"„{self.filename}“: {self.message}" if self.filename else self.message

    def __repr__(self) -> str:
        return f"UploadRejected(code={self.code!r})"
