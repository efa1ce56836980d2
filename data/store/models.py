"""SQLAlchemy 2.0 models. Timestamps are UTC; natural keys make every write idempotent.

Registry tables describe the city (loaded from its pack); observation tables hold what feeds report;
`*_hourly` rollups are maintained by the write path so long ranges never scan raw rows.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from data.store.db import UTCDateTime


class Base(DeclarativeBase):
    pass


def import_model_modules() -> None:
    """Import every table module (`data/store/models_<area>.py` and each domain's `models.py`) so the metadata
    knows all tables (for migrations)."""
    import importlib
    import pkgutil

    from data import domains, store

    for module in pkgutil.iter_modules(store.__path__):
        if module.name.startswith("models_"):
            importlib.import_module(f"{store.__name__}.{module.name}")
    for name in domains.domain_names():
        importlib.import_module(f"{domains.__name__}.{name}.models")


class AdminUnit(Base):
    __tablename__ = "admin_units"
    level: Mapped[str] = mapped_column(String(16), primary_key=True)  # "ward" (2025-) or "former"
    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(80))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    population: Mapped[int | None]
    geometry: Mapped[str] = mapped_column(Text)  # GeoJSON geometry, EPSG:4326


class FeedHealth(Base):
    __tablename__ = "feed_health"
    feed: Mapped[str] = mapped_column(String(64), primary_key=True)
    domain: Mapped[str] = mapped_column(String(16))
    expected_every_s: Mapped[int]
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_data_ts: Mapped[datetime | None] = mapped_column(UTCDateTime)
    received_total: Mapped[int] = mapped_column(BigInteger, default=0)
    rejected_total: Mapped[int] = mapped_column(BigInteger, default=0)


class FeedHourly(Base):
    """Per-feed counts per hour: the 24-hour received/rejected figures are sums over these."""

    __tablename__ = "feed_hourly"
    feed: Mapped[str] = mapped_column(String(64), primary_key=True)
    hour: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    received: Mapped[int] = mapped_column(BigInteger)
    rejected: Mapped[int] = mapped_column(BigInteger)


class DataVersion(Base):
    """A counter per domain, bumped by every write that changed something; the push loop watches it."""

    __tablename__ = "data_version"
    domain: Mapped[str] = mapped_column(String(16), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
