"""Department indicators: the catalogue (from the city pack), the values departments report, and the targets
of every KPI on the leaders' board (loaded from the pack once, then edited by admins)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from data.store.db import UTCDateTime
from data.store.models import Base

CITY = "city"  # the scope of a value for the whole city (else a ward code)
PILLARS = ("governance", "living", "environment", "economy")


class Indicator(Base):
    """One catalogued indicator: `period` day/month, `better` higher/lower, `max_value` (100 for a share)."""

    __tablename__ = "indicators"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    pillar: Mapped[str] = mapped_column(String(16))
    unit_vi: Mapped[str] = mapped_column(String(32))
    unit_en: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(8))
    better: Mapped[str] = mapped_column(String(8))
    max_value: Mapped[float | None]
    department_vi: Mapped[str] = mapped_column(String(200))
    department_en: Mapped[str] = mapped_column(String(200))


class IndicatorValue(Base):
    """A reported value; one per (indicator, period start, scope). A resent equal value is a duplicate, a
    different one replaces it (a correction) and keeps who sent it last."""

    __tablename__ = "indicator_values"
    indicator_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    period_start: Mapped[date] = mapped_column(Date, primary_key=True)
    scope: Mapped[str] = mapped_column(String(24), primary_key=True)
    value: Mapped[float]
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    simulated: Mapped[bool] = mapped_column(Boolean, server_default=false())
    __table_args__ = (Index("ix_indicator_values_period", "period_start", "indicator_code"),)


class KpiTarget(Base):
    """The target of one KPI of the board (a sensed KPI's code such as `gov.incidents_on_time`, or an indicator's
    code): green at or beyond `target`, amber up to `amber`, red past it, in the `better` direction.
    `placeholder`: no official figure exists."""

    __tablename__ = "kpi_targets"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    target: Mapped[float | None]
    amber: Mapped[float | None]
    better: Mapped[str] = mapped_column(String(8))
    placeholder: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(80))
