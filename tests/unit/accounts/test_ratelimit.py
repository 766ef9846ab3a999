"""Login throttle: failures counted per account and per IP in a fixed window (Litestar MemoryStore)."""

from __future__ import annotations

from litestar.stores.memory import MemoryStore

from server.accounts.ratelimit import LoginThrottle

ACCOUNT = "wuppertal:eltern@beispiel.de"
IP = "192.0.2.10"


def throttle(per_account: int = 5, per_ip: int = 20, window: int = 900) -> tuple[LoginThrottle, MemoryStore]:
    store = MemoryStore()
    return LoginThrottle(store, per_account, per_ip, window), store


async def test_nothing_is_blocked_at_first() -> None:
    limiter, _ = throttle()
    assert await limiter.blocked(ACCOUNT, IP) is False


async def test_account_is_blocked_after_the_limit() -> None:
    limiter, _ = throttle(per_account=5)
    for _ in range(4):
        await limiter.failed(ACCOUNT, IP)
    assert await limiter.blocked(ACCOUNT, IP) is False
    await limiter.failed(ACCOUNT, IP)
    assert await limiter.blocked(ACCOUNT, IP) is True
    # The block is per account: another address from another IP is not affected.
    assert await limiter.blocked("wuppertal:andere@beispiel.de", "192.0.2.99") is False


async def test_ip_is_blocked_across_accounts() -> None:
    limiter, _ = throttle(per_account=5, per_ip=3)
    for n in range(3):
        await limiter.failed(f"wuppertal:person{n}@beispiel.de", IP)
    assert await limiter.blocked("wuppertal:noch-jemand@beispiel.de", IP) is True
    assert await limiter.blocked("wuppertal:noch-jemand@beispiel.de", "192.0.2.11") is False


async def test_success_resets_the_account_counter_only() -> None:
    limiter, _ = throttle(per_account=2, per_ip=3)
    await limiter.failed(ACCOUNT, IP)
    await limiter.failed(ACCOUNT, IP)
    assert await limiter.blocked(ACCOUNT, IP) is True
    await limiter.succeeded(ACCOUNT)
    assert await limiter.blocked(ACCOUNT, IP) is False
    # The IP counter (2 of 3) still counts.
    await limiter.failed("wuppertal:andere@beispiel.de", IP)
    assert await limiter.blocked(ACCOUNT, IP) is True


async def test_store_holds_neither_address_nor_ip_in_clear() -> None:
    limiter, store = throttle()
    await limiter.failed(ACCOUNT, IP)
    keys = list(store._store)  # noqa: SLF001 - inspecting what would be persisted
    assert len(keys) == 2
    assert all(ACCOUNT not in key and IP not in key and "@" not in key for key in keys)


async def test_window_starts_at_the_first_failure() -> None:
    limiter, store = throttle(window=900)
    await limiter.failed(ACCOUNT, IP)
    key = LoginThrottle._key("account", ACCOUNT)  # noqa: SLF001
    first = await store.expires_in(key)
    assert first is not None and 0 < first <= 900
    await limiter.failed(ACCOUNT, IP)
    second = await store.expires_in(key)
    # A later failure does not extend the window.
    assert second is not None and second <= first


async def test_expired_window_starts_a_new_count() -> None:
    limiter, store = throttle(per_account=2)
    await limiter.failed(ACCOUNT, IP)
    await limiter.failed(ACCOUNT, IP)
    assert await limiter.blocked(ACCOUNT, IP) is True
    # What the store does when the window is over: the key is gone.
    await store.delete(LoginThrottle._key("account", ACCOUNT))  # noqa: SLF001
    assert await limiter.blocked(ACCOUNT, IP) is False
    await limiter.failed(ACCOUNT, IP)
    assert await limiter.blocked(ACCOUNT, IP) is False
