"""Password hashing (argon2id) and the strength rule (length, not common, not the e-mail address)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from server.web.i18n import _

MIN_LENGTH = 10
MAX_LENGTH = 128

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verifying against this keeps the time of a login for an unknown e-mail like that of a known one.
_DUMMY_HASH = _hasher.hash("dummy-password-for-timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines() if line.strip())


def password_problem(password: str, email: str = "") -> str | None:
    """The German message explaining why a password is too weak, or None if it is acceptable."""
    if not password:
        return _("Bitte geben Sie ein Passwort ein.")
    if len(password) < MIN_LENGTH:
        return _("Das Passwort muss mindestens {n} Zeichen lang sein.").format(n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Das Passwort darf höchstens {n} Zeichen lang sein.").format(n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) < 4:
        return _("Dieses Passwort ist zu leicht zu erraten. Wählen Sie zum Beispiel drei zufällige Wörter.")
    local = email.split("@", 1)[0].lower()
    if len(local) >= 4 and local in lowered:
        return _("Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.")
    return None
