"""Database set-up shared by the server and the commands: migrate every database, load the registries."""

from __future__ import annotations

from data.registry import load_registries
from data.schema import migrate
from data.services import Services
from data.singleton import ProcessLock


def migrate_all(services: Services) -> None:
    """Bring every distinct database to the latest schema and upsert the city pack's registries (idempotent)."""
    with ProcessLock("migrate", services.engines.main, services.settings.data_dir):
        for engine in services.engines.distinct():
            migrate(engine)
        load_registries(services.engines, services.pack)
    services.registry.refresh()
