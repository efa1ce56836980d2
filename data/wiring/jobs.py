"""Background jobs that must run once per deployment (in the process holding the jobs lock).

Each entry builds a job from the services; a job has `start()` and `stop()`. The live simulator is
added by the runtime when demo mode is on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from data.ingest.mqtt import mqtt_job
from data.providers.alerts import alert_job
from data.wiring.services import Services


class Job(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


JobFactory = Callable[[Services], Job | None]

# Factories of the always-on jobs; a factory may return None when its job is not configured.
JOBS: tuple[JobFactory, ...] = (alert_job, mqtt_job)
