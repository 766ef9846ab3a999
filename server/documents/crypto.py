"""Encryption at rest: AES-256-GCM with a key ring from the environment.

DOCUMENT_KEYS="kid2:<base64 of 32 bytes>,kid1:<...>": the first key encrypts new files, every key still
decrypts (key rotation: put a new key first, keep the old ones until nothing uses them). Each file starts
with a small header naming its key id; the header and the file's storage key are the associated data, so a
ciphertext moved to another storage key, or a header changed to another key id, fails to decrypt.

Without DOCUMENT_KEYS, development and test generate a key into var/document_key (0600); production refuses
to start (Settings.check).

Blob layout: b"FPE1" | key id length (1 byte) | key id (ASCII) | nonce (12 bytes) | ciphertext + GCM tag.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"FPE1"
NONCE_BYTES = 12
KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
LOCAL_KEY_FILE = "document_key"


class KeyConfigError(ValueError):
    """DOCUMENT_KEYS is malformed (the message never contains key material)."""


class DecryptionFailed(Exception):
    """The blob was changed, belongs to another storage key, or its key is not in the ring."""


def parse_keys(value: str) -> list[tuple[str, bytes]]:
    """`kid:<base64>,kid:<base64>` -> [(kid, 32-byte key)], the first being the current key."""
    keys: list[tuple[str, bytes]] = []
    for position, entry in enumerate((e.strip() for e in value.split(",")), start=1):
        if not entry:
            continue
        kid, sep, encoded = entry.partition(":")
        kid = kid.strip()
        if not sep or not KEY_ID.match(kid):
            raise KeyConfigError(
                f"DOCUMENT_KEYS entry {position}: expected <key id>:<base64 key>, key id [A-Za-z0-9_.-]"
            )
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise KeyConfigError(f"DOCUMENT_KEYS key {kid!r} is not valid base64") from None
        if len(key) != 32:
            raise KeyConfigError(f"DOCUMENT_KEYS key {kid!r} must be 32 bytes (AES-256), not {len(key)}")
        if any(k == kid for k, _ in keys):
            raise KeyConfigError(f"DOCUMENT_KEYS names key id {kid!r} twice")
        keys.append((kid, key))
    if not keys:
        raise KeyConfigError("DOCUMENT_KEYS names no key")
    return keys


def new_key_entry(kid: str) -> str:
    """A fresh `kid:<base64>` entry for DOCUMENT_KEYS."""
    if not KEY_ID.match(kid):
        raise KeyConfigError("key id: 1-32 characters of A-Z a-z 0-9 _ . -")
    return f"{kid}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


class KeyRing:
    def __init__(self, keys: list[tuple[str, bytes]]) -> None:
        if not keys:
            raise KeyConfigError("a key ring needs at least one key")
        self.current_id = keys[0][0]
        self._keys = {kid: AESGCM(key) for kid, key in keys}

    @classmethod
    def parse(cls, value: str) -> KeyRing:
        return cls(parse_keys(value))

    @classmethod
    def for_settings(cls, settings) -> KeyRing:  # noqa: ANN001 - server.settings.Settings
        if settings.document_keys:
            return cls.parse(settings.document_keys)
        if settings.is_production:
            raise KeyConfigError("DOCUMENT_KEYS is required in production")
        return cls.parse(local_key(Path(settings.var_dir)))

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    def encrypt(self, plaintext: bytes, context: str) -> bytes:
        header = _header(self.current_id)
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[self.current_id].encrypt(nonce, plaintext, _associated(header, context))
        return header + nonce + sealed

    def decrypt(self, blob: bytes, context: str) -> bytes:
        kid, offset = key_id_of(blob)
        cipher = self._keys.get(kid)
        if cipher is None:
            raise DecryptionFailed(f"key {kid!r} is not in DOCUMENT_KEYS")
        nonce = blob[offset : offset + NONCE_BYTES]
        try:
            return cipher.decrypt(nonce, blob[offset + NONCE_BYTES :], _associated(blob[:offset], context))
        except InvalidTag:
            raise DecryptionFailed("the file was changed or belongs to another storage key") from None


def key_id_of(blob: bytes) -> tuple[str, int]:
    """The key id in a blob's header and where the nonce starts."""
    if blob[:4] != MAGIC or len(blob) < 5:
        raise DecryptionFailed("not an encrypted document")
    length = blob[4]
    end = 5 + length
    if len(blob) < end + NONCE_BYTES + 16:
        raise DecryptionFailed("truncated")
    try:
        kid = blob[5:end].decode("ascii")
    except UnicodeDecodeError:
        raise DecryptionFailed("bad key id") from None
    return kid, end


def _header(kid: str) -> bytes:
    raw = kid.encode("ascii")
    return MAGIC + bytes([len(raw)]) + raw


def _associated(header: bytes, context: str) -> bytes:
    return header + b"|" + context.encode("utf-8")


def local_key(var_dir: Path) -> str:
    """The development key (`local:<base64>`), created once under var/ with mode 0600."""
    path = var_dir / LOCAL_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        entry = new_key_entry("local")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process wrote it first
        else:
            with os.fdopen(fd, "w") as out:
                out.write(entry + "\n")
    return path.read_text().strip()
