"""Environment tables: stations (registry), readings, their hourly and daily rollups and the daily VN_AQI."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, String
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
    # BRIN on PostgreSQL (migration 0014: the readings arrive in time order), a B-tree elsewhere.
    __table_args__ = (Index("ix_env_obs_ts", "ts", postgresql_using="brin", postgresql_with={"pages_per_range": 32}),)


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


class EnvDaily(Base):
    """Per station, parameter and local day: the day's readings summed, with their extremes."""

    __tablename__ = "env_daily"
    station_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    parameter: Mapped[str] = mapped_column(String(24), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ward_code: Mapped[str | None] = mapped_column(String(24))
    n: Mapped[int]
    value_sum: Mapped[float]
    value_min: Mapped[float]
    value_max: Mapped[float]
    __table_args__ = (Index("ix_env_daily_day", "day", "parameter"),)


class EnvDailyAqi(Base):
    """The daily VN_AQI of an air station and local day, with each pollutant's sub-index (recomputed from
    the hourly means whenever a reading of that day, or of the 7 hours before it, arrives)."""

    __tablename__ = "env_daily_aqi"
    station_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    ward_code: Mapped[str | None] = mapped_column(String(24))
    aqi: Mapped[int | None]
    dominant: Mapped[str | None] = mapped_column(String(8))
    aqi_pm25: Mapped[int | None]
    aqi_pm10: Mapped[int | None]
    aqi_o3: Mapped[int | None]
    aqi_co: Mapped[int | None]
    aqi_so2: Mapped[int | None]
    aqi_no2: Mapped[int | None]
    __table_args__ = (Index("ix_env_daily_aqi_day", "day"),)
