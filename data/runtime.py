"""Start-up and background jobs of one server process.

`prepare()` migrates every database, loads the city pack's registries and seeds history when empty;
`start()` starts the version watcher and — in exactly one process — the live simulator.
"""

from __future__ import annotations

import logging
import os
import threading

from data.jobs import JOBS, Job
from data.seed import is_empty, seed_history
from data.services import Services, get_services
from data.settings import Settings
from data.setup import migrate_all
from data.simulation import CitySimulation
from data.simulator import LiveSimulator
from data.singleton import ProcessLock

log = logging.getLogger("cityops")
LOCK_RETRY_S = 30.0


class Runtime:
    def __init__(self, services: Services):
        self.services = services
        self.settings: Settings = services.settings
        self.simulator: LiveSimulator | None = None
        self.jobs: list[Job] = []
        self._prepared = False
        self._job_lock = ProcessLock("background-jobs", services.engines.main, self.settings.data_dir)
        self._stop = threading.Event()
        self._jobs_thread: threading.Thread | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Runtime:
        if settings is None:
            return cls(get_services())
        return cls(Services.create(settings))

    def prepare(self, progress: bool = True) -> None:
        """Migrate, load registries and, in demo mode, seed history if the database is empty."""
        if self._prepared:
            return
        migrate_all(self.services)
        if self.settings.demo and self.settings.seed_days > 0:
            with ProcessLock("seed", self.services.engines.main, self.settings.data_dir):
                if is_empty(self.services.write_path):
                    log.info("Empty database: seeding %s days of simulated history", self.settings.seed_days)
                    counts = seed_history(self.services.write_path, CitySimulation(self.services.pack),
                                          self.settings.seed_days, progress=progress)
                    log.info("Seeded %s", dict(counts))
        self._prepared = True

    def start(self) -> None:
        self.prepare()
        self.services.watcher.start()
        self._jobs_thread = threading.Thread(target=self._claim_jobs, name="cityops-jobs", daemon=True)
        self._jobs_thread.start()

    def _claim_jobs(self) -> None:
        """Run the background jobs in whichever process holds the lock; the others retry in case it goes away."""
        while not self._stop.is_set():
            if self._job_lock.acquire(blocking=False):
                self._start_jobs()
                return
            self._stop.wait(LOCK_RETRY_S)

    def _start_jobs(self) -> None:
        for factory in JOBS:
            job = factory(self.services)
            if job is not None:
                job.start()
                self.jobs.append(job)
        if self.settings.demo:
            self.simulator = LiveSimulator(self.services.write_path, CitySimulation(self.services.pack),
                                           self.settings.sim_interval_s)
            self.simulator.start()
            self.jobs.append(self.simulator)
            log.info("Live simulator started in process %s (every %ss)", os.getpid(), self.settings.sim_interval_s)

    def stop(self) -> None:
        self._stop.set()
        for job in reversed(self.jobs):
            job.stop()
        if self._jobs_thread is not None:
            self._jobs_thread.join(timeout=5)
        self._job_lock.release()
        self.services.watcher.stop()
