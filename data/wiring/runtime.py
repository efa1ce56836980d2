"""Start-up and background jobs of one server process.

`prepare()` migrates every database, loads the city pack's registries, seeds history when empty and, in demo
mode on a database without users, creates the first administrator; `start()` does that in the background
(the server answers meanwhile with a "preparing data" page, see `api/preparing.py`), then starts the version
watcher and — in exactly one process — the background jobs and the live simulator.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass

from data.commands.users import FirstAdmin, UserStore
from data.demo.live import LiveSimulator
from data.demo.seed import is_empty, seed_history
from data.demo.simulation import CitySimulation
from data.providers.alerts import AlertsProvider
from data.store.settings import Settings
from data.store.singleton import ProcessLock
from data.wiring.jobs import JOBS, Job
from data.wiring.services import Services, get_services
from data.wiring.setup import migrate_all

log = logging.getLogger("cityops")
LOCK_RETRY_S = 30.0


@dataclass
class Preparation:
    """Where start-up is: a stage ("migrate", "seed", "ready" or "failed"), the seeded share 0..1, and what
    failed."""

    stage: str = "migrate"
    progress: float = 0.0
    error: str | None = None


class Runtime:
    def __init__(self, services: Services):
        self.services = services
        self.settings: Settings = services.settings
        self.simulator: LiveSimulator | None = None
        self.jobs: list[Job] = []
        self.preparation = Preparation()
        self.first_admin: FirstAdmin | None = None
        self.ready = threading.Event()
        self._prepared = False
        self._job_lock = ProcessLock("background-jobs", services.engines.main, self.settings.data_dir)
        self._stop = threading.Event()
        self._run_jobs = self.settings.run_jobs
        self._threads: list[threading.Thread] = []

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Runtime:
        if settings is None:
            return cls(get_services())
        return cls(Services.create(settings))

    def prepare(self, progress: bool = True) -> None:
        """Migrate, load registries and, in demo mode, seed history if the database is empty and create the
        first administrator if there is no user."""
        if self._prepared:
            return
        if self.settings.migrate_on_start:
            migrate_all(self.services)
        else:
            self.services.registry.refresh()
        if self.settings.demo:
            # One process seeds and creates the first administrator; the others wait and find both done.
            with ProcessLock("seed", self.services.engines.main, self.settings.data_dir):
                if self.settings.seed_days > 0 and is_empty(self.services.write_path):
                    self.preparation.stage = "seed"
                    log.info("Empty database: seeding %s days of simulated history (the address above shows "
                             "the progress)", self.settings.seed_days)
                    counts = seed_history(self.services.write_path, CitySimulation(self.services.pack),
                                          self.settings.seed_days, progress=progress,
                                          evaluate_rules=AlertsProvider.from_services(self.services).evaluate,
                                          on_progress=self._seeded)
                    log.info("Seeded %s", dict(counts))
                self.first_admin = UserStore(self.services.engines.main).create_first_admin()
        self._prepared = True
        self.preparation.stage = "ready"

    def _seeded(self, share: float) -> None:
        self.preparation.progress = share

    def start(self, background: bool = True, jobs: bool | None = None) -> None:
        """Prepare (in a thread unless `background` is False), then run the watcher and — unless `jobs` (default:
        the `run_jobs` setting) is off — claim the jobs."""
        self._run_jobs = self.settings.run_jobs if jobs is None else jobs
        if background:
            self._spawn(self._prepare_then_run, "cityops-prepare")
        else:
            self._prepare_then_run()

    def _prepare_then_run(self) -> None:
        try:
            self.prepare()
        except Exception as exc:
            log.exception("start-up failed")
            self.preparation.stage, self.preparation.error = "failed", str(exc)
            return
        if self._stop.is_set():
            return
        self.services.watcher.start()
        # The first claim comes before `ready`: the console's welcome is printed after the jobs' start-up lines.
        if self._run_jobs and not self._try_jobs():
            self._spawn(self._claim_jobs, "cityops-jobs")
        self.ready.set()
        self._spawn(self._warm, "cityops-warm")

    def _warm(self) -> None:
        """Once ready, in the background: the board's recent days and the drill-down's settled days of the last year
        read into this process (seconds on a city-year), so the first leader's or analyst's question does not wait."""
        for what, warm in (("the board", self.services.kpi.board), ("the drill-down", self.services.districts.warm)):
            if self._stop.is_set():
                return
            try:
                warm()
            except Exception:
                log.exception("warming %s failed (it computes its days when asked instead)", what)

    def _spawn(self, target, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _claim_jobs(self) -> None:
        """Another process holds the jobs lock: retry in case it goes away."""
        while not self._stop.wait(LOCK_RETRY_S):
            if self._try_jobs():
                return

    def _try_jobs(self) -> bool:
        """Start the background jobs if this process gets the lock."""
        if not self._job_lock.acquire(blocking=False):
            return False
        self._start_jobs()
        return True

    def _start_jobs(self) -> None:
        for factory in JOBS:
            job = factory(self.services)
            if job is not None:
                job.start()
                self.jobs.append(job)
        if self.settings.demo:
            self.simulator = LiveSimulator(self.services.write_path, CitySimulation(self.services.pack),
                                           self.services.traffic,
                                           self.settings.sim_interval_s)
            self.simulator.start()
            self.jobs.append(self.simulator)
            log.info("Live simulator started in process %s (every %ss)", os.getpid(), self.settings.sim_interval_s)

    def stop(self) -> None:
        self._stop.set()
        for job in reversed(self.jobs):
            job.stop()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=5)
        self._job_lock.release()
        self.services.watcher.stop()
