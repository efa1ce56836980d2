"""Data versions: one counter per domain, watched so the UI can be pushed changes instead of polling.

Writes in this process wake waiters at once (`bump`). Writes from other processes (another worker, another app
node, a command) arrive through the change bus when one is configured (Redis pub/sub, data/store/bus.py) and
are otherwise seen by one shared poll of the tiny `data_version` table per process, not per client; with a
bus the poll stays on as a slow safety net.
"""

from __future__ import annotations

import asyncio
import threading
import time

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from data.domains import domain_names
from data.store.background import BackgroundLoop
from data.store.bus import ChangeBus
from data.store.db import Engines
from data.store.models import DataVersion

Versions = dict[str, int]


def read_versions(engines: Engines) -> Versions:
    versions = dict.fromkeys(domain_names(), 0)
    for engine in engines.distinct():
        with engine.connect() as conn:
            for domain, version in conn.execute(select(DataVersion.domain, DataVersion.version)):
                if engines.by_domain.get(domain) is engine:
                    versions[domain] = int(version)
    return versions


class VersionWatcher(BackgroundLoop):
    """Holds the latest known versions and wakes async waiters when they change."""

    name = "cityops-version-watch"

    def __init__(self, engines: Engines, poll_s: float = 0.25, bus: ChangeBus | None = None,
                 safety_poll_s: float = 5.0):
        super().__init__()
        self.engines = engines
        self.bus = bus
        self.poll_s = poll_s if bus is None else safety_poll_s
        self.versions: Versions = dict.fromkeys(domain_names(), 0)
        self.available = True
        self.unavailable_since: float | None = None
        self._changed = threading.Condition()
        self._epoch = 0  # bumped on every observed change; waiters compare against it
        self._async_waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def start(self) -> None:
        self.refresh()
        if self.bus is not None:
            self.bus.listen(lambda _domain: self.refresh())
        super().start()

    def stop(self, timeout: float = 10.0) -> None:
        if self.bus is not None:
            self.bus.stop()
        super().stop(timeout)

    def bump(self, domain: str | None = None) -> None:
        """Called by the write path after a commit in this process: re-read now instead of at the next poll,
        and tell the other processes."""
        self.refresh()
        if self.bus is not None and domain:
            self.bus.publish(domain)

    def refresh(self) -> None:
        try:
            current = read_versions(self.engines)
        except SQLAlchemyError:
            with self._changed:
                if self.available:
                    self.available = False
                    self.unavailable_since = time.time()
                    self._notify()
            return
        with self._changed:
            if current != self.versions or not self.available:
                self.versions = current
                self.available = True
                self.unavailable_since = None
                self._notify()

    def _notify(self) -> None:
        """Record a change and wake every waiter (caller holds the condition)."""
        self._epoch += 1
        self._changed.notify_all()
        for loop, event in list(self._async_waiters):
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop has closed
                self._async_waiters.discard((loop, event))

    def step(self) -> None:
        if not self.stopping.wait(self.poll_s):
            self.refresh()

    def snapshot(self) -> tuple[int, Versions, bool]:
        with self._changed:
            return self._epoch, dict(self.versions), self.available

    def wait_sync(self, epoch: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self._epoch != epoch or self.stopping.is_set(), timeout=timeout)
            return self._epoch

    async def wait(self, epoch: int, timeout: float) -> int:
        """Wait, without blocking the event loop, until something changes after `epoch` or the timeout."""
        event = asyncio.Event()
        waiter = (asyncio.get_running_loop(), event)
        with self._changed:
            if self._epoch != epoch:
                return self._epoch
            self._async_waiters.add(waiter)
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass
        finally:
            with self._changed:
                self._async_waiters.discard(waiter)
        with self._changed:
            return self._epoch
