"""SQLAlchemy 2.0 models. Timestamps are UTC; natural keys make every write idempotent.

Registry tables describe the city (loaded from its pack); observation tables hold what feeds report;
`*_hourly` rollups are maintained by the write path so long ranges never scan raw rows.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from data.store.db import UTCDateTime


class Base(DeclarativeBase):
    pass


def import_model_modules() -> None:
    """Import every `data/store/models_<feature>.py` so the metadata knows all tables (for migrations)."""
    import importlib
    import pkgutil

    from data import store

    for module in pkgutil.iter_modules(store.__path__):
        if module.name.startswith("models_"):
            importlib.import_module(f"{store.__name__}.{module.name}")


# --- registries -------------------------------------------------------------------------------------

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


class RoadSegment(Base):
    __tablename__ = "road_segments"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    road: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(160))
    road_class: Mapped[str] = mapped_column(String(16))
    lanes: Mapped[int]
    free_flow_kmh: Mapped[float]
    length_m: Mapped[float]
    ward_code: Mapped[str | None] = mapped_column(String(24), index=True)
    lon: Mapped[float]
    lat: Mapped[float]
    geometry: Mapped[str] = mapped_column(Text)


class Camera(Base):
    __tablename__ = "cameras"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(16))  # traffic / security / flood
    lon: Mapped[float]
    lat: Mapped[float]
    ward_code: Mapped[str | None] = mapped_column(String(24), index=True)
    segment_code: Mapped[str | None] = mapped_column(String(32))
    snapshot_url: Mapped[str | None] = mapped_column(String(500))


class EnvStation(Base):
    __tablename__ = "env_stations"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(16))  # air / water_quality / water_level / rain
    lon: Mapped[float]
    lat: Mapped[float]
    ward_code: Mapped[str | None] = mapped_column(String(24), index=True)
    parameters: Mapped[str] = mapped_column(String(200))  # ";"-separated
    alarm1: Mapped[float | None]
    alarm2: Mapped[float | None]
    alarm3: Mapped[float | None]
    unit: Mapped[str | None] = mapped_column(String(16))


class ResponseUnit(Base):
    __tablename__ = "response_units"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(24))
    ward_code: Mapped[str | None] = mapped_column(String(24))
    lon: Mapped[float]
    lat: Mapped[float]
    phone: Mapped[str | None] = mapped_column(String(24))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())  # inactive: no new dispatches


class IncidentCategory(Base):
    __tablename__ = "incident_categories"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str] = mapped_column(String(160))
    default_severity: Mapped[int]


# --- observations -----------------------------------------------------------------------------------

class TrafficObs(Base):
    __tablename__ = "traffic_obs"
    segment_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    speed_kmh: Mapped[float]
    volume_vph: Mapped[int | None]
    occupancy: Mapped[float | None]
    ward_code: Mapped[str | None] = mapped_column(String(24))
    __table_args__ = (Index("ix_traffic_obs_ts", "ts"),)


class TrafficHourly(Base):
    __tablename__ = "traffic_hourly"
    segment_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    hour: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    ward_code: Mapped[str | None] = mapped_column(String(24))
    n: Mapped[int]
    speed_sum: Mapped[float]
    volume_sum: Mapped[float]
    volume_n: Mapped[int]
    __table_args__ = (Index("ix_traffic_hourly_hour_ward", "hour", "ward_code"),)


class EnvObs(Base):
    __tablename__ = "env_obs"
    station_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    parameter: Mapped[str] = mapped_column(String(24), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    value: Mapped[float]
    unit: Mapped[str | None] = mapped_column(String(16))
    flag: Mapped[str | None] = mapped_column(String(16))
    ward_code: Mapped[str | None] = mapped_column(String(24))
    __table_args__ = (Index("ix_env_obs_ts", "ts"),)


class EnvHourly(Base):
    __tablename__ = "env_hourly"
    station_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    parameter: Mapped[str] = mapped_column(String(24), primary_key=True)
    hour: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    ward_code: Mapped[str | None] = mapped_column(String(24))
    n: Mapped[int]
    value_sum: Mapped[float]
    value_min: Mapped[float]
    value_max: Mapped[float]
    __table_args__ = (Index("ix_env_hourly_hour", "hour", "parameter"),)


class CameraStatus(Base):
    """Status *changes* (not heartbeats): the state holds until the next row."""

    __tablename__ = "camera_status"
    camera_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    online: Mapped[bool] = mapped_column(Boolean)
    ward_code: Mapped[str | None] = mapped_column(String(24))
    __table_args__ = (Index("ix_camera_status_ts", "ts"),)


class CameraEvent(Base):
    __tablename__ = "camera_events"
    camera_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[float | None]
    confidence: Mapped[float | None]
    ward_code: Mapped[str | None] = mapped_column(String(24))
    __table_args__ = (Index("ix_camera_events_ts", "ts"),)


# --- incidents and alerts ---------------------------------------------------------------------------

class Incident(Base):
    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    source: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(32))
    severity: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    lon: Mapped[float]
    lat: Mapped[float]
    ward_code: Mapped[str | None] = mapped_column(String(24), index=True)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    channel: Mapped[str] = mapped_column(String(16), server_default="other", index=True)  # data.rules.records.CHANNELS
    # Denormalised latest status for the live queue; history answers come from incident_events.
    status: Mapped[str] = mapped_column(String(16), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reporter_name: Mapped[str | None] = mapped_column(String(120))
    reporter_phone: Mapped[str | None] = mapped_column(String(40))
    __table_args__ = (UniqueConstraint("source", "external_id", name="uq_incident_source_external"),)


class IncidentEvent(Base):
    __tablename__ = "incident_events"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    unit_code: Mapped[str | None] = mapped_column(String(32))
    __table_args__ = (
        UniqueConstraint("incident_id", "ts", "to_status", name="uq_incident_event"),
        Index("ix_incident_events_incident_ts", "incident_id", "ts"),
    )


class Alert(Base):
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    rule: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    severity: Mapped[int]
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # open / acknowledged / cleared / escalated
    ward_code: Mapped[str | None] = mapped_column(String(24))
    __table_args__ = (UniqueConstraint("rule", "entity", "opened_at", name="uq_alert_episode"),)


# --- feeds and change tracking ----------------------------------------------------------------------

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


class SeedRun(Base):
    __tablename__ = "seed_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    city: Mapped[str] = mapped_column(String(32))
    start: Mapped[datetime] = mapped_column(UTCDateTime)
    end: Mapped[datetime] = mapped_column(UTCDateTime)
    finished: Mapped[bool] = mapped_column(Boolean)
