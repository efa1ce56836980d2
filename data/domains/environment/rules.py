"""The environment's alert rules: an air station's VN_AQI at or above a level, a river gauge at or above an alarm
level (báo động I–III). Both take over the wall: air from "Rất xấu" (201), the river from alarm level I."""

from __future__ import annotations

from data.domains.spec import AlertRule
from data.rules.aqi import category as aqi_category

HAZARDOUS = "hazardous"


def aqi_hits(environment, at, value, _minutes) -> list[dict]:
    frame = environment.aqi_current(at).dropna(subset=["aqi"])
    return [{"entity": row.station, "ward_code": row.ward_code, "name": row.name, "value": int(row.aqi),
             "threshold": int(value), "dominant": row.dominant, "lon": float(row.lon), "lat": float(row.lat),
             "severity": 1 if aqi_category(int(row.aqi)).key == HAZARDOUS else 2}
            for row in frame.itertuples() if row.aqi >= value]


def aqi_tier(hit: dict, takeover: float) -> str | None:
    return aqi_category(int(hit["value"])).key if hit["value"] >= takeover else None


def water_level_hits(environment, at, value, _minutes) -> list[dict]:
    stage_needed = max(1, min(3, int(value)))
    frame = environment.water_levels(at)
    return [{"entity": row.station_code, "ward_code": row.ward_code, "name": row.name,
             "value": round(float(row.value), 2), "stage": int(row.alarm),
             "threshold": float(getattr(row, f"alarm{int(row.alarm)}")), "lon": float(row.lon), "lat": float(row.lat),
             "severity": 4 - int(row.alarm)}
            for row in frame.itertuples() if row.alarm >= stage_needed]


def water_level_tier(hit: dict, takeover: float) -> str | None:
    return str(hit["stage"]) if hit["stage"] >= takeover else None


RULES = (
    AlertRule("aqi", aqi_hits, value=151, minutes=0, severity=2, category="moi_truong", takeover=201, tier=aqi_tier),
    AlertRule("water_level", water_level_hits, value=1, minutes=0, severity=1, category="cap_thoat_nuoc", takeover=1,
              tier=water_level_tier),
)
