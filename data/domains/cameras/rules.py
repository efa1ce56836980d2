"""Cameras' alert rule: a camera offline for at least N minutes (it does not take over the wall)."""

from __future__ import annotations

from data.domains.spec import AlertRule


def offline_hits(cameras, at, _value, minutes) -> list[dict]:
    frame = cameras.status(at)
    down = frame[frame["online"].eq(False) & (frame["down_s"] >= minutes * 60)]
    return [{"entity": row.code, "ward_code": row.ward_code, "name": row.name, "value": int(row.down_s // 60),
             "lon": float(row.lon), "lat": float(row.lat)} for row in down.itertuples()]


RULES = (AlertRule("camera_offline", offline_hits, value=0, minutes=15, severity=3, category="ha_tang"),)
