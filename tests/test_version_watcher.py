"""The version watcher: a write in this process wakes waiters at once (threads and coroutines), a write from
elsewhere is seen by the poll, and an unreachable database turns `available` off until it is back."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime

import pytest
from conftest import DATABASES
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from data.ingest.write_path import WritePath
from data.store.db import Engines
from data.store.versions import VersionWatcher


def write_reading(write_path: WritePath) -> None:
    segment = next(iter(write_path.registry.entities("traffic")))
    result = write_path.write("traffic", [{"segment": segment, "ts": datetime.now(UTC).isoformat(),
                                           "speed_kmh": 40.0}], feed="test/watcher")
    assert result.accepted == 1, result


@pytest.fixture(params=DATABASES)
def watched(request, tmp_path, fresh_services):
    """Services whose watcher knows the current versions."""
    with fresh_services(request.param, tmp_path) as services:
        services.watcher.refresh()
        yield services
        services.watcher.stop()


def test_a_write_here_bumps_its_domain_and_wakes_a_waiting_thread(watched):
    watcher = watched.watcher
    epoch, before, available = watcher.snapshot()
    assert available
    woken: list[int] = []
    waiter = threading.Thread(target=lambda: woken.append(watcher.wait_sync(epoch, timeout=30)))
    waiter.start()
    write_reading(watched.write_path)
    waiter.join(30)
    _, after, _ = watcher.snapshot()
    assert woken and woken[0] > epoch
    assert after["traffic"] > before["traffic"]
    assert {d: v for d, v in after.items() if d != "traffic"} == {d: v for d, v in before.items() if d != "traffic"}


def test_waiting_without_a_change_ends_at_the_timeout(watched):
    epoch = watched.watcher.snapshot()[0]
    assert watched.watcher.wait_sync(epoch, timeout=0.05) == epoch
    assert asyncio.run(watched.watcher.wait(epoch, 0.05)) == epoch


def test_a_coroutine_waits_without_blocking_its_loop(watched):
    watcher = watched.watcher
    epoch = watcher.snapshot()[0]

    async def scenario() -> int:
        waiting = asyncio.create_task(watcher.wait(epoch, 30))
        # The loop keeps running other work (this coroutine) while the watcher waits.
        _done, pending = await asyncio.wait({waiting}, timeout=0.05)
        assert waiting in pending
        await asyncio.to_thread(write_reading, watched.write_path)
        return await waiting

    assert asyncio.run(scenario()) > epoch
    assert asyncio.run(watcher.wait(epoch, 30)) > epoch  # a change already seen: no wait at all


def test_the_poll_sees_a_write_from_another_process(watched):
    watcher = VersionWatcher(watched.engines, poll_s=0.05)
    watcher.start()
    try:
        epoch, before, _ = watcher.snapshot()
        write_reading(WritePath(watched.engines, watched.registry))  # another process: no bump here
        assert watcher.wait_sync(epoch, timeout=30) > epoch
        assert watcher.snapshot()[1]["traffic"] > before["traffic"]
    finally:
        watcher.stop()


def test_an_unreachable_database_is_unavailable_until_it_is_back(tmp_path, fresh_services):
    with fresh_services("sqlite", tmp_path) as services:
        write_reading(services.write_path)
        services.engines.dispose()
    # The watcher opens a new connection for every read, through a link that can point elsewhere.
    link = tmp_path / "current.db"
    link.symlink_to(tmp_path / "test.db")
    watcher = VersionWatcher(Engines.single(create_engine(f"sqlite:///{link}", poolclass=NullPool)))
    watcher.refresh()
    epoch, versions, available = watcher.snapshot()
    assert available and watcher.unavailable_since is None and versions["traffic"] > 0

    link.unlink()
    link.symlink_to(tmp_path / "no-such-folder" / "test.db")
    watcher.refresh()
    gone_epoch, gone_versions, available = watcher.snapshot()
    assert not available and watcher.unavailable_since is not None
    assert gone_epoch > epoch and gone_versions == versions  # waiters woken; the last versions are kept
    watcher.refresh()
    assert watcher.snapshot()[0] == gone_epoch  # still away: nobody is woken again

    link.unlink()
    link.symlink_to(tmp_path / "test.db")
    watcher.refresh()
    back_epoch, back_versions, available = watcher.snapshot()
    assert available and watcher.unavailable_since is None
    assert back_epoch > gone_epoch and back_versions == versions
    watcher.engines.dispose()
