"""Directory: one index per tenant, refreshed when the data version changes (fake loader, version, clock)."""

from __future__ import annotations

import asyncio

import pytest

from server.facilities.schemas import FacilityRecord, SearchQuery
from server.facilities.search import Directory
from tests.unit.facilities.test_search import TODAY, record


class FakeSource:
    """Records and a version per tenant, counting calls; a loader can be held to simulate a slow reload."""

    def __init__(self) -> None:
        self.records: dict[str, list[FacilityRecord]] = {}
        self.versions: dict[str, str] = {}
        self.loads: list[str] = []
        self.version_calls: list[str] = []
        self.hold: asyncio.Event | None = None
        self.loading = asyncio.Event()
        self.fail_version = False

    def put(self, tenant: str, *names: str) -> None:
        self.records[tenant] = [record(i, name) for i, name in enumerate(names, 1)]
        self.versions[tenant] = f"v{len(self.loads)}-{names}"

    async def load(self, tenant: str) -> list[FacilityRecord]:
        self.loads.append(tenant)
        self.loading.set()
        if self.hold is not None:
            await self.hold.wait()
        return list(self.records.get(tenant, []))

    async def version(self, tenant: str) -> str:
        self.version_calls.append(tenant)
        if self.fail_version:
            raise ConnectionError("database gone")
        return self.versions.get(tenant, "")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def source() -> FakeSource:
    return FakeSource()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def directory(source: FakeSource, clock: Clock) -> Directory:
    return Directory(loader=source.load, version=source.version, freshness_seconds=5, clock=clock)


async def names(directory: Directory, tenant: str) -> list[str]:
    result = await directory.search(tenant, SearchQuery(), TODAY)
    return [hit.facility.name for hit in result.hits]


async def test_loads_once_and_serves_from_memory(
    directory: Directory, source: FakeSource, clock: Clock
) -> None:
    source.put("wuppertal", "Kita A", "Kita B")
    assert await names(directory, "wuppertal") == ["Kita A", "Kita B"]
    for _ in range(5):
        clock.now += 0.5
        assert await names(directory, "wuppertal") == ["Kita A", "Kita B"]
    assert source.loads == ["wuppertal"]
    assert source.version_calls == ["wuppertal"]  # not again within the freshness interval


async def test_reloads_after_version_change_only_when_freshness_expired(
    directory: Directory, source: FakeSource, clock: Clock
) -> None:
    source.put("wuppertal", "Kita A")
    assert await names(directory, "wuppertal") == ["Kita A"]
    source.put("wuppertal", "Kita A", "Kita Neu")  # another process imported
    clock.now += 4.9
    assert await names(directory, "wuppertal") == ["Kita A"]  # still fresh: no check yet
    assert len(source.version_calls) == 1
    clock.now += 0.1
    assert await names(directory, "wuppertal") == ["Kita A", "Kita Neu"]
    assert len(source.version_calls) == 2
    assert source.loads == ["wuppertal", "wuppertal"]


async def test_no_reload_when_version_unchanged(
    directory: Directory, source: FakeSource, clock: Clock
) -> None:
    source.put("wuppertal", "Kita A")
    await names(directory, "wuppertal")
    for _ in range(3):
        clock.now += 6
        assert await names(directory, "wuppertal") == ["Kita A"]
    assert len(source.version_calls) == 4
    assert source.loads == ["wuppertal"]


async def test_old_index_served_during_reload(directory: Directory, source: FakeSource, clock: Clock) -> None:
    source.put("wuppertal", "Kita A")
    await names(directory, "wuppertal")
    source.put("wuppertal", "Kita A", "Kita Neu")
    source.hold = asyncio.Event()
    source.loading.clear()
    clock.now += 10
    reloading = asyncio.create_task(names(directory, "wuppertal"))
    await asyncio.wait_for(source.loading.wait(), 5)  # the reload is waiting in the loader
    # Meanwhile other searches answer at once from the previous snapshot, without a second reload.
    for _ in range(3):
        assert await asyncio.wait_for(names(directory, "wuppertal"), 1) == ["Kita A"]
    assert source.loads == ["wuppertal", "wuppertal"]
    source.hold.set()
    assert await asyncio.wait_for(reloading, 5) == ["Kita A", "Kita Neu"]
    assert await names(directory, "wuppertal") == ["Kita A", "Kita Neu"]
    assert len(source.loads) == 2


async def test_concurrent_first_searches_load_once(directory: Directory, source: FakeSource) -> None:
    source.put("wuppertal", "Kita A")
    source.hold = asyncio.Event()
    tasks = [asyncio.create_task(names(directory, "wuppertal")) for _ in range(5)]
    await asyncio.wait_for(source.loading.wait(), 5)
    source.hold.set()
    assert await asyncio.wait_for(asyncio.gather(*tasks), 5) == [["Kita A"]] * 5
    assert source.loads == ["wuppertal"]


async def test_per_tenant(directory: Directory, source: FakeSource, clock: Clock) -> None:
    source.put("wuppertal", "Kita W")
    source.put("iserlohn", "Kita I")
    assert await names(directory, "wuppertal") == ["Kita W"]
    assert await names(directory, "iserlohn") == ["Kita I"]
    source.put("iserlohn", "Kita I", "Kita I2")
    clock.now += 6
    assert await names(directory, "wuppertal") == ["Kita W"]
    assert await names(directory, "iserlohn") == ["Kita I", "Kita I2"]
    assert sorted(source.loads) == ["iserlohn", "iserlohn", "wuppertal"]
    assert await directory.get("wuppertal", 1) == source.records["wuppertal"][0]
    assert await directory.get("iserlohn", 2) == source.records["iserlohn"][1]
    assert await directory.get("wuppertal", 2) is None
    assert await names(directory, "unknown") == []


async def test_invalidate_reloads_at_next_use(directory: Directory, source: FakeSource, clock: Clock) -> None:
    source.put("wuppertal", "Kita A")
    await names(directory, "wuppertal")
    source.records["wuppertal"].append(record(2, "Kita B"))  # same version string on purpose
    directory.invalidate("wuppertal")
    directory.invalidate("nobody")  # unknown tenants are fine
    clock.now += 1
    assert await names(directory, "wuppertal") == ["Kita A", "Kita B"]
    assert source.loads == ["wuppertal", "wuppertal"]
    assert await names(directory, "wuppertal") == ["Kita A", "Kita B"]
    assert len(source.loads) == 2


async def test_failed_check_keeps_serving_the_snapshot(
    directory: Directory, source: FakeSource, clock: Clock
) -> None:
    source.put("wuppertal", "Kita A")
    await names(directory, "wuppertal")
    source.fail_version = True
    clock.now += 6
    assert await names(directory, "wuppertal") == ["Kita A"]
    calls = len(source.version_calls)
    clock.now += 1
    assert await names(directory, "wuppertal") == ["Kita A"]
    assert len(source.version_calls) == calls  # no retry before the interval is over
    source.fail_version = False
    source.put("wuppertal", "Kita A", "Kita B")
    clock.now += 5
    assert await names(directory, "wuppertal") == ["Kita A", "Kita B"]


async def test_failed_first_load_raises(directory: Directory, source: FakeSource) -> None:
    source.fail_version = True
    with pytest.raises(ConnectionError):
        await directory.search("wuppertal", SearchQuery(), TODAY)
    source.fail_version = False
    source.put("wuppertal", "Kita A")
    assert await names(directory, "wuppertal") == ["Kita A"]
