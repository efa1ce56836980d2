"""Background jobs that must run once per deployment (in the process holding the jobs lock).

Each entry builds a job from the services; a job has `start()` and `stop()`. The live simulator is
added by the runtime when demo mode is on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from data.ingest.dead_letters import DeadLetters
from data.ingest.mqtt import MqttSubscriber
from data.providers.alerts import AlertJob, AlertsProvider
from data.store.partitions import PartitionJob
from data.wiring.services import Services
from data.wiring.setup import observation_tables


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
    return PartitionJob(observation_tables(services), services.settings.raw_retention_days)


JobFactory = Callable[[Services], Job | None]

# Factories of the always-on jobs; a factory may return None when its job is not configured.
JOBS: tuple[JobFactory, ...] = (alert_job, mqtt_job, partition_job)
