"""Camera tables: the registry, status changes and AI video events."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from data.store.db import UTCDateTime
from data.store.models import Base


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


class CameraEventDaily(Base):
    """AI events per camera, local day and kind."""

    __tablename__ = "camera_events_daily"
    camera_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    ward_code: Mapped[str | None] = mapped_column(String(24))
    events: Mapped[int]
    __table_args__ = (Index("ix_camera_events_daily_day", "day", "kind"),)
