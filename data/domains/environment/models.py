"""Environment tables: stations (registry), readings and their hourly rollup."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from data.store.db import UTCDateTime
from data.store.models import Base


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
