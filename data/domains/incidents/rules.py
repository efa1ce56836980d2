"""Incidents' alert rule: a new incident of severity `value` or more urgent (1 = critical), reported in the last
`minutes` and not yet acknowledged. It takes over the wall until an operator acknowledges it."""

from __future__ import annotations

from datetime import timedelta

from data.domains.spec import AlertRule
from data.rules import lifecycle


def critical_hits(incidents, at, value, minutes) -> list[dict]:
    frame = incidents.incidents(at, status=(lifecycle.NEW,), since=at - timedelta(minutes=max(minutes, 1)))
    frame = frame[frame["severity"] <= value]
    return [{"entity": str(row.id), "ward_code": row.ward_code, "name": row.title, "value": int(row.severity),
             "category": row.category, "lon": float(row.lon), "lat": float(row.lat), "severity": 1}
            for row in frame.itertuples()]


def any_tier(_hit: dict, _takeover: float) -> str:
    return "1"


RULES = (AlertRule("incident_critical", critical_hits, value=1, minutes=60, severity=1, category="khac", takeover=0,
                   tier=any_tier),)
