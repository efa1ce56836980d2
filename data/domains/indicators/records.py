"""What a department sends: one value of one catalogued indicator for one period (a local day, or a month
given by any of its days), for the whole city or one ward."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pydantic import AwareDatetime, Field

from data.rules.records import Code, Record


def _now() -> datetime:
    return datetime.now(UTC)


class IndicatorRecord(Record):
    indicator: Code
    period: date
    value: float = Field(ge=0, le=1e12)
    ward: Code | None = None
    reported_at: AwareDatetime = Field(default_factory=_now)
    simulated: bool = False
