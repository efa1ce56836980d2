"""Traffic's alert rule: a segment below a share of its free-flow speed for N minutes (every reading of the
window, at least two)."""

from __future__ import annotations

from data.domains.spec import AlertRule


def congestion_hits(traffic, at, value, minutes) -> list[dict]:
    frame = traffic.slow_segments(at, value / 100.0, minutes)
    return [{"entity": row.code, "ward_code": row.ward_code, "name": row.name, "value": round(100 * row.ratio),
             "minutes": minutes, "lon": float(row.lon), "lat": float(row.lat)} for row in frame.itertuples()]


RULES = (AlertRule("congestion", congestion_hits, value=30, minutes=15, severity=3, category="giao_thong"),)
