"""Login throttling: failed attempts are counted per account and per client IP in a fixed window."""

from __future__ import annotations

import hashlib

from litestar.stores.base import Store


class LoginThrottle:
    def __init__(self, store: Store, per_account: int, per_ip: int, window_seconds: int) -> None:
        self.store = store
        self.limits = {"account": per_account, "ip": per_ip}
        self.window = window_seconds

    @staticmethod
    def _key(kind: str, value: str) -> str:
        # Hashed so the store holds no e-mail or IP address in clear.
        return f"login:{kind}:" + hashlib.sha256(value.encode()).hexdigest()

    async def _count(self, kind: str, value: str) -> int:
        raw = await self.store.get(self._key(kind, value))
        return int(raw) if raw else 0

    async def blocked(self, account_key: str, ip: str) -> bool:
        return (
            await self._count("account", account_key) >= self.limits["account"]
            or await self._count("ip", ip) >= self.limits["ip"]
        )

    async def failed(self, account_key: str, ip: str) -> None:
        for kind, value in (("account", account_key), ("ip", ip)):
            key = self._key(kind, value)
            count = await self._count(kind, value)
            # Keep the window from the first failure; a new window starts once the key has expired.
            remaining = await self.store.expires_in(key) if count else None
            await self.store.set(key, str(count + 1), expires_in=remaining or self.window)

    async def succeeded(self, account_key: str) -> None:
        await self.store.delete(self._key("account", account_key))
