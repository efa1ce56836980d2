"""Background jobs that must run once per deployment (in the process holding the jobs lock).

Each entry builds a job from the services; a job has `start()` and `stop()`. The live simulator is
added by the runtime when demo mode is on.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Protocol

from data.ingest.bulk import raw_tables
from data.ingest.dead_letters import DeadLetters
from data.ingest.mqtt import MqttSubscriber
from data.providers.alerts import AlertJob, AlertsProvider
from data.store.background import BackgroundLoop
from data.store.db import utcnow
from data.store.partitions import PartitionJob
from data.wiring.services import Services


class Job(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


def alert_job(services: Services) -> AlertJob:
    return AlertJob(AlertsProvider.from_services(services), services.watcher)


def mqtt_subscriber(services: Services, url: str, client_id: str | None = None, on_outcome=None) -> MqttSubscriber:
    return MqttSubscriber(services.write_path, DeadLetters(services.engines.main), url, client_id, on_outcome)


def mqtt_job(services: Services) -> MqttSubscriber | None:
    """The subscriber when `CITYOPS_MQTT_URL` is set, else no job."""
    url = services.settings.mqtt_url
    return mqtt_subscriber(services, url) if url else None


def partition_job(services: Services) -> PartitionJob:
    """Months ahead for the raw readings, and their retention (`raw_retention_days`)."""
    return PartitionJob(raw_tables(services.engines), services.settings.raw_retention_days)


log = logging.getLogger("cityops.report")


def report_due(now_local: datetime, at: time, written: set[date]) -> date | None:
    """The day whose report should be written now: yesterday, once the local time has reached `at`, unless it is
    already there."""
    yesterday = now_local.date() - timedelta(days=1)
    if now_local.time() >= at and yesterday not in written:
        return yesterday
    return None


class DailyReportJob(BackgroundLoop):
    """Every minute: once the local time reaches the configured time, writes yesterday's report (PDF, XLSX) into
    `folder` if it is not there yet. `write(day)` and `written()` come from the report package."""

    name = "cityops-daily-report"

    def __init__(self, at: time, zone, write: Callable[[date], object], written: Callable[[], set[date]],
                 clock: Callable[[], datetime] = utcnow, every_s: float = 60.0):
        super().__init__()
        self.at, self.zone, self.write, self.written, self.clock, self.every_s = at, zone, write, written, clock, every_s

    def tick(self) -> date | None:
        day = report_due(self.clock().astimezone(self.zone), self.at, self.written())
        if day is not None:
            self.write(day)
            log.info("daily report of %s written", day)
        return day

    def step(self) -> None:
        # Waits first: a process that has just started serves its pages before it spends seconds on a report.
        if self.stopping.wait(self.every_s):
            return
        try:
            self.tick()
        except Exception:
            log.exception("daily report failed")


def report_job(services: Services) -> DailyReportJob | None:
    """The morning report when `CITYOPS_REPORT_AT` is set (the report package is reached by name: it sits above
    data/ in the import order)."""
    if not services.settings.report_at:
        return None
    files, daily = importlib.import_module("reports.files"), importlib.import_module("reports.daily")
    data_dir = Path(services.settings.data_dir)
    folder = files.report_dir(data_dir)
    return DailyReportJob(time.fromisoformat(services.settings.report_at), services.zone,
                          lambda day: daily.write(services, day, folder),
                          lambda: {d for d, kinds in files.saved_days(data_dir).items() if {"pdf", "xlsx"} <= set(kinds)})


JobFactory = Callable[[Services], Job | None]

# Factories of the always-on jobs; a factory may return None when its job is not configured.
JOBS: tuple[JobFactory, ...] = (alert_job, mqtt_job, partition_job, report_job)
