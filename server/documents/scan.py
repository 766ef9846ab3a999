"""Optional virus scan with clamd (CLAMD_SOCKET, or CLAMD_HOST and CLAMD_PORT).

The INSTREAM protocol: `zINSTREAM\\0`, then chunks of <4-byte big-endian length><data>, a zero-length chunk
to finish; clamd answers `stream: OK\\0`, `stream: <signature> FOUND\\0` or `... ERROR\\0`. A scanner that is
configured but does not answer (or answers an error) refuses the upload with "try again later": a file is
never stored unscanned.
"""

from __future__ import annotations

import asyncio

import msgspec

from server.documents.rejections import UploadRejected
from server.logs import log

CHUNK = 64 * 1024
CONNECT_TIMEOUT = 5.0
SCAN_TIMEOUT = 60.0
MAX_REPLY = 4096


class ClamdScanner(msgspec.Struct, frozen=True, kw_only=True):
    socket_path: str = ""
    host: str = ""
    port: int = 3310

    @classmethod
    def from_settings(cls, settings) -> ClamdScanner | None:  # noqa: ANN001 - server.settings.Settings
        if settings.clamd_socket:
            return cls(socket_path=settings.clamd_socket)
        if settings.clamd_host:
            return cls(host=settings.clamd_host, port=settings.clamd_port)
        return None

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.socket_path:
            return await asyncio.open_unix_connection(self.socket_path)
        return await asyncio.open_connection(self.host, self.port)

    async def reply(self, data: bytes) -> str:
        """clamd's answer for these bytes (raises OSError or TimeoutError when it cannot be asked)."""
        reader, writer = await asyncio.wait_for(self._connect(), CONNECT_TIMEOUT)
        try:
            async with asyncio.timeout(SCAN_TIMEOUT):
                writer.write(b"zINSTREAM\0")
                view = memoryview(data)
                for start in range(0, len(view), CHUNK):
                    chunk = view[start : start + CHUNK]
                    writer.write(len(chunk).to_bytes(4, "big"))
                    writer.write(chunk)
                    await writer.drain()
                writer.write(b"\0\0\0\0")
                await writer.drain()
                answer = await reader.readuntil(b"\0")
        except asyncio.IncompleteReadError as exc:
            answer = exc.partial
        except asyncio.LimitOverrunError as exc:
            raise OSError("clamd reply too long") from exc
        finally:
            writer.close()
            try:
                await writer.wait_closed()
            except OSError:
                pass
        return answer[:MAX_REPLY].rstrip(b"\0").decode("utf-8", "replace").strip()

    async def check(self, data: bytes) -> None:
        """Pass clean files; UploadRejected("virus") or ("scan_unavailable") otherwise."""
        try:
            answer = await self.reply(data)
        except (OSError, TimeoutError) as exc:
            log.warning("virus_scan_unavailable", error=type(exc).__name__)
            raise UploadRejected("scan_unavailable") from None
        if answer.endswith("FOUND"):
            log.warning("virus_found", signature=answer.removeprefix("stream:").removesuffix("FOUND").strip())
            raise UploadRejected("virus")
        if not answer.endswith("OK"):
            log.warning("virus_scan_error", reply=answer[:200])
            raise UploadRejected("scan_unavailable")
