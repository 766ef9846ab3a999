"""The clamd INSTREAM client against a tiny fake clamd (unix socket and TCP)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import AsyncIterator

import pytest

from server.documents.rejections import UploadRejected
from server.documents.scan import ClamdScanner
from server.settings import Settings
from tests.unit.documents.corpus import EICAR, eicar_jpeg, small_jpeg


class FakeClamd:
    """Speaks INSTREAM: collects the chunks, answers FOUND when the EICAR string is inside."""

    def __init__(self, mode: str = "normal") -> None:
        self.mode = mode
        self.received: list[bytes] = []
        self.commands: list[bytes] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if self.mode == "hang_up":
                return
            self.commands.append(await reader.readuntil(b"\0"))
            data = bytearray()
            while True:
                size = int.from_bytes(await reader.readexactly(4), "big")
                if size == 0:
                    break
                data += await reader.readexactly(size)
            self.received.append(bytes(data))
            if self.mode == "error":
                writer.write(b"INSTREAM size limit exceeded. ERROR\0")
            elif EICAR in data:
                writer.write(b"stream: Eicar-Test-Signature FOUND\0")
            else:
                writer.write(b"stream: OK\0")
            await writer.drain()
        finally:
            writer.close()


@contextlib.asynccontextmanager
async def unix_clamd(mode: str = "normal") -> AsyncIterator[tuple[FakeClamd, str]]:
    fake = FakeClamd(mode)
    folder = tempfile.mkdtemp(prefix="clamd-")
    path = os.path.join(folder, "clamd.sock")
    server = await asyncio.start_unix_server(fake.handle, path=path)
    try:
        yield fake, path
    finally:
        server.close()
        await server.wait_closed()
        os.unlink(path)
        os.rmdir(folder)


@contextlib.asynccontextmanager
async def tcp_clamd(mode: str = "normal") -> AsyncIterator[tuple[FakeClamd, int]]:
    fake = FakeClamd(mode)
    server = await asyncio.start_server(fake.handle, host="127.0.0.1", port=0)
    try:
        yield fake, server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def test_clean_file_passes_and_arrives_whole():
    data = os.urandom(300_000)  # several 64 KB chunks
    async with unix_clamd() as (fake, path):
        await ClamdScanner(socket_path=path).check(data)
    assert fake.commands == [b"zINSTREAM\0"]
    assert fake.received == [data]


async def test_virus_is_rejected():
    async with unix_clamd() as (_, path):
        with pytest.raises(UploadRejected) as caught:
            await ClamdScanner(socket_path=path).check(eicar_jpeg())
    assert caught.value.code == "virus" and caught.value.status == 422
    assert "Schadsoftware" in caught.value.message


async def test_tcp_clamd():
    async with tcp_clamd() as (fake, port):
        scanner = ClamdScanner(host="127.0.0.1", port=port)
        await scanner.check(small_jpeg())
        with pytest.raises(UploadRejected, match="virus"):
            await scanner.check(b"x" + EICAR)
    assert len(fake.received) == 2


@pytest.mark.parametrize("mode", ["hang_up", "error"])
async def test_misbehaving_clamd_means_try_again_later(mode):
    async with unix_clamd(mode) as (_, path):
        with pytest.raises(UploadRejected) as caught:
            await ClamdScanner(socket_path=path).check(small_jpeg())
    assert caught.value.code == "scan_unavailable" and caught.value.status == 503
    assert "in einigen Minuten noch einmal" in caught.value.message


async def test_unreachable_clamd_means_try_again_later(tmp_path):
    for scanner in (
        ClamdScanner(socket_path=str(tmp_path / "missing.sock")),
        ClamdScanner(host="127.0.0.1", port=1),
    ):
        with pytest.raises(UploadRejected) as caught:
            await scanner.check(small_jpeg())
        assert caught.value.code == "scan_unavailable"


def test_scanner_from_settings():
    assert ClamdScanner.from_settings(Settings()) is None
    assert (
        ClamdScanner.from_settings(Settings(clamd_socket="/run/clamav/clamd.ctl")).socket_path
        == "/run/clamav/clamd.ctl"
    )
    tcp = ClamdScanner.from_settings(Settings(clamd_host="clamav", clamd_port=3311))
    assert (tcp.host, tcp.port) == ("clamav", 3311)
