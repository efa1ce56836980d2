"""Incident tables: incidents and their event trail, categories, response units, multi-unit dispatches
and duplicate merges."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from data.store.db import UTCDateTime
from data.store.models import Base


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
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # = the latest event's time
    # Milestones kept on the row (first acknowledged, first resolved, first ended), so durations over a year
    # are read without the event trail.
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reporter_name: Mapped[str | None] = mapped_column(String(120))
    reporter_phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(200))  # as the caller gave it; the point is lon/lat
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


class IncidentEventUnit(Base):
    """The response units of one dispatch event (a dispatch may send several)."""

    __tablename__ = "incident_event_units"
    event_id: Mapped[int] = mapped_column(ForeignKey("incident_events.id", ondelete="CASCADE"), primary_key=True)
    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)


class IncidentMerge(Base):
    """A duplicate merged into another incident; both keep their own event trails."""

    __tablename__ = "incident_merges"
    duplicate_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True)
    into_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80))
