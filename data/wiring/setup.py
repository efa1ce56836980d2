"""Database set-up shared by the server and the commands: migrate every database, load the registries."""

from __future__ import annotations

from pathlib import Path

from data.domains.registry import specs
from data.ingest.bulk import raw_tables
from data.ingest.registry import load_registries
from data.store.partitions import keep_ahead
from data.store.schema import migrate
from data.store.singleton import ProcessLock
from data.wiring.services import Services


def migrate_all(services: Services) -> None:
    """Bring every distinct database to the latest schema, upsert the city pack's registries and build the
    rollups a new rollup table lacks (idempotent)."""
    with ProcessLock("migrate", services.engines.main, services.settings.data_dir):
        for engine in services.engines.distinct():
            migrate(engine)
        load_registries(services.engines, services.pack)
        build_missing_rollups(services)
        for engine, tables in raw_tables(services.engines):
            keep_ahead(engine, tables)
    services.registry.refresh()


def build_missing_rollups(services: Services) -> None:
    """Rollups of stored rows that a rollup table added by an upgrade does not cover yet."""
    for found in specs():
        if found.rollups is None:
            continue
        with services.engines[found.name].begin() as conn:
            span = found.rollups.unbuilt(conn)
            if span is not None:
                found.rollups.rebuild(conn, *span, services.offset)


class MissingDatabase(RuntimeError):
    """A command was pointed at an SQLite database that does not exist (a wrong data directory, most likely)."""


def open_existing(services: Services) -> None:
    """For the admin commands: migrate, but refuse to create a new empty SQLite database — the server (or
    `cityops migrate`) creates it, and a command that quietly made its own would write where nobody reads."""
    missing = [engine.url.database for engine in services.engines.distinct()
               if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:")
               and not Path(engine.url.database).exists()]
    if missing:
        raise MissingDatabase(
            f"no CityOps database at {missing[0]}. Start the server once (make run) or create it with "
            f"'cityops migrate'; to use another one set CITYOPS_DATA_DIR or CITYOPS_DATABASE_URL.")
    migrate_all(services)


def command_services(create: bool = False) -> Services:
    """What every command starts with: the process's services, their databases migrated — and, unless the
    command may `create` them (migrate, seed, the MQTT subscriber), never a new empty SQLite database."""
    from data.wiring.services import get_services

    services = get_services()
    (migrate_all if create else open_existing)(services)
    return services
