"""Where proof files live: a small storage interface, local files by default, always encrypted.

Storage keys are random (never a name from the upload) and checked before they touch a path. The local
implementation writes a temporary file in the target directory, fsyncs it, renames it to its final name
and fsyncs the directory: after a crash a file is either complete under its final name or not there
(left-over temporary files are swept). A shared volume or an object store fits the same interface.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

import aiofiles
import aiofiles.os

from server.documents.crypto import KeyRing

STORAGE_KEY = re.compile(r"^[0-9a-f]{32}$")
TEMP_SUFFIX = ".tmp"


class StorageError(Exception):
    """A file could not be written, read or found."""


class Storage(Protocol):
    async def put(self, key: str, data: bytes) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...

    def keys(self, older_than: dt.datetime) -> AsyncIterator[str]:
        """Every stored key last written before `older_than` (for the orphan sweep)."""
        ...

    async def sweep_temporary(self, older_than: dt.datetime) -> int:
        """Remove what interrupted writes left behind; how many."""
        ...


def new_key() -> str:
    return secrets.token_hex(16)


def check_key(key: str) -> str:
    if not STORAGE_KEY.match(key):
        raise StorageError("invalid storage key")
    return key


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _private(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_EXCL, 0o600)


class LocalStorage:
    """Files under `root/<first two characters>/<key>`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str) -> Path:
        check_key(key)
        return self.root / key[:2] / key

    async def put(self, key: str, data: bytes) -> None:
        final = self.path(key)
        await aiofiles.os.makedirs(final.parent, exist_ok=True)
        temporary = final.parent / f".{key}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            async with aiofiles.open(temporary, "wb", opener=_private) as out:
                await out.write(data)
                await out.flush()
                await asyncio.to_thread(os.fsync, out.fileno())
            await aiofiles.os.replace(temporary, final)
            await asyncio.to_thread(_fsync_dir, final.parent)
        except BaseException:
            try:
                await aiofiles.os.remove(temporary)
            except OSError:
                pass
            raise

    async def get(self, key: str) -> bytes:
        try:
            async with aiofiles.open(self.path(key), "rb") as source:
                return await source.read()
        except FileNotFoundError:
            raise StorageError("missing file") from None

    async def delete(self, key: str) -> None:
        try:
            await aiofiles.os.remove(self.path(key))
        except FileNotFoundError:
            pass

    async def keys(self, older_than: dt.datetime) -> AsyncIterator[str]:
        limit = older_than.timestamp()
        for path in await asyncio.to_thread(self._files):
            try:
                if STORAGE_KEY.match(path.name) and path.stat().st_mtime < limit:
                    yield path.name
            except FileNotFoundError:
                continue

    async def sweep_temporary(self, older_than: dt.datetime) -> int:
        limit = older_than.timestamp()
        removed = 0
        for path in await asyncio.to_thread(self._files, True):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed

    def _files(self, temporary: bool = False) -> list[Path]:
        if not self.root.is_dir():
            return []
        found = []
        for folder in self.root.iterdir():
            if folder.is_dir() and len(folder.name) == 2:
                for path in folder.iterdir():
                    if path.name.endswith(TEMP_SUFFIX) == temporary:
                        found.append(path)
        return found


class DocumentStore:
    """Encrypting storage: put returns a new random storage key and the key id it was encrypted with.
    The storage key is the associated data of the encryption."""

    def __init__(self, storage: Storage, keys: KeyRing) -> None:
        self.storage = storage
        self.keys = keys

    async def put(self, data: bytes) -> tuple[str, str]:
        key = new_key()
        if len(data) > 1 << 20:  # large files off the event loop
            blob = await asyncio.to_thread(self.keys.encrypt, data, key)
        else:
            blob = self.keys.encrypt(data, key)
        await self.storage.put(key, blob)
        return key, self.keys.current_id

    async def get(self, key: str) -> bytes:
        blob = await self.storage.get(key)
        if len(blob) > 1 << 20:
            return await asyncio.to_thread(self.keys.decrypt, blob, key)
        return self.keys.decrypt(blob, key)

    async def delete(self, key: str) -> None:
        await self.storage.delete(key)
