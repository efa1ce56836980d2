"""What a traffic feed sends: a speed reading of one road segment."""

from __future__ import annotations

from pydantic import AwareDatetime, Field

from data.rules.records import Code, Record


class TrafficRecord(Record):
    segment: Code
    ts: AwareDatetime
    speed_kmh: float = Field(ge=0, le=200)
    volume_vph: int | None = Field(default=None, ge=0, le=20_000)
    occupancy: float | None = Field(default=None, ge=0, le=1)
