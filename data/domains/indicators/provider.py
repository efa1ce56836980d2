"""Indicators provider: the catalogue, the reported values and the board's targets."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import select

from data.domains.indicators.models import CITY, Indicator, IndicatorValue, KpiTarget
from data.store.frames import DomainProvider, as_of, read_frame


class IndicatorsProvider(DomainProvider):
    """Answers from `indicators`, `indicator_values` and `kpi_targets`.

    Frames returned:
    - `catalogue()`: code, name_vi, name_en, pillar, unit_vi, unit_en, period (day/month), better (higher/lower),
      max_value, department_vi, department_en.
    - `values()`: indicator_code, period_start (local date; a month's first day), scope ("city" or a ward code),
      value, reported_at (UTC), simulated.
    - `targets()`: code, target, amber, better, placeholder, updated_at, updated_by.
    - `latest()`: the catalogue with each indicator's newest city-wide period_start, value, reported_at, simulated.
    - `reported_by_ward()`: the codes of the indicators some ward reports (a set).
    """

    def catalogue(self) -> pd.DataFrame:
        return read_frame(self.engine, select(Indicator.__table__).order_by(Indicator.pillar, Indicator.code))

    def values(self, first: date, last: date, indicator: str | None = None, scope: str | None = CITY) -> pd.DataFrame:
        """Values of periods starting in first..last (inclusive); `scope=None`: the city's and every ward's."""
        v = IndicatorValue
        stmt = (select(v.indicator_code, v.period_start, v.scope, v.value, v.reported_at, v.simulated)
                .where(v.period_start >= first, v.period_start <= last).order_by(v.indicator_code, v.period_start))
        if indicator:
            stmt = stmt.where(v.indicator_code == indicator)
        if scope:
            stmt = stmt.where(v.scope == scope)
        frame = read_frame(self.engine, stmt, utc_columns=("reported_at",))
        frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date if not frame.empty else []
        frame["simulated"] = frame["simulated"].astype(bool)
        return frame

    def reported_by_ward(self) -> set[str]:
        """Codes of the indicators some ward has reported a value of."""
        v = IndicatorValue
        with self.engine.connect() as conn:
            return set(conn.execute(select(v.indicator_code).where(v.scope != CITY).distinct()).scalars())

    def targets(self) -> pd.DataFrame:
        frame = read_frame(self.engine, select(KpiTarget.__table__).order_by(KpiTarget.code), utc_columns=("updated_at",))
        frame["placeholder"] = frame["placeholder"].astype(bool)
        return frame

    def latest(self, at: datetime | None = None, lookback_days: int = 62) -> pd.DataFrame:
        at = as_of(at)
        today = (at + timedelta(hours=self.offset)).date()
        values = self.values(today - timedelta(days=lookback_days), today)
        values = values[values["reported_at"] <= pd.Timestamp(at)]
        newest = values.sort_values("period_start").groupby("indicator_code").tail(1)
        return self.catalogue().merge(newest.drop(columns=["scope"]), left_on="code", right_on="indicator_code",
                                      how="left").drop(columns=["indicator_code"])

    def summary(self, at: datetime | None = None, ward: str | None = None) -> dict:
        """How many catalogued indicators have a value for their latest complete period (yesterday, last month)
        or later, and when the newest value came."""
        at = as_of(at)
        today = (at + timedelta(hours=self.offset)).date()
        latest = self.latest(at)
        due = {"day": today - timedelta(days=1), "month": (today.replace(day=1) - timedelta(days=1)).replace(day=1)}
        current = [p is not None and not pd.isna(p) and p >= due.get(period, today)
                   for p, period in zip(latest["period_start"], latest["period"], strict=True)]
        newest = latest["reported_at"].max() if latest["reported_at"].notna().any() else None
        return {"total": len(latest), "current": int(sum(current)), "latest": newest}
