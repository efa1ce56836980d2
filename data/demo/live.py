"""The live simulator: every few seconds, writes what the simulated city reported since the last tick."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from data.demo.seed import write_window
from data.demo.simulation import CitySimulation
from data.domains.traffic.provider import TrafficProvider
from data.ingest.write_path import WritePath
from data.store.background import BackgroundLoop
from data.store.db import utcnow

log = logging.getLogger("cityops.simulator")
MAX_CATCH_UP = timedelta(days=2)


class LiveSimulator(BackgroundLoop):
    name = "cityops-simulator"

    def __init__(self, write_path: WritePath, sim: CitySimulation, traffic: TrafficProvider,
                 interval_s: float = 5.0, clock: Callable[[], datetime] = utcnow):
        super().__init__()
        self.write_path = write_path
        self.sim = sim
        self.interval_s = interval_s
        self.clock = clock
        self.last: datetime | None = None
        self.begins: datetime | None = None
        self.traffic = traffic
        self.totals: Counter = Counter()

    def resume_point(self) -> datetime:
        """Continue after the newest traffic reading, so a restart leaves no gap (at most two days back).
        The simulated city began with the oldest reading (or now): incidents reported before it never
        happened, so their later lifecycle events are not sent."""
        now = self.clock()
        oldest, newest = self.traffic.reading_span()
        self.begins = oldest or now
        if newest is None:
            return now - timedelta(seconds=self.interval_s)
        return max(newest + timedelta(seconds=1), now - MAX_CATCH_UP)

    def tick(self) -> Counter:
        now = self.clock().replace(microsecond=0)
        if self.last is None:
            self.last = self.resume_point()
        if now <= self.last:
            return Counter()
        counts = write_window(self.write_path, self.sim, self.last, now, reported_since=self.begins)
        self.last = now
        self.totals += counts
        return counts

    def step(self) -> None:
        """One tick, then the interval; a failed tick (a database outage) is logged and the demo goes on."""
        try:
            self.tick()
        except Exception:
            log.exception("simulator tick failed")
        self.stopping.wait(self.interval_s)
