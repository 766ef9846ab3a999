"""Encryption at rest: round trip, tampering, binding to the storage key, key rotation, key configuration."""

from __future__ import annotations

import base64
import stat

import pytest

from server.documents.crypto import (
    DecryptionFailed,
    KeyConfigError,
    KeyRing,
    key_id_of,
    local_key,
    new_key_entry,
    parse_keys,
)
from server.settings import Settings, SettingsError

KEY_A = base64.b64encode(b"a" * 32).decode()
KEY_B = base64.b64encode(b"b" * 32).decode()
STORAGE_KEY = "0123456789abcdef0123456789abcdef"
OTHER_KEY = "fedcba9876543210fedcba9876543210"


def test_round_trip():
    ring = KeyRing.parse(f"k1:{KEY_A}")
    blob = ring.encrypt(b"Lohnabrechnung", STORAGE_KEY)
    assert b"Lohnabrechnung" not in blob
    assert ring.decrypt(blob, STORAGE_KEY) == b"Lohnabrechnung"
    assert key_id_of(blob)[0] == "k1"


def test_each_encryption_uses_a_fresh_nonce():
    ring = KeyRing.parse(f"k1:{KEY_A}")
    assert ring.encrypt(b"x", STORAGE_KEY) != ring.encrypt(b"x", STORAGE_KEY)


@pytest.mark.parametrize("position", [-1, -20, 30])
def test_tampering_is_detected(position):
    ring = KeyRing.parse(f"k1:{KEY_A}")
    blob = bytearray(ring.encrypt(b"Kontoauszug " * 10, STORAGE_KEY))
    blob[position] ^= 0x01
    with pytest.raises(DecryptionFailed):
        ring.decrypt(bytes(blob), STORAGE_KEY)


def test_ciphertext_is_bound_to_its_storage_key():
    ring = KeyRing.parse(f"k1:{KEY_A}")
    blob = ring.encrypt(b"secret", STORAGE_KEY)
    with pytest.raises(DecryptionFailed):
        ring.decrypt(blob, OTHER_KEY)


def test_header_is_authenticated():
    """Renaming the key id in the header (to another key of the ring) fails, even with the same key."""
    ring = KeyRing.parse(f"k1:{KEY_A},k2:{KEY_A}")
    blob = ring.encrypt(b"secret", STORAGE_KEY)
    forged = blob.replace(b"k1", b"k2", 1)
    with pytest.raises(DecryptionFailed):
        ring.decrypt(forged, STORAGE_KEY)


def test_rotation_old_key_still_decrypts_new_key_encrypts():
    old_ring = KeyRing.parse(f"k1:{KEY_A}")
    old_blob = old_ring.encrypt(b"alt", STORAGE_KEY)
    rotated = KeyRing.parse(f"k2:{KEY_B},k1:{KEY_A}")
    assert rotated.current_id == "k2" and rotated.key_ids == ["k2", "k1"]
    assert rotated.decrypt(old_blob, STORAGE_KEY) == b"alt"
    new_blob = rotated.encrypt(b"neu", STORAGE_KEY)
    assert key_id_of(new_blob)[0] == "k2"
    with pytest.raises(DecryptionFailed, match="k2"):
        old_ring.decrypt(new_blob, STORAGE_KEY)
    with pytest.raises(DecryptionFailed, match="k1"):
        KeyRing.parse(f"k2:{KEY_B}").decrypt(old_blob, STORAGE_KEY)


@pytest.mark.parametrize(
    "value",
    [
        "",
        ",",
        "k1",
        f"k1 {KEY_A}",
        "k1:not-base64!",
        f"k1:{base64.b64encode(b'short').decode()}",
        f"k1:{KEY_A},k1:{KEY_B}",
        f"bad id:{KEY_A}",
    ],
)
def test_malformed_key_configuration(value):
    with pytest.raises(KeyConfigError) as caught:
        parse_keys(value)
    assert KEY_A not in str(caught.value) and KEY_B not in str(caught.value)


def test_garbage_is_not_decrypted():
    ring = KeyRing.parse(f"k1:{KEY_A}")
    for blob in (b"", b"FPE1", b"\xff\xd8\xff\xe0" + b"\0" * 40, b"FPE1\x02k1" + b"\0" * 5):
        with pytest.raises(DecryptionFailed):
            ring.decrypt(blob, STORAGE_KEY)


def test_new_key_entry_parses():
    kid, key = parse_keys(new_key_entry("2026-12"))[0]
    assert kid == "2026-12" and len(key) == 32


def test_development_key_is_generated_once_and_private(tmp_path):
    first = local_key(tmp_path)
    assert local_key(tmp_path) == first
    assert stat.S_IMODE((tmp_path / "document_key").stat().st_mode) == 0o600
    ring = KeyRing.for_settings(Settings(env="development", var_dir=str(tmp_path)))
    assert ring.current_id == "local"


def test_configured_keys_win_over_the_local_file(tmp_path):
    ring = KeyRing.for_settings(Settings(env="test", var_dir=str(tmp_path), document_keys=f"prod1:{KEY_A}"))
    assert ring.key_ids == ["prod1"]
    assert not (tmp_path / "document_key").exists()


def test_production_refuses_to_start_without_keys():
    environ = {"PORTAL_ENV": "production", "SECRET_KEY": "s" * 40}
    with pytest.raises(SettingsError, match="DOCUMENT_KEYS"):
        Settings.from_env(environ)
    with pytest.raises(SettingsError, match="32 bytes"):
        Settings.from_env({**environ, "DOCUMENT_KEYS": f"k1:{base64.b64encode(b'x' * 16).decode()}"})
    settings = Settings.from_env({**environ, "DOCUMENT_KEYS": f"k2:{KEY_B}, k1:{KEY_A}"})
    assert KeyRing.for_settings(settings).current_id == "k2"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DOCUMENT_MAX_MB", "0"),
        ("DOCUMENT_MAX_MB", "20"),
        ("DOCUMENT_RETENTION_DAYS", "0"),
        ("CLAMD_PORT", "70000"),
    ],
)
def test_document_settings_are_checked(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_document_settings_from_the_environment():
    settings = Settings.from_env(
        {
            "DOCUMENT_MAX_MB": "8",
            "DOCUMENT_RETENTION_DAYS": "30",
            "CLAMD_HOST": "clamav",
            "CLAMD_PORT": "3311",
        }
    )
    assert (settings.document_max_mb, settings.document_retention_days) == (8, 30)
    assert (settings.clamd_host, settings.clamd_port, settings.clamd_socket) == ("clamav", 3311, "")
