"""Local file storage: random keys only, atomic writes (temporary file, fsync, rename), sweeping."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from server.documents import storage as storage_module
from server.documents.crypto import KeyRing, new_key_entry
from server.documents.storage import DocumentStore, LocalStorage, StorageError, new_key

KEY = "0123456789abcdef0123456789abcdef"


def files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


async def test_put_get_delete(tmp_path):
    storage = LocalStorage(tmp_path)
    await storage.put(KEY, b"inhalt")
    assert files(tmp_path) == [f"01/{KEY}"]
    assert stat.S_IMODE((tmp_path / "01" / KEY).stat().st_mode) == 0o600
    assert await storage.get(KEY) == b"inhalt"
    await storage.delete(KEY)
    await storage.delete(KEY)  # deleting twice is fine
    with pytest.raises(StorageError):
        await storage.get(KEY)


@pytest.mark.parametrize(
    "key", ["../../etc/passwd", "0123456789ABCDEF0123456789ABCDEF", "", "ab/cd", KEY + "0"]
)
async def test_only_random_keys_reach_a_path(tmp_path, key):
    storage = LocalStorage(tmp_path)
    with pytest.raises(StorageError):
        await storage.put(key, b"x")
    with pytest.raises(StorageError):
        await storage.get(key)
    assert files(tmp_path) == []


def test_new_keys_are_random_and_valid():
    keys = {new_key() for _ in range(100)}
    assert len(keys) == 100 and all(storage_module.STORAGE_KEY.match(k) for k in keys)


async def test_a_failed_write_leaves_nothing_under_the_final_name(tmp_path, monkeypatch):
    storage = LocalStorage(tmp_path)

    def crash(fd):
        raise OSError("disk full")

    monkeypatch.setattr(storage_module.os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        await storage.put(KEY, b"x" * 10_000)
    assert files(tmp_path) == []


async def test_a_write_is_visible_only_complete(tmp_path, monkeypatch):
    """Until the rename, only a temporary file exists; the final name appears with the whole content."""
    storage = LocalStorage(tmp_path)
    seen = []
    real_replace = os.replace

    def watch(source, target):
        seen.append((files(tmp_path), os.path.getsize(source)))
        real_replace(source, target)

    monkeypatch.setattr(storage_module.aiofiles.os, "replace", storage_module.aiofiles.os.wrap(watch))
    await storage.put(KEY, b"y" * 5000)
    ((before, size),) = seen
    assert len(before) == 1 and before[0].endswith(".tmp") and size == 5000
    assert files(tmp_path) == [f"01/{KEY}"]


async def test_sweeps(tmp_path):
    storage = LocalStorage(tmp_path)
    await storage.put(KEY, b"alt")
    leftover = tmp_path / "01" / f".{KEY}.dead.tmp"
    leftover.write_bytes(b"half")
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=2)).timestamp()
    os.utime(leftover, (old, old))
    os.utime(tmp_path / "01" / KEY, (old, old))
    now = dt.datetime.now(dt.UTC)
    assert [k async for k in storage.keys(now - dt.timedelta(days=1))] == [KEY]
    assert [k async for k in storage.keys(now - dt.timedelta(days=3))] == []
    assert await storage.sweep_temporary(now - dt.timedelta(hours=1)) == 1
    assert files(tmp_path) == [f"01/{KEY}"]


async def test_document_store_encrypts(tmp_path):
    store = DocumentStore(LocalStorage(tmp_path), KeyRing.parse(new_key_entry("k1")))
    key, kid = await store.put(b"\xff\xd8\xff" + b"photo" * 1000)
    assert kid == "k1"
    on_disk = (tmp_path / key[:2] / key).read_bytes()
    assert on_disk.startswith(b"FPE1") and b"photo" not in on_disk
    assert await store.get(key) == b"\xff\xd8\xff" + b"photo" * 1000
    big = os.urandom(2 * 1024 * 1024)  # encrypted off the event loop
    key2, _ = await store.put(big)
    assert await store.get(key2) == big
