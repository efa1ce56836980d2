"""Engines, the UTC timestamp type and the few SQL constructs that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement
from sqlalchemy.types import Date, TypeDecorator

from data.domains import domain_names
from data.store.settings import Settings


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every dialect (SQLite keeps naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must carry a UTC offset")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class local_day(FunctionElement):
    """The local calendar day of a UTC timestamp for a fixed offset (Vietnam has no DST)."""

    type = Date()
    inherit_cache = True

    def __init__(self, column: ColumnElement, offset_hours: int):
        self.offset_hours = int(offset_hours)
        super().__init__(column)


@compiles(local_day, "sqlite")
def _local_day_sqlite(element, compiler, **kw):
    (column,) = element.clauses
    return f"date({compiler.process(column, **kw)}, '{element.offset_hours:+d} hours')"


@compiles(local_day, "postgresql")
def _local_day_pg(element, compiler, **kw):
    (column,) = element.clauses
    return f"(({compiler.process(column, **kw)} AT TIME ZONE 'UTC') + interval '{element.offset_hours} hours')::date"


def dialect_insert(engine_or_conn, table):
    """An INSERT that knows ON CONFLICT for the engine's dialect (SQLite or PostgreSQL)."""
    name = engine_or_conn.dialect.name
    if name == "sqlite":
        return sqlite.insert(table)
    if name == "postgresql":
        return postgresql.insert(table)
    raise NotImplementedError(f"unsupported database dialect {name!r}")


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine with SQLite in WAL mode and a busy timeout; creates the SQLite file's folder."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


@dataclass
class Engines:
    """One engine per distinct URL; each domain (and the shared registry) maps to one of them."""

    main: Engine
    by_domain: dict[str, Engine] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> Engines:
        cache: dict[str, Engine] = {}

        def engine_for(url: str) -> Engine:
            if url not in cache:
                cache[url] = make_engine(url)
            return cache[url]

        main = engine_for(settings.default_url)
        return cls(main=main, by_domain={d: engine_for(settings.domain_url(d)) for d in domain_names()})

    @classmethod
    def single(cls, engine: Engine) -> Engines:
        return cls(main=engine, by_domain=dict.fromkeys(domain_names(), engine))

    def __getitem__(self, domain: str) -> Engine:
        return self.by_domain[domain]

    def distinct(self) -> list[Engine]:
        seen: dict[int, Engine] = {id(self.main): self.main}
        for engine in self.by_domain.values():
            seen.setdefault(id(engine), engine)
        return list(seen.values())

    def dispose(self) -> None:
        for engine in self.distinct():
            engine.dispose()


def utcnow() -> datetime:
    return datetime.now(UTC)


class hour_floor(FunctionElement):
    """A UTC timestamp truncated to its hour (on SQLite in the text form UTCDateTime stores, so rollups built in
    SQL compare equal to those written row by row)."""

    type = DateTime()
    inherit_cache = True


@compiles(hour_floor, "sqlite")
def _hour_floor_sqlite(element, compiler, **kw):
    (column,) = element.clauses
    return f"strftime('%Y-%m-%d %H:00:00.000000', {compiler.process(column, **kw)})"


@compiles(hour_floor, "postgresql")
def _hour_floor_pg(element, compiler, **kw):
    (column,) = element.clauses
    return f"date_trunc('hour', {compiler.process(column, **kw)})"


def aware_utc(value) -> datetime | None:
    """An aggregate's time as an aware UTC datetime: aggregates bypass the column type, so SQLite hands back
    naive UTC (or text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
