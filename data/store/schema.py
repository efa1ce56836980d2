"""Schema migrations (Alembic), run programmatically on every distinct database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring a database to the latest schema; safe to call on every start."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "heads")


def new_revision(engine: Engine, message: str) -> None:
    """Autogenerate a migration from the models (developer command)."""
    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
